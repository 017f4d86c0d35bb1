import type { SkillInput } from '../ports/org-store.js';

// Role tokens in allowedRoles / blockedRoles: '*', a platform role (admin, manager, employee), a
// department id (which covers its sub-departments), a position id, or a flag such as 'intern'.
// A skill applies when one allowed token matches the employee and no blocked token does.

const jiraEnv = ['JIRA_BASE_URL', 'JIRA_API_TOKEN'];
const salesforceEnv = ['SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN'];

/** Skills every employee gets. */
const everyoneSkills: SkillInput[] = [
  {
    name: 'knowledge-search',
    description:
      'Find answers in the knowledge bases assigned to you and in the company directory before asking a person',
    version: '1.2.0',
    allowedRoles: ['*'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Knowledge search

Use this first whenever a question is about ACME itself: policies, products, prices, who owns what, how a process works.

## Steps
1. List the folders under \`knowledge/\` in your workspace; each is one knowledge base assigned to this employee.
2. Search them with the read and memory tools for the key terms of the question (product names, policy names, people).
3. For "who owns X" or "who do I ask", open \`knowledge/company-directory/company-directory.md\`.
4. Answer from what you found and name the document you used, e.g. "(Employee handbook, Benefits and leave)".

## Rules
- If the documents do not cover it, say so plainly and suggest the owning team from the directory. Do not guess a policy.
- Quote numbers (limits, prices, dates) exactly as written; they change, and the document is the source of truth.`,
  },
  {
    name: 'meeting-notes',
    description:
      'Turn a meeting transcript or rough notes into a summary with decisions, action items with owners and dates, and open questions',
    version: '1.1.0',
    allowedRoles: ['*'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Meeting notes

Use when the employee pastes a transcript, a recording summary or rough notes and wants them cleaned up.

## Output format
1. **Summary**: three sentences at most: why the meeting happened and what changed.
2. **Decisions**: one line each, in the words the group agreed on.
3. **Action items**: \`- [ ] Owner: task (due YYYY-MM-DD)\`. Owners are people from the directory; if no date was said, write "due: not set".
4. **Open questions**: what is still unresolved and who should answer it.

## Rules
- Never invent an owner or a date. Mark unclear items "to confirm".
- Customer meetings: keep the customer's exact wording for commitments and objections.
- Save the notes to \`notes/YYYY-MM-DD-topic.md\` in the workspace when asked to keep them.`,
  },
  {
    name: 'calendar-scheduling',
    description:
      'Find a common free slot in Google Calendar across ACME attendees and draft the invite with agenda and video link',
    version: '1.0.3',
    allowedRoles: ['*'],
    blockedRoles: [],
    requiredEnv: ['GOOGLE_SERVICE_ACCOUNT_JSON'],
    instructions: `# Calendar scheduling

Use when the employee asks to set up, move or find time for a meeting.

## Steps
1. Resolve every attendee to an @acme.example address with the company directory; ask about anyone you cannot resolve.
2. Query free/busy for the requested window (default: next 5 working days, 09:00-17:00 in each attendee's time zone).
3. Offer at most three slots, earliest first, each with the attendees' local times.
4. After the employee picks one, draft the invite: title, a three-bullet agenda, Google Meet link, and the doc to read beforehand if there is one.
5. Create the event only after the employee confirms the draft.

## Rules
- Never schedule over an event marked "Focus" or "OOO".
- External guests: send from the employee's calendar, never from a shared one.`,
  },
  {
    name: 'it-ticket',
    description:
      'Open, update and check IT help desk tickets in Jira Service Management (project ITHELP): access, laptops, VPN, accounts',
    version: '2.0.1',
    allowedRoles: ['*'],
    blockedRoles: [],
    requiredEnv: jiraEnv,
    instructions: `# IT ticket

Use when something IT-related is broken or needed: access to a system, a laptop problem, VPN, password or MFA resets, new software.

## Steps
1. Check \`knowledge/it-security/it-support.md\` first; many requests have a self-service path.
2. Collect: what is affected, since when, the exact error text, device (asset tag on the laptop's underside), and how urgent.
3. Create the ticket in project ITHELP with request type Access, Hardware, Software or Incident. Summary format: "[Type] short description".
4. Give the employee the ticket key (e.g. ITHELP-1234) and the expected response time: P1 1 hour, P2 4 hours, P3 next business day.
5. For status questions, fetch the ticket and summarize the latest comment.

## Rules
- Never put passwords, MFA codes or recovery keys in a ticket. If the employee pastes one, tell them to rotate it.
- Access to production or customer data needs the manager's approval in the ticket; do not mark it approved yourself.`,
  },
  {
    name: 'expense-report',
    description:
      'Prepare an Expensify report from receipts and check each line against the ACME expense policy before submission',
    version: '1.3.0',
    allowedRoles: ['*'],
    blockedRoles: [],
    requiredEnv: ['EXPENSIFY_PARTNER_USER_ID', 'EXPENSIFY_PARTNER_USER_SECRET'],
    instructions: `# Expense report

Use when the employee wants to submit expenses or asks whether something is reimbursable.

## Steps
1. For each receipt, extract date, merchant, amount, currency and category (Travel, Meals, Software, Training, Other).
2. Check each line against the policy in the employee handbook: receipts required over $25; meals up to $75 per day while traveling; client meals need the attendees' names; economy class for flights under 6 hours.
3. Flag lines that break policy with the reason; do not drop them silently.
4. Group lines into one report per trip or per month, titled "YYYY-MM purpose".
5. Create the report as a draft in Expensify and tell the employee to review and submit it. Reports are due within 30 days of the expense.

## Rules
- Never submit on the employee's behalf.
- Personal items (minibar, upgrades, fines) are not reimbursable; say so.`,
  },
];

/** Engineering: code, delivery, operations and quality. */
const engineeringSkills: SkillInput[] = [
  {
    name: 'jira-issues',
    description:
      'Create, refine and update engineering issues in Jira (project FLOW) with acceptance criteria, component and estimate',
    version: '2.1.0',
    allowedRoles: ['engineering', 'product'],
    blockedRoles: [],
    requiredEnv: jiraEnv,
    instructions: `# Jira issues

Use for engineering work tracking in project FLOW: new stories, bugs, tasks, and status updates.

## Creating an issue
1. Type: Story (user-facing change), Bug (something broken), Task (internal work).
2. Summary: imperative, under 80 characters: "Retry webhook deliveries on 5xx".
3. Description: context, then **Acceptance criteria** as a checklist a tester can verify.
4. Component: api, engine, connect, web, designer, infra or qa. Add the label \`customer\` and the account name when a customer asked for it.
5. Search FLOW for duplicates first (same component, similar summary, last 90 days) and link instead of duplicating.

## Updating
- Move status only to what the employee says is true. Add a comment with what changed and a link to the pull request.
- Never change priority or sprint of someone else's issue without saying so in a comment.`,
  },
  {
    name: 'github-pr-review',
    description:
      'Review a GitHub pull request in the acme-corp org: correctness, tests, security and conventions, as inline comments',
    version: '1.4.2',
    allowedRoles: ['engineering'],
    blockedRoles: [],
    requiredEnv: ['GITHUB_TOKEN'],
    instructions: `# Pull request review

Use when asked to review a PR (URL or "acme-corp/<repo>#<number>").

## Steps
1. Read the PR description and the linked FLOW issue; restate the intent in one sentence.
2. Read the diff file by file. Check: does it do what the issue says; are edge cases and errors handled; are there tests that would fail without the change; are migrations reversible.
3. Security pass: input validation, authorization checks on every new endpoint, no secrets or customer data in code, logs or fixtures.
4. Write comments as inline suggestions, each tagged **blocking**, **should** or **nit**.
5. Finish with a summary: verdict (approve / request changes), the blocking items, and what you did not review.

## Rules
- Draft the review for the employee to post; post it yourself only when they say so.
- Follow the engineering handbook's conventions, not personal taste.`,
  },
  {
    name: 'production-deploy',
    description:
      'Promote a release to production through Argo CD inside the deploy window, with pre-checks, monitoring and rollback',
    version: '3.0.0',
    allowedRoles: ['pos-software-engineer', 'pos-devops-engineer'],
    blockedRoles: ['intern'],
    requiredEnv: ['ARGOCD_SERVER', 'ARGOCD_AUTH_TOKEN'],
    instructions: `# Production deploy

Use only when the employee explicitly asks to deploy a specific release to production.

## Pre-checks (all must pass; stop and report if one fails)
1. Inside the deploy window: Monday-Thursday 10:00-16:00 Pacific. No deploys on Fridays, holidays or during an open SEV1/SEV2.
2. The release tag exists and its CI run on main is green, including the end-to-end suite.
3. The change has a FLOW issue and QA sign-off in it.
4. Staging runs the same tag and has been healthy for at least 30 minutes.

## Deploy
1. \`argocd app set flow-<service>-prod --revision <tag>\`, then \`argocd app sync flow-<service>-prod\`.
2. Post in #deploys: service, tag, FLOW issue, who asked.
3. Watch for 15 minutes: error rate, p95 latency, queue depth on the Flow dashboard.

## Rollback
If the error rate doubles or p95 rises above 800 ms: sync back to the previous revision at once, then open a SEV2 with the incident-response skill.`,
  },
  {
    name: 'incident-response',
    description:
      'Run the first 30 minutes of a production incident: declare severity, open the channel, page on-call, keep a timeline',
    version: '2.2.0',
    allowedRoles: ['platform', 'backend', 'pos-platform-admin'],
    blockedRoles: ['intern'],
    requiredEnv: ['PAGERDUTY_API_TOKEN'],
    instructions: `# Incident response

Use when production is degraded or down, or a customer reports an outage.

## Steps
1. Classify with the incident runbook: SEV1 (outage or data loss, all customers), SEV2 (major feature broken or one enterprise customer down), SEV3 (degraded, workaround exists).
2. SEV1/SEV2: trigger PagerDuty service "acme-flow-prod" so the on-call engineer is paged; open #inc-YYYYMMDD-short-name.
3. Assign roles: incident commander (the person asking, until handed over), communications (Customer Success for customer updates).
4. Keep a timeline in the channel: UTC time, what was seen, what was done.
5. Status page update within 15 minutes for SEV1, 30 for SEV2; customer wording goes through Customer Success.
6. After resolution, create the postmortem FLOW issue due within 5 business days.

## Rules
- Mitigate first (roll back, scale out, feature-flag off); root cause later.
- Never share customer names in public status updates.`,
  },
  {
    name: 'test-plan',
    description:
      'Write a risk-based test plan from a FLOW story: scenarios, test data, automation candidates and exit criteria',
    version: '1.2.1',
    allowedRoles: ['qa', 'pos-software-engineer', 'product'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Test plan

Use when a story or epic needs a test plan before development ends, or for release sign-off.

## Steps
1. Read the story's acceptance criteria; list each as a test condition.
2. Add risks the criteria miss: permissions per role, empty and maximum inputs, concurrency, API backward compatibility, browsers (Chrome, Edge, Safari latest).
3. For each scenario: preconditions, steps, expected result, priority (P1 must pass for release).
4. Mark automation candidates: Playwright for UI flows, pytest for API contracts. Regression-prone scenarios first.
5. Exit criteria: all P1 pass, no open blocking bugs, performance within 10% of the last release.

## Rules
- Use synthetic test data only; never copy customer records into test plans.
- Save the plan to \`test-plans/FLOW-<number>.md\` in the workspace.`,
  },
  {
    name: 'bug-triage',
    description:
      'Turn a bug report or customer complaint into a reproducible FLOW bug with severity, component and evidence',
    version: '1.5.0',
    allowedRoles: ['engineering', 'customer-success'],
    blockedRoles: [],
    requiredEnv: jiraEnv,
    instructions: `# Bug triage

Use when someone reports that ACME Flow behaves wrongly.

## Steps
1. Collect: account, workspace URL, time (with time zone), steps, expected versus actual, screenshots or request ids.
2. Search FLOW for an existing bug (same component, same error text). If found, add the new occurrence as a comment and link the customer.
3. Set severity: S1 data loss or security, S2 feature unusable without workaround, S3 workaround exists, S4 cosmetic.
4. Create the Bug with the component, the steps as a numbered list and the evidence attached.
5. Tell the reporter the bug key and what happens next (S1/S2 are reviewed the same day, S3/S4 at weekly triage on Tuesdays).

## Rules
- Remove customer personal data from logs before attaching them.
- S1 security bugs: also notify Legal & Compliance and keep the issue's security level restricted.`,
  },
  {
    name: 'architecture-review',
    description:
      'Review a design doc or customer integration against ACME reference architectures: scalability, security, cost, operability',
    version: '1.1.0',
    allowedRoles: ['pos-solutions-architect', 'pos-software-engineer', 'pos-devops-engineer'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Architecture review

Use when asked to review a design doc, an ADR or a customer's planned integration with ACME Flow.

## Checklist
1. **Fit**: does it use public ACME Flow APIs and webhooks only? Private endpoints are not supported for customers.
2. **Scale**: expected volume (runs per day, payload size) against API limits: 600 requests per minute per workspace, 5 MB per payload.
3. **Security**: OAuth client credentials, least-privilege scopes, secrets in the customer's vault, webhook signatures verified.
4. **Failure**: retries with backoff, idempotency keys, dead-letter handling, what the user sees when ACME Flow is down.
5. **Cost and operations**: who gets paged, what is logged, data residency (US or EU region).

## Output
A short review: verdict (go / go with changes / rework), then findings ordered by risk, each with a concrete fix.`,
  },
];

/** Sales and customer success. */
const revenueSkills: SkillInput[] = [
  {
    name: 'salesforce-crm',
    description:
      'Look up and update Salesforce accounts, contacts and opportunities; log activities and keep next steps current',
    version: '2.3.0',
    allowedRoles: ['sales', 'customer-success'],
    blockedRoles: ['intern'],
    requiredEnv: salesforceEnv,
    instructions: `# Salesforce CRM

Use for anything about accounts, contacts, opportunities and pipeline.

## Lookups
- Find the account by name or domain; show owner, segment (Enterprise / SMB), ARR, renewal date, open opportunities.
- For pipeline questions, list the employee's open opportunities by close date with stage, amount and next step.

## Updates
1. Log calls and meetings as Activities on the opportunity with a two-line summary and the next step.
2. Stage changes follow the sales playbook's exit criteria; ask for the missing evidence before moving a stage.
3. Close dates and amounts change only when the employee says so; note the reason in the opportunity's "Forecast notes".

## Rules
- Never edit accounts owned by someone else without telling the employee who the owner is.
- Do not export contact lists out of Salesforce.`,
  },
  {
    name: 'proposal-writer',
    description:
      'Draft a customer proposal for ACME Flow from discovery notes: problem, solution, plan, pricing summary and next steps',
    version: '1.0.4',
    allowedRoles: ['sales', 'pos-solutions-architect'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Proposal writer

Use when an Account Executive needs a proposal after discovery.

## Structure (keep it to 3-4 pages)
1. **Your goals**: the customer's problem and success metrics, in their own words from discovery notes.
2. **Recommended solution**: plan (Business or Enterprise), add-ons (ACME Connect, ACME Insights), and the three workflows to launch first.
3. **Rollout plan**: 30/60/90 days, with the customer's owners and ACME's CSM.
4. **Investment**: list price from the product catalog, the quote number if one exists, payment terms.
5. **Next steps**: dated, with names.

## Rules
- Prices come from the product catalog or an approved deal-desk quote only; never promise a discount that is not approved.
- Security and legal terms: point to the Trust Center and the standard MSA; do not paraphrase legal terms.`,
  },
  {
    name: 'deal-desk-quote',
    description:
      'Build a Salesforce CPQ quote from the ACME price book and route discounts to the right approver',
    version: '1.2.0',
    allowedRoles: ['pos-account-executive'],
    blockedRoles: ['intern'],
    requiredEnv: salesforceEnv,
    instructions: `# Deal desk quote

Use when an opportunity needs a quote.

## Steps
1. Confirm plan, seat count, term (12, 24 or 36 months), add-ons and billing frequency.
2. Build the quote from the current price book; list price first.
3. Apply the discount the employee asks for and route it: up to 10% the AE approves; 10-20% the Sales manager (Mike Johnson); above 20% or non-standard payment terms need the CFO through the deal desk.
4. Multi-year deals: price lock only; no extra discount for years 2-3 without deal-desk approval.
5. Return the quote number, total contract value and the approval status.

## Rules
- A quote is not sent to the customer until every approval is recorded on it.
- Never quote below the floor price in the product catalog.`,
  },
  {
    name: 'customer-health',
    description:
      "Summarize an account's health from Gainsight: score, usage trend, open tickets, renewal risk and recommended plays",
    version: '1.1.2',
    allowedRoles: ['customer-success', 'sales', 'pos-executive'],
    blockedRoles: [],
    requiredEnv: ['GAINSIGHT_ACCESS_KEY'],
    instructions: `# Customer health

Use before a QBR, a renewal conversation, an escalation, or when asked "how is <account> doing?".

## Steps
1. Pull the health score (green 70+, yellow 40-69, red under 40) and its trend over 90 days.
2. Usage: weekly active users against purchased seats, workflows run in the last 30 days, adoption of add-ons.
3. Support: open tickets by severity, any S1/S2 bugs linked to the account.
4. Commercial: renewal date, ARR, open expansion opportunities.
5. Recommend plays from the customer success playbook, e.g. "executive sponsor check-in" for red accounts within 120 days of renewal.

## Output
One paragraph verdict, then the numbers, then the top three risks with a play each.`,
  },
];

/** Product management. */
const productSkills: SkillInput[] = [
  {
    name: 'prd-writer',
    description:
      'Draft a product requirements document: problem, evidence, goals, scope, requirements, success metrics and open questions',
    version: '1.3.0',
    allowedRoles: ['product'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# PRD writer

Use when a Product Manager starts a new feature or wants a rough idea turned into a PRD.

## Template
1. **Problem**: who has it, how we know (customer quotes, tickets, usage data), what it costs them.
2. **Goals and non-goals**.
3. **Requirements**: numbered, each testable, labeled must / should / could.
4. **User experience**: the main flow in steps; link designs when they exist.
5. **Success metrics**: one primary metric with a target and a date, plus guardrail metrics.
6. **Rollout**: feature flag, beta customers, pricing impact (which plan gets it).
7. **Open questions** with owners.

## Rules
- Evidence before solutions: if there is no evidence, write "evidence needed" and suggest how to get it.
- Keep it under two pages; link details instead of pasting them.`,
  },
  {
    name: 'product-analytics',
    description:
      'Answer product usage questions with Amplitude: funnels, retention, feature adoption, segmented by plan and region',
    version: '1.0.2',
    allowedRoles: ['product', 'pos-executive', 'customer-success'],
    blockedRoles: [],
    requiredEnv: ['AMPLITUDE_API_KEY', 'AMPLITUDE_SECRET_KEY'],
    instructions: `# Product analytics

Use for questions like "how many workspaces use the designer weekly?" or "where do trial users drop off?".

## Steps
1. Restate the question as a metric, a population and a time range; confirm if ambiguous.
2. Use the standard events: \`workspace_created\`, \`workflow_published\`, \`workflow_run_succeeded\`, \`connector_added\`, \`seat_invited\`.
3. Segment by plan (Starter, Business, Enterprise) and region (US, EU) unless told otherwise; exclude internal workspaces (domain acme.example).
4. Report the number, the comparison period, and one caveat about data quality when relevant.

## Rules
- Aggregates only. Never pull or show individual users' event streams.
- Say "not tracked" when an event does not exist rather than substituting a different one.`,
  },
];

/** Finance. */
const financeSkills: SkillInput[] = [
  {
    name: 'financial-close',
    description:
      'Work the month-end close checklist in NetSuite: reconciliations, accruals, deferred revenue and the close calendar',
    version: '2.0.0',
    allowedRoles: ['finance'],
    blockedRoles: ['intern'],
    requiredEnv: [
      'NETSUITE_ACCOUNT_ID',
      'NETSUITE_CONSUMER_KEY',
      'NETSUITE_CONSUMER_SECRET',
      'NETSUITE_TOKEN_ID',
      'NETSUITE_TOKEN_SECRET',
    ],
    instructions: `# Financial close

Use during the close (working days 1-5 of each month) and for questions about close status.

## Close calendar
- WD1: cash and bank reconciliations; AP cut-off.
- WD2: accruals (payroll, vendor invoices not yet received), prepaid amortization.
- WD3: revenue: deferred revenue roll-forward from billing, ASC 606 review for new enterprise contracts.
- WD4: fixed assets, intercompany, flux analysis (explain any account moving more than 10% and $10,000).
- WD5: review and lock the period.

## Steps
1. Pull the trial balance for the period and the checklist status.
2. For each reconciliation, compare the sub-ledger to the GL and list differences above $500 with a likely cause.
3. Draft journal entries as proposals only, with support attached.

## Rules
- Never post or approve journal entries; a second analyst reviews and posts.
- Do not change a locked period.`,
  },
  {
    name: 'budget-variance',
    description:
      'Compare actuals to budget by department and cost center, explain variances and flag overspend risks',
    version: '1.2.0',
    allowedRoles: ['finance', 'pos-executive', 'manager'],
    blockedRoles: ['intern'],
    requiredEnv: [],
    instructions: `# Budget variance

Use for "are we on budget?" questions and the monthly budget-versus-actual review.

## Steps
1. Load the latest closed month's actuals and the FY2026 budget per cost center (cost centers and budget owners are listed in the finance policies).
2. Scope: Finance and Executives see all departments; a department manager sees only the departments they manage.
3. Per cost center, show budget, actual, variance in $ and %, and year-to-date.
4. Explain every variance above 5% and $5,000: timing (will reverse) or permanent, with the driver (headcount, vendor, usage).
5. Forecast the full year at the current run rate and flag cost centers heading more than 3% over.

## Rules
- Never show individual salaries; personnel costs are reported per cost center only.
- Use the closed month; say so if the current month is still open.`,
  },
];

/** Legal and compliance. */
const legalSkills: SkillInput[] = [
  {
    name: 'contract-review',
    description:
      'Review a customer or vendor contract against the ACME contract playbook and produce a redline memo with fallbacks',
    version: '1.4.0',
    allowedRoles: ['legal-compliance'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Contract review

Use when Legal Counsel asks to review an MSA, order form, DPA, NDA or vendor agreement.

## Steps
1. Identify the document type, the counterparty, ACME's role (vendor or customer) and the governing law.
2. Compare each key clause with the contract playbook: limitation of liability, indemnities, data protection, termination, auto-renewal, payment terms, IP, confidentiality.
3. For each deviation, give: clause reference, what it says, playbook position, recommended redline, and whether a fallback is acceptable.
4. Rank issues: must-change, negotiate, accept.
5. List anything the playbook does not cover as "needs counsel judgment".

## Rules
- You prepare analysis; Legal Counsel decides. Never tell the business a contract is approved.
- Keep contract text inside the workspace; do not send it to external tools.`,
  },
  {
    name: 'compliance-check',
    description:
      'Answer security questionnaires and check vendors or features against SOC 2, GDPR and ACME data-handling rules',
    version: '1.1.1',
    allowedRoles: ['legal-compliance', 'pos-solutions-architect'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Compliance check

Use for customer security questionnaires (SIG Lite, CAIQ, custom spreadsheets) and for "can we use vendor X / ship feature Y?" questions.

## Questionnaires
1. Answer from the approved questionnaire answers in the security policy (IT & security knowledge base); cite the section for each answer.
2. Mark any question without an approved answer "needs review" and route it to Legal & Compliance. Do not improvise.

## Vendor or feature checks
1. Data involved: classify as Public, Internal, Confidential or Restricted (security policy).
2. Confidential or Restricted data requires: SOC 2 Type II or ISO 27001 report, a signed DPA, EU data staying in the EU region.
3. Output: compliant / compliant with conditions / not compliant, with the conditions listed.

## Rules
- ACME is SOC 2 Type II certified; the report is shared only under NDA.`,
  },
];

/** People operations, administration and leadership. */
const peopleAndAdminSkills: SkillInput[] = [
  {
    name: 'onboarding-plan',
    description:
      "Build a new hire's first-30-days plan: accounts, equipment, buddy, training and first deliverables",
    version: '1.2.0',
    allowedRoles: ['pos-hr-specialist', 'manager'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Onboarding plan

Use when HR or a hiring manager prepares for a new hire's start.

## Steps
1. Get: name, position, department, manager, start date, location, and whether they are an intern.
2. Before day 1: laptop ordered (IT ticket, 10 business days ahead), accounts requested, buddy assigned from the same department, Clawforce agent created with the position's defaults.
3. Week 1: security training and policy acknowledgements, product overview, meetings with manager and buddy.
4. Weeks 2-4: role training and a first small deliverable agreed with the manager.
5. Day 30: check-in with HR.

## Rules
- Interns: no production access and no customer data during the first 30 days.
- Share personal details (address, ID numbers) only with HR, never in the plan itself.`,
  },
  {
    name: 'recruiting-pipeline',
    description:
      'Report on open requisitions and candidates in Greenhouse, prepare interview kits and draft candidate updates',
    version: '1.0.1',
    allowedRoles: ['pos-hr-specialist', 'manager'],
    blockedRoles: ['intern'],
    requiredEnv: ['GREENHOUSE_API_KEY'],
    instructions: `# Recruiting pipeline

Use for hiring questions: status of a requisition, who is at which stage, interview preparation.

## Steps
1. Managers see their own requisitions; HR sees all.
2. Pipeline view: per requisition, candidates per stage (Application, Screen, Interviews, Offer) and days in stage; flag anyone waiting more than 5 business days.
3. Interview kit: the role's scorecard attributes, four questions per interviewer, no overlap between interviewers.
4. Candidate updates: draft a short, kind message for the recruiter to send.

## Rules
- Never mention age, family, health, nationality or other protected characteristics, and do not summarize them from CVs.
- Offer details (salary, equity) only go to HR and the hiring manager.`,
  },
  {
    name: 'org-admin',
    description:
      'Administer Clawforce for ACME: employees, positions, runtimes, skills, SOUL templates, knowledge bases and IM pairing',
    version: '1.0.0',
    allowedRoles: ['admin'],
    blockedRoles: ['intern'],
    requiredEnv: ['CLAWFORCE_API_URL', 'CLAWFORCE_ADMIN_TOKEN'],
    instructions: `# Org admin

Use when an admin asks to change the organization in Clawforce.

## Steps
1. Read the current state first (employee, position, skill, SOUL layer) and show it.
2. Describe the exact change and its effect, e.g. "Moving Tom Wilson from SMB Sales to Enterprise Sales updates the directory; his position, skills and knowledge bases stay the same".
3. Apply it only after the admin confirms, then show the audit event id.
4. After people or department changes, republish the company directory.

## Rules
- Tool policies only narrow: explain that a tool denied globally or by the runtime cannot be re-allowed by a position.
- Never change your own role, and never raise anyone to admin without a second admin's confirmation in the request.
- Deletions of departments or positions with people in them are refused unless the admin explicitly asks for a cascade.`,
  },
  {
    name: 'board-briefing',
    description:
      'Prepare a concise board or leadership briefing: KPIs against plan, highlights, risks and decisions needed',
    version: '1.1.0',
    allowedRoles: ['pos-executive'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: `# Board briefing

Use when an executive prepares a board meeting, an investor update or the monthly leadership review.

## Structure (two pages at most)
1. **Headline**: the quarter in one sentence.
2. **KPIs against plan**: ARR, net revenue retention, new logos, gross margin, burn and runway, headcount. Each with plan, actual and a one-line reason for any miss.
3. **Highlights**: three, each tied to an OKR.
4. **Risks**: three, each with an owner and mitigation.
5. **Decisions needed** from the board, with a recommendation.

## Rules
- Numbers come from the closed month in Finance's reports and the company OKRs document; label estimates.
- Board material is Restricted: keep drafts in the workspace only.`,
  },
];

export const skills: readonly SkillInput[] = [
  ...everyoneSkills,
  ...engineeringSkills,
  ...revenueSkills,
  ...productSkills,
  ...financeSkills,
  ...legalSkills,
  ...peopleAndAdminSkills,
];
