import { createHash } from 'node:crypto';
import {
  type AccessPath,
  type Binding,
  type Department,
  type Employee,
  type KnowledgeBase,
  type KnowledgeDocument,
  type Organization,
  type Position,
  type Runtime,
  renderCompanyDirectory,
  type Skill,
  type SoulLayer,
} from '@clawforce/core';
import type { AssemblyInput, AssemblyKnowledgeDocument, SharedAgent } from '../types.js';

/**
 * A small, hand-written company for unit tests: two departments under Engineering, Finance, a
 * Software Engineer with an allowlisted shell, a Finance Analyst with none, an admin and an
 * intern. Deterministic timestamps; nothing random.
 */
export const STAMP = '2026-11-02T09:00:00.000Z';
const stamps = { createdAt: STAMP, updatedAt: STAMP };

export const organization: Organization = {
  id: 'acme',
  name: 'ACME Corp',
  domain: 'acme.example',
  defaultRuntimeId: 'standard',
  agentDefaults: {
    model: 'offline/clawforce-offline',
    contextWindow: 128_000,
    compaction: 'safeguard',
    recentTurnsPreserve: 6,
    maxTokens: 4_096,
    responseLanguage: 'en',
  },
  toolPolicy: { deny: ['gateway', 'nodes', 'cron'] },
  ...stamps,
};

export const runtime: Runtime = {
  id: 'standard',
  name: 'Standard',
  model: 'offline/clawforce-offline',
  toolPolicy: {
    deny: ['browser', 'canvas'],
    exec: 'allowlist',
    execAllowlist: ['/usr/bin/git', '/usr/bin/jq', '/usr/bin/rg'],
  },
  guardrailId: 'acme-standard',
  mode: 'serverless',
  ...stamps,
};

export const executiveRuntime: Runtime = {
  id: 'executive',
  name: 'Executive',
  model: 'offline/clawforce-offline-large',
  toolPolicy: { exec: 'full' },
  guardrailId: null,
  mode: 'serverless',
  ...stamps,
};

export const departments: Department[] = [
  { id: 'engineering', name: 'Engineering', parentId: null, ...stamps },
  { id: 'backend', name: 'Backend', parentId: 'engineering', ...stamps },
  { id: 'finance', name: 'Finance', parentId: null, ...stamps },
  { id: 'it', name: 'IT', parentId: null, ...stamps },
];

export const positions: Position[] = [
  {
    id: 'pos-software-engineer',
    name: 'Software Engineer',
    departmentId: 'backend',
    description: 'Builds and ships ACME Flow features.',
    toolPolicy: { exec: 'allowlist', execAllowlist: ['/usr/bin/git', '/usr/bin/rg'] },
    defaultSkills: ['code-review', 'knowledge-search'],
    imChannels: ['discord', 'telegram'],
    agentConfig: { maxTokens: 8_192, recentTurnsPreserve: 10 },
    ...stamps,
  },
  {
    id: 'pos-finance-analyst',
    name: 'Finance Analyst',
    departmentId: 'finance',
    description: 'Month-end close, budgets and expense review.',
    toolPolicy: { exec: 'deny' },
    defaultSkills: ['expense-report', 'knowledge-search'],
    imChannels: ['feishu'],
    ...stamps,
  },
  {
    id: 'pos-platform-admin',
    name: 'Platform Admin',
    departmentId: 'it',
    toolPolicy: {},
    defaultSkills: [],
    imChannels: [],
    ...stamps,
  },
];

const person = (
  id: string,
  name: string,
  positionId: string,
  departmentId: string,
  extra: Partial<Employee> = {},
): Employee => ({
  id,
  employeeNumber: `ACME-${id.slice(4).toUpperCase()}`,
  name,
  email: `${id.slice(4)}@acme.example`,
  role: 'employee',
  departmentId,
  positionId,
  status: 'active',
  flags: [],
  preferences: '',
  ...stamps,
  ...extra,
});

export const employees: Employee[] = [
  person('emp-carol', 'Carol Zhang', 'pos-finance-analyst', 'finance', {
    preferences: 'Short answers, numbers in tables. Currency in USD.',
  }),
  person('emp-ryan', 'Ryan Park', 'pos-software-engineer', 'backend', {
    preferences: 'Show the command before running it.',
    agentConfig: { responseLanguage: 'en-US' },
  }),
  person('emp-ivy', 'Ivy Lee', 'pos-software-engineer', 'backend', { flags: ['intern'] }),
  person('emp-admin', 'Demo Admin', 'pos-platform-admin', 'it', { role: 'admin' }),
];

export type GlobalSoulLayer = Extract<SoulLayer, { scope: 'global' }>;
export type PositionSoulLayer = Extract<SoulLayer, { scope: 'position' }>;
export type PersonalSoulLayer = Extract<SoulLayer, { scope: 'personal' }>;

export const globalSoul: GlobalSoulLayer = {
  scope: 'global',
  content:
    '# ACME Corp agent\n\nYou work for one ACME employee.\n\n## How you work\n- Be useful first.\n- Be brief.',
  redLines: ['Never reveal credentials.', 'Never impersonate another employee.'],
  version: 7,
  author: 'emp-admin',
  updatedAt: STAMP,
};

export const positionSouls: Record<string, PositionSoulLayer> = {
  'pos-finance-analyst': {
    scope: 'position',
    positionId: 'pos-finance-analyst',
    content: '# Finance Analyst\n\nReconcile before you report. Cite the ledger.',
    version: 3,
    author: 'emp-admin',
    updatedAt: STAMP,
  },
  'pos-software-engineer': {
    scope: 'position',
    positionId: 'pos-software-engineer',
    content: '# Software Engineer\n\nSmall, reviewable changes with tests.',
    version: 2,
    author: 'emp-admin',
    updatedAt: STAMP,
  },
};

export const personalSouls: Record<string, PersonalSoulLayer> = {
  'emp-carol': {
    scope: 'personal',
    employeeId: 'emp-carol',
    content: 'I like a dry sense of humour.',
    version: 2,
    author: 'emp-carol',
    updatedAt: STAMP,
  },
};

export const skills: Skill[] = [
  {
    name: 'knowledge-search',
    description: 'Find answers in the company knowledge bases.',
    version: '1.0.0',
    allowedRoles: ['*'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: 'Search knowledge/ with read before answering company questions.',
    updatedAt: STAMP,
  },
  {
    name: 'code-review',
    description: 'Review a pull request for correctness and tests.',
    version: '1.2.0',
    allowedRoles: ['engineering'],
    blockedRoles: [],
    requiredEnv: ['GITHUB_TOKEN'],
    instructions: 'Read the diff, run the tests, comment on what would break.',
    updatedAt: STAMP,
  },
  {
    name: 'production-deploy',
    description: 'Deploy to production through the pipeline.',
    version: '2.0.0',
    allowedRoles: ['pos-software-engineer'],
    blockedRoles: ['intern'],
    requiredEnv: [],
    instructions: 'Only in the deploy window, with QA sign-off.',
    updatedAt: STAMP,
  },
  {
    name: 'expense-report',
    description: 'Prepare and check expense reports.',
    version: '1.0.0',
    allowedRoles: ['finance'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: 'Check receipts against the expense policy.',
    updatedAt: STAMP,
  },
  {
    name: 'user-admin',
    description: 'Help administrators manage accounts.',
    version: '1.0.0',
    allowedRoles: ['admin'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: 'Explain the change and who it affects.',
    updatedAt: STAMP,
  },
];

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function knowledgeDocument(
  base: Omit<KnowledgeBase, 'createdAt' | 'updatedAt'>,
  document: { id: string; title: string; fileName: string; description: string; content: string },
  assignedTo: AssemblyKnowledgeDocument['assignedTo'],
): AssemblyKnowledgeDocument {
  const record: KnowledgeDocument = {
    id: document.id,
    knowledgeBaseId: base.id,
    title: document.title,
    fileName: document.fileName,
    description: document.description,
    sizeBytes: Buffer.byteLength(document.content),
    sha256: sha(document.content),
    updatedAt: STAMP,
  };
  return {
    knowledgeBase: { ...base, ...stamps },
    document: record,
    content: document.content,
    assignedTo,
  };
}

export const directoryMarkdown = renderCompanyDirectory({
  organization,
  departments,
  positions,
  employees,
  skills,
  channelsByEmployee: new Map([['emp-ryan', ['discord']]]),
});

export function knowledgeFor(employee: Employee | undefined): AssemblyKnowledgeDocument[] {
  const documents = [
    knowledgeDocument(
      {
        id: 'security-policy',
        name: 'Security policy',
        description: 'How ACME protects data.',
        kind: 'topic',
      },
      {
        id: 'data-classes',
        title: 'Data classes',
        fileName: 'data-classes.md',
        description: 'Public, Internal, Confidential, Restricted.',
        content: '# Data classes\n\nPublic, Internal, Confidential, Restricted.\n',
      },
      ['everyone'],
    ),
    knowledgeDocument(
      {
        id: 'company-directory',
        name: 'Company directory',
        description: 'Who works where.',
        kind: 'directory',
      },
      {
        id: 'directory',
        title: 'Company directory',
        fileName: 'company-directory.md',
        description: 'Everyone in the company.',
        content: directoryMarkdown,
      },
      ['everyone'],
    ),
  ];
  if (employee?.positionId === 'pos-finance-analyst') {
    documents.push(
      knowledgeDocument(
        {
          id: 'finance-policies',
          name: 'Finance policies',
          description: 'Expenses and approvals.',
          kind: 'topic',
        },
        {
          id: 'expense-policy',
          title: 'Expense policy',
          fileName: 'expense-policy.md',
          description: 'Limits, receipts and approvers.',
          content: '# Expense policy\n\nReceipts over $25. Manager approves up to $5,000.\n',
        },
        ['position'],
      ),
    );
  }
  return documents;
}

export const sharedAgent: SharedAgent = {
  kind: 'shared',
  id: 'it-help-desk',
  name: 'IT Help Desk',
  description: 'Answers IT questions: accounts, laptops, VPN.',
  soul: 'You are the IT help desk. Be patient; give steps one at a time.',
  members: { everyone: true, departmentIds: [], employeeIds: [] },
  runtimeId: 'standard',
  alwaysOn: true,
  status: 'running',
  channels: ['telegram'],
  ...stamps,
};

export const bindings: Binding[] = [
  {
    channel: 'telegram',
    channelUserId: '5550001',
    employeeId: 'emp-carol',
    chatId: '5550001',
    pairedAt: STAMP,
    sessionCount: 3,
  },
];

const byId = <T extends { id: string }>(items: readonly T[], id: string) => {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`fixture ${id} missing`);
  return found;
};

export const employee = (id: string) => byId(employees, id);

/** The department chain of a department, top-down. */
export function chainOf(departmentId: string): Department[] {
  const chain: Department[] = [];
  for (let current: Department | undefined = byId(departments, departmentId); current; ) {
    chain.unshift(current);
    current = current.parentId ? byId(departments, current.parentId) : undefined;
  }
  return chain;
}

export const WORKSPACE = '/srv/clawforce/sessions/s1/workspace';
export const SESSION = 'emp__emp-carol__main-0000000000000000000000';

/** A complete, valid assembly input for an access path, built from the fixture company. */
export function inputFor(
  accessPath: AccessPath,
  overrides: Partial<AssemblyInput> = {},
): AssemblyInput {
  const ownerId =
    accessPath.kind === 'admin'
      ? accessPath.adminId
      : 'employeeId' in accessPath
        ? accessPath.employeeId
        : undefined;
  const owner = ownerId ? employee(ownerId) : undefined;
  const position = owner ? byId(positions, owner.positionId) : undefined;
  const ownSide =
    accessPath.kind === 'employee' ||
    accessPath.kind === 'playground' ||
    accessPath.kind === 'twin';
  const caller =
    accessPath.kind === 'employee' || accessPath.kind === 'admin'
      ? owner
      : accessPath.kind === 'playground'
        ? employee(accessPath.operatorId)
        : accessPath.kind === 'shared' && accessPath.callerEmployeeId
          ? employee(accessPath.callerEmployeeId)
          : undefined;
  return {
    openclawVersion: '2026.3.24',
    workspaceDirectory: WORKSPACE,
    sessionId: SESSION,
    accessPath,
    organization,
    ...(owner && position
      ? { employee: owner, position, departments: chainOf(owner.departmentId) }
      : {}),
    ...(accessPath.kind === 'shared' ? { sharedAgent } : {}),
    runtime,
    soul: {
      global: globalSoul,
      ...(ownSide && position && positionSouls[position.id]
        ? { position: positionSouls[position.id] }
        : {}),
      ...(ownSide && owner && personalSouls[owner.id] ? { personal: personalSouls[owner.id] } : {}),
    },
    knowledge: accessPath.kind === 'unpaired' ? [] : knowledgeFor(owner),
    skills,
    bindings: owner ? bindings.filter((binding) => binding.employeeId === owner.id) : [],
    storedWorkspace:
      accessPath.kind === 'unpaired'
        ? []
        : [
            { path: 'MEMORY.md', content: '# Memory\n\n- Q4 close is on Dec 3.\n' },
            { path: 'memory/2026-11-01.md', content: '- Reviewed the travel budget.\n' },
          ],
    ...(caller
      ? {
          caller: {
            employeeId: caller.id,
            name: caller.name,
            employeeNumber: caller.employeeNumber,
          },
        }
      : {}),
    providers: {
      offline: {
        api: 'openai-completions',
        baseUrl: 'http://127.0.0.1:11434/v1',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: OpenClaw substitutes ${VAR} itself
        apiKey: '${OFFLINE_MODEL_KEY}',
        models: [{ id: 'clawforce-offline', contextWindow: 32_000 }],
      },
    },
    options: { today: '2026-11-02', portalUrl: 'https://clawforce.acme.example' },
    ...overrides,
  };
}
