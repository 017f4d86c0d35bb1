import type { DemoKnowledgeBase } from '../types.js';

const workingAtAcme = `# Working at ACME

ACME Corp builds ACME Flow, a workflow automation platform used by about 2,400 companies. We are 27 people in seven departments: Engineering, Sales, Product, Finance, HR & Admin, Customer Success, and Legal & Compliance. The company directory lists everyone and what they do.

## Hours and location
- Core hours are 10:00-15:00 in your own time zone; outside them, plan your day as you like.
- We are remote-first with offices in San Francisco and Shanghai. Book a desk in the office app the day before.
- Put focus time in your calendar as "Focus"; colleagues and agents will not schedule over it.

## Communication
- Chat for quick questions, email for external parties and anything that needs a record.
- Decisions go in writing: a FLOW issue, a decision log or a meeting note with owners and dates.
- Reply to colleagues within one business day, to customers within four business hours.

## Your Clawforce agent
Everyone has a personal agent on the portal and in Telegram, Discord or Feishu (whichever your position allows). It knows your role, your preferences (edit them in your profile) and the knowledge bases assigned to you. Shared agents help everyone: **IT Help Desk** for IT problems, **HR Onboarding** for new joiners.

## Expenses
- Receipts are required for anything over $25.
- Meals while traveling: up to $75 per day. Client meals: list the attendees.
- Flights: economy under 6 hours, premium economy above.
- Submit in Expensify within 30 days; your manager approves, Finance pays within 10 business days.

## Equipment
Your laptop is ACME property: keep the disk encrypted, the screen locked when away, and updates on. Report loss or theft to security@acme.example immediately.

## Who to ask
- IT: the IT Help Desk agent, or an ITHELP ticket.
- People questions: Jenny Liu or Maya Singh (HR & Admin).
- Money and expenses: Finance (Carol Zhang, David Park).
- Contracts and anything legal: Rachel Li (Legal & Compliance).
`;

const benefitsAndLeave = `# Benefits and leave

This summarizes ACME's benefits for full-time employees. The plan documents on the HR portal are authoritative; HR (Jenny Liu, Maya Singh) answers questions.

## Time off
- **Vacation**: 20 days per year, accrued monthly; up to 5 unused days carry over to March 31.
- **Public holidays**: the holidays of your country of employment, plus ACME's company week (December 24-31).
- **Sick leave**: as needed, no fixed cap. More than 3 consecutive days: tell HR so we can help.
- **Parental leave**: 16 weeks fully paid for every parent, within 12 months of birth or adoption.
- **Bereavement**: 5 days for close family, 2 days for extended family.
- Request time off in the HR portal at least two weeks ahead for anything longer than 3 days, and set an out-of-office reply.

## Health and wellbeing
- Medical, dental and vision coverage from day one; ACME pays 90% of the employee premium and 75% for dependants.
- Employee Assistance Program: free, confidential counseling, 24/7.
- Wellbeing allowance: $50 per month for gym, classes or apps.

## Money
- Salaries are paid on the last business day of each month.
- 401(k) in the US with a 4% match, vesting immediately; local pension schemes elsewhere.
- Learning budget: $1,500 per year for courses, books and conferences, approved by your manager.
- Home office: $500 once when you join for a desk, chair or monitor.

## Enrollment deadlines
New employees enroll in benefits within 30 days of their start date. Outside that window, changes are possible only at open enrollment (November) or after a life event (marriage, birth, loss of other coverage) reported within 30 days.

## Interns
Interns receive paid sick leave and public holidays, the wellbeing allowance and a learning budget of $500. Vacation and retirement plans do not apply.
`;

export const employeeHandbook: DemoKnowledgeBase = {
  id: 'employee-handbook',
  name: 'Employee handbook',
  description:
    'How we work at ACME: hours, communication, expenses, equipment, benefits and leave.',
  kind: 'topic',
  documents: [
    {
      id: 'working-at-acme',
      title: 'Working at ACME',
      fileName: 'working-at-acme.md',
      description: 'Hours, locations, communication norms, Clawforce agents, expenses, equipment.',
      content: workingAtAcme,
    },
    {
      id: 'benefits-and-leave',
      title: 'Benefits and leave',
      fileName: 'benefits-and-leave.md',
      description: 'Vacation, holidays, sick and parental leave, health cover, 401(k), enrollment.',
      content: benefitsAndLeave,
    },
  ],
  assignments: [{ kind: 'everyone' }],
};
