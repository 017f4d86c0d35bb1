/**
 * Chat over a real listening server: SSE framing as a browser reads it, budgets, the twin's public
 * link end to end, a client that goes away mid-turn. The agent runtime is a test double (the real
 * one is @clawforce/runtime's); what is tested is everything around it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../testing/harness.js';
import { createNoopRuntime } from '../testing/noop-runtime.js';
import type { AgentRuntime, TurnEvent, TurnRequest } from './agent-runtime.js';

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Parses an SSE body strictly: every block is `event:` + one `data:` line of JSON, or a comment. */
function parseSse(text: string): SseEvent[] {
  expect(text.endsWith('\n\n')).toBe(true);
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    if (block.startsWith(':')) continue;
    const lines = block.split('\n');
    expect(lines).toHaveLength(2);
    const [eventLine, dataLine] = lines as [string, string];
    expect(eventLine).toMatch(/^event: [a-z-]+$/);
    expect(dataLine).toMatch(/^data: /);
    events.push({ event: eventLine.slice(7), data: JSON.parse(dataLine.slice(6)) });
  }
  return events;
}

/** A runtime that streams a scripted reply in pieces, optionally waiting between them. */
function scriptedRuntime(pieces: string[], delayMs = 0) {
  const base = createNoopRuntime();
  const aborted: TurnRequest[] = [];
  const runtime: AgentRuntime & { aborted: TurnRequest[]; turns: TurnRequest[] } = {
    ...base,
    turns: base.turns,
    aborted,
    async *runTurn(request): AsyncIterable<TurnEvent> {
      base.turns.push(request);
      for (const piece of pieces) {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (request.signal.aborted) {
          aborted.push(request);
          return;
        }
        yield { type: 'text', text: piece };
      }
      yield { type: 'tool', name: 'exec', outcome: 'denied' };
      yield {
        type: 'done',
        model: 'offline/test',
        inputTokens: 12,
        outputTokens: 7,
        durationMs: 3,
      };
    },
  };
  return runtime;
}

describe('chat over HTTP', () => {
  let stack: TestStack;
  let base: string;
  let runtime: ReturnType<typeof scriptedRuntime>;

  const start = async (pieces: string[], delayMs = 0) => {
    runtime = scriptedRuntime(pieces, delayMs);
    stack = await createTestStack({ runtime });
    await stack.api.server.start();
    base = `http://localhost:${stack.api.server.info.port}`;
  };
  afterEach(async () => {
    await stack.api.server.stop({ timeout: 1_000 });
  });

  const chat = async (as: string, message: string, path = '/api/v1/portal/chat') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token(as)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ message }),
    });

  describe('portal chat', () => {
    beforeEach(async () => {
      await start(['Hello ', 'Carol', ' — line\nbreak "quoted"']);
    });

    it('streams start, text, tool and done as well-formed server-sent events', async () => {
      // Ada (Executive) runs on the executive tier, which has no guardrail: the reply streams.
      const response = await chat('emp-ada', 'Hi there');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
      // Compressed when the client accepts it, flushed event by event (see the abort test).
      expect(response.headers.get('content-encoding')).toBe('gzip');
      const events = parseSse(await response.text());
      expect(events.map((event) => event.event)).toEqual([
        'start',
        'text',
        'text',
        'text',
        'tool',
        'done',
      ]);
      const [first] = events as [SseEvent];
      expect(first.data).toMatchObject({
        accessPath: 'employee',
        route: { tier: 'position', target: { kind: 'local', runtimeId: 'executive' } },
      });
      expect(String(first.data.sessionId)).toMatch(/^emp__emp-ada__/);
      expect(
        events
          .filter((event) => event.event === 'text')
          .map((event) => event.data.text)
          .join(''),
      ).toBe('Hello Carol — line\nbreak "quoted"');
      expect(events.at(-1)?.data).toEqual({
        model: 'offline/test',
        inputTokens: 12,
        outputTokens: 7,
        durationMs: 3,
      });
      expect(runtime.turns[0]).toMatchObject({
        message: 'Hi there',
        runtimeId: 'executive',
        accessPath: { kind: 'employee', employeeId: 'emp-ada' },
        employee: { id: 'emp-ada' },
      });
    });

    it('holds a guarded tier’s reply until the guardrail checked it, then sends it whole', async () => {
      // Carol (Finance) runs on the standard tier, guarded by acme-standard.
      const events = parseSse(await (await chat('emp-carol', 'Hi there')).text());
      expect(events.map((event) => event.event)).toEqual(['start', 'tool', 'text', 'done']);
      expect(events[0]?.data).toMatchObject({
        route: { tier: 'default', target: { runtimeId: 'standard' } },
      });
      expect(events[2]?.data).toEqual({ text: 'Hello Carol — line\nbreak "quoted"' });
    });

    it('a message the guardrail blocks never reaches the agent, and is audited without the secret', async () => {
      const secret = 'My key is AKIA2OGYBAH6STMCAWEB please store it';
      const events = parseSse(await (await chat('emp-carol', secret)).text());
      expect(events.map((event) => event.event)).toEqual(['start', 'guardrail', 'text', 'done']);
      expect(events[1]?.data).toEqual({ action: 'blocked', source: 'INPUT' });
      expect(String(events[2]?.data.text)).toMatch(/acceptable-use policy/);
      expect(runtime.turns).toHaveLength(0);
      const audit = await stack.stores.audit.query({ type: 'guardrail-block' });
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({ employeeId: 'emp-carol', departmentId: 'finance' });
      expect(JSON.stringify(audit.items[0])).not.toContain('AKIA2OGYBAH6STMCAWEB');
      const history = await stack.request('GET', '/api/v1/portal/history', { as: 'emp-carol' });
      const [session] = (history.json() as { items: { sessionId: string }[] }).items;
      const messages = await stack.request('GET', `/api/v1/portal/history/${session?.sessionId}`, {
        as: 'emp-carol',
      });
      expect(messages.body).not.toContain('AKIA2OGYBAH6STMCAWEB');
    });

    it('masks what the guardrail anonymizes and says so', async () => {
      const events = parseSse(
        await (await chat('emp-carol', 'Charge card 4111 1111 1111 1111')).text(),
      );
      expect(events[1]).toEqual({
        event: 'guardrail',
        data: { action: 'anonymized', sources: ['INPUT'] },
      });
      expect(runtime.turns[0]?.message).toBe('Charge card {CREDIT_DEBIT_CARD_NUMBER}');
    });

    it('keeps the conversation in the history, visible only to its owner', async () => {
      await (await chat('emp-carol', 'First question')).text();
      await (await chat('emp-carol', 'Second question')).text();
      const history = await stack.request('GET', '/api/v1/portal/history', { as: 'emp-carol' });
      const [session] = (
        history.json() as { items: { sessionId: string; messages: number; title: string }[] }
      ).items;
      expect(session).toMatchObject({ messages: 4, title: 'First question' });
      const messages = await stack.request('GET', `/api/v1/portal/history/${session?.sessionId}`, {
        as: 'emp-carol',
      });
      expect((messages.json() as { messages: { role: string; text: string }[] }).messages).toEqual([
        expect.objectContaining({ role: 'user', text: 'First question' }),
        expect.objectContaining({ role: 'assistant', text: 'Hello Carol — line\nbreak "quoted"' }),
        expect.objectContaining({ role: 'user', text: 'Second question' }),
        expect.objectContaining({ role: 'assistant' }),
      ]);
      const snooping = await stack.request('GET', `/api/v1/portal/history/${session?.sessionId}`, {
        as: 'emp-david',
      });
      expect(snooping.statusCode).toBe(404);
    });

    it('refuses empty, oversized and malformed messages before the agent runs', async () => {
      for (const message of ['', '   ', 'x'.repeat(16 * 1024 + 1), '界'.repeat(6_000)]) {
        const response = await chat('emp-carol', message);
        expect(response.status, `${message.length} chars`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
      const extra = await fetch(`${base}/api/v1/portal/chat`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await stack.token('emp-carol')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ message: 'hi', employeeId: 'emp-admin' }),
      });
      expect(extra.status).toBe(400);
      expect(runtime.turns).toHaveLength(0);
    });

    it('a hard budget refuses the turn with a clear message; a soft one warns in the stream', async () => {
      const today = new Date().toISOString().slice(0, 10);
      await stack.stores.usage.add({
        employeeId: 'emp-carol',
        departmentId: 'finance',
        day: today,
        model: 'offline/test',
        inputTokens: 1_000,
        outputTokens: 1_000,
        costMicroUsd: 5_000_000,
      });
      const soft = await stack.request('PUT', '/api/v1/budgets/departments/finance', {
        as: 'emp-admin',
        payload: { monthlyLimitUsd: 4, mode: 'soft' },
      });
      expect(soft.statusCode).toBe(200);
      const warned = parseSse(await (await chat('emp-carol', 'Hello')).text());
      expect(warned[1]).toMatchObject({ event: 'warning' });
      expect(String(warned[1]?.data.message)).toMatch(
        /finance department's monthly budget of \$4\.00/,
      );

      await stack.request('PUT', '/api/v1/budgets/employees/emp-carol', {
        as: 'emp-admin',
        payload: { monthlyLimitUsd: 5, mode: 'hard' },
      });
      const turns = runtime.turns.length;
      const refused = await chat('emp-carol', 'Hello again');
      expect(refused.status).toBe(402);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('budget_exceeded');
      expect(body.error.message).toMatch(/your monthly budget of \$5\.00 \(spent \$5\.00/);
      expect(runtime.turns).toHaveLength(turns);
      // David, in the same department, is only warned (the department budget is soft).
      expect((await chat('emp-david', 'Hello')).status).toBe(200);
    });
  });

  it('answers 503 not_available when no runtime is configured', async () => {
    stack = await createTestStack();
    await stack.api.server.start();
    base = `http://localhost:${stack.api.server.info.port}`;
    const response = await chat('emp-carol', 'Hello');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'not_available',
    );
  });

  it('aborts the turn when the client goes away', async () => {
    await start(['one ', 'two ', 'three ', 'four ', 'five '], 40);
    // Wait for the first event before going away: Ada's tier streams (no guardrail).
    const controller = new AbortController();
    const response = await fetch(`${base}/api/v1/portal/chat`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token('emp-ada')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ message: 'Tell me a long story' }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runtime.aborted).toHaveLength(1);
    const history = await stack.request('GET', '/api/v1/portal/history', { as: 'emp-ada' });
    expect((history.json() as { items: unknown[] }).items).toHaveLength(0);
  });

  it('playground: an admin chats as an employee on a pgnd__ session kept in the admin history', async () => {
    await start(['Hi']);
    const events = parseSse(
      await (
        await chat('emp-admin', 'Test as Rachel', '/api/v1/playground/emp-rachel/chat')
      ).text(),
    );
    expect(events[0]?.data).toMatchObject({ accessPath: 'playground' });
    expect(String(events[0]?.data.sessionId)).toMatch(/^pgnd__emp-rachel__/);
    expect(runtime.turns[0]?.accessPath).toEqual({
      kind: 'playground',
      employeeId: 'emp-rachel',
      operatorId: 'emp-admin',
    });
    const rachel = await stack.request('GET', '/api/v1/portal/history', { as: 'emp-rachel' });
    expect((rachel.json() as { items: unknown[] }).items).toHaveLength(0);
    const admin = await stack.request('GET', '/api/v1/portal/history', { as: 'emp-admin' });
    expect((admin.json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('digital twin: enable, public page, anonymous chat, 404 at once after disable', async () => {
    await start(["I am Carol's assistant."]);
    const enabled = await stack.request('POST', '/api/v1/portal/twin', {
      as: 'emp-carol',
      payload: {},
    });
    expect(enabled.statusCode).toBe(201);
    const { url, qrSvg } = enabled.json() as { url: string; qrSvg: string };
    expect(qrSvg).toMatch(/^<svg/);
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/twin\/[A-Za-z0-9_-]{43}$/);

    const page = await fetch(`${base}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Carol Zhang's AI assistant");
    expect(html).toContain('not with Carol Zhang');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
    const visitorCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(visitorCookie).toMatch(/^clawforce_visitor=[A-Za-z0-9_-]{8,}/);

    const chatPath = path.replace('/twin/', '/api/v1/public/twin/');
    const reply = await fetch(`${base}${chatPath}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: visitorCookie },
      body: JSON.stringify({ message: 'Is Carol free on Friday?' }),
    });
    expect(reply.status).toBe(200);
    const events = parseSse(await reply.text());
    expect(events[0]?.data).toMatchObject({ accessPath: 'twin' });
    expect(String(events[0]?.data.sessionId)).toMatch(/^twin__emp-carol__/);

    const status = await stack.request('GET', '/api/v1/portal/twin', { as: 'emp-carol' });
    expect(status.json()).toMatchObject({ enabled: true, link: { viewCount: 1, chatCount: 1 } });
    expect(JSON.stringify(status.json())).not.toMatch(/tokenHash|[A-Za-z0-9_-]{43}/);
    const history = await stack.request('GET', '/api/v1/portal/history', { as: 'emp-carol' });
    expect((history.json() as { items: { accessPath: string }[] }).items[0]?.accessPath).toBe(
      'twin',
    );

    const disabled = await stack.request('DELETE', '/api/v1/portal/twin', { as: 'emp-carol' });
    expect(disabled.json()).toMatchObject({ enabled: false });
    expect((await fetch(`${base}${path}`)).status).toBe(404);
    const after = await fetch(`${base}${chatPath}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: visitorCookie },
      body: JSON.stringify({ message: 'Still there?' }),
    });
    expect(after.status).toBe(404);
  });

  it('rate-limits a twin link per visitor, with Retry-After', async () => {
    runtime = scriptedRuntime(['hi']);
    stack = await createTestStack({
      runtime,
      twinLimits: { perVisitor: { limit: 2, windowSeconds: 60 } },
    });
    await stack.api.server.start();
    base = `http://localhost:${stack.api.server.info.port}`;
    const enabled = await stack.request('POST', '/api/v1/portal/twin', {
      as: 'emp-carol',
      payload: {},
    });
    const path = new URL((enabled.json() as { url: string }).url).pathname;
    const page = await fetch(`${base}${path}`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const send = () =>
      fetch(`${base}${path.replace('/twin/', '/api/v1/public/twin/')}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ message: 'Hello' }),
      });
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('warm-up answers the runtime state for the caller’s own session', async () => {
    await start(['x']);
    const response = await stack.request('POST', '/api/v1/portal/warmup', {
      as: 'emp-mike',
      payload: {},
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ state: 'warm' });
    expect(String((response.json() as { sessionId: string }).sessionId)).toMatch(
      /^emp__emp-mike__/,
    );
  });
});
