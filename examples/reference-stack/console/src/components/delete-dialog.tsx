import { useState } from 'preact/hooks';
import { isApiError } from '../api/api-error.js';
import type { DeletionReport } from '../api/types.js';
import { ConfirmDialog } from './confirm-dialog.js';

/** The blockers a 409 `in_use` answer names (what a forced delete would also remove). */
export function blockersOf(error: unknown): Partial<DeletionReport> | undefined {
  if (!isApiError(error, 'in_use')) return undefined;
  const details = error.details as { blockers?: Partial<DeletionReport> } | null;
  return details?.blockers;
}

function BlockerList(props: {
  blockers: Partial<DeletionReport>;
  nameOf: (kind: string, id: string) => string;
}) {
  const groups = [
    ['departments', 'Sub-departments'],
    ['positions', 'Positions'],
    ['employees', 'Employees (with their agents, IM accounts and twin links)'],
  ] as const;
  return (
    <ul class="blockers">
      {groups.map(([kind, label]) => {
        const ids = props.blockers[kind] ?? [];
        return ids.length > 0 ? (
          <li key={kind}>
            {label}: {ids.map((id) => props.nameOf(kind, id)).join(', ')}
          </li>
        ) : null;
      })}
    </ul>
  );
}

/**
 * A guarded delete: the first attempt never cascades. When the server refuses because other
 * things depend on it (409 `in_use`), the dialog lists them and asks for an explicit
 * confirmation before deleting everything (`?force=true`).
 */
export function DeleteDialog(props: {
  open: boolean;
  what: string;
  onDelete: (force: boolean) => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
  nameOf?: (kind: string, id: string) => string;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [confirmed, setConfirmed] = useState(false);
  const blockers = blockersOf(error);
  const close = () => {
    setError(undefined);
    setConfirmed(false);
    props.onCancel();
  };
  const run = async () => {
    setPending(true);
    try {
      await props.onDelete(blockers !== undefined);
      setError(undefined);
      setConfirmed(false);
      props.onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <ConfirmDialog
      title={blockers ? `${props.what} is still in use` : `Delete ${props.what}?`}
      open={props.open}
      confirmLabel={blockers ? 'Delete everything' : 'Delete'}
      danger
      pending={pending}
      disabled={blockers !== undefined && !confirmed}
      error={blockers ? undefined : error}
      onConfirm={() => void run()}
      onCancel={close}
    >
      {blockers ? (
        <>
          <p>Deleting {props.what} also deletes:</p>
          <BlockerList blockers={blockers} nameOf={props.nameOf ?? ((_kind, id) => id)} />
          <label class="choice">
            <input
              type="checkbox"
              checked={confirmed}
              onChange={(event) => setConfirmed(event.currentTarget.checked)}
            />
            I understand: delete all of it. This cannot be undone.
          </label>
        </>
      ) : (
        <p>This cannot be undone. The change is recorded in the audit trail.</p>
      )}
    </ConfirmDialog>
  );
}
