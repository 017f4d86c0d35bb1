import { useState } from 'preact/hooks';
import { updatePosition } from '../../api/organization.js';
import type { Position, Runtime } from '../../api/types.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { Dialog } from '../../components/dialog.js';
import { FormError } from '../../components/form-error.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';
import { summarizePolicy } from './tool-policy.js';
import { ToolPolicyForm } from './tool-policy-form.js';

/** Which runtime each position's agents run on, and each position's tool policy. */
export function PositionsSection(props: {
  directory: Directory;
  runtimes: readonly Runtime[];
  defaultRuntimeId: string;
  canManage: boolean;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState<Position | undefined>(undefined);
  const assign = useAction(async (positionId: string, runtimeId: string | null) => {
    await updatePosition(positionId, { runtimeId });
    props.onChanged();
  });
  const columns: Column<Position>[] = [
    { header: 'Position', render: (position) => position.name },
    {
      header: 'Department',
      render: (position) => props.directory.departmentName(position.departmentId),
    },
    {
      header: 'Runtime',
      render: (position) =>
        props.canManage ? (
          <select
            aria-label={`Runtime of ${position.name}`}
            value={position.runtimeId ?? ''}
            disabled={assign.pending}
            onChange={(event) => void assign.run(position.id, event.currentTarget.value || null)}
          >
            <option value="">Default ({props.defaultRuntimeId})</option>
            {props.runtimes.map((runtime) => (
              <option key={runtime.id} value={runtime.id}>
                {runtime.name}
              </option>
            ))}
          </select>
        ) : (
          (position.runtimeId ?? `Default (${props.defaultRuntimeId})`)
        ),
    },
    { header: 'Tool policy', render: (position) => summarizePolicy(position.toolPolicy) },
    ...(props.canManage
      ? [
          {
            header: 'Actions',
            render: (position: Position) => (
              <button
                type="button"
                class="button button-small"
                onClick={() => setEditing(position)}
              >
                Edit tool policy<span class="visually-hidden"> of {position.name}</span>
              </button>
            ),
          },
        ]
      : []),
  ];
  return (
    <section class="panel panel-wide" aria-labelledby="positions-security-title">
      <h2 id="positions-security-title">Positions: runtime and tool policy</h2>
      <FormError error={assign.error} />
      <DataTable
        caption="Positions"
        captionHidden
        columns={columns}
        rows={[...props.directory.positions].sort((first, second) =>
          first.name.localeCompare(second.name),
        )}
        rowKey={(position) => position.id}
      />
      <Dialog
        title={editing ? `Tool policy of ${editing.name}` : ''}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <ToolPolicyForm
            position={editing}
            onSaved={() => {
              setEditing(undefined);
              props.onChanged();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}
