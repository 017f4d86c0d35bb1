import type {
  DepartmentInput,
  ModelPriceInput,
  OrganizationInput,
  RuntimeInput,
} from '../ports/org-store.js';

/** The cost-optimized model every agent uses unless its runtime or position says otherwise. */
export const STANDARD_MODEL = 'amazon-bedrock/us.amazon.nova-2-lite-v1:0';
/** The most capable model, reserved for the executive runtime. */
export const EXECUTIVE_MODEL = 'amazon-bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0';

const AWS_ACCOUNT = '123456789012';
const ECR_REPOSITORY = `${AWS_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/clawforce/agent-runtime`;

export const organization: OrganizationInput = {
  id: 'acme',
  name: 'ACME Corp',
  domain: 'acme.example',
  defaultRuntimeId: 'standard',
  agentDefaults: {
    model: STANDARD_MODEL,
    contextWindow: 128_000,
    compaction: 'safeguard',
    recentTurnsPreserve: 6,
    maxTokens: 4_096,
    responseLanguage: 'en',
  },
  // No agent may reconfigure its own gateway, drive paired devices or schedule unattended jobs:
  // those would let a prompt change the very config Clawforce uses to enforce everything else.
  toolPolicy: { deny: ['gateway', 'nodes', 'cron'] },
};

export const runtimes: readonly RuntimeInput[] = [
  {
    id: 'standard',
    name: 'Standard',
    description:
      'Default tier for every position: Nova 2 Lite, Bedrock guardrail on, no browser, canvas or outbound messaging, shell limited to allowlisted binaries. Scales to zero between sessions.',
    model: STANDARD_MODEL,
    toolPolicy: {
      deny: ['browser', 'canvas', 'message'],
      exec: 'allowlist',
      // The ceiling for every position on this tier; positions pick their subset.
      execAllowlist: [
        '/usr/bin/git',
        '/usr/bin/jq',
        '/usr/bin/curl',
        '/usr/bin/make',
        '/usr/bin/rg',
        '/usr/bin/python3',
        '/usr/local/bin/node',
        '/usr/local/bin/npm',
        '/usr/local/bin/npx',
        '/usr/local/bin/pytest',
        '/usr/local/bin/playwright',
        '/usr/local/bin/aws',
        '/usr/local/bin/kubectl',
        '/usr/local/bin/helm',
        '/usr/local/bin/terraform',
        '/usr/local/bin/gh',
      ],
    },
    guardrailId: 'acme-standard',
    image: `${ECR_REPOSITORY}:2026.3.24-standard`,
    iamRoleArn: `arn:aws:iam::${AWS_ACCOUNT}:role/clawforce-agent-standard`,
    mode: 'serverless',
  },
  {
    id: 'executive',
    name: 'Executive',
    description:
      'Leadership tier: Claude Sonnet 4.5, no guardrail, every tool the organization allows and a full shell. Serverless, one microVM per session.',
    model: EXECUTIVE_MODEL,
    toolPolicy: { exec: 'full' },
    guardrailId: null,
    image: `${ECR_REPOSITORY}:2026.3.24-executive`,
    iamRoleArn: `arn:aws:iam::${AWS_ACCOUNT}:role/clawforce-agent-executive`,
    mode: 'serverless',
  },
];

export const departments: readonly DepartmentInput[] = [
  {
    id: 'engineering',
    name: 'Engineering',
    parentId: null,
    description: 'Builds and runs ACME Flow: architecture, services, web app, infrastructure, QA.',
  },
  {
    id: 'platform',
    name: 'Platform',
    parentId: 'engineering',
    description: 'AWS infrastructure, CI/CD, Kubernetes, observability and on-call.',
  },
  {
    id: 'backend',
    name: 'Backend',
    parentId: 'engineering',
    description: 'Workflow engine, public API and integrations (ACME Connect).',
  },
  {
    id: 'frontend',
    name: 'Frontend',
    parentId: 'engineering',
    description: 'The ACME Flow web app, the workflow designer and the design system.',
  },
  {
    id: 'qa',
    name: 'QA',
    parentId: 'engineering',
    description: 'Test strategy, end-to-end automation and release sign-off.',
  },
  {
    id: 'sales',
    name: 'Sales',
    parentId: null,
    description: 'New business and expansion revenue, pipeline and forecasting.',
  },
  {
    id: 'enterprise-sales',
    name: 'Enterprise Sales',
    parentId: 'sales',
    description:
      'Accounts with 1,000+ employees; custom terms, security reviews, multi-year deals.',
  },
  {
    id: 'smb-sales',
    name: 'SMB Sales',
    parentId: 'sales',
    description: 'Accounts under 1,000 employees; Starter and Business plans, short cycles.',
  },
  {
    id: 'product',
    name: 'Product',
    parentId: null,
    description: 'Roadmap, requirements, pricing and packaging of ACME Flow.',
  },
  {
    id: 'finance',
    name: 'Finance',
    parentId: null,
    description: 'Accounting, month-end close, FP&A, billing and procurement.',
  },
  {
    id: 'hr-admin',
    name: 'HR & Admin',
    parentId: null,
    description:
      'People operations, recruiting, onboarding, office and internal IT administration.',
  },
  {
    id: 'admin-lab',
    name: 'Admin Lab',
    parentId: 'hr-admin',
    description: 'Runs Clawforce itself: agent runtimes, skills catalog, SOUL templates, access.',
  },
  {
    id: 'executive-office',
    name: 'Executive Office',
    parentId: 'hr-admin',
    description: 'The leadership team and its staff: strategy, board and investor relations.',
  },
  {
    id: 'customer-success',
    name: 'Customer Success',
    parentId: null,
    description: 'Onboarding, adoption, renewals and escalations for paying customers.',
  },
  {
    id: 'legal-compliance',
    name: 'Legal & Compliance',
    parentId: null,
    description: 'Contracts, privacy, SOC 2 and regulatory compliance.',
  },
];

/** On-demand Bedrock prices (us-east-1), USD per million tokens. */
export const modelPrices: readonly ModelPriceInput[] = [
  { model: STANDARD_MODEL, inputPerMillionUsd: 0.3, outputPerMillionUsd: 2.5 },
  {
    model: EXECUTIVE_MODEL,
    inputPerMillionUsd: 3,
    outputPerMillionUsd: 15,
    cacheReadPerMillionUsd: 0.3,
    cacheWritePerMillionUsd: 3.75,
  },
];
