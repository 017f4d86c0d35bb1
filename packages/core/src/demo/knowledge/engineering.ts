import type { DemoKnowledgeBase } from '../types.js';

const engineeringPractices = `# Engineering practices

How ACME Engineering (Platform, Backend, Frontend, QA and the Solutions Architects) builds and ships ACME Flow.

## Repositories
| Repository | What | Owners |
|---|---|---|
| acme-corp/flow-engine | workflow engine (Go) | Backend |
| acme-corp/flow-api | public REST API and webhooks (TypeScript) | Backend |
| acme-corp/flow-web | web app and workflow designer (React) | Frontend |
| acme-corp/flow-connect | ACME Connect integrations | Backend |
| acme-corp/infra | Terraform, Helm charts, Argo CD apps | Platform |
| acme-corp/e2e | Playwright and API contract tests | QA |

## Work tracking
Every change has a FLOW issue. Stories carry acceptance criteria a tester can verify. Weekly bug triage is on Tuesdays; S1/S2 bugs are looked at the same day.

## Branches and reviews
- Trunk-based: short-lived branches off main, named FLOW-123-short-description.
- Pull requests stay under 400 changed lines where possible; one approval from a code owner is required, two for infra and security-sensitive code.
- Review comments are tagged blocking, should or nit. Authors resolve blocking comments before merge.
- Conventional commit messages (feat:, fix:, chore:) so release notes write themselves.

## Quality bar
- New code has tests; bug fixes come with a test that fails before the fix.
- CI on every PR: lint, type-check, unit tests, API contract tests; main also runs the end-to-end suite.
- Feature flags for anything user-visible that is not ready for every plan.

## Releases and deploys
- Releases are tagged from main (vYYYY.MM.DD.N) and go to staging automatically.
- Production deploys go through Argo CD, Monday to Thursday, 10:00-16:00 Pacific, after QA sign-off in the FLOW issue and 30 minutes of healthy staging.
- No deploys on Fridays, holidays or during an open SEV1/SEV2. Emergency fixes need approval from Chris Morgan or WJD.
- Every deploy is announced in #deploys with the tag, the FLOW issue and who deployed.

## Security
- Secrets live in AWS Secrets Manager; never in code, config files, logs or test fixtures.
- Every new endpoint checks authorization; input is validated at the edge.
- Dependencies are updated weekly by Renovate; critical CVEs are patched within 7 days.

## Interns
Interns work on Frontend and QA tasks with a buddy, have no production access, and ship through a buddy's review and deploy.
`;

export const engineeringHandbook: DemoKnowledgeBase = {
  id: 'engineering-handbook',
  name: 'Engineering handbook',
  description:
    'Repositories, work tracking, reviews, quality bar, release and deploy rules for Engineering.',
  kind: 'topic',
  documents: [
    {
      id: 'engineering-practices',
      title: 'Engineering practices',
      fileName: 'engineering-practices.md',
      description:
        'Repositories and owners, FLOW issues, branching, reviews, CI, deploy window, security.',
      content: engineeringPractices,
    },
  ],
  assignments: [
    { kind: 'position', positionId: 'pos-solutions-architect' },
    { kind: 'position', positionId: 'pos-software-engineer' },
    { kind: 'position', positionId: 'pos-devops-engineer' },
    { kind: 'position', positionId: 'pos-qa-engineer' },
  ],
};
