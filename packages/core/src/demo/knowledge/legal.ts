import type { DemoKnowledgeBase } from '../types.js';

const contractPlaybook = `# Contract playbook

Owner: Rachel Li (Legal Counsel). Positions for ACME as the vendor of ACME Flow under our standard MSA. Anything outside these fallbacks needs counsel's judgment and, where noted, the CFO.

## Limitation of liability
- **Standard**: each party's liability capped at fees paid in the 12 months before the claim; no indirect or consequential damages.
- **Fallback**: cap at 2x annual fees; a separate super-cap of 3x annual fees for data protection breaches.
- **Never**: unlimited liability for data breaches; uncapped indemnities beyond IP infringement.

## Indemnities
- **Standard**: ACME indemnifies for third-party IP infringement claims about ACME Flow; the customer indemnifies for its content and misuse.
- **Fallback**: add indemnity for ACME's breach of confidentiality, within the super-cap.

## Data protection
- ACME's DPA with Standard Contractual Clauses is used as is; customer DPAs are reviewed against it.
- Breach notification: without undue delay and at the latest within 48 hours of confirmation. Never commit to less than 24 hours.
- Subprocessors: listed on the Trust Center with 30 days notice and a right to object; no per-subprocessor consent.
- Audits: SOC 2 Type II report first; on-site audits at most once a year, at the customer's cost, with 30 days notice.

## Term, renewal and termination
- **Standard**: 12-month terms renewing automatically for 12 months unless either side gives 60 days notice.
- **Fallback**: 30 days notice; termination for convenience only at renewal.
- Price increases on renewal capped at 7% (fallback: CPI + 3%).

## Payment
- **Standard**: annual in advance, net 30.
- **Fallback**: quarterly in advance for Enterprise above $100,000 ARR. Longer terms need the CFO.

## Service levels
99.9% monthly uptime on Enterprise only; service credits are the sole remedy and capped at 10% of monthly fees.

## Governing law
Standard: California law, San Francisco courts. Fallback: England and Wales for EU and UK customers; Singapore law for APAC customers.

## NDAs
Mutual NDAs on ACME's template can be signed by any Sales manager. Unilateral or customer-paper NDAs go to Legal.

## Turnaround
Legal reviews standard-paper deals within 2 business days and customer paper within 5. Send the whole document with the deal context (ARR, term, segment) in one request.
`;

export const legalPlaybookBase: DemoKnowledgeBase = {
  id: 'legal-playbook',
  name: 'Legal playbook',
  description:
    'ACME positions and fallbacks for customer contracts: liability, indemnities, data protection, terms.',
  kind: 'topic',
  documents: [
    {
      id: 'contract-playbook',
      title: 'Contract playbook',
      fileName: 'contract-playbook.md',
      description:
        'Standard and fallback positions per clause, what we never accept, turnaround times.',
      content: contractPlaybook,
    },
  ],
  assignments: [{ kind: 'position', positionId: 'pos-legal-counsel' }],
};
