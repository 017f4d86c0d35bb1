import type { DemoKnowledgeBase } from '../types.js';

const peopleOperations = `# People operations

For the HR team (Jenny Liu, Maya Singh). How ACME hires, onboards and supports its people. Systems: Greenhouse (recruiting), the HR portal (records, leave, benefits), Clawforce (agents).

## Hiring
1. The hiring manager opens a requisition in Greenhouse with the approved headcount and a scorecard (4-6 attributes).
2. HR screens within 3 business days of application; hiring managers review shortlisted candidates within 2.
3. Interview loop: at most four interviews, each owning different scorecard attributes; feedback in Greenhouse within 24 hours.
4. Debrief and decision within 2 business days of the last interview. Offers are approved by the department's budget owner and HR.
5. Every candidate hears back, including rejections, within 5 business days of their last interview.

Never ask about or record age, family plans, health, religion, nationality or other protected characteristics.

## Before day 1
- Contract signed, background check complete, HR portal record created.
- IT ticket for the laptop 10 business days before the start date; accounts created 2 days before.
- Buddy assigned from the same department; Clawforce agent created with the position's defaults and added to the HR Onboarding agent's members.

## First 30 days
- Day 1: welcome call with the manager, IT setup, security training.
- Week 1: policy acknowledgements (security, code of conduct), benefits enrollment started (deadline 30 days).
- Day 30: check-in with HR; the onboarding checklist is closed or the blockers escalated to the manager.

## Interns
Summer internships run 12 weeks. Interns have a buddy and a project agreed on day 1, no production access and no customer data. Intern flags are set on their Clawforce profile so agents apply the right restrictions.

## Employee records
Records live in the HR portal only. Changes (title, department, manager, salary) need the manager's request and HR's approval, and are mirrored to Clawforce by an admin. Salary and personal data are Restricted.

## Sensitive matters
Complaints, harassment reports, investigations, accommodations and terminations are handled by Jenny Liu with Legal & Compliance (Rachel Li). Agents never decide on them; they help HR prepare and keep notes private.

## Leaving ACME
Resignations are confirmed in writing; HR schedules an exit interview, IT closes accounts at 18:00 local time on the last day, and the Clawforce agent is removed with its bindings.
`;

export const peopleOperationsBase: DemoKnowledgeBase = {
  id: 'people-operations',
  name: 'People operations',
  description:
    'Hiring, onboarding, interns, employee records, sensitive matters and offboarding for the HR team.',
  kind: 'topic',
  documents: [
    {
      id: 'people-operations',
      title: 'People operations',
      fileName: 'people-operations.md',
      description:
        'Greenhouse hiring steps, pre-boarding, first 30 days, interns, records, leavers.',
      content: peopleOperations,
    },
  ],
  assignments: [{ kind: 'position', positionId: 'pos-hr-specialist' }],
};
