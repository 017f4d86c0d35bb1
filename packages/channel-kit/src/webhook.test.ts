import {
  type ChannelAdapter,
  ClawforceError,
  createMemoryStores,
  type InboundEvent,
  type InboundMessage,
  type RawWebhookRequest,
} from '@clawforce/core';
import { describe, expect, it, vi } from 'vitest';
import type { DispatchResult } from './dispatcher.js';
import { headerValue, secretsEqual } from './headers.js';
import { sleep, withRateLimitRetry } from './retry.js';
import { createWebhookHandler } from './webhook.js';

const message: InboundMessage = {
  channel: 'discord',
  eventId: 'e1',
  channelUserId: 'u1',
  chatId: 'c1',
  text: 'hi',
  attachments: [],
  isDirectMessage: true,
  receivedAt: '2026-11-02T09:00:00.000Z',
};

function adapterReturning(
  result: InboundEvent | Error,
): Pick<ChannelAdapter, 'channel' | 'receive'> {
  return {
    channel: 'discord',
    receive: async () => {
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

const request: RawWebhookRequest = { headers: {}, body: new TextEncoder().encode('{}') };

describe('createWebhookHandler', () => {
  it('acknowledges a message with an empty 200 once it is dispatched', async () => {
    const dispatch = vi.fn(async (): Promise<DispatchResult> => ({ status: 'accepted' }));
    const handle = createWebhookHandler({
      adapter: adapterReturning({ kind: 'message', message }),
      dispatcher: { dispatch },
    });
    expect(await handle(request)).toEqual({ status: 200, headers: {}, body: '' });
    expect(dispatch).toHaveBeenCalledWith(message);
  });

  it('answers with the acknowledgement body the platform wants', async () => {
    const acknowledge = vi.fn(() => ({ status: 200, body: { type: 5 } }));
    const handle = createWebhookHandler({
      adapter: adapterReturning({ kind: 'message', message }),
      dispatcher: { dispatch: async () => ({ status: 'duplicate' }) },
      acknowledge,
    });
    const response = await handle(request);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ type: 5 });
    expect(acknowledge).toHaveBeenCalledWith(message, { status: 'duplicate' });
  });

  it('answers handshakes as the adapter says and ignored events with 200', async () => {
    const handshake = createWebhookHandler({
      adapter: adapterReturning({
        kind: 'handshake',
        response: { status: 200, body: { challenge: 'abc' } },
      }),
      dispatcher: { dispatch: vi.fn() },
    });
    const answered = await handshake(request);
    expect(answered.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answered.body)).toEqual({ challenge: 'abc' });
    const dispatch = vi.fn();
    const ignored = createWebhookHandler({
      adapter: adapterReturning({ kind: 'ignored', reason: 'edited message' }),
      dispatcher: { dispatch },
    });
    expect((await ignored(request)).status).toBe(200);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers an unverified request with 401, records it in the audit log and does nothing else', async () => {
    const stores = createMemoryStores();
    const dispatch = vi.fn();
    const handle = createWebhookHandler({
      adapter: adapterReturning(new ClawforceError('unauthorized', 'the signature does not match')),
      dispatcher: { dispatch },
      audit: stores.audit,
    });
    const response = await handle(request, { remoteAddress: '203.0.113.9' });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'unauthorized', message: 'the request could not be verified' },
    });
    expect(dispatch).not.toHaveBeenCalled();
    const { items } = await stores.audit.query({ type: 'im.webhook-rejected' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actor: { kind: 'system', id: 'discord-webhook' },
      details: {
        channel: 'discord',
        reason: 'the signature does not match',
        remoteAddress: '203.0.113.9',
      },
    });
  });

  it('maps other failures to their status: 400, 413, 503 (so the platform retries), 500', async () => {
    const onError = vi.fn();
    const status = async (error: Error) =>
      (
        await createWebhookHandler({
          adapter: adapterReturning(error),
          dispatcher: { dispatch: vi.fn() },
          onError,
        })(request)
      ).status;
    expect(await status(new ClawforceError('validation_failed', 'the body is not JSON'))).toBe(400);
    expect(await status(new ClawforceError('unavailable', 'store down'))).toBe(503);
    expect(await status(new Error('boom'))).toBe(500);
    expect(onError).toHaveBeenCalledTimes(2);
    const small = createWebhookHandler({
      adapter: adapterReturning({ kind: 'message', message }),
      dispatcher: { dispatch: vi.fn() },
      maxBodyBytes: 1,
    });
    expect((await small(request)).status).toBe(413);
  });

  it('fails with 503 when the claim cannot be written, so the platform retries', async () => {
    const handle = createWebhookHandler({
      adapter: adapterReturning({ kind: 'message', message }),
      dispatcher: {
        dispatch: async () => {
          throw new ClawforceError('unavailable', 'database locked');
        },
      },
    });
    expect((await handle(request)).status).toBe(503);
  });
});

describe('headers and secrets', () => {
  it('reads headers case-insensitively, first value of a repeated header', () => {
    const raw: RawWebhookRequest = {
      headers: { 'X-Signature-Ed25519': 'abc', 'x-multi': ['one', 'two'] },
      body: new Uint8Array(),
    };
    expect(headerValue(raw, 'x-signature-ed25519')).toBe('abc');
    expect(headerValue(raw, 'X-MULTI')).toBe('one');
    expect(headerValue(raw, 'x-missing')).toBeUndefined();
  });

  it('compares secrets exactly', () => {
    expect(secretsEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(secretsEqual('s3cret-token', 's3cret-tokem')).toBe(false);
    expect(secretsEqual('', 's3cret-token')).toBe(false);
  });
});

describe('withRateLimitRetry', () => {
  const rateLimited = (afterMs: number) => Object.assign(new Error('429'), { afterMs });
  const retryAfter = (error: unknown) => (error as { afterMs?: number }).afterMs;

  it('waits the requested time and tries again', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const result = await withRateLimitRetry(
      async () => {
        attempts += 1;
        if (attempts < 3) throw rateLimited(1_500);
        return 'sent';
      },
      retryAfter,
      {},
      async (milliseconds) => {
        waits.push(milliseconds);
      },
    );
    expect(result).toBe('sent');
    expect(waits).toEqual([1_500, 1_500]);
  });

  it('gives up with rate_limited after the retries or when the wait is too long', async () => {
    const noWait = async () => {};
    const always = async () => {
      throw rateLimited(10);
    };
    const error = await withRateLimitRetry(always, retryAfter, { maxRetries: 2 }, noWait).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'rate_limited', details: { attempts: 3 } });
    const long = await withRateLimitRetry(
      async () => {
        throw rateLimited(120_000);
      },
      retryAfter,
      { maxDelayMs: 30_000 },
      noWait,
    ).catch((caught: unknown) => caught);
    expect(long).toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: 120, attempts: 1 },
    });
  });

  it('rethrows other failures at once', async () => {
    const operation = vi.fn(async () => {
      throw new Error('400 bad request');
    });
    await expect(withRateLimitRetry(operation, retryAfter, {}, sleep)).rejects.toThrow('400');
    expect(operation).toHaveBeenCalledTimes(1);
  });
});
