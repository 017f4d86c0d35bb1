import { useState } from 'preact/hooks';
import { fetchMyBindings, fetchPairingStatus, startPairing } from '../../api/channels.js';
import { CHANNELS, type Channel, type PairingStart } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { AsyncContent } from '../../components/async-content.js';
import { FormError } from '../../components/form-error.js';
import { PageHeader } from '../../components/page-header.js';
import { useAction } from '../../hooks/use-action.js';
import { usePolling } from '../../hooks/use-polling.js';
import { useResource } from '../../hooks/use-resource.js';
import { ConnectedAccounts } from './connected-accounts.js';
import { CHANNEL_NAMES, PairingCard } from './pairing-card.js';

/** How often the page asks whether pairing completed. */
const PAIRING_POLL_MS = 3_000;

/**
 * Connect an IM account: choose the channel, scan the QR code or open the link, and the page
 * notices by itself when the bot confirmed the code.
 */
export default function ConnectScreen() {
  const [channel, setChannel] = useState<Channel>('telegram');
  const [pairing, setPairing] = useState<PairingStart | undefined>(undefined);
  const [connected, setConnected] = useState<string | undefined>(undefined);
  const bindings = useResource(fetchMyBindings, []);
  const start = useAction(async () => {
    setConnected(undefined);
    setPairing(await startPairing(channel));
  });

  const knownAccounts = new Set(
    (bindings.resource.data?.items ?? []).map(
      (binding) => `${binding.channel}:${binding.channelUserId}`,
    ),
  );
  usePolling(
    () => {
      if (!pairing) return;
      fetchPairingStatus().then(
        (status) => {
          const added = status.bound.find(
            (binding) =>
              binding.channel === pairing.channel &&
              !knownAccounts.has(`${binding.channel}:${binding.channelUserId}`),
          );
          if (added) {
            setPairing(undefined);
            setConnected(
              `${CHANNEL_NAMES[pairing.channel]} is connected. Messages you send there reach your agent.`,
            );
            bindings.reload();
          }
        },
        () => {
          // a missed poll is retried on the next tick
        },
      );
    },
    PAIRING_POLL_MS,
    pairing !== undefined && bindings.resource.status === 'ready',
  );

  return (
    <>
      <PageHeader
        title="Connect IM"
        description="Chat with your agent from Telegram, Discord or Feishu. The conversation is the same as in the portal."
      />
      <section class="panel" aria-labelledby="pair-title">
        <h2 id="pair-title">Connect an account</h2>
        <ActionForm class="form" action={start}>
          <fieldset class="choice-group">
            <legend>Channel</legend>
            {CHANNELS.map((option) => (
              <label key={option} class="choice">
                <input
                  type="radio"
                  name="channel"
                  value={option}
                  checked={channel === option}
                  onChange={() => setChannel(option)}
                />
                {CHANNEL_NAMES[option]}
              </label>
            ))}
          </fieldset>
          <FormError error={start.error} />
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={start.pending}>
              {start.pending ? 'Getting a code…' : `Connect ${CHANNEL_NAMES[channel]}`}
            </button>
          </div>
        </ActionForm>
        {pairing ? <PairingCard pairing={pairing} /> : null}
        {pairing ? (
          <p class="muted" role="status">
            Waiting for you to send the code… this page updates by itself.
          </p>
        ) : null}
        {connected ? (
          <p class="notice notice-success" role="status">
            {connected}
          </p>
        ) : null}
      </section>
      <section class="panel" aria-labelledby="accounts-title">
        <h2 id="accounts-title">Connected accounts</h2>
        <AsyncContent
          resource={bindings.resource}
          what="your IM accounts"
          onRetry={bindings.reload}
        >
          {(data) => <ConnectedAccounts bindings={data.items} onChanged={bindings.reload} />}
        </AsyncContent>
      </section>
    </>
  );
}
