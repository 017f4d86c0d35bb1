import { useState } from 'preact/hooks';
import { disableTwin, enableTwin, fetchTwin } from '../../api/portal.js';
import type { TwinEnabled } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { CopyButton } from '../../components/copy-button.js';
import { FormError } from '../../components/form-error.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatDateTime, formatNumber } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import { useResource } from '../../hooks/use-resource.js';

/** The QR code the server rendered (SVG), shown as an image so that no markup is injected. */
export function QrCode(props: { svg: string; label: string }) {
  return (
    <img
      class="qr-code"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(props.svg)}`}
      alt={props.label}
      width={200}
      height={200}
    />
  );
}

function TwinLinkCard(props: { enabled: TwinEnabled }) {
  return (
    <div class="twin-link">
      <p>
        Share this link. Anyone with it can chat with your Digital Twin, an AI assistant that
        answers for you; you can read those conversations in your chat history.
      </p>
      <p class="twin-url">
        <a href={props.enabled.url} target="_blank" rel="noreferrer" data-testid="twin-url">
          {props.enabled.url}
        </a>
      </p>
      <CopyButton text={props.enabled.url} label="Copy link" />
      <QrCode svg={props.enabled.qrSvg} label="QR code of your Digital Twin link" />
      <p class="field-hint">The link is shown only now. Getting a new link stops the old one.</p>
    </div>
  );
}

/** The Digital Twin: a public link where visitors chat with an AI assistant answering for you. */
export function TwinSection() {
  const { resource, reload } = useResource(fetchTwin, []);
  const [enabled, setEnabled] = useState<TwinEnabled | undefined>(undefined);
  const turnOn = useAction(async () => {
    const result = await enableTwin();
    setEnabled(result);
    reload();
  });
  const turnOff = useAction(async () => {
    await disableTwin();
    setEnabled(undefined);
    reload();
  });
  return (
    <section class="panel" aria-labelledby="twin-title">
      <h2 id="twin-title">Digital Twin</h2>
      <AsyncContent resource={resource} what="your Digital Twin" onRetry={reload}>
        {(status) => (
          <>
            <p>
              <StatusBadge tone={status.enabled ? 'good' : 'neutral'}>
                {status.enabled ? 'On' : 'Off'}
              </StatusBadge>{' '}
              {status.link?.enabled
                ? `On since ${formatDateTime(status.link.createdAt)}.`
                : 'Visitors cannot reach your twin.'}
            </p>
            {status.link ? (
              <dl class="facts">
                <dt>Views</dt>
                <dd data-testid="twin-views">{formatNumber(status.link.viewCount)}</dd>
                <dt>Chats</dt>
                <dd data-testid="twin-chats">{formatNumber(status.link.chatCount)}</dd>
              </dl>
            ) : null}
            {enabled ? <TwinLinkCard enabled={enabled} /> : null}
            <FormError error={turnOn.error ?? turnOff.error} />
            <div class="form-actions">
              <button
                type="button"
                class="button button-primary"
                disabled={turnOn.pending}
                onClick={() => void turnOn.run()}
              >
                {status.enabled ? 'Get a new link' : 'Turn on my Digital Twin'}
              </button>
              {status.enabled ? (
                <button
                  type="button"
                  class="button"
                  disabled={turnOff.pending}
                  onClick={() => void turnOff.run()}
                >
                  Turn off
                </button>
              ) : null}
            </div>
          </>
        )}
      </AsyncContent>
    </section>
  );
}
