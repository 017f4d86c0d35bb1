import type { DemoKnowledgeBase } from '../types.js';

const companyOkrs = `# FY2026 company OKRs

Owner: Peter Wu (CEO). Reviewed monthly by the leadership team and quarterly with the board. Progress is scored 0.0-1.0 at the end of each quarter; 0.7 is a good result.

## Objective 1: Grow ACME Flow into the default choice for mid-market operations teams
- KR1: ARR from $18.0M to $26.0M. (Sales: Mike Johnson)
- KR2: 120 new Business and Enterprise logos. (Sales)
- KR3: trial-to-paid conversion from 9% to 14%. (Product: Alex Rivera)

## Objective 2: Customers get value fast and stay
- KR1: net revenue retention at or above 115%. (Customer Success)
- KR2: median time to first live workflow under 10 days for new customers. (Customer Success with Product)
- KR3: gross logo churn under 8% for the year. (Customer Success)

## Objective 3: A platform enterprises trust
- KR1: 99.95% monthly availability in every month. (Platform: Chris Morgan)
- KR2: zero SEV1 incidents caused by a deploy. (Engineering: WJD)
- KR3: ISO 27001 certification audit passed by Q4. (Legal & Compliance: Rachel Li)

## Objective 4: Run an efficient, AI-native company
- KR1: every employee uses their Clawforce agent weekly; 80% of IT tickets resolved by the IT Help Desk agent without a human. (Admin Lab: JiaDe Wang)
- KR2: gross margin from 74% to 78%, mostly through AWS cost per run. (Finance: Ada, with Platform)
- KR3: month-end close in 5 working days every month. (Finance)

## Key metrics (monthly leadership review)
| Metric | FY2025 actual | FY2026 plan |
|---|---|---|
| ARR | $18.0M | $26.0M |
| Net revenue retention | 109% | 115% |
| Gross margin | 74% | 78% |
| Burn multiple | 1.4 | 1.0 |
| Headcount | 24 | 27 |

## How we use this
- Every team plan, PRD and budget request names the key result it moves.
- Leadership review: first Tuesday of the month, numbers from the closed month.
- Board meetings: quarterly; the board deck uses the same KPIs against plan.

This document is Confidential: share within ACME only.
`;

export const companyStrategyBase: DemoKnowledgeBase = {
  id: 'company-strategy',
  name: 'Company strategy',
  description:
    'FY2026 company objectives, key results with owners, and the metrics leadership reviews monthly.',
  kind: 'topic',
  documents: [
    {
      id: 'company-okrs',
      title: 'FY2026 company OKRs',
      fileName: 'company-okrs.md',
      description: 'Four objectives with owned key results, plan metrics, review cadence.',
      content: companyOkrs,
    },
  ],
  assignments: [
    { kind: 'position', positionId: 'pos-executive' },
    // Department heads who own key results.
    { kind: 'employee', employeeId: 'emp-mike' },
    { kind: 'employee', employeeId: 'emp-alex' },
    { kind: 'employee', employeeId: 'emp-jenny' },
    { kind: 'employee', employeeId: 'emp-chris' },
    { kind: 'employee', employeeId: 'emp-rachel' },
  ],
};
