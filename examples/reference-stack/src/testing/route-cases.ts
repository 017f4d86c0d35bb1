/**
 * The routes of the API as test cases: for each, a valid request against the ACME demo company and
 * who may make it. Written by hand from the issue and the role model (not derived from the routes'
 * declarations), shared by the RBAC matrix and the fuzz test.
 *
 * Callers: admin emp-jiade (Engineering), manager emp-mike (Sales: sales, enterprise-sales,
 * smb-sales), employee emp-carol (Finance). Targets: `self` (the caller's own employee, department,
 * position or binding), `subtree` (emp-sarah in Enterprise Sales, Mike's subtree) and `outside`
 * (emp-david in Finance, outside Mike's subtree and not Carol).
 */
import { TEST_PASSWORD } from './harness.js';

export type Role = 'admin' | 'manager' | 'employee';
export type Variant = 'self' | 'subtree' | 'outside';
export type Scope = 'org' | 'own' | 'employee' | 'department' | 'position' | 'binding' | 'filter';

export const CALLERS: Record<Role, { id: string; departmentId: string; positionId: string }> = {
  admin: { id: 'emp-jiade', departmentId: 'engineering', positionId: 'pos-solutions-architect' },
  manager: { id: 'emp-mike', departmentId: 'sales', positionId: 'pos-account-executive' },
  employee: { id: 'emp-carol', departmentId: 'finance', positionId: 'pos-finance-analyst' },
};
const TARGETS = {
  subtree: {
    id: 'emp-sarah',
    departmentId: 'enterprise-sales',
    positionId: 'pos-account-executive',
  },
  outside: { id: 'emp-david', departmentId: 'finance', positionId: 'pos-finance-analyst' },
};

export interface Target {
  readonly variant: Variant;
  readonly employeeId: string;
  readonly departmentId: string;
  readonly positionId: string;
  /** The telegram account bound to the target employee. */
  readonly channelUserId: string;
}

export interface Case {
  readonly route: string;
  readonly scope: Scope;
  /** Who may: `role:variant` or `role:*`. Everything else must be refused. */
  readonly allowed: readonly string[];
  readonly request: (target: Target) => { url: string; payload?: unknown };
  /** Each probe gets a fresh stack (the request signs the caller out or changes their password). */
  readonly isolate?: true;
  /** A name when one route has several cases (different bodies need different actions). */
  readonly label?: string;
}

const ADMIN = ['admin:*'];
const ADMIN_NOT_SELF = ['admin:subtree', 'admin:outside'];
const MANAGER_ANY = ['manager:*'];
const MANAGER_SUBTREE = ['manager:self', 'manager:subtree'];
const EMPLOYEE_SELF = ['employee:self'];
const EVERYONE = ['admin:*', 'manager:*', 'employee:*'];
const SCOPED = [...ADMIN, ...MANAGER_SUBTREE, ...EMPLOYEE_SELF];

const get = (url: string) => ({ url });
const body = (url: string, payload: unknown) => ({ url, payload });

const skill = {
  description: 'Test skill',
  version: '1.0.0',
  allowedRoles: ['*'],
  blockedRoles: [],
  requiredEnv: [],
  instructions: 'Use it well.',
};
const runtime = {
  name: 'Test tier',
  model: 'offline/clawforce-offline',
  toolPolicy: {},
  guardrailId: null,
  mode: 'serverless',
};
const sharedAgent = {
  name: 'Test agent',
  description: 'A team agent',
  soul: 'Be helpful.',
  members: { everyone: true, departmentIds: [], employeeIds: [] },
  runtimeId: 'standard',
  alwaysOn: true,
  channels: [],
};

export const CASES: readonly Case[] = [
  // ---------- auth ----------
  {
    route: 'GET /api/v1/auth/me',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/auth/me'),
  },
  {
    route: 'POST /api/v1/auth/logout',
    scope: 'own',
    allowed: EVERYONE,
    isolate: true,
    request: () => body('/api/v1/auth/logout', {}),
  },
  {
    route: 'POST /api/v1/auth/password',
    scope: 'own',
    allowed: EVERYONE,
    isolate: true,
    request: () =>
      body('/api/v1/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a-brand-new-password',
      }),
  },
  {
    route: 'PUT /api/v1/employees/{employeeId}/password',
    scope: 'employee',
    allowed: ADMIN_NOT_SELF,
    request: (t) =>
      body(`/api/v1/employees/${t.employeeId}/password`, { password: 'reset-password-123' }),
  },

  // ---------- organization ----------
  {
    route: 'GET /api/v1/organization',
    scope: 'org',
    allowed: EVERYONE,
    request: () => get('/api/v1/organization'),
  },
  {
    route: 'GET /api/v1/departments',
    scope: 'own',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/departments'),
  },
  {
    route: 'GET /api/v1/departments/{departmentId}',
    scope: 'department',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => get(`/api/v1/departments/${t.departmentId}`),
  },
  {
    route: 'POST /api/v1/departments',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/departments', { id: 'research', name: 'Research', parentId: null }),
  },
  {
    route: 'PUT /api/v1/departments/{departmentId}',
    scope: 'department',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => body(`/api/v1/departments/${t.departmentId}`, { description: 'Renamed' }),
  },
  {
    route: 'PUT /api/v1/departments/{departmentId}',
    label: 'move (parentId)',
    scope: 'department',
    allowed: ADMIN,
    request: (t) => body(`/api/v1/departments/${t.departmentId}`, { parentId: 'product' }),
  },
  {
    route: 'DELETE /api/v1/departments/{departmentId}',
    scope: 'department',
    allowed: ADMIN,
    request: (t) => get(`/api/v1/departments/${t.departmentId}`),
  },
  {
    route: 'GET /api/v1/positions',
    scope: 'own',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/positions'),
  },
  {
    route: 'GET /api/v1/positions/{positionId}',
    scope: 'position',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => get(`/api/v1/positions/${t.positionId}`),
  },
  {
    route: 'POST /api/v1/positions',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/positions', {
        id: 'pos-researcher',
        name: 'Researcher',
        departmentId: 'product',
      }),
  },
  {
    route: 'PUT /api/v1/positions/{positionId}',
    scope: 'position',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => body(`/api/v1/positions/${t.positionId}`, { description: 'Changed' }),
  },
  {
    route: 'DELETE /api/v1/positions/{positionId}',
    scope: 'position',
    allowed: ADMIN,
    request: (t) => get(`/api/v1/positions/${t.positionId}`),
  },
  {
    route: 'GET /api/v1/employees',
    scope: 'filter',
    allowed: SCOPED,
    request: (t) =>
      get(
        t.variant === 'self'
          ? '/api/v1/employees'
          : `/api/v1/employees?departmentId=${t.departmentId}`,
      ),
  },
  {
    route: 'GET /api/v1/employees/{employeeId}',
    scope: 'employee',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/employees/${t.employeeId}`),
  },
  {
    route: 'POST /api/v1/employees',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/employees', {
        id: 'emp-newbie',
        employeeNumber: 'ACME-9001',
        name: 'New Bie',
        email: 'newbie@acme.example',
        role: 'employee',
        departmentId: 'sales',
        positionId: 'pos-account-executive',
      }),
  },
  {
    route: 'PUT /api/v1/employees/{employeeId}',
    label: 'profile fields',
    scope: 'employee',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => body(`/api/v1/employees/${t.employeeId}`, { preferences: 'Short answers.' }),
  },
  {
    route: 'PUT /api/v1/employees/{employeeId}',
    label: 'role',
    scope: 'employee',
    allowed: ADMIN_NOT_SELF,
    request: (t) => body(`/api/v1/employees/${t.employeeId}`, { role: 'admin' }),
  },
  {
    route: 'PUT /api/v1/employees/{employeeId}',
    label: 'status',
    scope: 'employee',
    allowed: ADMIN_NOT_SELF,
    request: (t) => body(`/api/v1/employees/${t.employeeId}`, { status: 'suspended' }),
  },
  {
    route: 'PUT /api/v1/employees/{employeeId}',
    label: 'move inside the Sales subtree',
    scope: 'employee',
    allowed: [...ADMIN_NOT_SELF, 'manager:subtree'],
    request: (t) => body(`/api/v1/employees/${t.employeeId}`, { departmentId: 'smb-sales' }),
  },
  {
    route: 'PUT /api/v1/employees/{employeeId}',
    label: 'move out of the Sales subtree',
    scope: 'employee',
    allowed: ADMIN_NOT_SELF,
    request: (t) => body(`/api/v1/employees/${t.employeeId}`, { departmentId: 'product' }),
  },
  {
    route: 'DELETE /api/v1/employees/{employeeId}',
    scope: 'employee',
    allowed: ADMIN_NOT_SELF,
    request: (t) => get(`/api/v1/employees/${t.employeeId}`),
  },
  {
    route: 'PUT /api/v1/portal/profile',
    scope: 'own',
    allowed: EVERYONE,
    request: () => body('/api/v1/portal/profile', { preferences: 'Bullet points please.' }),
  },
  {
    route: 'GET /api/v1/settings',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/settings'),
  },
  {
    route: 'PUT /api/v1/settings',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/settings', { agentDefaults: { responseLanguage: 'en-GB' } }),
  },
  {
    route: 'POST /api/v1/heartbeat/run',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/heartbeat/run', undefined),
  },
  {
    route: 'PUT /api/v1/settings/positions/{positionId}',
    scope: 'position',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) =>
      body(`/api/v1/settings/positions/${t.positionId}`, { agentConfig: { maxTokens: 4_096 } }),
  },
  {
    route: 'PUT /api/v1/settings/employees/{employeeId}',
    scope: 'employee',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) =>
      body(`/api/v1/settings/employees/${t.employeeId}`, { agentConfig: { maxTokens: 2_048 } }),
  },

  // ---------- SOUL ----------
  ...['', '/diff', '/impact', '/versions', '/versions/1'].map(
    (suffix): Case => ({
      route: `GET /api/v1/soul/global${suffix.replace('/1', '/{version}')}`,
      scope: 'org',
      allowed: [...ADMIN, ...MANAGER_ANY],
      request: () => get(`/api/v1/soul/global${suffix}`),
    }),
  ),
  {
    route: 'PUT /api/v1/soul/global',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/soul/global', { content: 'Be kind.', redLines: ['Never share salaries.'] }),
  },
  ...['', '/diff', '/impact', '/versions', '/versions/1'].map(
    (suffix): Case => ({
      route: `GET /api/v1/soul/positions/{positionId}${suffix.replace('/1', '/{version}')}`,
      scope: 'position',
      allowed: [...ADMIN, ...MANAGER_SUBTREE],
      request: (t) => get(`/api/v1/soul/positions/${t.positionId}${suffix}`),
    }),
  ),
  {
    route: 'PUT /api/v1/soul/positions/{positionId}',
    scope: 'position',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => body(`/api/v1/soul/positions/${t.positionId}`, { content: 'Close deals.' }),
  },
  ...['', '/diff', '/impact', '/versions', '/versions/1'].map(
    (suffix): Case => ({
      route: `GET /api/v1/soul/employees/{employeeId}${suffix.replace('/1', '/{version}')}`,
      scope: 'employee',
      allowed: SCOPED,
      request: (t) => get(`/api/v1/soul/employees/${t.employeeId}${suffix}`),
    }),
  ),
  {
    route: 'PUT /api/v1/soul/employees/{employeeId}',
    scope: 'employee',
    allowed: SCOPED,
    request: (t) => body(`/api/v1/soul/employees/${t.employeeId}`, { content: 'I like tables.' }),
  },

  // ---------- agents, memory, workspace ----------
  {
    route: 'GET /api/v1/agents',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/agents'),
  },
  ...['', '/config', '/soul'].map(
    (suffix): Case => ({
      route: `GET /api/v1/agents/{agentId}${suffix}`,
      scope: 'employee',
      allowed: SCOPED,
      request: (t) => get(`/api/v1/agents/${t.employeeId}${suffix}`),
    }),
  ),
  ...['/memory', '/memory/MEMORY.md', '/workspace'].map(
    (suffix): Case => ({
      route: `GET /api/v1/agents/{agentId}${suffix.replace('/MEMORY.md', '/{path*}')}`,
      scope: 'employee',
      // Memory is private: its owner and IT only, not the manager.
      allowed: [...ADMIN, 'manager:self', ...EMPLOYEE_SELF],
      request: (t) => get(`/api/v1/agents/${t.employeeId}${suffix}`),
    }),
  ),
  {
    route: 'GET /api/v1/routing/explain/{employeeId}',
    scope: 'employee',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/routing/explain/${t.employeeId}`),
  },

  // ---------- bindings and pairing ----------
  {
    route: 'GET /api/v1/portal/bindings',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/portal/bindings'),
  },
  {
    route: 'DELETE /api/v1/portal/bindings/{channel}/{channelUserId}',
    scope: 'binding',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/portal/bindings/telegram/${t.channelUserId}`),
  },
  {
    route: 'GET /api/v1/employees/{employeeId}/bindings',
    scope: 'employee',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/employees/${t.employeeId}/bindings`),
  },
  {
    route: 'GET /api/v1/bindings',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/bindings?channel=telegram'),
  },
  {
    route: 'DELETE /api/v1/bindings/{channel}/{channelUserId}',
    scope: 'binding',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/bindings/telegram/${t.channelUserId}`),
  },
  {
    route: 'POST /api/v1/portal/pairing',
    scope: 'own',
    allowed: EVERYONE,
    request: () => body('/api/v1/portal/pairing', { channel: 'feishu' }),
  },
  {
    route: 'GET /api/v1/portal/pairing',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/portal/pairing'),
  },

  // ---------- Digital Twin ----------
  {
    route: 'POST /api/v1/portal/twin',
    scope: 'own',
    allowed: EVERYONE,
    request: () => body('/api/v1/portal/twin', {}),
  },
  {
    route: 'GET /api/v1/portal/twin',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/portal/twin'),
  },
  {
    route: 'DELETE /api/v1/portal/twin',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/portal/twin'),
  },
  {
    route: 'GET /api/v1/employees/{employeeId}/twin',
    scope: 'employee',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/employees/${t.employeeId}/twin`),
  },
  {
    route: 'DELETE /api/v1/employees/{employeeId}/twin',
    scope: 'employee',
    // IT can kill any twin link; everyone else only their own (managers included, not their reports').
    allowed: [...ADMIN, 'manager:self', ...EMPLOYEE_SELF],
    request: (t) => get(`/api/v1/employees/${t.employeeId}/twin`),
  },

  // ---------- chat ----------
  {
    route: 'POST /api/v1/portal/chat',
    scope: 'own',
    allowed: EVERYONE,
    request: () => body('/api/v1/portal/chat', { message: 'Hello' }),
  },
  {
    route: 'POST /api/v1/portal/warmup',
    scope: 'own',
    allowed: EVERYONE,
    request: () => body('/api/v1/portal/warmup', {}),
  },
  {
    route: 'GET /api/v1/portal/history',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/portal/history'),
  },
  {
    route: 'GET /api/v1/portal/history/{sessionId}',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/portal/history/emp__emp-carol__abcdefghijklmnopqrstuvwxyz'),
  },
  {
    route: 'POST /api/v1/playground/{employeeId}/chat',
    scope: 'employee',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => body(`/api/v1/playground/${t.employeeId}/chat`, { message: 'Hello' }),
  },

  // ---------- governance ----------
  {
    route: 'GET /api/v1/skills',
    scope: 'org',
    allowed: EVERYONE,
    request: () => get('/api/v1/skills'),
  },
  {
    route: 'GET /api/v1/skills/{name}',
    scope: 'org',
    allowed: EVERYONE,
    request: () => get('/api/v1/skills/meeting-notes'),
  },
  {
    route: 'PUT /api/v1/skills/{name}',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/skills/test-skill', skill),
  },
  {
    route: 'DELETE /api/v1/skills/{name}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/skills/meeting-notes'),
  },
  {
    route: 'GET /api/v1/knowledge-bases',
    scope: 'org',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/knowledge-bases'),
  },
  {
    route: 'GET /api/v1/knowledge-bases/{knowledgeBaseId}',
    scope: 'org',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/knowledge-bases/employee-handbook'),
  },
  {
    route: 'POST /api/v1/knowledge-bases',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/knowledge-bases', {
        id: 'sales-playbook',
        name: 'Sales playbook',
        description: 'How we sell',
      }),
  },
  {
    route: 'PUT /api/v1/knowledge-bases/{knowledgeBaseId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/knowledge-bases/employee-handbook', { name: 'Handbook' }),
  },
  {
    route: 'DELETE /api/v1/knowledge-bases/{knowledgeBaseId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/knowledge-bases/employee-handbook'),
  },
  {
    route: 'POST /api/v1/knowledge-bases/company-directory/regenerate',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/knowledge-bases/company-directory/regenerate', {}),
  },
  {
    route: 'PUT /api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/knowledge-bases/employee-handbook/documents/parking', {
        title: 'Parking',
        fileName: 'parking.md',
        content: '# Parking\n\nLevel -2.',
      }),
  },
  {
    route: 'GET /api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
    scope: 'org',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/knowledge-bases/employee-handbook/documents/working-at-acme'),
  },
  {
    route: 'DELETE /api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/knowledge-bases/employee-handbook/documents/working-at-acme'),
  },
  {
    route: 'POST /api/v1/knowledge-bases/{knowledgeBaseId}/assignments',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/knowledge-bases/employee-handbook/assignments', {
        target: { kind: 'position', positionId: 'pos-account-executive' },
      }),
  },
  {
    route: 'DELETE /api/v1/knowledge-bases/{knowledgeBaseId}/assignments',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/knowledge-bases/employee-handbook/assignments?kind=everyone'),
  },
  {
    route: 'GET /api/v1/guardrails',
    scope: 'org',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/guardrails'),
  },
  {
    route: 'GET /api/v1/runtimes',
    scope: 'org',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/runtimes'),
  },
  {
    route: 'GET /api/v1/runtimes/{runtimeId}',
    scope: 'org',
    allowed: [...ADMIN, ...MANAGER_ANY],
    request: () => get('/api/v1/runtimes/standard'),
  },
  {
    route: 'PUT /api/v1/runtimes/{runtimeId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/runtimes/lab', runtime),
  },
  {
    route: 'DELETE /api/v1/runtimes/{runtimeId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/runtimes/executive'),
  },
  {
    route: 'PUT /api/v1/runtimes/{runtimeId}/guardrail',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/runtimes/executive/guardrail', { guardrailId: null }),
  },
  {
    route: 'PUT /api/v1/routing/employees/{employeeId}',
    scope: 'employee',
    allowed: ADMIN,
    request: (t) => body(`/api/v1/routing/employees/${t.employeeId}`, { runtimeId: 'executive' }),
  },
  {
    route: 'DELETE /api/v1/routing/employees/{employeeId}',
    scope: 'employee',
    allowed: ADMIN,
    request: (t) => get(`/api/v1/routing/employees/${t.employeeId}`),
  },
  {
    route: 'PUT /api/v1/routing/positions/{positionId}',
    scope: 'position',
    allowed: ADMIN,
    request: (t) => body(`/api/v1/routing/positions/${t.positionId}`, { runtimeId: 'executive' }),
  },
  {
    route: 'PUT /api/v1/routing/default',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/routing/default', { runtimeId: 'standard' }),
  },
  {
    route: 'PUT /api/v1/routing/runtimes/{runtimeId}/deployment',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/routing/runtimes/standard/deployment', { kind: 'local' }),
  },
  {
    route: 'PUT /api/v1/routing/always-on/{agentId}',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/routing/always-on/it-helpdesk', { endpoint: 'http://127.0.0.1:9000' }),
  },
  {
    // Filtered to the caller's scope in the handler (routes/runtime-sessions.test.ts checks it).
    route: 'GET /api/v1/runtime/sessions',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/runtime/sessions'),
  },
  {
    route: 'GET /api/v1/shared-agents',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/shared-agents'),
  },
  {
    route: 'GET /api/v1/shared-agents/{agentId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/shared-agents/it-helpdesk'),
  },
  {
    route: 'PUT /api/v1/shared-agents/{agentId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/shared-agents/sales-desk', sharedAgent),
  },
  {
    route: 'PUT /api/v1/shared-agents/{agentId}/members',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/shared-agents/it-helpdesk/members', { members: sharedAgent.members }),
  },
  {
    route: 'POST /api/v1/shared-agents/{agentId}/start',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/shared-agents/it-helpdesk/start', {}),
  },
  {
    route: 'POST /api/v1/shared-agents/{agentId}/stop',
    scope: 'org',
    allowed: ADMIN,
    request: () => body('/api/v1/shared-agents/it-helpdesk/stop', {}),
  },
  {
    route: 'DELETE /api/v1/shared-agents/{agentId}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/shared-agents/hr-onboarding'),
  },
  {
    // Every caller is a member of the IT help desk (stopped here: 409, not a refusal).
    route: 'POST /api/v1/shared-agents/{agentId}/chat',
    scope: 'own',
    allowed: EVERYONE,
    request: () => body('/api/v1/shared-agents/it-helpdesk/chat', { message: 'Hello' }),
  },

  // ---------- audit ----------
  {
    route: 'GET /api/v1/audit',
    scope: 'filter',
    allowed: SCOPED,
    request: (t) =>
      get(t.variant === 'self' ? '/api/v1/audit' : `/api/v1/audit?employeeId=${t.employeeId}`),
  },
  {
    route: 'GET /api/v1/audit/export.csv',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/audit/export.csv'),
  },
  {
    route: 'GET /api/v1/audit/verify',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/audit/verify'),
  },

  // ---------- usage, prices, budgets ----------
  {
    route: 'GET /api/v1/usage/employees/{employeeId}',
    scope: 'employee',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/usage/employees/${t.employeeId}`),
  },
  {
    route: 'GET /api/v1/usage/departments/{departmentId}',
    scope: 'department',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => get(`/api/v1/usage/departments/${t.departmentId}`),
  },
  {
    route: 'GET /api/v1/usage/models/{model*}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/usage/models/amazon-bedrock/us.amazon.nova-2-lite-v1:0'),
  },
  { route: 'GET /api/v1/usage', scope: 'org', allowed: ADMIN, request: () => get('/api/v1/usage') },
  {
    route: 'GET /api/v1/prices',
    scope: 'org',
    allowed: EVERYONE,
    request: () => get('/api/v1/prices'),
  },
  {
    route: 'PUT /api/v1/prices/{model*}',
    scope: 'org',
    allowed: ADMIN,
    request: () =>
      body('/api/v1/prices/offline/clawforce-offline', {
        inputPerMillionUsd: 0,
        outputPerMillionUsd: 0,
      }),
  },
  {
    route: 'DELETE /api/v1/prices/{model*}',
    scope: 'org',
    allowed: ADMIN,
    request: () => get('/api/v1/prices/amazon-bedrock/us.amazon.nova-2-lite-v1:0'),
  },
  {
    route: 'GET /api/v1/budgets',
    scope: 'own',
    allowed: EVERYONE,
    request: () => get('/api/v1/budgets'),
  },
  {
    route: 'GET /api/v1/budgets/{scope}/{id}',
    label: 'employee budget',
    scope: 'employee',
    allowed: SCOPED,
    request: (t) => get(`/api/v1/budgets/employees/${t.employeeId}`),
  },
  {
    route: 'GET /api/v1/budgets/{scope}/{id}',
    label: 'department budget',
    scope: 'department',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) => get(`/api/v1/budgets/departments/${t.departmentId}`),
  },
  {
    route: 'PUT /api/v1/budgets/{scope}/{id}',
    label: 'employee budget',
    scope: 'employee',
    allowed: ADMIN,
    request: (t) =>
      body(`/api/v1/budgets/employees/${t.employeeId}`, { monthlyLimitUsd: 100, mode: 'hard' }),
  },
  {
    route: 'PUT /api/v1/budgets/{scope}/{id}',
    label: 'department budget',
    scope: 'department',
    allowed: ADMIN,
    request: (t) =>
      body(`/api/v1/budgets/departments/${t.departmentId}`, { monthlyLimitUsd: 100, mode: 'soft' }),
  },
  {
    route: 'DELETE /api/v1/budgets/{scope}/{id}',
    scope: 'employee',
    allowed: ADMIN,
    request: (t) => get(`/api/v1/budgets/employees/${t.employeeId}`),
  },

  // ---------- IM channels (src/im) ----------
  {
    route: 'GET /api/v1/im/channels',
    scope: 'org',
    allowed: EVERYONE,
    request: () => get('/api/v1/im/channels'),
  },
  {
    route: 'POST /api/v1/employees/{employeeId}/notices',
    scope: 'employee',
    allowed: [...ADMIN, ...MANAGER_SUBTREE],
    request: (t) =>
      body(`/api/v1/employees/${t.employeeId}/notices`, { text: 'Reminder: **expenses** due' }),
  },
];

/** Routes anyone may call; they are probed without a token below. */
export const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /api/v1/openapi.json',
  'GET /{path*}',
  'GET /twin/{token}',
  'POST /api/v1/public/twin/{token}/chat',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  // IM webhooks (src/im): authenticated by the platform's signature or secret, not a session.
  'POST /im/telegram',
  'POST /im/discord',
  'POST /im/feishu',
];

/** The employees the test stacks bind a Telegram account (`tg-<id>`) to. */
export const BOUND_EMPLOYEES = ['emp-jiade', 'emp-mike', 'emp-carol', 'emp-sarah', 'emp-david'];

export function targetOf(role: Role, variant: Variant): Target {
  const base = variant === 'self' ? CALLERS[role] : TARGETS[variant];
  return {
    variant,
    employeeId: base.id,
    departmentId: base.departmentId,
    positionId: base.positionId,
    channelUserId: `tg-${base.id}`,
  };
}

export function variantsOf(scope: Scope): Variant[] {
  return scope === 'org' || scope === 'own' ? ['self'] : ['self', 'subtree', 'outside'];
}

export function isAllowed(testCase: Case, role: Role, variant: Variant): boolean {
  return testCase.allowed.includes(`${role}:*`) || testCase.allowed.includes(`${role}:${variant}`);
}
