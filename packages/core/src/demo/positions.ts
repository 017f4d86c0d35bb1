import type { PositionInput } from '../ports/org-store.js';

// Tool policies only narrow what the organization and the runtime tier allow (see
// `resolveToolPolicy`). Engineering positions keep a shell limited to the binaries their work
// needs; business positions get none; the executive position adds nothing and inherits the
// executive runtime's full tool set.

/** Positions that must never have a shell, whatever the runtime allows. */
const noShell = { exec: 'deny' } as const;

export const positions: readonly PositionInput[] = [
  {
    id: 'pos-solutions-architect',
    name: 'Solutions Architect',
    departmentId: 'engineering',
    description:
      'Designs customer integrations and reference architectures, answers technical and security questions in deals, reviews designs',
    toolPolicy: {
      exec: 'allowlist',
      execAllowlist: [
        '/usr/bin/git',
        '/usr/bin/jq',
        '/usr/bin/curl',
        '/usr/bin/python3',
        '/usr/local/bin/aws',
        '/usr/local/bin/terraform',
      ],
    },
    defaultSkills: [
      'architecture-review',
      'compliance-check',
      'github-pr-review',
      'meeting-notes',
      'knowledge-search',
    ],
    imChannels: ['feishu', 'telegram', 'discord'],
    agentConfig: { maxTokens: 8_192 },
  },
  {
    id: 'pos-software-engineer',
    name: 'Software Engineer',
    departmentId: 'backend',
    description:
      'Builds and ships ACME Flow features: writes code and tests, reviews pull requests, deploys through the pipeline',
    toolPolicy: {
      exec: 'allowlist',
      execAllowlist: [
        '/usr/bin/git',
        '/usr/bin/jq',
        '/usr/bin/make',
        '/usr/bin/rg',
        '/usr/bin/python3',
        '/usr/local/bin/node',
        '/usr/local/bin/npm',
        '/usr/local/bin/npx',
        '/usr/local/bin/pytest',
        '/usr/local/bin/gh',
      ],
    },
    defaultSkills: [
      'jira-issues',
      'github-pr-review',
      'production-deploy',
      'bug-triage',
      'knowledge-search',
    ],
    imChannels: ['discord', 'telegram'],
    agentConfig: { maxTokens: 8_192, recentTurnsPreserve: 10 },
  },
  {
    id: 'pos-devops-engineer',
    name: 'DevOps Engineer',
    departmentId: 'platform',
    description:
      'Runs the AWS platform: infrastructure as code, CI/CD, Kubernetes, observability and incident response',
    toolPolicy: {
      exec: 'allowlist',
      execAllowlist: [
        '/usr/bin/git',
        '/usr/bin/jq',
        '/usr/bin/curl',
        '/usr/local/bin/aws',
        '/usr/local/bin/kubectl',
        '/usr/local/bin/helm',
        '/usr/local/bin/terraform',
        '/usr/local/bin/gh',
      ],
    },
    defaultSkills: [
      'production-deploy',
      'incident-response',
      'github-pr-review',
      'jira-issues',
      'knowledge-search',
    ],
    imChannels: ['discord', 'telegram', 'feishu'],
    agentConfig: { maxTokens: 8_192 },
  },
  {
    id: 'pos-qa-engineer',
    name: 'QA Engineer',
    departmentId: 'qa',
    description: 'Plans and automates testing, triages bugs and signs off releases of ACME Flow',
    toolPolicy: {
      exec: 'allowlist',
      execAllowlist: [
        '/usr/bin/git',
        '/usr/bin/jq',
        '/usr/bin/curl',
        '/usr/local/bin/node',
        '/usr/local/bin/npm',
        '/usr/local/bin/npx',
        '/usr/local/bin/pytest',
        '/usr/local/bin/playwright',
      ],
    },
    defaultSkills: ['test-plan', 'bug-triage', 'jira-issues', 'knowledge-search'],
    imChannels: ['discord', 'telegram'],
  },
  {
    id: 'pos-account-executive',
    name: 'Account Executive',
    departmentId: 'sales',
    description:
      'Owns new business from first meeting to signature: discovery, demos, proposals, quotes and forecast',
    toolPolicy: noShell,
    defaultSkills: [
      'salesforce-crm',
      'proposal-writer',
      'deal-desk-quote',
      'meeting-notes',
      'knowledge-search',
    ],
    imChannels: ['telegram', 'feishu'],
  },
  {
    id: 'pos-product-manager',
    name: 'Product Manager',
    departmentId: 'product',
    description:
      'Decides what ACME Flow builds next: discovery, requirements, prioritization and launch',
    toolPolicy: noShell,
    defaultSkills: [
      'prd-writer',
      'product-analytics',
      'jira-issues',
      'meeting-notes',
      'knowledge-search',
    ],
    imChannels: ['feishu', 'discord'],
    agentConfig: { maxTokens: 8_192 },
  },
  {
    id: 'pos-finance-analyst',
    name: 'Finance Analyst',
    departmentId: 'finance',
    description:
      'Runs the month-end close, reconciliations, budget versus actuals and spend approvals',
    // An explicit allow list: files, memory, web research and sessions, nothing else, no shell.
    toolPolicy: {
      allow: ['group:fs', 'group:memory', 'group:web', 'group:sessions', 'image'],
      exec: 'deny',
    },
    defaultSkills: ['financial-close', 'budget-variance', 'expense-report', 'knowledge-search'],
    imChannels: ['feishu'],
    agentConfig: { recentTurnsPreserve: 10 },
  },
  {
    id: 'pos-hr-specialist',
    name: 'HR Specialist',
    departmentId: 'hr-admin',
    description:
      'Recruiting, onboarding, HR policy questions and employee records; handles personal data',
    toolPolicy: { exec: 'deny', deny: ['web_fetch'] },
    defaultSkills: [
      'onboarding-plan',
      'recruiting-pipeline',
      'calendar-scheduling',
      'knowledge-search',
    ],
    imChannels: ['feishu', 'telegram'],
  },
  {
    id: 'pos-customer-success-manager',
    name: 'Customer Success Manager',
    departmentId: 'customer-success',
    description:
      'Keeps customers healthy after signature: onboarding, adoption, QBRs, renewals and escalations',
    toolPolicy: noShell,
    defaultSkills: [
      'salesforce-crm',
      'customer-health',
      'bug-triage',
      'meeting-notes',
      'knowledge-search',
    ],
    imChannels: ['telegram', 'feishu', 'discord'],
  },
  {
    id: 'pos-legal-counsel',
    name: 'Legal Counsel',
    departmentId: 'legal-compliance',
    description:
      'Negotiates customer and vendor contracts, owns privacy and compliance programs, advises the business',
    toolPolicy: {
      allow: ['group:fs', 'group:memory', 'group:web', 'group:sessions'],
      exec: 'deny',
    },
    defaultSkills: ['contract-review', 'compliance-check', 'knowledge-search'],
    imChannels: ['feishu'],
    // Contract threads run long; keep more of them verbatim through compaction.
    agentConfig: { recentTurnsPreserve: 12, maxTokens: 8_192 },
  },
  {
    id: 'pos-executive',
    name: 'Executive',
    departmentId: 'executive-office',
    description:
      'Leads the company: strategy, board and investor relations, company-wide decisions',
    toolPolicy: {},
    defaultSkills: [
      'board-briefing',
      'budget-variance',
      'product-analytics',
      'meeting-notes',
      'calendar-scheduling',
      'knowledge-search',
    ],
    runtimeId: 'executive',
    imChannels: ['telegram', 'feishu', 'discord'],
    agentConfig: { contextWindow: 200_000, maxTokens: 8_192 },
  },
  {
    id: 'pos-platform-admin',
    name: 'Platform Admin',
    departmentId: 'admin-lab',
    description:
      'Administers Clawforce: runtimes, skills catalog, SOUL templates, knowledge bases, pairing and access',
    toolPolicy: {
      exec: 'allowlist',
      execAllowlist: ['/usr/bin/jq', '/usr/bin/curl', '/usr/local/bin/aws'],
    },
    defaultSkills: ['org-admin', 'it-ticket', 'incident-response', 'knowledge-search'],
    imChannels: ['telegram', 'discord', 'feishu'],
  },
];
