import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeHeartbeatReply,
  DEFAULT_HEARTBEAT_PROMPT,
  HEARTBEAT_ACK,
  isHeartbeatPoll,
  openHeartbeatTasks,
} from './heartbeat.js';
import { OFFLINE_MARKER, type OfflineModel, startOfflineModel } from './index.js';

interface RecordedChat {
  model: string;
  stream: boolean;
  messages: { role: string; content?: unknown }[];
  tools: unknown[];
}

// A real request OpenClaw 2026.3.24 sent (Carol's first turn): its system prompt announces
// HEARTBEAT.md as [MISSING] and declares the heartbeat prompt in "## Heartbeats".
const recorded = (
  JSON.parse(
    readFileSync(new URL('../__fixtures__/openclaw-chat-requests.json', import.meta.url), 'utf8'),
  ) as RecordedChat[]
)[0] as RecordedChat;
const systemPrompt = String(recorded.messages[0]?.content);
const workspace = /## (\/\S+\/workspace)\/HEARTBEAT\.md/.exec(systemPrompt)?.[1] as string;

/** The recorded system prompt with HEARTBEAT.md injected the way OpenClaw injects an existing file. */
function promptWithHeartbeat(content: string | undefined): string {
  if (content === undefined) return systemPrompt;
  return systemPrompt.replace(
    `## ${workspace}/HEARTBEAT.md\n[MISSING] Expected at: ${workspace}/HEARTBEAT.md`,
    `## ${workspace}/HEARTBEAT.md\n${content}`,
  );
}

function chat(heartbeat: string | undefined, userText: string) {
  return {
    ...recorded,
    messages: [
      { role: 'system', content: promptWithHeartbeat(heartbeat) },
      { role: 'user', content: [{ type: 'text', text: userText }] },
    ],
  } as Parameters<typeof composeHeartbeatReply>[0];
}

const CHECKLIST = `# Heartbeat checklist

<!-- Carol keeps her recurring reminders here. -->
- [ ] Submit the November expense report
- [x] Book the offsite venue
* Send the Q4 forecast to Mike
`;

describe('offline model: heartbeat polls', () => {
  it('recognises the heartbeat prompt OpenClaw declares, also inside a timestamp envelope', () => {
    expect(systemPrompt).toContain(`Heartbeat prompt: ${DEFAULT_HEARTBEAT_PROMPT}`);
    expect(isHeartbeatPoll(systemPrompt, DEFAULT_HEARTBEAT_PROMPT)).toBe(true);
    expect(
      isHeartbeatPoll(systemPrompt, `[Mon 2026-11-02 09:30 UTC] ${DEFAULT_HEARTBEAT_PROMPT}`),
    ).toBe(true);
    expect(isHeartbeatPoll(systemPrompt, 'What is HEARTBEAT_OK?')).toBe(false);
    const custom = systemPrompt.replace(
      `Heartbeat prompt: ${DEFAULT_HEARTBEAT_PROMPT}`,
      'Heartbeat prompt: Check the deploy queue.',
    );
    expect(isHeartbeatPoll(custom, 'Check the deploy queue.')).toBe(true);
    expect(isHeartbeatPoll(custom, DEFAULT_HEARTBEAT_PROMPT)).toBe(false);
  });

  it('lists open tasks only: no headings, comments, empty items or checked boxes', () => {
    expect(openHeartbeatTasks(CHECKLIST)).toEqual([
      'Submit the November expense report',
      'Send the Q4 forecast to Mike',
    ]);
    expect(openHeartbeatTasks('# Keep this file empty\n\n# Add tasks below\n- [ ]\n-\n')).toEqual(
      [],
    );
    expect(openHeartbeatTasks('<!--\n- not a task\n-->\n1. Call the bank\n')).toEqual([
      'Call the bank',
    ]);
  });

  it('reminds of the open tasks of the injected HEARTBEAT.md, marked as the offline model', () => {
    const reply = composeHeartbeatReply(chat(CHECKLIST, DEFAULT_HEARTBEAT_PROMPT));
    expect(reply).toEqual({
      kind: 'text',
      text: `${OFFLINE_MARKER} Reminder from your heartbeat checklist:\n- Submit the November expense report\n- Send the Q4 forecast to Mike`,
    });
  });

  it('acks with exactly the token when nothing is open or HEARTBEAT.md is missing', () => {
    const ack = { kind: 'text', text: HEARTBEAT_ACK };
    expect(composeHeartbeatReply(chat('# Nothing\n- [x] Done', DEFAULT_HEARTBEAT_PROMPT))).toEqual(
      ack,
    );
    expect(composeHeartbeatReply(chat(undefined, DEFAULT_HEARTBEAT_PROMPT))).toEqual(ack);
  });

  it('leaves ordinary messages to the ordinary rules', () => {
    expect(composeHeartbeatReply(chat(CHECKLIST, 'Hello, who are you?'))).toBeUndefined();
  });
});

describe('offline model server: heartbeat polls over HTTP', () => {
  let model: OfflineModel;
  beforeAll(async () => {
    model = await startOfflineModel();
  });
  afterAll(async () => {
    await model.close();
  });

  const complete = async (body: unknown): Promise<string> => {
    const response = await fetch(`${model.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...(body as object), stream: false }),
    });
    const json = (await response.json()) as { choices: { message: { content: string } }[] };
    return json.choices[0]?.message.content ?? '';
  };

  it('answers a heartbeat poll with the reminder, an empty checklist with the bare ack', async () => {
    expect(await complete(chat(CHECKLIST, DEFAULT_HEARTBEAT_PROMPT))).toContain(
      '- Submit the November expense report',
    );
    expect(await complete(chat('# Heartbeat\n', DEFAULT_HEARTBEAT_PROMPT))).toBe(HEARTBEAT_ACK);
    // Anything else still introduces the agent, marked.
    const hello = await complete(chat(CHECKLIST, 'Hello, who are you?'));
    expect(hello.startsWith(OFFLINE_MARKER)).toBe(true);
    expect(hello).toContain('Carol Chen');
    expect(model.requests().at(-2)?.reply).toEqual({ kind: 'text', text: HEARTBEAT_ACK });
  });
});
