import { ClawforceError } from '@clawforce/core';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors.js';
import {
  type AgentCoreHandler,
  type AgentCoreServer,
  closeOnSignals,
  SESSION_HEADER,
  startAgentCoreServer,
} from './index.js';

const SESSION = 'emp__emp-ryan__portal-0123456789abcdef';
let server: AgentCoreServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  handler: AgentCoreHandler,
  extra: { busy?: () => boolean; onShutdown?: () => Promise<void> } = {},
) {
  server = await startAgentCoreServer({ handler, host: '127.0.0.1', port: 0, ...extra });
  return server;
}

interface Answer {
  readonly status?: string;
  readonly time_of_last_update?: number;
  readonly error: { code: string; message: string; details: { path: string }[] };
}
const read = async (response: Response) => (await response.json()) as Answer;

const invoke = (body: unknown, headers: Record<string, string> = { [SESSION_HEADER]: SESSION }) =>
  fetch(`${server?.url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('AgentCore container server', () => {
  it('runs an invocation for the session in the header and answers JSON', async () => {
    const seen: unknown[] = [];
    await start(async (invocation) => {
      seen.push(invocation);
      return { text: `hello ${invocation.sessionId.length}`, usage: { inputTokens: 3 } };
    });
    const response = await invoke({
      message: 'hi',
      caller: { employeeId: 'emp-ryan' },
      accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sessionId: SESSION,
      text: `hello ${SESSION.length}`,
      usage: { inputTokens: 3 },
    });
    expect(seen).toEqual([
      {
        sessionId: SESSION,
        message: 'hi',
        caller: { employeeId: 'emp-ryan' },
        accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
      },
    ]);
    const prompt = await invoke({ prompt: 'as prompt' });
    expect(prompt.status).toBe(200);
    expect((seen[1] as { message: string }).message).toBe('as prompt');
  });

  it('streams text deltas and the result as server-sent events', async () => {
    await start(async (_invocation, { onText }) => {
      onText('Hel');
      onText('lo');
      return { text: 'Hello' };
    });
    const response = await invoke(
      { message: 'hi' },
      { [SESSION_HEADER]: SESSION, accept: 'text/event-stream' },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text).toBe(
      `event: text\ndata: {"delta":"Hel"}\n\nevent: text\ndata: {"delta":"lo"}\n\nevent: done\ndata: {"sessionId":"${SESSION}","text":"Hello"}\n\n`,
    );
  });

  it('reports a failure inside a stream as an error event', async () => {
    await start(async () => {
      throw new RuntimeError('openclaw_crashed', 'the process died', { retryable: true });
    });
    const text = await (await invoke({ message: 'hi', stream: true })).text();
    expect(text).toBe(
      'event: error\ndata: {"code":"openclaw_crashed","message":"the process died","retryable":true}\n\n',
    );
  });

  it('rejects a missing or short session id and a bad body, naming the field', async () => {
    await start(async () => ({ text: 'never' }));
    const missing = await invoke({ message: 'hi' }, {});
    expect(missing.status).toBe(400);
    expect((await read(missing)).error.message).toContain(SESSION_HEADER);
    expect((await invoke({ message: 'hi' }, { [SESSION_HEADER]: 'short' })).status).toBe(400);
    const noMessage = await invoke({ caller: {} });
    expect(noMessage.status).toBe(400);
    expect((await read(noMessage)).error.message).toContain('message');
    const unknown = await invoke({ message: 'hi', extra: 1 });
    expect((await read(unknown)).error.details[0]?.path).toBe('extra');
    expect((await invoke('{oops')).status).toBe(400);
    const huge = await invoke({ message: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect((await fetch(`${server?.url}/elsewhere`)).status).toBe(404);
  });

  it("passes the session's credentials to the handler, refuses malformed ones without echoing", async () => {
    const seen: unknown[] = [];
    await start(async (invocation) => {
      seen.push(invocation.credentials);
      return { text: 'ok' };
    });
    const credentials = {
      accessKeyId: 'ASIATENANTRYAN00001',
      secretAccessKey: 'tenant-secret-access-key',
      sessionToken: 'tenant-session-token',
      expiration: '2026-11-26T13:00:00Z',
    };
    expect((await invoke({ message: 'hi', credentials })).status).toBe(200);
    expect(seen).toEqual([credentials]);
    for (const bad of [
      { ...credentials, accessKeyId: 'not a key' },
      { ...credentials, expiration: 'tomorrow' },
      { ...credentials, region: 'us-east-1' },
      { accessKeyId: credentials.accessKeyId },
    ]) {
      const response = await invoke({ message: 'hi', credentials: bad });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).toContain('credentials');
      expect(text).not.toContain(credentials.secretAccessKey);
      expect(text).not.toContain(credentials.sessionToken);
    }
    expect(seen).toHaveLength(1);
  });

  it('maps errors to statuses without leaking internals', async () => {
    const errors = [
      new ClawforceError('busy', 'busy'),
      new ClawforceError('forbidden', 'no'),
      new RuntimeError('openclaw_crashed', 'died', { retryable: true }),
      new RuntimeError('openclaw_failed', 'bad output'),
      new Error('secret internal detail'),
    ];
    let next = 0;
    await start(async () => {
      throw errors[next++];
    });
    const statuses = [];
    for (let index = 0; index < errors.length; index++) {
      const response = await invoke({ message: 'hi' });
      statuses.push([response.status, (await read(response)).error.code]);
    }
    expect(statuses).toEqual([
      [503, 'busy'],
      [403, 'forbidden'],
      [503, 'openclaw_crashed'],
      [500, 'openclaw_failed'],
      [500, 'internal'],
    ]);
  });

  it('answers /ping HealthyBusy while working, with the time of the last change', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let queued = false;
    await start(
      async () => {
        await gate;
        return { text: 'done' };
      },
      { busy: () => queued },
    );
    const ping = async () => read(await fetch(`${server?.url}/ping`));
    const idle = await ping();
    expect(idle.status).toBe('Healthy');
    expect(Number.isInteger(idle.time_of_last_update)).toBe(true);
    const running = invoke({ message: 'hi' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await ping()).status).toBe('HealthyBusy');
    release();
    await running;
    expect((await ping()).status).toBe('Healthy');
    queued = true;
    expect((await ping()).status).toBe('HealthyBusy');
  });

  it('on close finishes running invocations, refuses new ones, then flushes', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = await start(
      async () => {
        await gate;
        order.push('turn done');
        return { text: 'ok' };
      },
      { onShutdown: async () => void order.push('flushed') },
    );
    const running = invoke({ message: 'hi' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = started.close();
    setTimeout(release, 50);
    expect((await running).status).toBe(200);
    await closing;
    expect(order).toEqual(['turn done', 'flushed']);
    server = undefined;
  });

  it('closes on SIGTERM and exits', async () => {
    const started = await start(async () => ({ text: 'ok' }));
    const exited = new Promise<number>((resolve) => {
      const remove = closeOnSignals(started, {
        signals: ['SIGUSR2'],
        exit: (code) => {
          remove();
          resolve(code);
        },
      });
    });
    process.kill(process.pid, 'SIGUSR2');
    expect(await exited).toBe(0);
    await expect(fetch(`${started.url}/ping`)).rejects.toThrow();
    server = undefined;
  });
});

describe('AgentCore container server: bearer token and admitted sessions', () => {
  const TOKEN = 'bearer-token-0123456789abcdefghijklmnopqrstuvwxyz';

  it('requires the bearer token on /invocations only, and refuses sessions it does not serve', async () => {
    let turns = 0;
    server = await startAgentCoreServer({
      handler: async () => {
        turns += 1;
        return { text: 'ok' };
      },
      host: '127.0.0.1',
      port: 0,
      bearerToken: TOKEN,
      admitsSession: (sessionId) => sessionId === SESSION,
    });
    const body = { message: 'hi' };
    for (const authorization of [undefined, 'Bearer nope', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await invoke(body, {
        [SESSION_HEADER]: SESSION,
        ...(authorization ? { authorization } : {}),
      });
      expect(response.status, authorization).toBe(401);
      const answer = await read(response);
      expect(answer.error.code).toBe('unauthorized');
      expect(JSON.stringify(answer)).not.toContain(TOKEN);
    }
    expect(turns).toBe(0);
    const ping = await fetch(`${server.url}/ping`);
    expect(ping.status).toBe(200);

    const other = await invoke(body, {
      [SESSION_HEADER]: `${SESSION}-other`,
      authorization: `Bearer ${TOKEN}`,
    });
    expect(other.status).toBe(403);
    expect((await read(other)).error.code).toBe('forbidden');
    expect(turns).toBe(0);

    const ok = await invoke(body, { [SESSION_HEADER]: SESSION, authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(turns).toBe(1);
  });

  it('refuses a short bearer token at start', async () => {
    await expect(
      startAgentCoreServer({
        handler: async () => ({ text: '' }),
        host: '127.0.0.1',
        port: 0,
        bearerToken: 'short',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
