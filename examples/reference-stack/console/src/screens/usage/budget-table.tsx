import { useState } from 'preact/hooks';
import type { Budget, BudgetScope } from '../../api/types.js';
import {
  deleteBudget,
  fetchBudget,
  fetchBudgets,
  mapWithLimit,
  setBudget,
} from '../../api/usage.js';
import { ActionForm } from '../../components/action-form.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { Dialog } from '../../components/dialog.js';
import { EmployeeSelect } from '../../components/employee-select.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { formatUsd } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';

const scopeOf = (budget: Budget): BudgetScope =>
  budget.scope === 'employee' ? 'employees' : 'departments';

function BudgetForm(props: { directory: Directory; onSaved: () => void }) {
  const [scope, setScope] = useState<BudgetScope>('departments');
  const [id, setId] = useState('');
  const [limit, setLimit] = useState('');
  const [mode, setMode] = useState<'hard' | 'soft'>('soft');
  const action = useAction(async () => {
    await setBudget(scope, id, { monthlyLimitUsd: Number(limit), mode });
    props.onSaved();
  });
  return (
    <ActionForm class="form" action={action}>
      <Field id="budget-scope" label="For">
        <select
          id="budget-scope"
          value={scope}
          onChange={(event) => {
            setScope(event.currentTarget.value as BudgetScope);
            setId('');
          }}
        >
          <option value="departments">A department (with everything under it)</option>
          <option value="employees">One employee</option>
        </select>
      </Field>
      {scope === 'departments' ? (
        <Field id="budget-department" label="Department">
          <select
            id="budget-department"
            required
            value={id}
            onChange={(event) => setId(event.currentTarget.value)}
          >
            <option value="">Choose a department</option>
            {props.directory.departments.map((department) => (
              <option key={department.id} value={department.id}>
                {department.name}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field id="budget-employee" label="Employee">
          <EmployeeSelect
            id="budget-employee"
            directory={props.directory}
            value={id}
            onChange={setId}
          />
        </Field>
      )}
      <Field
        id="budget-limit"
        label="Monthly limit (USD)"
        error={fieldError(action.error, 'monthlyLimitUsd')}
      >
        <input
          id="budget-limit"
          type="number"
          min={0}
          step="any"
          required
          value={limit}
          onInput={(event) => setLimit(event.currentTarget.value)}
        />
      </Field>
      <Field id="budget-mode" label="At the limit">
        <select
          id="budget-mode"
          value={mode}
          onChange={(event) => setMode(event.currentTarget.value as 'hard' | 'soft')}
        >
          <option value="soft">Warn (replies go on)</option>
          <option value="hard">Stop replies until next month</option>
        </select>
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending || !id}>
          {action.pending ? 'Saving…' : 'Save budget'}
        </button>
      </div>
    </ActionForm>
  );
}

/** Monthly budgets with this month's spend; admins set and remove them. */
export function BudgetTable(props: { directory: Directory; canManage: boolean }) {
  const { resource, reload } = useResource(async (signal) => {
    const budgets = await fetchBudgets(signal);
    return mapWithLimit(budgets.items, 4, async (budget) => ({
      budget,
      spentUsd: (await fetchBudget(scopeOf(budget), budget.id, signal)).spentUsd,
    }));
  }, []);
  const [adding, setAdding] = useState(false);
  const remove = useAction(async (budget: Budget) => {
    await deleteBudget(scopeOf(budget), budget.id);
    reload();
  });
  type Row = { budget: Budget; spentUsd: number };
  const columns: Column<Row>[] = [
    {
      header: 'For',
      render: (row) =>
        row.budget.scope === 'employee'
          ? props.directory.employeeName(row.budget.id)
          : `${props.directory.departmentName(row.budget.id)} (department)`,
    },
    { header: 'Limit', numeric: true, render: (row) => formatUsd(row.budget.monthlyLimitUsd) },
    { header: 'Spent', numeric: true, render: (row) => formatUsd(row.spentUsd) },
    { header: 'At the limit', render: (row) => (row.budget.mode === 'hard' ? 'Stop' : 'Warn') },
    ...(props.canManage
      ? [
          {
            header: 'Actions',
            render: (row: Row) => (
              <button
                type="button"
                class="button button-small"
                disabled={remove.pending}
                onClick={() => void remove.run(row.budget)}
              >
                Remove<span class="visually-hidden"> budget</span>
              </button>
            ),
          },
        ]
      : []),
  ];
  return (
    <section class="panel" aria-labelledby="budgets-title">
      <div class="panel-heading">
        <h2 id="budgets-title">Budgets</h2>
        {props.canManage ? (
          <button type="button" class="button button-small" onClick={() => setAdding(true)}>
            Set a budget
          </button>
        ) : null}
      </div>
      <FormError error={remove.error} />
      <AsyncContent
        resource={resource}
        what="budgets"
        onRetry={reload}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <DataTable
            caption="Budgets"
            captionHidden
            columns={columns}
            rows={rows}
            rowKey={(row) => `${row.budget.scope}:${row.budget.id}`}
          />
        )}
      </AsyncContent>
      <Dialog title="Set a budget" open={adding} onClose={() => setAdding(false)}>
        {adding ? (
          <BudgetForm
            directory={props.directory}
            onSaved={() => {
              setAdding(false);
              reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}
