import { useState } from 'preact/hooks';
import { fetchChannelBindings, revokeBinding } from '../../api/channels.js';
import type { Binding, Channel } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatDateTime, formatNumber } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { CHANNEL_NAMES } from '../portal/pairing-card.js';

/** The accounts bound on one channel: who, since when, how active; disconnect one. */
export function ChannelBindings(props: { channel: Channel; directory: Directory }) {
  const { resource, reload } = useResource(
    (signal) => fetchChannelBindings(props.channel, signal),
    [props.channel],
  );
  const [disconnecting, setDisconnecting] = useState<Binding | undefined>(undefined);
  const revoke = useAction(async (binding: Binding) => {
    await revokeBinding(binding.channel, binding.channelUserId);
    setDisconnecting(undefined);
    reload();
  });
  const columns: Column<Binding>[] = [
    { header: 'Employee', render: (binding) => props.directory.employeeName(binding.employeeId) },
    { header: 'Account', render: (binding) => <span class="mono">{binding.channelUserId}</span> },
    { header: 'Paired', render: (binding) => formatDateTime(binding.pairedAt) },
    { header: 'Sessions', numeric: true, render: (binding) => formatNumber(binding.sessionCount) },
    {
      header: 'Last active',
      render: (binding) =>
        binding.lastActiveAt ? formatDateTime(binding.lastActiveAt) : 'Not yet',
    },
    {
      header: 'Actions',
      render: (binding) => (
        <button type="button" class="button button-small" onClick={() => setDisconnecting(binding)}>
          Disconnect
          <span class="visually-hidden"> {props.directory.employeeName(binding.employeeId)}</span>
        </button>
      ),
    },
  ];
  return (
    <>
      <AsyncContent
        resource={resource}
        what={`${CHANNEL_NAMES[props.channel]} accounts`}
        onRetry={reload}
        isEmpty={(bindings) => bindings.length === 0}
        empty={<EmptyState title={`Nobody has connected ${CHANNEL_NAMES[props.channel]} yet.`} />}
      >
        {(bindings) => (
          <DataTable
            caption={`${CHANNEL_NAMES[props.channel]} accounts`}
            captionHidden
            columns={columns}
            rows={bindings}
            rowKey={(binding) => binding.channelUserId}
          />
        )}
      </AsyncContent>
      <ConfirmDialog
        title="Disconnect this account?"
        open={disconnecting !== undefined}
        confirmLabel="Disconnect"
        danger
        pending={revoke.pending}
        error={revoke.error}
        onConfirm={() => disconnecting && void revoke.run(disconnecting)}
        onCancel={() => {
          revoke.clearError();
          setDisconnecting(undefined);
        }}
      >
        <p>
          {disconnecting ? props.directory.employeeName(disconnecting.employeeId) : ''}'s messages
          from this account stop reaching their agent at once. The change is audited.
        </p>
      </ConfirmDialog>
    </>
  );
}
