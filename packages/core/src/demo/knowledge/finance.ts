import type { DemoKnowledgeBase } from '../types.js';

const financePolicies = `# Finance policies

Owner: Ada (CFO). Finance team: Carol Zhang (revenue, deferred revenue, billing), David Park (AP, payroll accounting, FP&A). Systems: NetSuite (ledger), Salesforce CPQ (quotes), Expensify (expenses), Ramp (cards and purchase requests).

## Spend approval matrix
| Amount (per purchase or annual contract) | Approvers |
|---|---|
| up to $5,000 | budget owner |
| $5,000-$50,000 | budget owner and Finance (Carol Zhang or David Park) |
| above $50,000 | budget owner, Finance and the CFO |
| any amount, new vendor handling Confidential data | add Legal & Compliance (security review) |

Purchases are requested in Ramp before committing. Splitting a purchase to stay under a threshold is not allowed.

## Cost centers and budget owners (FY2026)
| Cost center | Department | Budget owner |
|---|---|---|
| 1100 | Engineering (Platform, Backend, Frontend, QA) | WJD |
| 1200 | Cloud infrastructure (AWS) | Chris Morgan |
| 2100 | Sales (Enterprise, SMB) | Mike Johnson |
| 3100 | Product | Alex Rivera |
| 4100 | Finance | Ada |
| 5100 | HR & Admin, Admin Lab | Jenny Liu |
| 5200 | Executive Office | Peter Wu |
| 6100 | Customer Success | Peter Wu (interim) |
| 7100 | Legal & Compliance | Rachel Li |

Budget owners see their own cost centers; Finance and the Executive Office see all. Personnel costs are reported per cost center, never per person.

## Month-end close
Working days 1-5 of each month: WD1 cash and AP cut-off, WD2 accruals, WD3 revenue and deferred revenue, WD4 fixed assets and flux analysis (explain moves above 10% and $10,000), WD5 review and lock. Journal entries are prepared by one analyst and reviewed and posted by the other. Locked periods are reopened only by the CFO.

## Revenue
Subscriptions are recognized ratably over the term. Enterprise contracts with non-standard terms (custom SLAs, acceptance clauses, free months) are reviewed under ASC 606 by Carol Zhang before the quote is signed.

## Customer credits and refunds
Credits follow the sales discount bands (AE up to 10%, Sales manager up to 20%, above that the CFO) and need Finance approval before they are promised to a customer.

## Payments
Vendors are paid net 30 on Thursdays. New vendor bank details are verified by phone using a number from the contract, never from the email that sent them.
`;

export const financePoliciesBase: DemoKnowledgeBase = {
  id: 'finance-policies',
  name: 'Finance policies',
  description:
    'Spend approvals, cost centers and budget owners, close calendar, revenue, credits, payments.',
  kind: 'topic',
  documents: [
    {
      id: 'finance-policies',
      title: 'Finance policies',
      fileName: 'finance-policies.md',
      description:
        'Approval matrix, FY2026 cost centers and owners, close calendar, ASC 606, credits, vendor payments.',
      content: financePolicies,
    },
  ],
  assignments: [
    { kind: 'position', positionId: 'pos-finance-analyst' },
    { kind: 'position', positionId: 'pos-executive' },
    // Mike approves discounts and credits up to 20% and owns the Sales budget.
    { kind: 'employee', employeeId: 'emp-mike' },
  ],
};
