import type { DemoKnowledgeBase } from '../types.js';

const salesPlaybook = `# Sales playbook

For Account Executives in Enterprise Sales and SMB Sales. Owner: Mike Johnson (Sales manager).

## Who we sell to
- **Enterprise** (1,000+ employees; Sarah Kim): operations and IT leaders in financial services, healthcare and logistics replacing scripts and spreadsheets. Cycle 3-6 months; security review and procurement always involved.
- **SMB** (under 1,000 employees; Tom Wilson): operations managers who start on a trial. Cycle 2-6 weeks; self-serve Starter upgrades to Business.

## Stages and exit criteria
| Stage | Exit criteria |
|---|---|
| 1 Discovery | pain, impact and current process written down; champion identified |
| 2 Solution | demo of the customer's own workflow; Solutions Architect engaged for integrations |
| 3 Proposal | proposal and quote sent; decision process and date known |
| 4 Negotiation | legal and security review started; approvals on the quote recorded |
| 5 Closed won / lost | signed order form, or loss reason recorded |

## Forecast
Weekly, Monday by 12:00 Pacific. Commit means the customer has confirmed the signing date and every approval is in place. Best case is everything else in stage 4.

## Discounts
- Up to 10%: the AE decides.
- 10-20%: Sales manager (Mike Johnson).
- Above 20%, free months, or payment terms beyond net 30: deal desk and the CFO (Ada).
- Multi-year deals get a price lock, not an extra discount.

## Working with others
- Solutions Architects (JiaDe Wang, Marcus Bell, Daniel Kim) join from stage 2 for technical deals and security questionnaires.
- Legal & Compliance (Rachel Li) reviews every non-standard term; start early for enterprise deals.
- Customer Success takes over at signature with a handover call inside 5 business days.

## Objections we hear
- "We already have scripts": show run history, retries and audit trails they would have to build.
- "Security": SOC 2 Type II report under NDA, regional hosting, SSO on Business and Enterprise.
- "Price": compare with hours saved; the calculator is in the proposal template.
`;

const productCatalog = `# ACME Flow product catalog

Prices valid from January 1, 2026, in USD, billed annually. Owner: Product (Alex Rivera) with Finance. Quotes must use the Salesforce price book, which matches this page.

## Plans
| Plan | Price per user per month | Included | Limits |
|---|---|---|---|
| Starter | $15 | workflow designer, 50 connectors, email support | 5,000 runs/month, 3 admins |
| Business | $35 | everything in Starter, SSO (SAML), 200 connectors, audit log, chat support | 50,000 runs/month |
| Enterprise | custom (floor $55) | everything in Business, SCIM, EU or US data residency, 99.9% SLA, named CSM | unlimited runs, fair use |

Minimum seats: Starter 5, Business 20, Enterprise 100. Monthly billing on Starter only, at $18.

## Add-ons
- **ACME Connect** ($8 per user per month): premium connectors (SAP, Oracle NetSuite, Workday, ServiceNow) and custom connector SDK. Business and Enterprise.
- **ACME Insights** ($6 per user per month): process analytics, bottleneck reports, scheduled exports. Business and Enterprise.
- **Extra runs**: $40 per additional 10,000 runs per month.
- **Premium support**: 15% of subscription; 1-hour response for P1, 24/7.

## Platform limits
- API: 600 requests per minute per workspace; payloads up to 5 MB.
- Workflow runs time out after 24 hours; steps retry up to 5 times with exponential backoff.
- Data retention: run history 90 days (Starter), 1 year (Business), configurable up to 7 years (Enterprise).

## Trials
14-day free trial of Business for up to 20 users, no card required. Trials convert to Starter automatically unless upgraded.

## What is not for sale
On-premises installation, source code escrow and custom feature development are not offered. Roadmap items are never promised in contracts.
`;

const customerSuccessPlaybook = `# Customer success playbook

For Customer Success Managers (Emma Chen, Grace Hall). Goal: customers reach value fast, renew and expand.

## Lifecycle
1. **Handover** (within 5 business days of signature): call with the AE and the customer's champion; confirm goals, first three workflows, admins, launch date.
2. **Onboarding** (days 0-60): kickoff, admin training, first workflows live by day 30, adoption review at day 60.
3. **Adoption** (ongoing): monthly check-in for Enterprise, quarterly for Business.
4. **QBR** (Enterprise, every quarter): outcomes against goals, usage, roadmap preview (nothing promised), next-quarter plan.
5. **Renewal**: open the renewal opportunity 120 days before the end date; renewal conversation at 90 days; signed at 30 days.

## Health score (Gainsight)
- Green (70+): usage growing, engaged sponsor, no open S1/S2.
- Yellow (40-69): flat usage, single champion, or open escalations.
- Red (under 40): falling usage, sponsor left, or unresolved S1/S2 older than 7 days.

## Plays
| Signal | Play |
|---|---|
| red within 120 days of renewal | executive sponsor check-in with Peter Wu or Mike Johnson |
| weekly active users under 50% of seats | admin workshop, review workflow ideas with the champion |
| champion left | map new stakeholders within 2 weeks |
| usage above 90% of plan limits | expansion conversation with the AE |

## Escalations
S1/S2 issues: run bug triage the same day and tell the customer when they will hear next. Credits and refunds follow the sales discount bands and need Finance's approval.

## Feedback to Product
Log requests in FLOW with the label customer, the account name, the customer's words and the ARR at stake. Product (Alex Rivera, Priya Patel) reviews them every two weeks.
`;

export const salesPlaybookBase: DemoKnowledgeBase = {
  id: 'sales-playbook',
  name: 'Sales playbook',
  description:
    'Target customers, pipeline stages and exit criteria, forecasting, discount approvals, objections.',
  kind: 'topic',
  documents: [
    {
      id: 'sales-playbook',
      title: 'Sales playbook',
      fileName: 'sales-playbook.md',
      description:
        'Segments, stages, forecast rules, discount bands, working with SAs, Legal and CS.',
      content: salesPlaybook,
    },
  ],
  assignments: [
    { kind: 'position', positionId: 'pos-account-executive' },
    { kind: 'position', positionId: 'pos-solutions-architect' },
  ],
};

export const productCatalogBase: DemoKnowledgeBase = {
  id: 'product-catalog',
  name: 'Product catalog',
  description: 'ACME Flow plans, prices, add-ons, platform limits and trial terms.',
  kind: 'topic',
  documents: [
    {
      id: 'product-catalog',
      title: 'ACME Flow product catalog',
      fileName: 'product-catalog.md',
      description: 'Plans and per-user prices, minimum seats, add-ons, API and run limits, trials.',
      content: productCatalog,
    },
  ],
  assignments: [
    { kind: 'position', positionId: 'pos-account-executive' },
    { kind: 'position', positionId: 'pos-customer-success-manager' },
    { kind: 'position', positionId: 'pos-product-manager' },
    { kind: 'position', positionId: 'pos-solutions-architect' },
    { kind: 'position', positionId: 'pos-executive' },
  ],
};

export const customerSuccessBase: DemoKnowledgeBase = {
  id: 'customer-success',
  name: 'Customer success playbook',
  description:
    'Customer lifecycle from handover to renewal, health scores, plays, escalations, feedback.',
  kind: 'topic',
  documents: [
    {
      id: 'customer-success-playbook',
      title: 'Customer success playbook',
      fileName: 'customer-success-playbook.md',
      description:
        'Handover, onboarding, QBRs, renewals, health score bands, plays and escalations.',
      content: customerSuccessPlaybook,
    },
  ],
  assignments: [
    { kind: 'position', positionId: 'pos-customer-success-manager' },
    { kind: 'position', positionId: 'pos-product-manager' },
  ],
};
