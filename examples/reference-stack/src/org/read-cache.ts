import type { AuditLog } from '@clawforce/core';

/**
 * A cache of serialized read results, valid while the audit trail has not moved. Every change to
 * the organization appends an audit event, so an unchanged audit head (one point read) proves that
 * nothing changed since the entry was filled — in this process or any other sharing the store.
 * The head is read before the data, so an entry is never newer data tagged with an older head.
 * Entries also expire after `ttlMs`, which bounds staleness should a writer ever die between its
 * change and its audit event.
 */
export class AuditValidatedCache {
  readonly #audit: Pick<AuditLog, 'head'>;
  readonly #entries = new Map<string, { seq: number; at: number; body: string }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(
    audit: Pick<AuditLog, 'head'>,
    options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
  ) {
    this.#audit = audit;
    this.#maxEntries = options.maxEntries ?? 1_000;
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#now = options.now ?? Date.now;
  }

  /** The cached JSON for `key`, or what `load` returns (serialized and kept). */
  async json(key: string, load: () => Promise<unknown>): Promise<string> {
    const seq = (await this.#audit.head())?.seq ?? 0;
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && hit.seq === seq && now - hit.at < this.#ttlMs) return hit.body;
    const body = JSON.stringify(await load());
    this.#entries.delete(key);
    this.#entries.set(key, { seq, at: now, body });
    if (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return body;
  }
}
