/** What an inbound IM message asks of the pairing flow. */
export type PairingCommand =
  | { readonly kind: 'start'; readonly payload: string }
  | { readonly kind: 'bind' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'other' };

// `/start`, optionally addressed to a bot as Telegram does in groups (`/start@AcmeBot`), then a payload.
const START = /^\/start(?:@[A-Za-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/i;
const BIND = /^\/?bind$|^绑定$/i;
const CANCEL = /^\/?cancel$|^取消$/i;

/** Reads the command in a message (an oversized payload stays in `payload`, to be refused as such). */
export function parseCommand(text: string): PairingCommand {
  const trimmed = text.trim();
  const start = START.exec(trimmed);
  if (start) return { kind: 'start', payload: (start[1] ?? '').trim() };
  if (BIND.test(trimmed)) return { kind: 'bind' };
  if (CANCEL.test(trimmed)) return { kind: 'cancel' };
  return { kind: 'other' };
}
