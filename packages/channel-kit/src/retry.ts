import { ClawforceError } from '@clawforce/core';

/** How a platform's "429, retry after N seconds" is honoured: a few times, never for too long. */
export interface RetryPolicy {
  /** Retries after the first attempt, default 3. */
  readonly maxRetries?: number;
  /** A longer requested wait is not waited for: the send fails with `rate_limited`; default 30 s. */
  readonly maxDelayMs?: number;
}

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_DELAY_MS = 30_000;

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Runs `operation`; when it fails with a rate limit (`retryAfterMs` returns the requested wait),
 * waits that long and tries again, at most `maxRetries` times and never longer than `maxDelayMs`.
 * Other failures are rethrown at once. When it gives up it throws `rate_limited` with the wait.
 */
export async function withRateLimitRetry<T>(
  operation: () => Promise<T>,
  retryAfterMs: (error: unknown) => number | undefined,
  policy: RetryPolicy = {},
  wait: (milliseconds: number) => Promise<void> = sleep,
): Promise<T> {
  const maxRetries = policy.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxDelayMs = policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const delay = retryAfterMs(error);
      if (delay === undefined) throw error;
      if (attempt >= maxRetries || delay > maxDelayMs) {
        throw new ClawforceError(
          'rate_limited',
          `the platform is rate limiting; retry after ${Math.ceil(delay / 1_000)} s`,
          { retryAfterSeconds: Math.ceil(delay / 1_000), attempts: attempt + 1 },
          { cause: error },
        );
      }
      await wait(Math.max(0, delay));
    }
  }
}
