import { useEffect, useState } from 'preact/hooks';
import type { PairingStart } from '../../api/types.js';
import { CopyButton } from '../../components/copy-button.js';
import { formatDateTime } from '../../format/locale.js';
import { QrCode } from './twin-section.js';

export const CHANNEL_NAMES = {
  telegram: 'Telegram',
  discord: 'Discord',
  feishu: 'Feishu',
} as const;

function useMinutesLeft(expiresAt: string): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 60_000));
}

/** How to finish pairing: scan the QR code, open the deep link, or send the code to the bot. */
export function PairingCard(props: { pairing: PairingStart }) {
  const { pairing } = props;
  const minutesLeft = useMinutesLeft(pairing.expiresAt);
  const channel = CHANNEL_NAMES[pairing.channel];
  return (
    <section class="pairing-card" aria-labelledby="pairing-title">
      <h3 id="pairing-title">Connect {channel}</h3>
      <div class="pairing-layout">
        <QrCode svg={pairing.qrSvg} label={`QR code to connect ${channel}`} />
        <div>
          <p>{pairing.link.instruction}</p>
          <p>
            <a
              class="button button-primary"
              href={pairing.link.url}
              target="_blank"
              rel="noreferrer"
            >
              Open {channel}
            </a>
          </p>
          <p>
            Your code:{' '}
            <strong class="pairing-code" data-testid="pairing-code">
              {pairing.displayCode}
            </strong>{' '}
            <CopyButton text={pairing.code} label="Copy code" />
          </p>
          <p class="muted">
            {minutesLeft > 0
              ? `The code works once, until ${formatDateTime(pairing.expiresAt)} (${minutesLeft} min left).`
              : 'The code has expired. Get a new one.'}
          </p>
        </div>
      </div>
    </section>
  );
}
