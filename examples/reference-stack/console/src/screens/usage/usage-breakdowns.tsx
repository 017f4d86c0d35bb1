import { useState } from 'preact/hooks';
import type { UsageReport } from '../../api/types.js';
import {
  fetchDepartmentUsage,
  fetchEmployeeUsage,
  mapWithLimit,
  type UsagePeriod,
} from '../../api/usage.js';
import { AsyncContent } from '../../components/async-content.js';
import { BarList } from '../../components/bar-list.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatCount, formatMicroUsd, formatNumber } from '../../format/locale.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';

const periodKey = (period: UsagePeriod) => JSON.stringify(period);

/** Cost per department (each with its subtree), largest first. */
export function DepartmentBreakdown(props: {
  departmentIds: readonly string[];
  directory: Directory;
  period: UsagePeriod;
}) {
  const { resource, reload } = useResource(
    (signal) =>
      mapWithLimit(props.departmentIds, 4, async (departmentId) => ({
        departmentId,
        report: await fetchDepartmentUsage(departmentId, props.period, signal),
      })),
    [props.departmentIds.join(' '), periodKey(props.period)],
  );
  return (
    <section class="panel" aria-labelledby="by-department-title">
      <h2 id="by-department-title">By department</h2>
      <AsyncContent
        resource={resource}
        what="usage by department"
        onRetry={reload}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <BarList
            label="Cost by department"
            items={[...rows]
              .sort(
                (first, second) =>
                  second.report.total.costMicroUsd - first.report.total.costMicroUsd,
              )
              .map((row) => ({
                key: row.departmentId,
                label: props.directory.departmentName(row.departmentId),
                value: row.report.total.costMicroUsd,
                display: `${formatMicroUsd(row.report.total.costMicroUsd)} · ${formatCount(row.report.total.turns, 'message', 'messages')}`,
              }))}
          />
        )}
      </AsyncContent>
    </section>
  );
}

interface EmployeeRow {
  readonly employeeId: string;
  readonly report: UsageReport;
}

/** Tokens and cost of each employee of one department, largest cost first. */
export function EmployeeBreakdown(props: { directory: Directory; period: UsagePeriod }) {
  const [departmentId, setDepartmentId] = useState(props.directory.departments[0]?.id ?? '');
  const employeeIds = props.directory.employees
    .filter((employee) => employee.departmentId === departmentId)
    .map((employee) => employee.id);
  const { resource, reload } = useResource(
    (signal) =>
      mapWithLimit(employeeIds, 4, async (employeeId) => ({
        employeeId,
        report: await fetchEmployeeUsage(employeeId, props.period, signal),
      })),
    [employeeIds.join(' '), periodKey(props.period)],
  );
  const columns: Column<EmployeeRow>[] = [
    { header: 'Employee', render: (row) => props.directory.employeeName(row.employeeId) },
    { header: 'Messages', numeric: true, render: (row) => formatNumber(row.report.total.turns) },
    {
      header: 'Tokens',
      numeric: true,
      render: (row) => formatNumber(row.report.total.inputTokens + row.report.total.outputTokens),
    },
    {
      header: 'Cost',
      numeric: true,
      render: (row) => formatMicroUsd(row.report.total.costMicroUsd),
    },
  ];
  return (
    <section class="panel" aria-labelledby="by-employee-title">
      <h2 id="by-employee-title">By employee</h2>
      <div class="inline-field">
        <label for="usage-breakdowns-department">Department</label>
        <select
          id="usage-breakdowns-department"
          value={departmentId}
          onChange={(event) => setDepartmentId(event.currentTarget.value)}
        >
          {props.directory.departments.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </div>
      <AsyncContent
        resource={resource}
        what="usage by employee"
        onRetry={reload}
        isEmpty={(rows) => rows.length === 0}
        empty={<EmptyState title="Nobody works directly in this department." />}
      >
        {(rows) => (
          <DataTable
            caption="Usage by employee"
            captionHidden
            columns={columns}
            rows={[...rows].sort(
              (first, second) => second.report.total.costMicroUsd - first.report.total.costMicroUsd,
            )}
            rowKey={(row) => row.employeeId}
          />
        )}
      </AsyncContent>
    </section>
  );
}

type ModelRow = UsageReport['byModel'][number];

const modelColumns: Column<ModelRow>[] = [
  { header: 'Model', render: (row) => <span class="mono">{row.model}</span> },
  { header: 'Messages', numeric: true, render: (row) => formatNumber(row.totals.turns) },
  { header: 'Input tokens', numeric: true, render: (row) => formatNumber(row.totals.inputTokens) },
  {
    header: 'Output tokens',
    numeric: true,
    render: (row) => formatNumber(row.totals.outputTokens),
  },
  { header: 'Cost', numeric: true, render: (row) => formatMicroUsd(row.totals.costMicroUsd) },
];

/** Tokens and cost per model in the period. */
export function ModelBreakdown(props: { report: UsageReport }) {
  return (
    <section class="panel" aria-labelledby="by-model-title">
      <h2 id="by-model-title">By model</h2>
      {props.report.byModel.length === 0 ? (
        <EmptyState title="No model was used in this period." />
      ) : (
        <DataTable
          caption="Usage by model"
          captionHidden
          columns={modelColumns}
          rows={props.report.byModel}
          rowKey={(row) => row.model}
        />
      )}
    </section>
  );
}
