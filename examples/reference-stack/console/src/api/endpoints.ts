/**
 * Every API route the console calls, in one place: the client builds URLs from these templates,
 * and a test checks each against the stack's OpenAPI document, so a renamed route fails a test
 * instead of a screen. `expected: true` marks routes the console needs that the stack does not
 * serve yet (the screen shows its error state until it does); none today.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Endpoint {
  readonly method: HttpMethod;
  /** A path template: `{name}` is one encoded segment, `{name*}` the rest of the path. */
  readonly path: string;
  readonly expected?: true;
}

const endpoint = (method: HttpMethod, path: string): Endpoint => ({ method, path });

export const endpoints = {
  // auth
  login: endpoint('POST', '/api/v1/auth/login'),
  refresh: endpoint('POST', '/api/v1/auth/refresh'),
  logout: endpoint('POST', '/api/v1/auth/logout'),
  me: endpoint('GET', '/api/v1/auth/me'),
  changePassword: endpoint('POST', '/api/v1/auth/password'),

  // organization
  organization: endpoint('GET', '/api/v1/organization'),
  settings: endpoint('GET', '/api/v1/settings'),
  updateSettings: endpoint('PUT', '/api/v1/settings'),
  configurePosition: endpoint('PUT', '/api/v1/settings/positions/{positionId}'),
  configureEmployee: endpoint('PUT', '/api/v1/settings/employees/{employeeId}'),
  departments: endpoint('GET', '/api/v1/departments'),
  createDepartment: endpoint('POST', '/api/v1/departments'),
  updateDepartment: endpoint('PUT', '/api/v1/departments/{departmentId}'),
  deleteDepartment: endpoint('DELETE', '/api/v1/departments/{departmentId}'),
  positions: endpoint('GET', '/api/v1/positions'),
  createPosition: endpoint('POST', '/api/v1/positions'),
  updatePosition: endpoint('PUT', '/api/v1/positions/{positionId}'),
  deletePosition: endpoint('DELETE', '/api/v1/positions/{positionId}'),
  employees: endpoint('GET', '/api/v1/employees'),
  employee: endpoint('GET', '/api/v1/employees/{employeeId}'),
  createEmployee: endpoint('POST', '/api/v1/employees'),
  updateEmployee: endpoint('PUT', '/api/v1/employees/{employeeId}'),
  deleteEmployee: endpoint('DELETE', '/api/v1/employees/{employeeId}'),

  // agents and SOUL
  agents: endpoint('GET', '/api/v1/agents'),
  agentConfig: endpoint('GET', '/api/v1/agents/{agentId}/config'),
  agentSoul: endpoint('GET', '/api/v1/agents/{agentId}/soul'),
  agentWorkspace: endpoint('GET', '/api/v1/agents/{agentId}/workspace'),
  agentMemory: endpoint('GET', '/api/v1/agents/{agentId}/memory'),
  agentMemoryFile: endpoint('GET', '/api/v1/agents/{agentId}/memory/{path*}'),
  globalSoul: endpoint('GET', '/api/v1/soul/global'),
  writeGlobalSoul: endpoint('PUT', '/api/v1/soul/global'),
  globalSoulVersions: endpoint('GET', '/api/v1/soul/global/versions'),
  globalSoulDiff: endpoint('GET', '/api/v1/soul/global/diff'),
  globalSoulImpact: endpoint('GET', '/api/v1/soul/global/impact'),
  positionSoul: endpoint('GET', '/api/v1/soul/positions/{positionId}'),
  writePositionSoul: endpoint('PUT', '/api/v1/soul/positions/{positionId}'),
  positionSoulVersions: endpoint('GET', '/api/v1/soul/positions/{positionId}/versions'),
  positionSoulDiff: endpoint('GET', '/api/v1/soul/positions/{positionId}/diff'),
  positionSoulImpact: endpoint('GET', '/api/v1/soul/positions/{positionId}/impact'),
  personalSoul: endpoint('GET', '/api/v1/soul/employees/{employeeId}'),
  writePersonalSoul: endpoint('PUT', '/api/v1/soul/employees/{employeeId}'),
  personalSoulVersions: endpoint('GET', '/api/v1/soul/employees/{employeeId}/versions'),
  personalSoulDiff: endpoint('GET', '/api/v1/soul/employees/{employeeId}/diff'),
  personalSoulImpact: endpoint('GET', '/api/v1/soul/employees/{employeeId}/impact'),
  sharedAgents: endpoint('GET', '/api/v1/shared-agents'),
  startSharedAgent: endpoint('POST', '/api/v1/shared-agents/{agentId}/start'),
  stopSharedAgent: endpoint('POST', '/api/v1/shared-agents/{agentId}/stop'),

  // security
  runtimes: endpoint('GET', '/api/v1/runtimes'),
  guardrails: endpoint('GET', '/api/v1/guardrails'),
  assignGuardrail: endpoint('PUT', '/api/v1/runtimes/{runtimeId}/guardrail'),
  explainRoute: endpoint('GET', '/api/v1/routing/explain/{employeeId}'),
  activeSessions: endpoint('GET', '/api/v1/runtime/sessions'),

  // knowledge and skills
  knowledgeBases: endpoint('GET', '/api/v1/knowledge-bases'),
  knowledgeBase: endpoint('GET', '/api/v1/knowledge-bases/{knowledgeBaseId}'),
  createKnowledgeBase: endpoint('POST', '/api/v1/knowledge-bases'),
  deleteKnowledgeBase: endpoint('DELETE', '/api/v1/knowledge-bases/{knowledgeBaseId}'),
  uploadDocument: endpoint(
    'PUT',
    '/api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
  ),
  deleteDocument: endpoint(
    'DELETE',
    '/api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
  ),
  assignKnowledge: endpoint('POST', '/api/v1/knowledge-bases/{knowledgeBaseId}/assignments'),
  unassignKnowledge: endpoint('DELETE', '/api/v1/knowledge-bases/{knowledgeBaseId}/assignments'),
  skills: endpoint('GET', '/api/v1/skills'),

  // IM channels
  bindings: endpoint('GET', '/api/v1/bindings'),
  revokeBinding: endpoint('DELETE', '/api/v1/bindings/{channel}/{channelUserId}'),

  // audit
  audit: endpoint('GET', '/api/v1/audit'),
  auditExport: endpoint('GET', '/api/v1/audit/export.csv'),
  auditVerify: endpoint('GET', '/api/v1/audit/verify'),

  // usage and cost
  usage: endpoint('GET', '/api/v1/usage'),
  employeeUsage: endpoint('GET', '/api/v1/usage/employees/{employeeId}'),
  departmentUsage: endpoint('GET', '/api/v1/usage/departments/{departmentId}'),
  prices: endpoint('GET', '/api/v1/prices'),
  setPrice: endpoint('PUT', '/api/v1/prices/{model*}'),
  deletePrice: endpoint('DELETE', '/api/v1/prices/{model*}'),
  budgets: endpoint('GET', '/api/v1/budgets'),
  budget: endpoint('GET', '/api/v1/budgets/{scope}/{id}'),
  setBudget: endpoint('PUT', '/api/v1/budgets/{scope}/{id}'),
  deleteBudget: endpoint('DELETE', '/api/v1/budgets/{scope}/{id}'),

  // employee portal
  portalChat: endpoint('POST', '/api/v1/portal/chat'),
  portalWarmup: endpoint('POST', '/api/v1/portal/warmup'),
  portalHistory: endpoint('GET', '/api/v1/portal/history'),
  portalConversation: endpoint('GET', '/api/v1/portal/history/{sessionId}'),
  playgroundChat: endpoint('POST', '/api/v1/playground/{employeeId}/chat'),
  updateProfile: endpoint('PUT', '/api/v1/portal/profile'),
  twin: endpoint('GET', '/api/v1/portal/twin'),
  enableTwin: endpoint('POST', '/api/v1/portal/twin'),
  disableTwin: endpoint('DELETE', '/api/v1/portal/twin'),
  startPairing: endpoint('POST', '/api/v1/portal/pairing'),
  pairingStatus: endpoint('GET', '/api/v1/portal/pairing'),
  myBindings: endpoint('GET', '/api/v1/portal/bindings'),
  revokeMyBinding: endpoint('DELETE', '/api/v1/portal/bindings/{channel}/{channelUserId}'),

  // system
  readiness: endpoint('GET', '/readyz'),
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;

export type PathParameters = Readonly<Record<string, string | number>>;

/**
 * The URL of an endpoint: path parameters encoded (a `{name*}` parameter keeps its slashes),
 * query parameters without the undefined ones.
 */
export function buildUrl(
  template: string,
  parameters: PathParameters = {},
  query: Readonly<Record<string, string | number | boolean | undefined>> = {},
): string {
  const path = template.replace(/\{([A-Za-z]+)(\*?)\}/g, (_match, name: string, rest: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    const text = String(value);
    return rest ? text.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(text);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const queryString = search.toString();
  return queryString ? `${path}?${queryString}` : path;
}
