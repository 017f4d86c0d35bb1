import { createHash, timingSafeEqual } from 'node:crypto';
import type { RawWebhookRequest } from '@clawforce/core';

/** A request header by case-insensitive name; the first value when it was sent more than once. */
export function headerValue(request: RawWebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first = typeof value === 'string' ? value : value[0];
    return first === undefined ? undefined : first;
  }
  return undefined;
}

/**
 * Compares two secrets in constant time. Both sides are hashed first, so neither the position of the
 * first difference nor the length of the expected secret leaks through timing.
 */
export function secretsEqual(received: string, expected: string): boolean {
  const left = createHash('sha256').update(received, 'utf8').digest();
  const right = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(left, right);
}
