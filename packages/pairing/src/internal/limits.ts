import { ClawforceError, type ItemStore, isClawforceError } from '@clawforce/core';
import { pairingKeys } from './keys.js';

/**
 * Limits that hold across processes: every count is an atomic ItemStore counter with an expiry, never
 * process memory.
 */

export interface AttemptLimiterOptions {
  readonly items: ItemStore;
  readonly now: () => number;
  /** What the limit is about (`pairing-code`), part of every key. */
  readonly scope: string;
  readonly maxAttempts: number;
  readonly windowSeconds: number;
  readonly lockoutSeconds: number;
  /** Granularity of the sliding window, default 60 s. */
  readonly bucketSeconds?: number;
}

export interface Reservation {
  readonly subject: string;
  readonly bucket: number;
}

export type ReserveResult =
  | { readonly allowed: true; readonly reservation: Reservation; readonly used: number }
  | {
      readonly allowed: false;
      readonly lockedUntil: number;
      /** True when this reservation is the one that locked the subject out. */
      readonly lockedNow: boolean;
    };

/**
 * At most `maxAttempts` bad attempts per subject in a sliding window, then a lockout. An attempt is
 * reserved (counted) before it is evaluated and refunded when it turns out good, so a burst of
 * parallel guesses cannot get more than `maxAttempts` evaluations: each reservation is an atomic
 * increment followed by a read of the window, and the k-th increment always reads at least k.
 */
export class AttemptLimiter {
  readonly #options: Required<AttemptLimiterOptions>;

  constructor(options: AttemptLimiterOptions) {
    this.#options = { bucketSeconds: 60, ...options };
  }

  #seconds(): number {
    return Math.floor(this.#options.now() / 1_000);
  }

  /** Epoch seconds until which the subject is locked out, if it is. */
  async lockedUntil(subject: string): Promise<number | undefined> {
    const lock = await this.#options.items.get(pairingKeys.lock(this.#options.scope, subject));
    return lock?.expiresAt;
  }

  /** Counts one attempt; refused (and the subject locked) once the window is full. */
  async reserve(subject: string): Promise<ReserveResult> {
    const { items, scope, bucketSeconds, windowSeconds, maxAttempts } = this.#options;
    const locked = await this.lockedUntil(subject);
    if (locked !== undefined) return { allowed: false, lockedUntil: locked, lockedNow: false };
    const now = this.#seconds();
    const bucket = Math.floor(now / bucketSeconds);
    // One bucket more than the window spans, so the window is never shorter than `windowSeconds`.
    const span = Math.ceil(windowSeconds / bucketSeconds) + 1;
    await items.increment(
      pairingKeys.bucket(scope, subject, bucket),
      { attempts: 1 },
      { create: { data: {}, expiresAt: (bucket + span + 1) * bucketSeconds } },
    );
    const buckets = await items.getMany(
      Array.from({ length: span }, (_, offset) =>
        pairingKeys.bucket(scope, subject, bucket - offset),
      ),
    );
    const used = buckets.reduce((sum, item) => sum + (item?.counters.attempts ?? 0), 0);
    if (used > maxAttempts) {
      const lock = await this.lock(subject);
      return { allowed: false, lockedUntil: lock.until, lockedNow: lock.created };
    }
    return { allowed: true, reservation: { subject, bucket }, used };
  }

  /** Gives a reserved attempt back (it was a good one). */
  async refund(reservation: Reservation): Promise<void> {
    try {
      await this.#options.items.increment(
        pairingKeys.bucket(this.#options.scope, reservation.subject, reservation.bucket),
        { attempts: -1 },
        { condition: { kind: 'present' } },
      );
    } catch (error) {
      // The bucket expired meanwhile: there is nothing left to give back.
      if (!isClawforceError(error, 'conflict')) throw error;
    }
  }

  /**
   * Locks the subject out now, unless it already is; returns the end of the lockout (epoch seconds)
   * and whether this call created it.
   */
  async lock(subject: string): Promise<{ until: number; created: boolean }> {
    const until = this.#seconds() + this.#options.lockoutSeconds;
    try {
      await this.#options.items.put(
        { ...pairingKeys.lock(this.#options.scope, subject), data: {}, expiresAt: until },
        { kind: 'absent' },
      );
      return { until, created: true };
    } catch (error) {
      if (!isClawforceError(error, 'conflict')) throw error;
      return { until: (await this.lockedUntil(subject)) ?? until, created: false };
    }
  }

  get maxAttempts(): number {
    return this.#options.maxAttempts;
  }
}

export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * A fixed-window request counter: at most `limit` requests per subject per window. Throws
 * `rate_limited` with `details.retryAfterSeconds` when over.
 */
export async function takeFromWindow(
  items: ItemStore,
  now: () => number,
  scope: string,
  subject: string,
  rate: RateLimit,
): Promise<void> {
  const seconds = Math.floor(now() / 1_000);
  const window = Math.floor(seconds / rate.windowSeconds);
  const windowEnd = (window + 1) * rate.windowSeconds;
  const counter = await items.increment(
    pairingKeys.bucket(scope, subject, window),
    { requests: 1 },
    { create: { data: {}, expiresAt: windowEnd + 60 } },
  );
  if ((counter.counters.requests ?? 0) > rate.limit) {
    throw new ClawforceError('rate_limited', 'too many requests; try again later', {
      scope,
      retryAfterSeconds: Math.max(1, windowEnd - seconds),
    });
  }
}
