import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawWebhookRequest } from '@clawforce/core';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeListener } from './node-http.js';
import type { WebhookContext, WebhookHandler } from './webhook.js';

describe('toNodeListener', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(handler: WebhookHandler, maxBodyBytes?: number) {
    server = createServer(toNodeListener(handler, maxBodyBytes ? { maxBodyBytes } : {}));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/im/test`;
  }

  it('hands the exact body bytes, the headers and the peer address to the handler', async () => {
    const seen: { request: RawWebhookRequest; context: WebhookContext | undefined }[] = [];
    const url = await serve(async (request, context) => {
      seen.push({ request, context });
      return { status: 202, headers: { 'x-answer': 'yes' }, body: 'ok' };
    });
    const body = '{"text":"héllo 👋"}';
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'value' },
      body,
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.text()).toBe('ok');
    expect(Buffer.from(seen[0]?.request.body ?? []).toString('utf8')).toBe(body);
    expect(seen[0]?.request.headers['x-custom']).toBe('value');
    expect(seen[0]?.context?.remoteAddress).toMatch(/127\.0\.0\.1/);
  });

  it('refuses other methods with 405 and oversized bodies with 413', async () => {
    let calls = 0;
    const url = await serve(async () => {
      calls += 1;
      return { status: 200, headers: {}, body: '' };
    }, 16);
    expect((await fetch(url)).status).toBe(405);
    const large = await fetch(url, { method: 'POST', body: 'x'.repeat(1_000) });
    expect(large.status).toBe(413);
    expect(calls).toBe(0);
  });

  it('answers 500 when the handler itself throws', async () => {
    const url = await serve(async () => {
      throw new Error('boom');
    });
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(500);
  });
});
