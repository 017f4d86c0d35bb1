import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditLog } from '../ports/audit-log.js';
import type { ItemStore, StoredItem } from '../ports/item-store.js';
import type { AuditEvent, AuditEventInput } from '../schemas/audit.js';
import { createTestClock, type TestClock } from './clock.js';
import { expectClawforceError } from './expect-error.js';

export interface AuditLogFixture {
  /** The log under test. */
  readonly audit: AuditLog;
  /** A second log instance on the same storage, as another process would have. */
  readonly other: AuditLog;
  /** Raw storage, to tamper with events. */
  readonly items: ItemStore;
  readonly cleanup?: () => Promise<void>;
}

export type AuditLogFactory = (context: { now: () => number }) => Promise<AuditLogFixture>;

const event = (overrides: Partial<AuditEventInput> = {}): AuditEventInput => ({
  type: 'employee.updated',
  actor: { kind: 'employee', id: 'emp-admin' },
  employeeId: 'emp-carol',
  departmentId: 'finance',
  summary: 'Employee Carol Zhang updated',
  ...overrides,
});

async function all(
  audit: AuditLog,
  query: Parameters<AuditLog['query']>[0] = {},
): Promise<AuditEvent[]> {
  const found: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await audit.query({ ...query, ...(cursor ? { cursor } : {}) });
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return found;
}

/** The AuditLog contract: hash chain, concurrent appends, filtered paging, tamper detection. */
export function describeAuditLog(name: string, factory: AuditLogFactory): void {
  describe(`AuditLog contract: ${name}`, () => {
    let fixture: AuditLogFixture;
    let clock: TestClock;

    beforeEach(async () => {
      clock = createTestClock();
      fixture = await factory({ now: clock.now });
    });
    afterEach(async () => {
      await fixture.cleanup?.();
    });

    it('chains each event to the one before it', async () => {
      const first = await fixture.audit.append(event());
      clock.advance(5);
      const second = await fixture.audit.append(event({ type: 'binding.created' }));
      expect(first.seq).toBe(1);
      expect(first.prevHash).toBe('0'.repeat(64));
      expect(second.seq).toBe(2);
      expect(second.prevHash).toBe(first.hash);
      expect(second.at > first.at).toBe(true);
      expect(await fixture.audit.head()).toEqual({ seq: 2, hash: second.hash, at: second.at });
      expect(await fixture.audit.verify()).toEqual({ ok: true, checked: 2, headSeq: 2 });
    });

    it('keeps one gapless chain under 200 concurrent appends from two writers', async () => {
      const appends = Array.from({ length: 200 }, (_, index) =>
        (index % 2 === 0 ? fixture.audit : fixture.other).append(
          event({ summary: `change ${index}` }),
        ),
      );
      const events = await Promise.all(appends);
      expect(new Set(events.map((appended) => appended.seq)).size).toBe(200);
      expect(Math.max(...events.map((appended) => appended.seq))).toBe(200);
      expect(await fixture.audit.verify()).toEqual({ ok: true, checked: 200, headSeq: 200 });
    });

    it('never goes back in time even when the clock does', async () => {
      const first = await fixture.audit.append(event());
      clock.advance(-60_000);
      const second = await fixture.audit.append(event());
      expect(second.at >= first.at).toBe(true);
      expect((await all(fixture.audit, { order: 'asc' })).map((found) => found.seq)).toEqual([
        1, 2,
      ]);
    });

    it('filters by type, prefix, actor, employee, departments, text and time, with paging', async () => {
      const start = new Date(clock.now()).toISOString();
      for (let index = 0; index < 30; index += 1) {
        clock.advance(1_000);
        await fixture.audit.append(
          event({
            type:
              index % 3 === 0
                ? 'guardrail-block'
                : index % 3 === 1
                  ? 'employee.deleted'
                  : 'employee.updated',
            actor: { kind: 'employee', id: index % 2 === 0 ? 'emp-admin' : 'emp-chris' },
            employeeId: index % 5 === 0 ? 'emp-ryan' : 'emp-carol',
            departmentId: index % 5 === 0 ? 'backend' : 'finance',
            summary: index === 7 ? 'Rotated the Needle key' : `event ${index}`,
            details: index === 8 ? { note: 'haystack NEEDLE inside' } : {},
          }),
        );
      }
      const middle = new Date(clock.now() - 10_000).toISOString();
      expect(await all(fixture.audit, { limit: 7 })).toHaveLength(30);
      const newestFirst = await all(fixture.audit, { limit: 4 });
      expect(newestFirst.map((found) => found.seq)).toEqual(
        Array.from({ length: 30 }, (_, index) => 30 - index),
      );
      expect(
        (await all(fixture.audit, { order: 'asc', limit: 9 })).map((found) => found.seq),
      ).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect(await all(fixture.audit, { type: 'guardrail-block', limit: 3 })).toHaveLength(10);
      expect(await all(fixture.audit, { type: 'employee.', limit: 3 })).toHaveLength(20);
      expect(await all(fixture.audit, { actorId: 'emp-chris' })).toHaveLength(15);
      const ryan = await all(fixture.audit, { employeeId: 'emp-ryan', limit: 2 });
      expect(ryan.map((found) => found.seq)).toEqual([26, 21, 16, 11, 6, 1]);
      expect(
        await all(fixture.audit, { employeeId: 'emp-ryan', type: 'guardrail-block' }),
      ).toHaveLength(2);
      expect(await all(fixture.audit, { departmentIds: ['finance'] })).toHaveLength(24);
      expect((await all(fixture.audit, { text: 'needle' })).map((found) => found.seq)).toEqual([
        9, 8,
      ]);
      expect(await all(fixture.audit, { from: middle })).toHaveLength(11);
      expect(await all(fixture.audit, { from: start, to: middle })).toHaveLength(20);
      expect(await all(fixture.audit, { employeeId: 'emp-ryan', from: middle })).toHaveLength(2);
      const page = await fixture.audit.query({ limit: 5 });
      await expectClawforceError(
        fixture.audit.query({ employeeId: 'emp-ryan', cursor: page.cursor as string }),
        'invalid_cursor',
      );
      await expectClawforceError(fixture.audit.query({ from: 'yesterday' }), 'validation_failed');
      await expectClawforceError(fixture.audit.query({ employeeId: '../../x' }), 'invalid_id');
    });

    it('rejects malformed events without touching the chain', async () => {
      await fixture.audit.append(event());
      await expectClawforceError(
        fixture.audit.append({ ...event(), type: 'Not A Type' }),
        'validation_failed',
      );
      await expectClawforceError(
        fixture.audit.append({ ...event(), extra: 1 } as AuditEventInput),
        'validation_failed',
      );
      await expectClawforceError(
        fixture.audit.append({ ...event(), employeeId: 'a/b' }),
        'validation_failed',
      );
      expect(await fixture.audit.verify()).toEqual({ ok: true, checked: 1, headSeq: 1 });
    });

    it('detects an altered, a removed and a truncated event', async () => {
      for (let index = 0; index < 5; index += 1)
        await fixture.audit.append(event({ summary: `event ${index}` }));
      const stored = (await fixture.items.query({ partition: 'AUDIT', beginsWith: 'E#' })).items;
      const third = stored[2] as StoredItem;
      await fixture.items.put({ ...third, data: { ...third.data, summary: 'nothing to see' } });
      expect(await fixture.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
      await fixture.items.put(third);
      expect((await fixture.audit.verify()).ok).toBe(true);

      await fixture.items.delete({ pk: third.pk, sk: third.sk });
      expect(await fixture.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
      await fixture.items.put(third);

      const last = stored[4] as StoredItem;
      await fixture.items.delete({ pk: last.pk, sk: last.sk });
      expect(await fixture.audit.verify()).toMatchObject({ ok: false, brokenAt: 5 });
    });
  });
}
