import { fetchChannelBindings } from '../../api/channels.js';
import { fetchKnowledgeBases } from '../../api/knowledge.js';
import { fetchDepartments, fetchEmployeePage, fetchPositions } from '../../api/organization.js';
import { fetchRuntimes } from '../../api/security.js';
import { CHANNELS } from '../../api/types.js';
import { fetchBudgets, fetchPrices } from '../../api/usage.js';
import { AsyncContent } from '../../components/async-content.js';
import { useResource } from '../../hooks/use-resource.js';
import { setupSteps } from './setup-steps.js';

async function loadFacts(signal: AbortSignal) {
  const [departments, positions, employees, runtimes, prices, knowledge, budgets, ...bindings] =
    await Promise.all([
      fetchDepartments(signal),
      fetchPositions(signal),
      fetchEmployeePage({ limit: 2, signal }),
      fetchRuntimes(signal),
      fetchPrices(signal),
      fetchKnowledgeBases(signal),
      fetchBudgets(signal),
      ...CHANNELS.map((channel) => fetchChannelBindings(channel, signal)),
    ]);
  return setupSteps({
    departments: departments.items.length,
    positions: positions.items.length,
    employees: employees.items.length,
    runtimesWithGuardrail: runtimes.items.filter((runtime) => runtime.guardrailId).length,
    modelPrices: prices.items.length,
    knowledgeBases: knowledge.items.length,
    connectedAccounts: bindings.reduce((sum, list) => sum + list.length, 0),
    budgets: budgets.items.length,
  });
}

/** What is set up and what is left, each step linking to where it is done. */
export function SetupChecklist() {
  const { resource, reload } = useResource(loadFacts, []);
  return (
    <section class="panel" aria-labelledby="setup-title">
      <h2 id="setup-title">Setup checklist</h2>
      <AsyncContent resource={resource} what="the setup checklist" onRetry={reload}>
        {(steps) => {
          const done = steps.filter((step) => step.done).length;
          return (
            <>
              <p>
                <progress max={steps.length} value={done} aria-label="Setup progress" /> {done} of{' '}
                {steps.length} done
              </p>
              <ol class="checklist">
                {steps.map((step) => (
                  <li key={step.id} class={step.done ? 'checklist-done' : undefined}>
                    <span aria-hidden="true">{step.done ? '✓' : '○'}</span>{' '}
                    <a href={step.href}>{step.label}</a>
                    <span class="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
                  </li>
                ))}
              </ol>
            </>
          );
        }}
      </AsyncContent>
    </section>
  );
}
