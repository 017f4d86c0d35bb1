import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ImTestStack,
  startImStackOnOpenClaw,
  startPairing,
  telegramUpdate,
} from '../im/__fixtures__/im-stack.js';
import { HEARTBEAT_HISTORY_MESSAGE, heartbeatFileKey } from './scheduler.js';

const PEOPLE = {
  'emp-emma': 5_093_117_722,
  'emp-mike': 5_093_117_723,
  'emp-ryan': 5_093_117_724,
} as const;
type Person = keyof typeof PEOPLE;

const EMMA_HEARTBEAT = `# Heartbeat checklist

<!-- Emma's recurring reminders -->
- [ ] Send the renewal quote to Globex
- [x] Update the CRM notes
- Prepare the Friday customer review
`;

describe('heartbeats with real OpenClaw (offline model) to Telegram', () => {
  let stack: ImTestStack;

  const pair = async (employeeId: Person) => {
    const userId = PEOPLE[employeeId];
    const code = await startPairing(stack, employeeId, 'telegram');
    await stack.webhook('telegram', telegramUpdate(`/start ${code}`, { userId }));
    await stack.idle();
    await stack.webhook('telegram', telegramUpdate('BIND', { userId }));
    await stack.idle();
    const binding = await stack.stores.org.getBinding('telegram', String(userId));
    if (binding?.employeeId !== employeeId) throw new Error(`${employeeId} is not bound`);
  };
  const sentTo = (employeeId: Person) =>
    stack.telegram
      .callsOf('sendMessage')
      .filter((call) => String(call.params.chat_id) === String(PEOPLE[employeeId]));

  beforeAll(async () => {
    stack = await startImStackOnOpenClaw('heartbeat');
    const { stores } = stack;
    for (const person of Object.keys(PEOPLE) as Person[]) await pair(person);
    await stores.blobs.put(heartbeatFileKey('emp-emma'), EMMA_HEARTBEAT);
    await stores.blobs.put(heartbeatFileKey('emp-mike'), '# Checklist\n- [x] Close the books\n');
    await stores.blobs.put(
      heartbeatFileKey('emp-ryan'),
      '# Keep this file empty (or with only comments) to skip heartbeat API calls.\n\n# Add tasks below when you want the agent to check something periodically.\n',
    );
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  it('reminds Emma in her Telegram chat, acks silently for Mike, runs nothing for Ryan', async () => {
    const before = {
      emma: sentTo('emp-emma').length,
      mike: sentTo('emp-mike').length,
      ryan: sentTo('emp-ryan').length,
    };
    // An administrator runs the heartbeat now, over the API (the timer calls the same runOnce).
    const response = await stack.call('POST', '/api/v1/heartbeat/run', { as: 'emp-admin' });
    expect(response.status, stack.logged.join('\n')).toBe(200);
    const run = response.json() as { outcomes: unknown[] };

    expect(run.outcomes, stack.logged.join('\n')).toEqual([
      { employeeId: 'emp-emma', result: 'reminded', channel: 'telegram' },
      { employeeId: 'emp-mike', result: 'acknowledged' },
    ]);
    const emma = sentTo('emp-emma');
    expect(emma).toHaveLength(before.emma + 1);
    const reminder = String(emma.at(-1)?.params.text);
    expect(reminder).toContain('offline model');
    expect(reminder).toContain('Send the renewal quote to Globex');
    expect(reminder).toContain('Prepare the Friday customer review');
    expect(reminder).not.toContain('Update the CRM notes');
    expect(sentTo('emp-mike')).toHaveLength(before.mike);
    expect(sentTo('emp-ryan')).toHaveLength(before.ryan);
    // Mike's ack came from a real turn (usage recorded); Ryan's empty file ran none.
    const today = new Date().toISOString().slice(0, 10);
    const turnsOf = async (employeeId: Person) =>
      (await stack.stores.usage.byEmployee(employeeId, { from: today, to: today })).total.turns;
    expect(await turnsOf('emp-emma')).toBe(1);
    expect(await turnsOf('emp-mike')).toBe(1);
    expect(await turnsOf('emp-ryan')).toBe(0);

    // Audited as the agent's reminder, without its text (the employee's private memory).
    const audited = await stack.stores.audit.query({ type: 'im.notice-sent' });
    expect(audited.items).toHaveLength(1);
    expect(audited.items[0]).toMatchObject({
      employeeId: 'emp-emma',
      actor: { kind: 'system', id: 'heartbeat' },
      details: { source: 'heartbeat', channel: 'telegram' },
    });
    expect(JSON.stringify(audited.items[0])).not.toContain('Globex');

    // Emma's portal history shows the labelled reminder; Mike's ack left nothing.
    const history = await stack.call('GET', '/api/v1/portal/history', { as: 'emp-emma' });
    const [session] = (history.json() as { items: { sessionId: string }[] }).items;
    expect(session?.sessionId).toMatch(/^emp__emp-emma__/);
    const messages = await stack.call(
      'GET',
      `/api/v1/portal/history/${session?.sessionId as string}`,
      { as: 'emp-emma' },
    );
    const texts = (messages.json() as { messages: { role: string; text: string }[] }).messages;
    expect(texts.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(texts[0]?.text).toBe(HEARTBEAT_HISTORY_MESSAGE);
    expect(texts[1]?.text).toContain('Send the renewal quote to Globex');
    const mike = await stack.call('GET', '/api/v1/portal/history', { as: 'emp-mike' });
    expect((mike.json() as { items: unknown[] }).items).toEqual([]);
  }, 240_000);
});
