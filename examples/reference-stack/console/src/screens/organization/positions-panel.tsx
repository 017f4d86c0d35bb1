import { useState } from 'preact/hooks';
import { deletePosition } from '../../api/organization.js';
import type { Position } from '../../api/types.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { DeleteDialog } from '../../components/delete-dialog.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatNumber } from '../../format/locale.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useSignedIn } from '../../session/session-context.js';
import { CHANNEL_NAMES } from '../portal/pairing-card.js';
import { PositionForm } from './position-form.js';

type Editing = { kind: 'create' } | { kind: 'edit'; position: Position } | undefined;

/** Positions with their department, holders and IM channels; create, edit, guarded delete. */
export function PositionsPanel(props: { directory: Directory; onChanged: () => void }) {
  const { capabilities } = useSignedIn();
  const { directory } = props;
  const [editing, setEditing] = useState<Editing>(undefined);
  const [deleting, setDeleting] = useState<Position | undefined>(undefined);
  const holders = (position: Position) =>
    directory.employees.filter((employee) => employee.positionId === position.id).length;
  const columns: Column<Position>[] = [
    { header: 'Position', render: (position) => position.name },
    { header: 'Department', render: (position) => directory.departmentName(position.departmentId) },
    { header: 'People', numeric: true, render: (position) => formatNumber(holders(position)) },
    {
      header: 'IM channels',
      render: (position) =>
        position.imChannels.map((channel) => CHANNEL_NAMES[channel]).join(', ') || 'None',
    },
    { header: 'Runtime', render: (position) => position.runtimeId ?? 'Default' },
    {
      header: 'Actions',
      render: (position) => (
        <span class="row-actions">
          <button
            type="button"
            class="button button-small"
            onClick={() => setEditing({ kind: 'edit', position })}
          >
            Edit<span class="visually-hidden"> {position.name}</span>
          </button>
          {capabilities.manageStructure ? (
            <button type="button" class="button button-small" onClick={() => setDeleting(position)}>
              Delete<span class="visually-hidden"> {position.name}</span>
            </button>
          ) : null}
        </span>
      ),
    },
  ];
  const rows = [...directory.positions].sort((first, second) =>
    first.name.localeCompare(second.name),
  );
  return (
    <>
      {capabilities.manageStructure ? (
        <p>
          <button
            type="button"
            class="button button-primary"
            onClick={() => setEditing({ kind: 'create' })}
          >
            New position
          </button>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title="No positions yet." />
      ) : (
        <DataTable
          caption="Positions"
          captionHidden
          columns={columns}
          rows={rows}
          rowKey={(position) => position.id}
        />
      )}
      <Dialog
        title={editing?.kind === 'edit' ? `Edit ${editing.position.name}` : 'New position'}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <PositionForm
            directory={directory}
            {...(editing.kind === 'edit' ? { position: editing.position } : {})}
            onSaved={() => {
              setEditing(undefined);
              props.onChanged();
            }}
          />
        ) : null}
      </Dialog>
      <DeleteDialog
        open={deleting !== undefined}
        what={deleting ? `the position ${deleting.name}` : ''}
        nameOf={(_kind, id) => directory.employeeName(id)}
        onDelete={(force) => deletePosition(deleting?.id ?? '', force)}
        onDone={() => {
          setDeleting(undefined);
          props.onChanged();
        }}
        onCancel={() => setDeleting(undefined)}
      />
    </>
  );
}
