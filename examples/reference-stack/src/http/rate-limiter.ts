/** At most `limit` events per `windowMs` per key. */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** When refused: how long until the next event would be allowed. */
  readonly retryAfterMs: number;
}

/**
 * A sliding-log rate limiter in process memory: each key keeps the times of its last `limit` events.
 * The number of keys is bounded (the least recently used are forgotten first), so a flood of
 * distinct keys cannot exhaust memory. One process only: the local stack runs one.
 */
export class RateLimiter {
  readonly #rule: RateLimitRule;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #events = new Map<string, number[]>();

  constructor(rule: RateLimitRule, options: { now?: () => number; maxKeys?: number } = {}) {
    if (!(rule.limit >= 1 && rule.windowMs >= 1))
      throw new RangeError('limit and window must be >= 1');
    this.#rule = rule;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  #recent(key: string): number[] {
    const cutoff = this.#now() - this.#rule.windowMs;
    const events = (this.#events.get(key) ?? []).filter((at) => at > cutoff);
    if (events.length === 0) this.#events.delete(key);
    return events;
  }

  /** Whether one more event would be allowed now, without recording it. */
  check(key: string): RateLimitDecision {
    const events = this.#recent(key);
    if (events.length < this.#rule.limit) return { allowed: true, retryAfterMs: 0 };
    const oldest = events[events.length - this.#rule.limit] as number;
    return {
      allowed: false,
      retryAfterMs: Math.max(1, oldest + this.#rule.windowMs - this.#now()),
    };
  }

  /** Records an event and says whether it was within the limit. */
  hit(key: string): RateLimitDecision {
    const decision = this.check(key);
    const events = this.#recent(key);
    events.push(this.#now());
    if (events.length > this.#rule.limit) events.splice(0, events.length - this.#rule.limit);
    this.#events.delete(key);
    this.#events.set(key, events);
    if (this.#events.size > this.#maxKeys) {
      const oldestKey = this.#events.keys().next().value as string;
      this.#events.delete(oldestKey);
    }
    return decision;
  }

  reset(key: string): void {
    this.#events.delete(key);
  }
}
