import {
  type AccessPath,
  type Actor,
  type AuditEventInput,
  auditEventInputSchema,
  ClawforceError,
  costMicroUsd,
  createItemAuditLog,
  createMemoryItemStore,
  type Employee,
  idSchema,
  type Stores,
  type UsageDelta,
  usageDeltaSchema,
} from '@clawforce/core';
import { z } from 'zod';
import { ownerIdOf } from '../internal/access-path.js';
import { callerOf } from '../runtime.js';

/**
 * What a turn in an AgentCore microVM would have written to DynamoDB, carried back in its reply
 * instead: the microVM's tenant credentials write nothing in the table (they cannot reach the
 * audit chain, the shared usage counters or another employee's profile), and the API, which
 * knows who the session belongs to, writes these with its own role after checking them.
 */
export interface TurnRecords {
  readonly audit: readonly AuditEventInput[];
  readonly usage: readonly UsageDelta[];
  /** USER.md's preferences, saved back to the owner's profile (personal sessions only). */
  readonly preferences?: { readonly employeeId: string; readonly preferences: string };
}

/** How many records one reply may carry: far above a turn's, far below a flood. */
const MAX_AUDIT_RECORDS = 500;
const MAX_USAGE_RECORDS = 50;

/** The `records` of a reply, as the client reads it (each record is checked when written). */
export const turnRecordsSchema = z.strictObject({
  audit: z.array(z.unknown()).max(MAX_AUDIT_RECORDS).default([]),
  usage: z.array(z.unknown()).max(MAX_USAGE_RECORDS).default([]),
  preferences: z
    .strictObject({ employeeId: idSchema, preferences: z.string().max(100_000) })
    .optional(),
});
export type TurnRecordsInput = z.input<typeof turnRecordsSchema>;

/** The stores a container's turns use, with their table writes kept for the reply. */
export interface RecordedStores {
  readonly stores: Stores;
  /** The records kept since the last call (undefined when none), and forgets them. */
  drain(): TurnRecords | undefined;
  /** How many records are waiting for a reply. */
  pending(): number;
}

/**
 * Wraps a container's stores so that audit appends, usage and preference updates are kept for
 * the next reply rather than written; every read goes to the given stores. Records made between
 * turns (a checkpoint when the session idles out) go with the next turn's reply.
 */
export function recordTableWrites(stores: Stores): RecordedStores {
  let audit: AuditEventInput[] = [];
  let usage: UsageDelta[] = [];
  let preferences: TurnRecords['preferences'];
  // The append's answer (a chained event) comes from a local chain: callers may read it.
  const localAudit = createItemAuditLog({ items: createMemoryItemStore() });

  const recordedAudit = new Proxy(stores.audit, {
    get(target, property, receiver) {
      if (property === 'append') {
        return async (input: AuditEventInput) => {
          const parsed = auditEventInputSchema.parse(input);
          const event = await localAudit.append(parsed);
          audit.push(parsed);
          return event;
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  const recordedUsage = new Proxy(stores.usage, {
    get(target, property, receiver) {
      if (property === 'add') {
        return async (delta: UsageDelta) => {
          usage.push(usageDeltaSchema.parse(delta));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  const recordedOrg = new Proxy(stores.org, {
    get(target, property, receiver) {
      if (property === 'updateEmployee') {
        return async (id: string, patch: Record<string, unknown>): Promise<Employee> => {
          const fields = Object.keys(patch);
          if (fields.length !== 1 || typeof patch.preferences !== 'string') {
            throw new ClawforceError(
              'forbidden',
              'a runtime container changes nothing of an employee but their preferences',
            );
          }
          const employee = await target.getEmployee(id);
          if (!employee) throw new ClawforceError('not_found', `employee ${id} not found`);
          preferences = { employeeId: id, preferences: patch.preferences };
          return { ...employee, preferences: patch.preferences };
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });

  return {
    stores: { ...stores, audit: recordedAudit, usage: recordedUsage, org: recordedOrg },
    drain() {
      if (audit.length === 0 && usage.length === 0 && !preferences) return undefined;
      const records: TurnRecords = { audit, usage, ...(preferences ? { preferences } : {}) };
      audit = [];
      usage = [];
      preferences = undefined;
      return records;
    },
    pending: () => audit.length + usage.length + (preferences ? 1 : 0),
  };
}

/** Audit event types a turn writes: the runtime's `agent.*` and the guardrail's `guardrail-*`. */
const TURN_EVENT_TYPE = /^(agent\.[a-z][a-z0-9-]*|guardrail-[a-z][a-z0-9-]*)$/;

export interface WrittenTurnRecords {
  readonly audit: number;
  readonly usage: number;
  readonly preferences: boolean;
}

const refused = (message: string) =>
  new ClawforceError('forbidden', `the runtime sent records it may not: ${message}`);

/**
 * Writes the records a turn's reply carried, as the API: each is checked first, and the whole set
 * is refused (`forbidden`, nothing written) when one is malformed or not the session's to make.
 * Whatever the microVM claims, the events are the session owner's, the actor is the turn's caller,
 * the target is the session, usage is costed at the current price on today's date, and only the
 * owner's own personal session saves their preferences.
 */
export async function writeTurnRecords(
  stores: Pick<Stores, 'org' | 'audit' | 'usage'>,
  input: unknown,
  turn: {
    readonly accessPath: AccessPath;
    readonly sessionId: string;
    readonly caller?: Actor;
    readonly now?: () => number;
  },
): Promise<WrittenTurnRecords> {
  const parsed = turnRecordsSchema.safeParse(input);
  if (!parsed.success) throw refused('records are malformed');
  const records = parsed.data;
  const ownerId = ownerIdOf(turn.accessPath);
  if (!ownerId) throw refused(`a ${turn.accessPath.kind} session has no owner to record for`);
  const owner = await stores.org.getEmployee(ownerId);
  if (!owner) throw new ClawforceError('not_found', `employee ${ownerId} not found`);
  const actor = turn.caller ?? callerOf(turn.accessPath);
  const target = { kind: 'session', id: turn.sessionId.slice(0, 200) };
  const today = new Date((turn.now ?? Date.now)()).toISOString().slice(0, 10);

  const audit = records.audit.map((record) => {
    const event = auditEventInputSchema.safeParse(record);
    if (!event.success) throw refused('an audit event is malformed');
    if (!TURN_EVENT_TYPE.test(event.data.type)) {
      throw refused(`audit events of type ${event.data.type}`);
    }
    return {
      ...event.data,
      actor,
      employeeId: owner.id,
      departmentId: owner.departmentId,
      target,
    } satisfies AuditEventInput;
  });
  const usage = await Promise.all(
    records.usage.map(async (record) => {
      const delta = usageDeltaSchema.safeParse(record);
      if (!delta.success) throw refused('a usage record is malformed');
      const price = await stores.org.getModelPrice(delta.data.model);
      return {
        ...delta.data,
        employeeId: owner.id,
        departmentId: owner.departmentId,
        day: today,
        costMicroUsd: price
          ? costMicroUsd(
              {
                inputTokens: delta.data.inputTokens,
                outputTokens: delta.data.outputTokens,
                cacheReadTokens: delta.data.cacheReadTokens ?? 0,
                cacheWriteTokens: delta.data.cacheWriteTokens ?? 0,
              },
              price,
            )
          : 0,
      } satisfies UsageDelta;
    }),
  );
  const preferences = records.preferences;
  if (preferences && (turn.accessPath.kind !== 'employee' || preferences.employeeId !== owner.id)) {
    throw refused("preferences of anyone but the owner's personal session");
  }

  for (const event of audit) await stores.audit.append(event);
  for (const delta of usage) await stores.usage.add(delta);
  if (preferences) {
    await stores.org.updateEmployee(owner.id, { preferences: preferences.preferences }, { actor });
  }
  return { audit: audit.length, usage: usage.length, preferences: preferences !== undefined };
}
