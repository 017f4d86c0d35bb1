import type { EmployeeInput, SharedAgentInput } from '../ports/org-store.js';

type Person = Pick<EmployeeInput, 'id' | 'name' | 'role' | 'departmentId' | 'positionId'> &
  Partial<Pick<EmployeeInput, 'flags' | 'preferences' | 'agentConfig' | 'toolPolicy'>>;

const SA = 'pos-solutions-architect';
const SDE = 'pos-software-engineer';
const DEVOPS = 'pos-devops-engineer';
const QA = 'pos-qa-engineer';
const AE = 'pos-account-executive';
const PM = 'pos-product-manager';
const FINANCE = 'pos-finance-analyst';
const HR = 'pos-hr-specialist';
const CSM = 'pos-customer-success-manager';
const LEGAL = 'pos-legal-counsel';
const EXECUTIVE = 'pos-executive';
const PLATFORM_ADMIN = 'pos-platform-admin';

// Listed in hiring order: the employee number follows the position in this list.
const people: readonly Person[] = [
  {
    id: 'emp-peter',
    name: 'Peter Wu',
    role: 'manager',
    departmentId: 'executive-office',
    positionId: EXECUTIVE,
    preferences:
      'CEO. Lead with the answer and the decision you need from me, then the numbers. Bullet points, no more than ten lines unless I ask for detail. I read messages between 7:00 and 8:00 and after 18:00 Pacific.',
  },
  {
    id: 'emp-ada',
    name: 'Ada',
    role: 'employee',
    departmentId: 'executive-office',
    positionId: EXECUTIVE,
    preferences:
      'CFO. Show figures in USD thousands with one decimal, and always state the period and whether it is closed. Flag anything that affects cash runway first.',
  },
  {
    id: 'emp-wjd',
    name: 'WJD',
    role: 'employee',
    departmentId: 'executive-office',
    positionId: EXECUTIVE,
    preferences:
      'CTO. Reply in Simplified Chinese; keep technical terms, product names and code in English. For incidents give me impact, customer count and ETA before causes.',
    agentConfig: { responseLanguage: 'zh-CN' },
  },
  {
    id: 'emp-jiade',
    name: 'JiaDe Wang',
    role: 'admin',
    departmentId: 'engineering',
    positionId: SA,
    preferences:
      'I run the Clawforce rollout as well as customer architecture work. Prefer diagrams as Mermaid, AWS service names in full, and terse answers. Time zone: Asia/Shanghai.',
  },
  {
    id: 'emp-chris',
    name: 'Chris Morgan',
    role: 'admin',
    departmentId: 'platform',
    positionId: DEVOPS,
    preferences:
      'Give me commands I can paste, with the expected output. Terraform over console clicks. When I am on call, keep replies under five lines.',
  },
  {
    id: 'emp-admin',
    name: 'Demo Admin',
    role: 'admin',
    departmentId: 'admin-lab',
    positionId: PLATFORM_ADMIN,
    preferences:
      'Shared account for demos and the admin playground. Always state which employee you are acting as before changing anything.',
  },
  { id: 'emp-mike', name: 'Mike Johnson', role: 'manager', departmentId: 'sales', positionId: AE },
  {
    id: 'emp-alex',
    name: 'Alex Rivera',
    role: 'manager',
    departmentId: 'product',
    positionId: PM,
    preferences:
      'Tie every proposal to a Q2 OKR. I like one-page PRDs and decision logs with a date on every decision.',
  },
  {
    id: 'emp-jenny',
    name: 'Jenny Liu',
    role: 'manager',
    departmentId: 'hr-admin',
    positionId: HR,
    preferences:
      'Warm but precise tone for anything sent to employees. Never include personal data in drafts; use placeholders like [salary] and I fill them in.',
  },
  {
    id: 'emp-marcus',
    name: 'Marcus Bell',
    role: 'employee',
    departmentId: 'engineering',
    positionId: SA,
  },
  {
    id: 'emp-daniel',
    name: 'Daniel Kim',
    role: 'employee',
    departmentId: 'engineering',
    positionId: SA,
  },
  {
    id: 'emp-ryan',
    name: 'Ryan Park',
    role: 'employee',
    departmentId: 'backend',
    positionId: SDE,
    preferences:
      'I work on the workflow engine (Go and TypeScript). Show diffs, not whole files. Run the tests before telling me something works.',
  },
  {
    id: 'emp-sophie',
    name: 'Sophie Turner',
    role: 'employee',
    departmentId: 'frontend',
    positionId: SDE,
    preferences:
      'Frontend: React, TypeScript, our design system. Mention accessibility issues (WCAG 2.2 AA) whenever you review UI code.',
  },
  {
    id: 'emp-nathan',
    name: 'Nathan Brooks',
    role: 'employee',
    departmentId: 'backend',
    positionId: SDE,
  },
  {
    id: 'emp-lisa',
    name: 'Lisa Chen',
    role: 'employee',
    departmentId: 'platform',
    positionId: DEVOPS,
  },
  {
    id: 'emp-tony',
    name: 'Tony Reed',
    role: 'employee',
    departmentId: 'qa',
    positionId: QA,
    preferences: 'Write test cases as Given/When/Then. Playwright for UI, pytest for the API.',
  },
  {
    id: 'emp-sarah',
    name: 'Sarah Kim',
    role: 'employee',
    departmentId: 'enterprise-sales',
    positionId: AE,
    preferences:
      'My accounts are Fortune 1000 in financial services. Before any customer call give me a one-page brief: open opportunities, last three activities, health score, known objections.',
  },
  {
    id: 'emp-tom',
    name: 'Tom Wilson',
    role: 'employee',
    departmentId: 'smb-sales',
    positionId: AE,
  },
  {
    id: 'emp-priya',
    name: 'Priya Patel',
    role: 'employee',
    departmentId: 'product',
    positionId: PM,
  },
  {
    id: 'emp-carol',
    name: 'Carol Zhang',
    role: 'employee',
    departmentId: 'finance',
    positionId: FINANCE,
    preferences:
      'I own revenue and deferred revenue in the close. Tables over prose; reconcile to the cent and show the formula behind every number.',
  },
  {
    id: 'emp-david',
    name: 'David Park',
    role: 'employee',
    departmentId: 'finance',
    positionId: FINANCE,
  },
  {
    id: 'emp-emma',
    name: 'Emma Chen',
    role: 'employee',
    departmentId: 'customer-success',
    positionId: CSM,
    preferences:
      'I manage 40 mid-market accounts. Flag any account that turns red or is within 90 days of renewal without an open renewal opportunity.',
  },
  {
    id: 'emp-rachel',
    name: 'Rachel Li',
    role: 'employee',
    departmentId: 'legal-compliance',
    positionId: LEGAL,
    preferences:
      'Cite the clause number for every point. Distinguish clearly between what the contract says and your recommendation.',
  },
  // Joined later: a second CSM, a QA engineer, an HR specialist and a summer intern.
  {
    id: 'emp-grace',
    name: 'Grace Hall',
    role: 'employee',
    departmentId: 'customer-success',
    positionId: CSM,
    preferences: 'New to ACME this quarter; explain internal acronyms the first time you use them.',
  },
  { id: 'emp-omar', name: 'Omar Haddad', role: 'employee', departmentId: 'qa', positionId: QA },
  {
    id: 'emp-maya',
    name: 'Maya Singh',
    role: 'employee',
    departmentId: 'hr-admin',
    positionId: HR,
  },
  {
    id: 'emp-leo',
    name: 'Leo Zhang',
    role: 'employee',
    departmentId: 'frontend',
    positionId: SDE,
    flags: ['intern'],
    preferences:
      'Summer intern on the Frontend team (buddy: Sophie Turner). Explain the why behind suggestions and link the relevant handbook section.',
    // Interns get a narrower shell than their position: build and test the web app, nothing else.
    toolPolicy: {
      exec: 'allowlist',
      execAllowlist: [
        '/usr/bin/git',
        '/usr/local/bin/node',
        '/usr/local/bin/npm',
        '/usr/local/bin/npx',
      ],
    },
  },
];

/** Email local part: the first name, lowercase (ACME gives everyone firstname@acme.example). */
function emailOf(name: string): string {
  const first = name.split(' ')[0] ?? name;
  return `${first.toLowerCase()}@acme.example`;
}

export const employees: readonly EmployeeInput[] = people.map((person, index) => ({
  id: person.id,
  employeeNumber: `ACME-${String(index + 1).padStart(4, '0')}`,
  name: person.name,
  // The shared demo account is the one exception to firstname@.
  email: person.id === 'emp-admin' ? 'admin@acme.example' : emailOf(person.name),
  role: person.role,
  departmentId: person.departmentId,
  positionId: person.positionId,
  status: 'active',
  flags: person.flags ?? [],
  preferences: person.preferences ?? '',
  ...(person.agentConfig ? { agentConfig: person.agentConfig } : {}),
  ...(person.toolPolicy ? { toolPolicy: person.toolPolicy } : {}),
}));

const itHelpdeskSoul = `# IT Help Desk

You are ACME Corp's IT help desk agent, available to every employee around the clock on the portal and in chat.

## What you do
- Solve common problems directly: VPN (GlobalProtect), MFA re-enrollment in Okta, Wi-Fi, printers, Slack and Google Workspace issues, software requests from the approved catalog.
- Walk people through fixes step by step and check after each step whether it worked.
- When you cannot solve it in a few steps, open a ticket in Jira Service Management project ITHELP with everything the technician needs, and give the employee the ticket key.

## How you work
- Ask one question at a time. Use plain language; no jargon without explaining it.
- Identify the caller from the session; never ask for their password, MFA code or recovery key, and tell them to rotate any secret they paste.
- Access requests to production systems or customer data need their manager's approval recorded in the ticket. You never grant access yourself.
- Lost or stolen laptop: treat as P1, tell the employee to report it to security@acme.example at once, and open the ticket for them.
- Priorities: P1 (cannot work, security) 1 hour; P2 (degraded) 4 hours; P3 next business day.`;

const hrOnboardingSoul = `# HR Onboarding

You are ACME Corp's onboarding guide for new hires and for the HR team that supports them.

## What you do
- Answer new hires' questions about their first weeks: what to expect on day 1, equipment, accounts, payroll setup, benefits enrollment deadlines, who their buddy is.
- Keep each new hire's onboarding checklist moving: remind them of open items (security training, policy acknowledgements, benefits enrollment within 30 days of start) and tell HR what is blocked.
- Point to the right document in the employee handbook and name the person to ask from the company directory.

## How you work
- Friendly, welcoming and brief. New people get a lot of information; give one next step at a time.
- You do not decide on pay, leave exceptions, visas or complaints. Hand these to HR (Jenny Liu or Maya Singh) and say so.
- Personal data (addresses, bank details, ID numbers, health information) is never collected in chat; direct people to the HR portal.
- Interns have a separate checklist: no production access and no customer data in the first 30 days.`;

export const sharedAgents: readonly SharedAgentInput[] = [
  {
    id: 'it-helpdesk',
    name: 'IT Help Desk',
    description:
      'Always-on IT support for every employee: VPN, MFA, accounts, laptops, software requests; opens ITHELP tickets.',
    soul: itHelpdeskSoul,
    members: { everyone: true, departmentIds: [], employeeIds: [] },
    runtimeId: 'standard',
    alwaysOn: true,
    status: 'stopped',
    channels: ['telegram', 'discord', 'feishu'],
  },
  {
    id: 'hr-onboarding',
    name: 'HR Onboarding',
    description:
      'Always-on onboarding guide for new hires and the HR team: first-week questions, checklists, benefits deadlines.',
    soul: hrOnboardingSoul,
    // The HR team plus this quarter's new hires (not the whole HR & Admin subtree, which
    // includes the Executive Office and Admin Lab).
    members: {
      everyone: false,
      departmentIds: [],
      employeeIds: ['emp-jenny', 'emp-maya', 'emp-grace', 'emp-omar', 'emp-leo'],
    },
    runtimeId: 'standard',
    alwaysOn: true,
    status: 'stopped',
    channels: ['feishu', 'telegram'],
  },
];
