/**
 * OpenClaw's heartbeat contract (docs/gateway/heartbeat.md of 2026.3.24), as the stack applies it
 * when it runs heartbeat turns itself: the prompt, the ack token and when a HEARTBEAT.md has
 * nothing to run for. Pure.
 */

/** OpenClaw's default heartbeat prompt, sent verbatim as the user message. */
export const HEARTBEAT_PROMPT =
  'Read HEARTBEAT.md if it exists (workspace context). Follow it strictly. Do not infer or repeat old tasks from prior chats. If nothing needs attention, reply HEARTBEAT_OK.';

/** The reply that means "nothing needs attention". */
export const HEARTBEAT_TOKEN = 'HEARTBEAT_OK';

/** OpenClaw's `ackMaxChars` default: an ack may carry this much text and still be an ack. */
export const HEARTBEAT_ACK_MAX_CHARACTERS = 300;

/**
 * Whether a HEARTBEAT.md gives a heartbeat nothing to do, so no turn runs (OpenClaw skips those
 * to save model calls): only blank lines, Markdown headings (OpenClaw's comment lines), empty
 * list items or checkboxes, and HTML comments.
 */
export function isHeartbeatFileEffectivelyEmpty(markdown: string): boolean {
  const withoutComments = markdown.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  return withoutComments.split('\n').every((rawLine) => {
    const line = rawLine.trim();
    return line === '' || /^#+(\s|$)/.test(line) || /^[-*+]\s*(\[[\sxX]?\]\s*)?$/.test(line);
  });
}

export type HeartbeatReply =
  | { readonly kind: 'ack' }
  | { readonly kind: 'alert'; readonly text: string };

// Models wrap the token in emphasis or code, or HTML in some channels; judge the bare text too.
const stripMarkup = (text: string) =>
  text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/^[*`~_]+/, '')
    .replace(/[*`~_]+$/, '');

/** Removes the token where it starts or ends the text (a few punctuation marks may follow it). */
function stripTokenAtEdges(input: string): { text: string; stripped: boolean } {
  let text = input.trim();
  let stripped = false;
  const atEnd = /HEARTBEAT_OK[^\w]{0,4}$/;
  for (;;) {
    if (text.startsWith(HEARTBEAT_TOKEN)) {
      text = text.slice(HEARTBEAT_TOKEN.length).trim();
    } else if (atEnd.test(text)) {
      text = text.slice(0, text.lastIndexOf(HEARTBEAT_TOKEN)).trim();
    } else {
      break;
    }
    stripped = true;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), stripped };
}

/**
 * What a heartbeat turn's reply means, as OpenClaw judges it during heartbeats: empty, or the
 * token at its start or end with at most {@link HEARTBEAT_ACK_MAX_CHARACTERS} of other text, is
 * an ack (OpenClaw itself may already have dropped a bare token, leaving an empty reply); the
 * token in the middle of a reply is not special; anything else is an alert to deliver.
 */
export function heartbeatReplyOf(reply: string): HeartbeatReply {
  const trimmed = reply.trim();
  if (trimmed === '') return { kind: 'ack' };
  const bare = stripMarkup(trimmed);
  if (!trimmed.includes(HEARTBEAT_TOKEN) && !bare.includes(HEARTBEAT_TOKEN)) {
    return { kind: 'alert', text: trimmed };
  }
  const original = stripTokenAtEdges(trimmed);
  const picked = original.stripped && original.text ? original : stripTokenAtEdges(bare);
  if (!picked.stripped) return { kind: 'alert', text: trimmed };
  if (picked.text.length <= HEARTBEAT_ACK_MAX_CHARACTERS) return { kind: 'ack' };
  return { kind: 'alert', text: picked.text };
}
