import type { AuditEvent, AuditEventInput } from '../schemas/audit.js';
import type { Page } from './item-store.js';

export interface AuditQuery {
  /** Inclusive ISO timestamps. */
  readonly from?: string;
  readonly to?: string;
  /** Exact event type, or a prefix ending in `.` (`employee.` matches `employee.deleted`). */
  readonly type?: string;
  readonly actorId?: string;
  readonly employeeId?: string;
  /** Only events placed in one of these departments (a manager's subtree). */
  readonly departmentIds?: readonly string[];
  /** Case-insensitive substring of the summary, type, actor or details. */
  readonly text?: string;
  /** Newest first by default. */
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly cursor?: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly checked: number; readonly headSeq: number }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly brokenAt: number;
      readonly reason: string;
    };

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

/**
 * Append-only audit trail. Every event carries the hash of the one before it, so any edit,
 * deletion or reordering is detected by {@link AuditLog.verify}.
 */
export interface AuditLog {
  append(input: AuditEventInput): Promise<AuditEvent>;
  query(query?: AuditQuery): Promise<Page<AuditEvent>>;
  head(): Promise<AuditHead | undefined>;
  /** Recomputes the whole chain and checks it against the head. */
  verify(): Promise<AuditVerification>;
}

/** The hash that precedes the first event. */
export const GENESIS_HASH = '0'.repeat(64);
