import {
  ClawforceError,
  createMemoryItemStore,
  type InboundMessage,
  type OutboundMessage,
} from '@clawforce/core';
import { createPairing } from '@clawforce/pairing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventDeduplicator } from './dedupe.js';
import { createInboundDispatcher, type DispatchAdapter, type PairingFlow } from './dispatcher.js';
import { openMemoryStores, seedEmployee, type TestStores } from './testing.js';

/** A platform-neutral adapter that records what it is asked to do. */
function recordingAdapter(options: { failSend?: boolean; renewalMs?: number } = {}) {
  const sent: OutboundMessage[] = [];
  const working: { chatId: string; messageId?: string | undefined }[] = [];
  const stopped: string[] = [];
  const adapter: DispatchAdapter = {
    channel: 'telegram',
    workingRenewalMs: options.renewalMs ?? 4_000,
    async receive() {
      return { kind: 'ignored', reason: 'unused' };
    },
    async send(message) {
      if (options.failSend) throw new ClawforceError('unavailable', 'platform down');
      sent.push(message);
      return { messageIds: [String(sent.length)] };
    },
    async indicateWorking(chatId, context) {
      working.push({ chatId, messageId: context?.messageId });
    },
    async stopWorking(chatId) {
      stopped.push(chatId);
    },
    pairingLink: () => ({ instruction: 'unused' }),
  };
  return { adapter, sent, working, stopped };
}

let sequence = 0;
function inbound(overrides: Partial<InboundMessage> = {}): InboundMessage {
  sequence += 1;
  return {
    channel: 'telegram',
    eventId: `event-${sequence}`,
    channelUserId: '5093117722',
    chatId: '5093117722',
    messageId: `${1_000 + sequence}`,
    text: 'hello',
    attachments: [],
    isDirectMessage: true,
    receivedAt: '2026-11-02T09:00:00.000Z',
    ...overrides,
  };
}

const boundPairing: PairingFlow = { handleInbound: async () => ({ handled: false }) };

describe('createInboundDispatcher', () => {
  const opened: TestStores[] = [];
  afterEach(async () => {
    for (const stores of opened.splice(0)) await stores.cleanup();
  });

  it('answers a bound account through the agent, in the same chat, replying to the message', async () => {
    const { adapter, sent, working, stopped } = recordingAdapter();
    const onMessage = vi.fn(async (message: InboundMessage) => `You said **${message.text}**`);
    const dispatcher = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items: createMemoryItemStore() }),
      pairing: boundPairing,
      onMessage,
    });
    const message = inbound({ text: 'hi' });
    expect(await dispatcher.dispatch(message)).toEqual({ status: 'accepted' });
    // Nothing has been sent at acknowledgement time: the work happens afterwards.
    expect(sent).toHaveLength(0);
    await dispatcher.idle();
    expect(onMessage).toHaveBeenCalledWith(message);
    expect(sent).toEqual([
      {
        channel: 'telegram',
        chatId: message.chatId,
        text: 'You said **hi**',
        replyToMessageId: message.messageId,
      },
    ]);
    expect(working[0]).toEqual({ chatId: message.chatId, messageId: message.messageId });
    expect(stopped).toEqual([message.chatId]);
  });

  it('never answers a retried event twice', async () => {
    const { adapter, sent } = recordingAdapter();
    const onMessage = vi.fn(async () => 'once');
    const dispatcher = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items: createMemoryItemStore() }),
      pairing: boundPairing,
      onMessage,
    });
    const message = inbound();
    const results = await Promise.all([
      dispatcher.dispatch(message),
      dispatcher.dispatch({ ...message }),
      dispatcher.dispatch({ ...message }),
    ]);
    await dispatcher.idle();
    expect(results.filter((result) => result.status === 'accepted')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'duplicate')).toHaveLength(2);
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(sent).toHaveLength(1);
  });

  it('ignores group messages unless told otherwise', async () => {
    const { adapter, sent } = recordingAdapter();
    const onMessage = vi.fn(async () => 'reply');
    const items = createMemoryItemStore();
    const strict = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items }),
      pairing: boundPairing,
      onMessage,
    });
    expect(await strict.dispatch(inbound({ isDirectMessage: false }))).toEqual({
      status: 'ignored',
      reason: 'not a direct message',
    });
    const open = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items }),
      pairing: boundPairing,
      onMessage,
      directMessagesOnly: false,
    });
    expect(await open.dispatch(inbound({ isDirectMessage: false }))).toEqual({
      status: 'accepted',
    });
    await open.idle();
    expect(sent).toHaveLength(1);
  });

  it('renews the working indicator while the agent works', async () => {
    const { adapter, working } = recordingAdapter({ renewalMs: 20 });
    let finish: (value: string) => void = () => {};
    const dispatcher = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items: createMemoryItemStore() }),
      pairing: boundPairing,
      onMessage: () => new Promise<string>((resolve) => (finish = resolve)),
    });
    await dispatcher.dispatch(inbound());
    await new Promise((resolve) => setTimeout(resolve, 90));
    finish('done');
    await dispatcher.idle();
    const count = working.length;
    expect(count).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(working.length).toBe(count);
  });

  it('tells the person when the agent fails and reports the error', async () => {
    const { adapter, sent } = recordingAdapter();
    const onError = vi.fn();
    const dispatcher = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items: createMemoryItemStore() }),
      pairing: boundPairing,
      onMessage: async () => {
        throw new ClawforceError('limit_exceeded', 'monthly budget used up');
      },
      failureReply: () => 'Your agent is over budget (ask IT).',
      onError,
    });
    await dispatcher.dispatch(inbound());
    await dispatcher.idle();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'limit_exceeded' }),
      expect.objectContaining({ stage: 'agent' }),
    );
    expect(sent).toHaveLength(1);
    // Escaped so that it shows literally; nothing in it can start markup, so nothing changed.
    expect(sent[0]?.text).toBe('Your agent is over budget (ask IT).');
  });

  it('reports a failed send and sends nothing when the agent has nothing to say', async () => {
    const failing = recordingAdapter({ failSend: true });
    const onError = vi.fn();
    const dispatcher = createInboundDispatcher({
      adapter: failing.adapter,
      deduplicator: createEventDeduplicator({ items: createMemoryItemStore() }),
      pairing: boundPairing,
      onMessage: async () => 'reply',
      onError,
    });
    await dispatcher.dispatch(inbound());
    await dispatcher.idle();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'unavailable' }),
      expect.objectContaining({ stage: 'send' }),
    );

    const quiet = recordingAdapter();
    const silent = createInboundDispatcher({
      adapter: quiet.adapter,
      deduplicator: createEventDeduplicator({ items: createMemoryItemStore() }),
      pairing: boundPairing,
      onMessage: async () => '  ',
    });
    await silent.dispatch(inbound());
    await silent.idle();
    expect(quiet.sent).toHaveLength(0);
  });

  it('runs the real pairing flow for an unbound account: instructions, /start CODE, BIND', async () => {
    const stores = await openMemoryStores();
    opened.push(stores);
    await seedEmployee(stores);
    const pairing = createPairing({
      org: stores.org,
      tokens: stores.tokens,
      items: stores.items,
      audit: stores.audit,
      channels: { telegram: { botUsername: 'AcmeClawforceBot' } },
    });
    const { adapter, sent } = recordingAdapter();
    const onMessage = vi.fn(async () => 'Agent reply');
    const dispatcher = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items: stores.items }),
      pairing,
      onMessage,
    });
    const say = async (text: string) => {
      await dispatcher.dispatch(inbound({ text }));
      await dispatcher.idle();
      return sent.at(-1)?.text ?? '';
    };
    expect(await say('hello?')).toContain('not linked to Clawforce yet');
    const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
    expect(await say(`/start ${code}`)).toContain('Reply BIND to confirm');
    expect(await say('BIND')).toContain('now linked to Bob Seller');
    expect(onMessage).not.toHaveBeenCalled();
    expect(await say('What is next?')).toBe('Agent reply');
    expect(onMessage).toHaveBeenCalledTimes(1);
    const binding = await stores.org.getBinding('telegram', '5093117722');
    expect(binding?.employeeId).toBe('bob');
    expect(binding?.chatId).toBe('5093117722');
  });

  it('reports a pairing failure without replying', async () => {
    const { adapter, sent } = recordingAdapter();
    const onError = vi.fn();
    const dispatcher = createInboundDispatcher({
      adapter,
      deduplicator: createEventDeduplicator({ items: createMemoryItemStore() }),
      pairing: {
        handleInbound: async () => {
          throw new ClawforceError('unavailable', 'store down');
        },
      },
      onMessage: async () => 'never',
      onError,
    });
    await dispatcher.dispatch(inbound());
    await dispatcher.idle();
    expect(sent).toHaveLength(0);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'unavailable' }),
      expect.objectContaining({ stage: 'pairing' }),
    );
  });
});
