import canonicalize from 'canonicalize';
import { ClawforceError, isClawforceError } from '../errors.js';
import { assertId } from '../ids.js';
import { sha256Hex } from '../internal/hash.js';
import {
  type AuditHead,
  type AuditLog,
  type AuditQuery,
  GENESIS_HASH,
} from '../ports/audit-log.js';
import {
  cursorAfter,
  type ItemStore,
  type QueryOptions,
  queryLimit,
  type StoredItem,
} from '../ports/item-store.js';
import { type AuditEvent, type AuditEventInput, auditEventInputSchema } from '../schemas/audit.js';
import { timestampSchema } from '../schemas/primitives.js';
import { parse } from '../validation.js';

const PARTITION = 'AUDIT';
const HEAD_KEY = { pk: PARTITION, sk: 'HEAD' } as const;
const EVENT_PREFIX = 'E#';
/** Closes an inclusive upper time bound: sorts after `#<seq>`. */
const AFTER_SEQ = '#~';
const MAX_ATTEMPTS = 20;
/** Events examined per query call before returning a (possibly short) page with a cursor. */
const MAX_SCAN = 5_000;

const seqKey = (seq: number) => seq.toString().padStart(12, '0');

/** The hash of an event: SHA-256 over the canonical JSON (RFC 8785) of every field but `hash`. */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  return sha256Hex(canonicalize(event) as string);
}

function toEvent(item: StoredItem): AuditEvent {
  return item.data as unknown as AuditEvent;
}

interface Pending {
  readonly input: AuditEventInput;
  readonly resolve: (event: AuditEvent) => void;
  readonly reject: (error: unknown) => void;
}

export interface ItemAuditLogOptions {
  readonly items: ItemStore;
  readonly now?: () => number;
  /** Events written per transaction; default: as many as the ItemStore's transactions hold, up to 500. */
  readonly maxBatch?: number;
}

/**
 * An AuditLog on an ItemStore. Appends made concurrently are group-committed: one transaction
 * moves the chain head (conditionally, so writers in other processes serialize) and writes the
 * batch. Events are kept in time order under one partition and indexed by employee.
 */
export function createItemAuditLog(options: ItemAuditLogOptions): AuditLog {
  const { items } = options;
  const now = options.now ?? Date.now;
  const maxBatch = Math.max(1, Math.min(options.maxBatch ?? 500, items.maxTransactionItems - 1));
  const pending: Pending[] = [];
  let running = false;

  const writeBatch = async (batch: Pending[]) => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const head = await items.get(HEAD_KEY);
      let seq = head ? Number(head.data.seq) : 0;
      let prevHash = head ? String(head.data.hash) : GENESIS_HASH;
      let lastAt = head ? Date.parse(String(head.data.at)) : 0;
      const events = batch.map(({ input }) => {
        seq += 1;
        lastAt = Math.max(now(), lastAt);
        const unhashed = { ...input, seq, at: new Date(lastAt).toISOString(), prevHash };
        const event: AuditEvent = { ...unhashed, hash: hashAuditEvent(unhashed) };
        prevHash = event.hash;
        return event;
      });
      const last = events.at(-1) as AuditEvent;
      try {
        await items.transact([
          {
            type: 'put',
            item: { ...HEAD_KEY, data: { seq: last.seq, hash: last.hash, at: last.at } },
            condition: head ? { kind: 'version', version: head.version } : { kind: 'absent' },
          },
          ...events.map((event) => ({
            type: 'put' as const,
            item: {
              pk: PARTITION,
              sk: `${EVENT_PREFIX}${event.at}#${seqKey(event.seq)}`,
              data: event as unknown as StoredItem['data'],
              ...(event.employeeId
                ? {
                    gsi1pk: `AUDIT#EMP#${event.employeeId}`,
                    gsi1sk: `${event.at}#${seqKey(event.seq)}`,
                  }
                : {}),
            },
            condition: { kind: 'absent' as const },
          })),
        ]);
        for (const [index, entry] of batch.entries()) entry.resolve(events[index] as AuditEvent);
        return;
      } catch (error) {
        if (!isClawforceError(error, 'transaction_canceled')) {
          for (const entry of batch) entry.reject(error);
          return;
        }
      }
    }
    const error = new ClawforceError('conflict', 'audit log is contended; append not written');
    for (const entry of batch) entry.reject(error);
  };

  const run = async () => {
    await Promise.resolve();
    try {
      while (pending.length > 0) await writeBatch(pending.splice(0, maxBatch));
    } finally {
      running = false;
    }
  };

  const matches = (
    event: AuditEvent,
    query: AuditQuery,
    departments: ReadonlySet<string> | undefined,
    text: string | undefined,
  ) => {
    if (query.type !== undefined) {
      if (query.type.endsWith('.') ? !event.type.startsWith(query.type) : event.type !== query.type)
        return false;
    }
    if (query.actorId !== undefined && event.actor.id !== query.actorId) return false;
    if (departments && (event.departmentId === undefined || !departments.has(event.departmentId)))
      return false;
    if (text !== undefined) {
      const haystack = `${event.type}\n${event.actor.id}\n${event.summary}\n${JSON.stringify(event.details ?? {})}`;
      if (!haystack.toLowerCase().includes(text)) return false;
    }
    return true;
  };

  return {
    append(input) {
      let checked: AuditEventInput;
      try {
        checked = parse(auditEventInputSchema, input, 'audit event');
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<AuditEvent>((resolve, reject) => {
        pending.push({ input: checked, resolve, reject });
        if (!running) {
          running = true;
          void run();
        }
      });
    },

    async query(query = {}) {
      const limit = queryLimit({
        partition: PARTITION,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      const from =
        query.from === undefined ? undefined : parse(timestampSchema, query.from, 'from');
      const to = query.to === undefined ? undefined : parse(timestampSchema, query.to, 'to');
      const base: QueryOptions = query.employeeId
        ? {
            index: 'gsi1',
            partition: `AUDIT#EMP#${assertId(query.employeeId, 'employeeId')}`,
            ...(from ? { from } : {}),
            ...(to ? { to: `${to}${AFTER_SEQ}` } : {}),
            order: query.order ?? 'desc',
          }
        : {
            partition: PARTITION,
            beginsWith: EVENT_PREFIX,
            ...(from ? { from: `${EVENT_PREFIX}${from}` } : {}),
            ...(to ? { to: `${EVENT_PREFIX}${to}${AFTER_SEQ}` } : {}),
            order: query.order ?? 'desc',
          };
      const departments = query.departmentIds ? new Set(query.departmentIds) : undefined;
      const text = query.text?.trim().toLowerCase() || undefined;
      if (text !== undefined && text.length > 200) {
        throw new ClawforceError('validation_failed', 'text filters are at most 200 characters', [
          { path: 'text', code: 'too_big', message: 'at most 200 characters' },
        ]);
      }
      const found: AuditEvent[] = [];
      let cursor = query.cursor;
      let scanned = 0;
      for (;;) {
        const page = await items.query({ ...base, limit: 1_000, ...(cursor ? { cursor } : {}) });
        for (const [index, item] of page.items.entries()) {
          scanned += 1;
          const event = toEvent(item);
          if (matches(event, query, departments, text)) found.push(event);
          const more = index < page.items.length - 1 || page.cursor !== undefined;
          if ((found.length === limit || scanned >= MAX_SCAN) && more) {
            return { items: found, cursor: cursorAfter(base, item) };
          }
        }
        if (!page.cursor) return { items: found };
        cursor = page.cursor;
      }
    },

    async head(): Promise<AuditHead | undefined> {
      const head = await items.get(HEAD_KEY);
      return (
        head && {
          seq: Number(head.data.seq),
          hash: String(head.data.hash),
          at: String(head.data.at),
        }
      );
    },

    async verify() {
      const head = await this.head();
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let checked = 0;
      let cursor: string | undefined;
      do {
        const page = await items.query({
          partition: PARTITION,
          beginsWith: EVENT_PREFIX,
          limit: 1_000,
          ...(cursor ? { cursor } : {}),
        });
        for (const item of page.items) {
          const { hash, ...rest } = toEvent(item);
          if (rest.seq !== expectedSeq) {
            return {
              ok: false,
              checked,
              brokenAt: expectedSeq,
              reason: `event ${expectedSeq} is missing or out of order`,
            };
          }
          if (rest.prevHash !== prevHash) {
            return {
              ok: false,
              checked,
              brokenAt: rest.seq,
              reason: `event ${rest.seq} does not link to the event before it`,
            };
          }
          if (hashAuditEvent(rest) !== hash) {
            return {
              ok: false,
              checked,
              brokenAt: rest.seq,
              reason: `event ${rest.seq} was altered`,
            };
          }
          prevHash = hash;
          expectedSeq += 1;
          checked += 1;
        }
        cursor = page.cursor;
      } while (cursor);
      const headSeq = head?.seq ?? 0;
      if (headSeq !== checked || (head && head.hash !== prevHash)) {
        return {
          ok: false,
          checked,
          brokenAt: checked + 1,
          reason: `the chain ends at ${checked} but the head is at ${headSeq}`,
        };
      }
      return { ok: true, checked, headSeq };
    },
  };
}
