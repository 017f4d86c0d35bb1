import { useState } from 'preact/hooks';
import { revokeMyBinding } from '../../api/channels.js';
import type { Binding } from '../../api/types.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatDateTime, formatNumber } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import { CHANNEL_NAMES } from './pairing-card.js';

/** The IM accounts bound to the employee, each with a way to disconnect it. */
export function ConnectedAccounts(props: { bindings: readonly Binding[]; onChanged: () => void }) {
  const [disconnecting, setDisconnecting] = useState<Binding | undefined>(undefined);
  const revoke = useAction(async (binding: Binding) => {
    await revokeMyBinding(binding.channel, binding.channelUserId);
    setDisconnecting(undefined);
    props.onChanged();
  });
  if (props.bindings.length === 0) {
    return <EmptyState title="No IM account is connected yet." />;
  }
  const columns: Column<Binding>[] = [
    { header: 'Channel', render: (binding) => CHANNEL_NAMES[binding.channel] },
    { header: 'Account', render: (binding) => binding.channelUserId },
    { header: 'Paired', render: (binding) => formatDateTime(binding.pairedAt) },
    {
      header: 'Last active',
      render: (binding) =>
        binding.lastActiveAt ? formatDateTime(binding.lastActiveAt) : 'Not yet',
    },
    { header: 'Sessions', numeric: true, render: (binding) => formatNumber(binding.sessionCount) },
    {
      header: 'Actions',
      render: (binding) => (
        <button type="button" class="button" onClick={() => setDisconnecting(binding)}>
          Disconnect<span class="visually-hidden"> {CHANNEL_NAMES[binding.channel]}</span>
        </button>
      ),
    },
  ];
  return (
    <>
      <DataTable
        caption="Connected IM accounts"
        captionHidden
        columns={columns}
        rows={props.bindings}
        rowKey={(binding) => `${binding.channel}:${binding.channelUserId}`}
      />
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
          Messages from this {disconnecting ? CHANNEL_NAMES[disconnecting.channel] : ''} account
          stop reaching your agent at once. You can connect it again later.
        </p>
      </ConfirmDialog>
    </>
  );
}
