import { createMemoryStores, isClawforceError, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordTableWrites, writeTurnRecords } from './turn-records.js';

const SESSION = 'emp__emp-carol__0123456789abcdef0123456789';
const carolPath = { kind: 'employee' as const, employeeId: 'emp-carol' };
const MODEL = 'amazon-bedrock/us.amazon.nova-2-lite-v1:0';
const NOW = Date.parse('2026-11-26T12:00:00Z');

let stores: Stores;
beforeEach(async () => {
  stores = createMemoryStores();
  await seedDemoCompany(stores);
  await stores.org.saveModelPrice({ model: MODEL, inputPerMillionUsd: 1, outputPerMillionUsd: 4 });
});

const turnEvent = (overrides: Record<string, unknown> = {}) => ({
  type: 'agent.turn',
  actor: { kind: 'employee', id: 'emp-carol' },
  employeeId: 'emp-carol',
  departmentId: 'dept-x',
  target: { kind: 'session', id: SESSION },
  summary: "Carol's agent answered",
  details: { inputTokens: 10 },
  ...overrides,
});

const usageRecord = (overrides: Record<string, unknown> = {}) => ({
  employeeId: 'emp-carol',
  departmentId: 'dept-x',
  day: '2026-11-26',
  model: MODEL,
  inputTokens: 1_000,
  outputTokens: 500,
  turns: 1,
  costMicroUsd: 0,
  ...overrides,
});

describe('recordTableWrites', () => {
  it('keeps audit appends, usage and preference updates for the reply, and reads through', async () => {
    const recorded = recordTableWrites(stores);
    const event = await recorded.stores.audit.append(turnEvent() as never);
    // The caller still gets a chained event back.
    expect(event).toMatchObject({ type: 'agent.turn', seq: 1 });
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    await recorded.stores.usage.add(usageRecord() as never);
    const updated = await recorded.stores.org.updateEmployee('emp-carol', {
      preferences: 'Short answers.',
    });
    expect(updated.preferences).toBe('Short answers.');
    expect(recorded.pending()).toBe(3);

    // Nothing reached the real stores; reads go to them.
    expect((await stores.audit.query({ type: 'agent.turn' })).items).toHaveLength(0);
    expect((await stores.org.getEmployee('emp-carol'))?.preferences).not.toBe('Short answers.');
    expect((await recorded.stores.org.getEmployee('emp-carol'))?.id).toBe('emp-carol');

    const drained = recorded.drain();
    expect(drained?.audit).toHaveLength(1);
    expect(drained?.usage).toHaveLength(1);
    expect(drained?.preferences).toEqual({
      employeeId: 'emp-carol',
      preferences: 'Short answers.',
    });
    expect(recorded.drain()).toBeUndefined();
    expect(recorded.pending()).toBe(0);
  });

  it('refuses any other employee change, and malformed records at once', async () => {
    const recorded = recordTableWrites(stores);
    await expect(
      recorded.stores.org.updateEmployee('emp-carol', { name: 'Carol the CEO' }),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'forbidden'));
    await expect(
      recorded.stores.org.updateEmployee('emp-nobody', { preferences: 'x' }),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'not_found'));
    await expect(
      recorded.stores.audit.append({ ...turnEvent(), type: 'Not A Type' } as never),
    ).rejects.toThrow();
    await expect(recorded.stores.usage.add({ model: MODEL } as never)).rejects.toThrow();
    expect(recorded.pending()).toBe(0);
  });
});

describe('writeTurnRecords', () => {
  it('writes them as the owner’s, by the caller, on the session, at the current price', async () => {
    const carol = await stores.org.getEmployee('emp-carol');
    const written = await writeTurnRecords(
      stores,
      {
        audit: [
          // Whatever the microVM claims about who and where, the session decides.
          turnEvent({ actor: { kind: 'system', id: 'root' }, employeeId: 'emp-bob' }),
          turnEvent({ type: 'guardrail-block', target: { kind: 'session', id: 'other' } }),
        ],
        usage: [usageRecord({ employeeId: 'emp-bob', day: '2020-01-01', costMicroUsd: 1 })],
        preferences: { employeeId: 'emp-carol', preferences: 'Answer in French.' },
      },
      { accessPath: carolPath, sessionId: SESSION, now: () => NOW },
    );
    expect(written).toEqual({ audit: 2, usage: 1, preferences: true });
    const events = await stores.audit.query({ employeeId: 'emp-carol', order: 'asc' });
    const turnEvents = events.items.filter((event) => !event.type.startsWith('employee.'));
    expect(turnEvents.map((event) => event.type)).toEqual(['agent.turn', 'guardrail-block']);
    for (const event of turnEvents) {
      expect(event.actor).toEqual({ kind: 'employee', id: 'emp-carol' });
      expect(event.departmentId).toBe(carol?.departmentId);
      expect(event.target).toEqual({ kind: 'session', id: SESSION });
    }
    const usage = await stores.usage.byEmployee('emp-carol', {
      from: '2026-11-26',
      to: '2026-11-26',
    });
    // 1,000 in at $1/M + 500 out at $4/M = 3,000 micro-USD, whatever the record said.
    expect(usage.total).toMatchObject({ turns: 1, inputTokens: 1_000, costMicroUsd: 3_000 });
    expect(
      (await stores.usage.byEmployee('emp-bob', { from: '2025-01-01', to: '2026-12-31' })).total
        .turns,
    ).toBe(0);
    expect((await stores.org.getEmployee('emp-carol'))?.preferences).toBe('Answer in French.');
    expect(await stores.audit.verify()).toMatchObject({ ok: true });
  });

  it('refuses the whole set, writing nothing, when one record is not the session’s to make', async () => {
    const head = await stores.audit.head();
    const attempts: [unknown, { kind: string; [key: string]: string }][] = [
      [{ audit: [turnEvent({ type: 'employee.deleted' })] }, carolPath],
      [{ audit: [turnEvent(), { type: 'agent.turn' }] }, carolPath],
      [{ usage: [usageRecord({ inputTokens: -1 })] }, carolPath],
      [{ preferences: { employeeId: 'emp-bob', preferences: 'x' } }, carolPath],
      [
        { preferences: { employeeId: 'emp-carol', preferences: 'x' } },
        { kind: 'playground', employeeId: 'emp-carol', operatorId: 'emp-admin' },
      ],
      [{ audit: [turnEvent()], extra: true }, carolPath],
      ['not records', carolPath],
      [{ audit: Array.from({ length: 501 }, () => turnEvent()) }, carolPath],
      [{ audit: [turnEvent()] }, { kind: 'unpaired', channel: 'telegram', channelUserId: '42' }],
    ];
    for (const [records, accessPath] of attempts) {
      await expect(
        writeTurnRecords(stores, records, {
          accessPath: accessPath as never,
          sessionId: SESSION,
        }),
      ).rejects.toSatisfy((error) => isClawforceError(error, 'forbidden'));
    }
    expect(await stores.audit.head()).toEqual(head);
    expect(
      (await stores.usage.byEmployee('emp-carol', { from: '2026-01-01', to: '2026-12-31' })).total
        .turns,
    ).toBe(0);
    await expect(
      writeTurnRecords(
        stores,
        { audit: [turnEvent()] },
        { accessPath: { kind: 'employee', employeeId: 'emp-gone' }, sessionId: SESSION },
      ),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'not_found'));
  });
});
