import { isClawforceError } from '@clawforce/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AgentCoreServer,
  createAlwaysOnInvoker,
  isAgentCoreError,
  startAgentCoreServer,
} from './index.js';

const TOKEN = 'always-on-token-0123456789abcdefghijklmnop';
const SESSION = 'shared__it-helpdesk__0123456789abcdefghijkl';
const accessPath = {
  kind: 'shared',
  agentId: 'it-helpdesk',
  callerEmployeeId: 'emp-carol',
} as const;
let server: AgentCoreServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  server = await startAgentCoreServer({
    host: '127.0.0.1',
    port: 0,
    bearerToken: TOKEN,
    handler: async (invocation, io) => {
      bodies.push(invocation);
      io.onText('hel');
      io.onText('lo');
      return { text: 'hello', toolCalls: [{ name: 'web_search', outcome: 'executed' }] };
    },
  });
  return { url: server.url, bodies };
}

/** `fetch` that answers the first `statuses` itself, then lets requests through. */
function flakyFetch(statuses: number[], seen: { count: number }): typeof fetch {
  return async (input, init) => {
    seen.count += 1;
    const status = statuses.shift();
    if (status !== undefined) return new Response('{"error":{"code":"busy"}}', { status });
    return fetch(input, init);
  };
}

describe('createAlwaysOnInvoker', () => {
  it('posts the AgentCore invocation body with the token, and streams the reply', async () => {
    const { url, bodies } = await start();
    const invoker = createAlwaysOnInvoker();
    const deltas: string[] = [];
    const output = await invoker.runTurn({
      target: { kind: 'always-on', agentId: 'it-helpdesk', endpoint: `${url}/`, token: TOKEN },
      sessionId: SESSION,
      message: 'hi',
      accessPath,
      onText: (delta) => deltas.push(delta),
    });
    expect(deltas).toEqual(['hel', 'lo']);
    expect(output).toMatchObject({
      sessionId: SESSION,
      text: 'hello',
      toolCalls: [{ name: 'web_search', outcome: 'executed' }],
      attempts: 1,
    });
    expect(bodies).toEqual([
      { sessionId: SESSION, message: 'hi', caller: undefined, accessPath, runtimeId: undefined },
    ]);
  });

  it('retries 429 and 503 with backoff, then gives up with busy', async () => {
    const { url } = await start();
    const waits: number[] = [];
    const seen = { count: 0 };
    const invoker = createAlwaysOnInvoker({
      fetch: flakyFetch([429, 503], seen),
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
    });
    const target = { agentId: 'it-helpdesk', endpoint: url, token: TOKEN };
    const output = await invoker.runTurn({ target, sessionId: SESSION, message: 'hi', accessPath });
    expect(output.attempts).toBe(3);
    expect(waits).toEqual([100, 200]);

    const giveUp = createAlwaysOnInvoker({
      fetch: flakyFetch([503, 503, 503], { count: 0 }),
      retry: { maxAttempts: 3 },
      sleep: async () => {},
    });
    const error = await giveUp
      .runTurn({ target, sessionId: SESSION, message: 'hi', accessPath })
      .catch((caught: unknown) => caught);
    expect(isAgentCoreError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'busy', retryable: true, attempts: 3 });
  });

  it('does not retry a refused token or a 500, and reports an unreachable agent', async () => {
    const { url } = await start();
    const seen = { count: 0 };
    const invoker = createAlwaysOnInvoker({
      fetch: flakyFetch([500], seen),
      sleep: async () => {},
    });
    const target = { agentId: 'it-helpdesk', endpoint: url, token: TOKEN };
    await expect(
      invoker.runTurn({ target, sessionId: SESSION, message: 'hi', accessPath }),
    ).rejects.toMatchObject({ code: 'unavailable', retryable: false });
    expect(seen.count).toBe(1);
    await expect(
      invoker.runTurn({
        target: { ...target, token: `${TOKEN}-wrong` },
        sessionId: SESSION,
        message: 'hi',
        accessPath,
      }),
    ).rejects.toThrow(/token/);

    await server?.close();
    server = undefined;
    const retries: string[] = [];
    const gone = createAlwaysOnInvoker({
      retry: { maxAttempts: 2 },
      sleep: async () => {},
      onRetry: (event) => retries.push(event.error),
    });
    await expect(
      gone.runTurn({ target, sessionId: SESSION, message: 'hi', accessPath }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    expect(retries).toEqual(['ECONNREFUSED']);
    expect(await gone.ping(url, { timeoutMs: 500 })).toMatchObject({ healthy: false });
  });

  it('refuses a bad target or request before anything is sent', async () => {
    const seen = { count: 0 };
    const invoker = createAlwaysOnInvoker({ fetch: flakyFetch([], seen) });
    const target = { agentId: 'it-helpdesk', endpoint: 'http://127.0.0.1:9', token: TOKEN };
    for (const [request, field] of [
      [{ target: { ...target, token: 'short' } }, 'token'],
      [{ target: { ...target, endpoint: 'http://user:pw@host' } }, 'endpoint'],
      [{ target: { ...target, agentId: 'Not Id' } }, 'agentId'],
      [{ sessionId: 'short' }, 'sessionId'],
      [{ message: '  ' }, 'message'],
    ] as const) {
      const error = await invoker
        .runTurn({ ...{ target, sessionId: SESSION, message: 'hi', accessPath }, ...request })
        .catch((caught: unknown) => caught);
      expect(isClawforceError(error, 'validation_failed'), field).toBe(true);
      expect((error as Error).message, field).toContain(field);
      expect((error as Error).message).not.toContain(TOKEN);
    }
    expect(seen.count).toBe(0);
    expect(() => createAlwaysOnInvoker({ retry: { maxAttempts: 0 } })).toThrow('maxAttempts');
  });
});
