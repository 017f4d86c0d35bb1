import { type Channel, ClawforceError, type ItemStore, isClawforceError } from '@clawforce/core';

/**
 * Remembers which platform events were already taken, so a platform's retry of the same update or
 * event id never produces a second reply. It is one conditional write on the shared ItemStore, so it
 * holds across processes (SQLite file, DynamoDB table) and not only inside one.
 */
export interface EventDeduplicator {
  /** True for the first claim of `eventId` on `channel`; false for every later one (a retry). */
  claim(channel: Channel, eventId: string): Promise<boolean>;
}

export interface EventDeduplicatorOptions {
  readonly items: ItemStore;
  /**
   * How long an event id is remembered, default two days: longer than any platform retries
   * (Telegram keeps undelivered updates 24 h, Feishu retries for hours).
   */
  readonly ttlSeconds?: number;
  readonly now?: () => number;
}

export const DEFAULT_EVENT_TTL_SECONDS = 2 * 24 * 3_600;

/** The item that marks an event as taken (pk `IMEVENT#{channel}#{event id}`, sk `EVENT`). */
export function eventKey(channel: Channel, eventId: string) {
  return { pk: `IMEVENT#${channel}#${eventId}`, sk: 'EVENT' } as const;
}

export function createEventDeduplicator(options: EventDeduplicatorOptions): EventDeduplicator {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_EVENT_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new ClawforceError('validation_failed', 'ttlSeconds must be a positive integer', [
      { path: 'ttlSeconds', code: 'too_small', message: 'must be a positive integer' },
    ]);
  }
  const now = options.now ?? Date.now;
  return {
    async claim(channel, eventId) {
      if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > 200) {
        throw new ClawforceError('validation_failed', 'eventId must be 1-200 characters', [
          { path: 'eventId', code: 'invalid', message: 'must be 1-200 characters' },
        ]);
      }
      const at = now();
      try {
        await options.items.put(
          {
            ...eventKey(channel, eventId),
            data: { channel, receivedAt: new Date(at).toISOString() },
            expiresAt: Math.floor(at / 1_000) + ttlSeconds,
          },
          { kind: 'absent' },
        );
        return true;
      } catch (error) {
        if (isClawforceError(error, 'conflict')) return false;
        throw error;
      }
    },
  };
}
