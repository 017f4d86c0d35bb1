import {
  type ChatRequest,
  OFFLINE_MARKER,
  type OfflineReply,
  parseInjectedFiles,
  textOf,
} from '../internal/offline-reply.js';

/** What OpenClaw asks an agent to reply when its heartbeat finds nothing to do. */
export const HEARTBEAT_ACK = 'HEARTBEAT_OK';

/** OpenClaw 2026.3.24's default heartbeat prompt (docs/gateway/heartbeat.md). */
export const DEFAULT_HEARTBEAT_PROMPT =
  'Read HEARTBEAT.md if it exists (workspace context). Follow it strictly. Do not infer or repeat old tasks from prior chats. If nothing needs attention, reply HEARTBEAT_OK.';

// OpenClaw's system prompt states the heartbeat prompt it will poll with ("## Heartbeats").
const DECLARED_PROMPT = /^Heartbeat prompt:\s*(.+?)\s*$/m;

/**
 * Whether the last user message is a heartbeat poll: it carries the heartbeat prompt the system
 * prompt declares (OpenClaw's own rule: "a user message matching the heartbeat prompt above"),
 * or OpenClaw's default one when none is declared. OpenClaw may wrap the message (a timestamp
 * envelope), so the prompt only has to be contained in it.
 */
export function isHeartbeatPoll(systemPrompt: string, userText: string): boolean {
  const declared = DECLARED_PROMPT.exec(systemPrompt)?.[1] ?? DEFAULT_HEARTBEAT_PROMPT;
  const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
  const prompt = normalize(declared);
  return prompt.length > 0 && normalize(userText).includes(prompt);
}

/**
 * The open tasks of a HEARTBEAT.md: every line that says something, without its list marker.
 * Not tasks: blank lines, Markdown headings (OpenClaw's comment lines), HTML comments, empty list
 * items and checked boxes (`- [x] done`).
 */
export function openHeartbeatTasks(markdown: string): string[] {
  const withoutComments = markdown.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  const tasks: string[] = [];
  for (const rawLine of withoutComments.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || /^#+(\s|$)/.test(line)) continue;
    const item = /^(?:[-*+]|\d+[.)])\s*(?:\[([ xX]?)\]\s*)?(.*)$/.exec(line);
    if (item) {
      if (item[1] === 'x' || item[1] === 'X') continue;
      const text = (item[2] ?? '').trim();
      if (text) tasks.push(text);
    } else {
      tasks.push(line);
    }
  }
  return tasks;
}

function lastUserText(request: ChatRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role === 'user') return textOf(message.content);
  }
  return '';
}

/**
 * The offline model's answer to a heartbeat poll, or undefined when the request is not one. It
 * follows the heartbeat contract: with open tasks in the HEARTBEAT.md OpenClaw injected, a short
 * reminder naming them (marked as the offline model's, like every reply); with none, or no
 * HEARTBEAT.md at all, exactly the ack token — unmarked, because an ack is a protocol token
 * that OpenClaw and the platform recognise only when it stands alone. A heartbeat poll after a
 * tool round trip is left to the ordinary reply.
 */
export function composeHeartbeatReply(request: ChatRequest): OfflineReply | undefined {
  const systemPrompt = request.messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => textOf(message.content))
    .join('\n');
  if (request.messages.at(-1)?.role !== 'user') return undefined;
  if (!isHeartbeatPoll(systemPrompt, lastUserText(request))) return undefined;
  const heartbeat = parseInjectedFiles(systemPrompt).get('HEARTBEAT.md');
  const tasks = heartbeat ? openHeartbeatTasks(heartbeat.content) : [];
  if (tasks.length === 0) return { kind: 'text', text: HEARTBEAT_ACK };
  return {
    kind: 'text',
    text: `${OFFLINE_MARKER} Reminder from your heartbeat checklist:\n${tasks.map((task) => `- ${task}`).join('\n')}`,
  };
}
