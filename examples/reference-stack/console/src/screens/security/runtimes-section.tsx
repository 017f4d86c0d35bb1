import { assignGuardrail } from '../../api/security.js';
import type { Guardrails, Runtime } from '../../api/types.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { FormError } from '../../components/form-error.js';
import { formatNumber } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import { summarizePolicy } from './tool-policy.js';

/** Runtime tiers with their model, tool ceiling and guardrail (assignable by admins). */
export function RuntimesSection(props: {
  runtimes: readonly Runtime[];
  guardrails: Guardrails;
  canManage: boolean;
  onChanged: () => void;
}) {
  const assign = useAction(async (runtimeId: string, guardrailId: string | null) => {
    await assignGuardrail(runtimeId, guardrailId);
    props.onChanged();
  });
  const counters = props.guardrails.counters.byRuntime ?? {};
  const columns: Column<Runtime>[] = [
    {
      header: 'Runtime',
      render: (runtime) => (
        <>
          <strong>{runtime.name}</strong>
          <br />
          <span class="muted">{runtime.mode}</span>
        </>
      ),
    },
    { header: 'Model', render: (runtime) => <span class="mono">{runtime.model}</span> },
    { header: 'Tool ceiling', render: (runtime) => summarizePolicy(runtime.toolPolicy) },
    {
      header: 'Guardrail',
      render: (runtime) =>
        props.canManage ? (
          <select
            aria-label={`Guardrail of ${runtime.name}`}
            value={runtime.guardrailId ?? ''}
            disabled={assign.pending}
            onChange={(event) => void assign.run(runtime.id, event.currentTarget.value || null)}
          >
            <option value="">None</option>
            {props.guardrails.items.map((guardrail) => (
              <option key={guardrail.id} value={guardrail.id}>
                {guardrail.id}
              </option>
            ))}
          </select>
        ) : (
          (runtime.guardrailId ?? 'None')
        ),
    },
    {
      header: 'Checked / blocked',
      numeric: true,
      render: (runtime) => {
        const counter = counters[runtime.id];
        return counter
          ? `${formatNumber(counter.checks ?? 0)} / ${formatNumber(counter.blocks ?? 0)}`
          : '—';
      },
    },
  ];
  return (
    <section class="panel panel-wide" aria-labelledby="runtimes-title">
      <h2 id="runtimes-title">Runtimes and guardrails</h2>
      <FormError error={assign.error} />
      <DataTable
        caption="Runtimes"
        captionHidden
        columns={columns}
        rows={props.runtimes}
        rowKey={(runtime) => runtime.id}
      />
    </section>
  );
}
