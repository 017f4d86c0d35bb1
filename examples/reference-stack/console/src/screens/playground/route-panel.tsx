import { explainRoute } from '../../api/security.js';
import type { RouteTarget } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useResource } from '../../hooks/use-resource.js';

/** A routing target in words. Pure. */
export function describeTarget(target: RouteTarget): string {
  switch (target.kind) {
    case 'local':
      return `runtime ${target.runtimeId ?? '?'} on the local pool`;
    case 'agentcore':
      return `runtime ${target.runtimeId ?? '?'} on AgentCore`;
    case 'always-on':
      return `the always-on agent ${target.agentId ?? '?'}`;
  }
}

type Step = Awaited<ReturnType<typeof explainRoute>>['steps'][number];

const columns: Column<Step>[] = [
  { header: 'Tier', render: (step) => step.tier },
  { header: 'Rule', render: (step) => <span class="mono">{step.rule}</span> },
  {
    header: 'Outcome',
    render: (step) => (
      <StatusBadge tone={step.outcome === 'matched' ? 'good' : 'neutral'}>
        {step.outcome}
      </StatusBadge>
    ),
  },
  { header: 'Detail', render: (step) => step.detail },
];

/** Where the employee's turns run and why: the route the last reply took and every rule looked at. */
export function RoutePanel(props: {
  employeeId: string;
  lastRoute: { tier: string; target: RouteTarget } | undefined;
}) {
  const { resource, reload } = useResource(
    (signal) => explainRoute(props.employeeId, signal),
    [props.employeeId],
  );
  return (
    <section class="panel" aria-labelledby="route-title">
      <h2 id="route-title">Route taken</h2>
      {props.lastRoute ? (
        <p data-testid="route-taken">
          The last reply ran on {describeTarget(props.lastRoute.target)} ({props.lastRoute.tier}{' '}
          tier).
        </p>
      ) : (
        <p>Send a message to see the route its reply takes.</p>
      )}
      <AsyncContent resource={resource} what="the routing rules" onRetry={reload}>
        {(explanation) => (
          <>
            <p class="muted">{explanation.reason}</p>
            <details>
              <summary>Every rule looked at</summary>
              <DataTable
                caption="Routing rules, in order"
                captionHidden
                columns={columns}
                rows={explanation.steps}
                rowKey={(step) => `${step.tier}:${step.rule}`}
              />
            </details>
          </>
        )}
      </AsyncContent>
    </section>
  );
}
