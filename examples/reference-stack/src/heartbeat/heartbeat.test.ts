import {
  ClawforceError,
  createMemoryStores,
  type EmployeeInput,
  type Stores,
} from '@clawforce/core';
import { seedSmallCompany, smallCompanyEmployeeDefaults } from '@clawforce/core/testing';
import { createRouter } from '@clawforce/router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentRuntime, TurnEvent, TurnRequest } from '../chat/agent-runtime.js';
import { createBudgetService } from '../chat/budgets.js';
import { createChatService } from '../chat/chat-service.js';
import { type ConversationLog, createConversationLog } from '../chat/conversations.js';
import { ConfigError, readConfig } from '../config.js';
import type { NoticeDelivery } from '../im/notices.js';
import { createNoopRuntime } from '../testing/noop-runtime.js';
import {
  HEARTBEAT_PROMPT,
  HEARTBEAT_TOKEN,
  heartbeatReplyOf,
  isHeartbeatFileEffectivelyEmpty,
} from './protocol.js';
import {
  createHeartbeatScheduler,
  HEARTBEAT_HISTORY_MESSAGE,
  type HeartbeatScheduler,
  heartbeatFileKey,
  heartbeatSessionOf,
} from './scheduler.js';

describe('heartbeat protocol', () => {
  it('treats blank, heading-only, empty-item and comment-only files as empty', () => {
    for (const empty of [
      '',
      '\n  \n',
      '# Keep this file empty (or with only comments) to skip heartbeat API calls.\n\n# Add tasks below\n',
      '- [ ]\n-\n* [x]\n',
      '<!-- nothing yet -->\n## Checklist\n<!--\n- a task in a comment\n-->',
    ]) {
      expect(isHeartbeatFileEffectivelyEmpty(empty), JSON.stringify(empty)).toBe(true);
    }
    for (const tasks of ['- Submit the expense report', '# Daily\nCall the bank', '- [x] done']) {
      expect(isHeartbeatFileEffectivelyEmpty(tasks), tasks).toBe(false);
    }
  });

  it('reads a reply the way OpenClaw does during heartbeats', () => {
    const ack = { kind: 'ack' };
    expect(heartbeatReplyOf('')).toEqual(ack);
    expect(heartbeatReplyOf('  HEARTBEAT_OK \n')).toEqual(ack);
    expect(heartbeatReplyOf('**HEARTBEAT_OK**')).toEqual(ack);
    expect(heartbeatReplyOf('<b>HEARTBEAT_OK</b>')).toEqual(ack);
    expect(heartbeatReplyOf('HEARTBEAT_OK. All quiet.')).toEqual(ack);
    expect(heartbeatReplyOf('All quiet today. HEARTBEAT_OK!')).toEqual(ack);
    expect(heartbeatReplyOf('Submit the expense report today.')).toEqual({
      kind: 'alert',
      text: 'Submit the expense report today.',
    });
    // In the middle it is not special.
    expect(heartbeatReplyOf('Say HEARTBEAT_OK to nobody')).toEqual({
      kind: 'alert',
      text: 'Say HEARTBEAT_OK to nobody',
    });
    // An ack carrying more than 300 characters is delivered, without the token.
    const long = `HEARTBEAT_OK ${'x'.repeat(301)}`;
    expect(heartbeatReplyOf(long)).toEqual({ kind: 'alert', text: 'x'.repeat(301) });
  });
});

/** A runtime whose reply per employee the test sets; turns can be held to observe concurrency. */
function scriptedRuntime(replies: Record<string, string | Error>) {
  const base = createNoopRuntime();
  const turns: TurnRequest[] = [];
  let active = 0;
  let maxActive = 0;
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const runtime: AgentRuntime = {
    ...base,
    async *runTurn(request): AsyncIterable<TurnEvent> {
      turns.push(request);
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        if (gate) await gate;
        const reply = replies[request.employee.id] ?? HEARTBEAT_TOKEN;
        if (reply instanceof Error) throw reply;
        yield { type: 'text', text: reply };
        yield { type: 'done', model: 'test/model', inputTokens: 1, outputTokens: 1, durationMs: 1 };
      } finally {
        active -= 1;
      }
    },
  };
  return {
    runtime,
    turns,
    maxActive: () => maxActive,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      gate = undefined;
      open?.();
    },
  };
}

const ERIN: EmployeeInput = {
  ...smallCompanyEmployeeDefaults,
  id: 'erin',
  name: 'Erin Seller',
  email: 'erin@acme.example',
  employeeNumber: 'E-5',
};

describe('heartbeat scheduler', () => {
  let stores: Stores;
  let history: ConversationLog;
  let reminders: { employeeId: string; text: string }[];
  let failDeliveryFor: Set<string>;
  let logged: { level: string; message: string; details?: Record<string, unknown> }[];
  let scheduler: HeartbeatScheduler | undefined;

  const bind = (employeeId: string, channelUserId: string, chatId?: string) =>
    stores.org.createBinding({
      channel: 'telegram',
      channelUserId,
      employeeId,
      pairedAt: '2026-11-01T08:00:00.000Z',
      ...(chatId ? { chatId } : {}),
    });
  const writeHeartbeat = (employeeId: string, content: string) =>
    stores.blobs.put(heartbeatFileKey(employeeId), content);

  const schedulerWith = (
    runtime: AgentRuntime | undefined,
    options: { intervalMinutes?: number } = {},
  ) => {
    const router = createRouter({
      org: stores.org,
      params: stores.params,
      audit: stores.audit,
      now: Date.now,
    });
    const budgets = createBudgetService({
      params: stores.params,
      usage: stores.usage,
      org: stores.org,
      now: Date.now,
    });
    const chat = createChatService({
      runtime,
      router,
      budgets,
      conversations: { ...history, record: async () => {} },
      org: stores.org,
    });
    scheduler = createHeartbeatScheduler({
      org: stores.org,
      blobs: stores.blobs,
      chat,
      conversations: history,
      remind: async ({ employeeId, text }): Promise<NoticeDelivery> => {
        if (failDeliveryFor.has(employeeId)) {
          throw new ClawforceError('unavailable', 'no channel accepted the notice');
        }
        reminders.push({ employeeId, text });
        return {
          channel: 'telegram',
          channelUserId: employeeId,
          parts: 1,
          sentAt: new Date().toISOString(),
        };
      },
      canReach: (binding) => binding.chatId !== undefined,
      intervalMinutes: options.intervalMinutes ?? 0,
      log: (level, message, details) => {
        logged.push({ level, message, ...(details ? { details } : {}) });
      },
      now: Date.now,
    });
    return scheduler;
  };

  beforeEach(async () => {
    stores = createMemoryStores();
    await seedSmallCompany(stores);
    await stores.org.createEmployee(ERIN);
    history = createConversationLog({ items: stores.items, now: Date.now });
    reminders = [];
    failDeliveryFor = new Set();
    logged = [];
    // alice: tasks, reachable. bob: tasks, reachable. carol: comment-only file. dave: suspended.
    // erin: tasks but her binding has no chat yet.
    await bind('alice', '1001', '1001');
    await bind('bob', '1002', '1002');
    await bind('carol', '1003', '1003');
    await bind('dave', '1004', '1004');
    await bind('erin', '1005');
    await writeHeartbeat('alice', '# Checklist\n- Submit the expense report');
    await writeHeartbeat('bob', '- [ ] Call the customer back');
    await writeHeartbeat('carol', '# Keep this file empty\n<!-- no tasks -->\n');
    await writeHeartbeat('dave', '- Deploy the release');
    await writeHeartbeat('erin', '- Book travel');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await scheduler?.stop();
    scheduler = undefined;
  });

  it('runs one heartbeat turn per eligible employee on their emp__ session', async () => {
    const scripted = scriptedRuntime({ alice: 'Reminder: submit the expense report.' });
    const run = await schedulerWith(scripted.runtime).runOnce();

    expect(run.outcomes).toEqual([
      { employeeId: 'alice', result: 'reminded', channel: 'telegram' },
      { employeeId: 'bob', result: 'acknowledged' },
    ]);
    expect(scripted.turns.map((turn) => turn.employee.id).sort()).toEqual(['alice', 'bob']);
    for (const turn of scripted.turns) {
      expect(turn.message).toBe(HEARTBEAT_PROMPT);
      expect(turn.sessionId).toBe(heartbeatSessionOf(turn.employee.id).sessionId);
      expect(turn.sessionId).toMatch(new RegExp(`^emp__${turn.employee.id}__`));
      expect(turn.accessPath).toEqual({ kind: 'employee', employeeId: turn.employee.id });
    }
    expect(reminders).toEqual([
      { employeeId: 'alice', text: 'Reminder: submit the expense report.' },
    ]);
  });

  it('records a delivered reminder in the portal history, labelled; an ack leaves no trace', async () => {
    const scripted = scriptedRuntime({ alice: 'Reminder: submit the expense report.' });
    await schedulerWith(scripted.runtime).runOnce();

    const session = heartbeatSessionOf('alice').sessionId;
    expect(await history.messages('alice', session)).toMatchObject([
      { role: 'user', text: HEARTBEAT_HISTORY_MESSAGE },
      { role: 'assistant', text: 'Reminder: submit the expense report.' },
    ]);
    expect(await history.sessions('bob')).toEqual([]);
  });

  it('keeps going when a turn or a delivery fails, and says who failed and why', async () => {
    await writeHeartbeat('carol', '- Approve the discount');
    const scripted = scriptedRuntime({
      alice: new Error('gateway crashed'),
      bob: 'Call the customer back.',
      carol: 'Approve the discount.',
    });
    failDeliveryFor.add('bob');
    const run = await schedulerWith(scripted.runtime).runOnce();

    expect(run.outcomes).toEqual([
      { employeeId: 'alice', result: 'failed', reason: 'turn_failed' },
      { employeeId: 'bob', result: 'failed', reason: 'unavailable' },
      { employeeId: 'carol', result: 'reminded', channel: 'telegram' },
    ]);
    const warnings = logged.filter((line) => line.level === 'warn');
    expect(warnings.map((line) => line.details)).toEqual([
      { employeeId: 'alice', code: 'turn_failed' },
      { employeeId: 'bob', code: 'unavailable' },
    ]);
    // A failed delivery is not in the history either, and no reply text is ever logged.
    expect(await history.sessions('bob')).toEqual([]);
    expect(JSON.stringify(logged)).not.toContain('customer');
  });

  it('skips every employee when no runtime is configured', async () => {
    const run = await schedulerWith(undefined).runOnce();
    expect(run.outcomes).toEqual([
      { employeeId: 'alice', result: 'skipped', reason: 'not_available' },
      { employeeId: 'bob', result: 'skipped', reason: 'not_available' },
    ]);
    expect(reminders).toEqual([]);
  });

  it('runs at most two turns at once and never two runs at once', async () => {
    for (const [index, id] of ['frank', 'gina', 'hank'].entries()) {
      await stores.org.createEmployee({
        ...ERIN,
        id,
        name: `${id} Seller`,
        email: `${id}@acme.example`,
        employeeNumber: `E-${10 + index}`,
      });
      await bind(id, `20${index}`, `20${index}`);
      await writeHeartbeat(id, '- Follow up');
    }
    const scripted = scriptedRuntime({});
    const heartbeat = schedulerWith(scripted.runtime);
    scripted.hold();
    const first = heartbeat.runOnce();
    const second = heartbeat.runOnce();
    expect(second).toBe(first);
    await vi.waitFor(() => expect(scripted.turns).toHaveLength(2));
    scripted.release();
    const run = await first;
    expect(run.outcomes).toHaveLength(5);
    expect(scripted.maxActive()).toBe(2);
    expect(scripted.turns).toHaveLength(5);
    // The next call is a new run.
    await heartbeat.runOnce();
    expect(scripted.turns).toHaveLength(10);
  });

  it('stop awaits the running turns and starts no more', async () => {
    await writeHeartbeat('carol', '- Approve the discount');
    const scripted = scriptedRuntime({ alice: 'A', bob: 'B', carol: 'C' });
    const heartbeat = schedulerWith(scripted.runtime);
    scripted.hold();
    const run = heartbeat.runOnce();
    await vi.waitFor(() => expect(scripted.turns).toHaveLength(2));
    let stopped = false;
    const stopping = heartbeat.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    scripted.release();
    await stopping;
    expect((await run).outcomes).toEqual([
      { employeeId: 'alice', result: 'reminded', channel: 'telegram' },
      { employeeId: 'bob', result: 'reminded', channel: 'telegram' },
      { employeeId: 'carol', result: 'skipped', reason: 'stopping' },
    ]);
    expect(scripted.turns).toHaveLength(2);
  });

  it('beats every interval from start, survives a failing run, and stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const scripted = scriptedRuntime({ alice: 'Reminder.' });
    const heartbeat = schedulerWith(scripted.runtime, { intervalMinutes: 30 });
    heartbeat.start();
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    expect(scripted.turns).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(reminders).toHaveLength(1));

    // Listing fails once: logged, and the next interval beats as usual.
    const listing = vi
      .spyOn(stores.org, 'listBindingsByChannel')
      .mockRejectedValueOnce(new Error('store down'));
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    await vi.waitFor(() =>
      expect(logged.some((line) => line.message === 'heartbeat: the run failed')).toBe(true),
    );
    listing.mockRestore();
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    await vi.waitFor(() => expect(reminders).toHaveLength(2));

    await heartbeat.stop();
    await vi.advanceTimersByTimeAsync(120 * 60_000);
    expect(reminders).toHaveLength(2);
  });
});

describe('CLAWFORCE_HEARTBEAT_MINUTES', () => {
  it('defaults to 30, accepts 0 (off), and names the variable when it is bad', () => {
    expect(readConfig({}).heartbeatMinutes).toBe(30);
    expect(readConfig({ CLAWFORCE_HEARTBEAT_MINUTES: '0' }).heartbeatMinutes).toBe(0);
    expect(readConfig({ CLAWFORCE_HEARTBEAT_MINUTES: '15' }).heartbeatMinutes).toBe(15);
    for (const bad of ['ten', '-5', '1.5', '20000']) {
      expect(() => readConfig({ CLAWFORCE_HEARTBEAT_MINUTES: bad })).toThrow(ConfigError);
      expect(() => readConfig({ CLAWFORCE_HEARTBEAT_MINUTES: bad })).toThrow(
        /CLAWFORCE_HEARTBEAT_MINUTES/,
      );
    }
  });
});
