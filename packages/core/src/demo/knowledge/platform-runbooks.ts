import type { DemoKnowledgeBase } from '../types.js';

const incidentRunbook = `# Incident runbook

For production incidents in ACME Flow. Owner: Platform (Chris Morgan). On-call: one Platform and one Backend engineer each week, rotating Monday 10:00 Pacific, scheduled in PagerDuty service "acme-flow-prod".

## Severity
| Severity | Meaning | Page | Status page |
|---|---|---|---|
| SEV1 | outage, data loss or security breach affecting many customers | immediately, plus WJD | within 15 min |
| SEV2 | a major feature broken, or one enterprise customer down | immediately | within 30 min |
| SEV3 | degraded with a workaround | next business hours | optional |

When in doubt, pick the higher severity; downgrading later is cheap.

## First 30 minutes
1. Declare: create #inc-YYYYMMDD-short-name and post the severity and what you see.
2. Page on-call through PagerDuty for SEV1/SEV2.
3. Roles: incident commander (coordinates, decides), operator (hands on keyboard), communications (Customer Success: Emma Chen or Grace Hall for customer updates).
4. Mitigate before diagnosing: roll back the last deploy (argocd app rollback), disable the feature flag, scale out workers, or fail over the database.
5. Keep a timeline in the channel in UTC.

## Useful checks
- Dashboards: Datadog "Flow overview" (error rate, p95 latency, queue depth, run backlog).
- Recent deploys: #deploys channel and argocd app history flow-<service>-prod.
- Database: RDS Performance Insights for the flow-prod cluster; failover is a one-click action in the RDS console and takes about 60 seconds.
- Queues: the run backlog above 50,000 jobs for 10 minutes means workers are stuck; restart the flow-worker deployment.

## Communication
- Status page: statuspage.acme.example. No customer names, no speculation about causes.
- Enterprise customers with a named CSM get a direct email from Customer Success within one hour of a SEV1.
- Update every 30 minutes until resolved, even when there is nothing new.

## After the incident
- Resolve when metrics are normal for 30 minutes.
- Postmortem within 5 business days: timeline, impact (customers, minutes, failed runs), root cause, what went well, action items as FLOW issues with owners. Blameless: systems and decisions, not people.
`;

export const platformRunbooks: DemoKnowledgeBase = {
  id: 'platform-runbooks',
  name: 'Platform runbooks',
  description:
    'How ACME handles production incidents: severities, on-call, first response, communication, postmortems.',
  kind: 'topic',
  documents: [
    {
      id: 'incident-runbook',
      title: 'Incident runbook',
      fileName: 'incident-runbook.md',
      description:
        'Severity levels, paging, first 30 minutes, useful checks, status page, postmortems.',
      content: incidentRunbook,
    },
  ],
  assignments: [
    { kind: 'position', positionId: 'pos-devops-engineer' },
    { kind: 'position', positionId: 'pos-software-engineer' },
    { kind: 'position', positionId: 'pos-platform-admin' },
  ],
};
