import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClawforceError, createMemoryStores, isClawforceError } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isRuntimeError, RuntimeError } from '../errors.js';
import { readServerSentEvents } from '../internal/server-sent-events.js';
import {
  type AgentCoreHandler,
  type AgentCoreInvocation,
  type AgentCoreInvoker,
  type AgentCoreRetryEvent,
  type AgentCoreTarget,
  type AgentCoreTurnEvent,
  createAgentCoreInvoker,
  isAgentCoreError,
  SESSION_HEADER,
  startAgentCoreServer,
  type TenantSession,
} from './index.js';
import { backoffDelay } from './internal/backoff.js';
import {
  type LocalAgentCore,
  type LocalMicroVm,
  startLocalAgentCore,
} from './testing-support/local-agentcore.js';

const CAROL = 'emp__emp-carol__abcdefghijklmnopqrstuvwxyz';
const CAROL_TWIN = 'twin__emp-carol__abcdefghijklmnopqrstuvwxyz';
const RYAN = 'emp__emp-ryan__abcdefghijklmnopqrstuvwxyz0';

let agentCore: LocalAgentCore;
let handler: AgentCoreHandler;
const received: AgentCoreInvocation[] = [];
const stopped: string[] = [];
let closeDelayMs = 0;
let standard: AgentCoreTarget;
let invoker: AgentCoreInvoker;
const retries: AgentCoreRetryEvent[] = [];
const waits: number[] = [];

/** A microVM: the real container HTTP server around the test's handler. */
async function microVm(sessionId: string): Promise<LocalMicroVm> {
  const server = await startAgentCoreServer({
    host: '127.0.0.1',
    port: 0,
    handler: (invocation, io) => {
      received.push(invocation);
      return handler(invocation, io);
    },
  });
  return {
    url: server.url,
    async close() {
      await new Promise((resolve) => setTimeout(resolve, closeDelayMs));
      await server.close();
      stopped.push(sessionId);
    },
  };
}

/** A container of another kind: answers with `respond` whatever the request. */
async function plainContainer(
  respond: (response: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    if (request.url === '/ping') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"Healthy"}');
      return;
    }
    respond(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function makeInvoker(overrides: Partial<Parameters<typeof createAgentCoreInvoker>[0]> = {}) {
  return createAgentCoreInvoker({
    client: agentCore.client(),
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    onRetry: (event) => retries.push(event),
    ...overrides,
  });
}

async function collect(events: AsyncIterable<AgentCoreTurnEvent>): Promise<AgentCoreTurnEvent[]> {
  const all: AgentCoreTurnEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const carolTurn = (message = 'Who are you?') => ({
  target: standard,
  sessionId: CAROL,
  message,
  accessPath: { kind: 'employee' as const, employeeId: 'emp-carol' },
});

beforeAll(async () => {
  agentCore = await startLocalAgentCore();
  const arn = agentCore.addRuntime({
    id: 'clawforce_test_standard-AbC123',
    qualifiers: ['canary'],
    startMicroVm: ({ sessionId }) => microVm(sessionId),
  });
  standard = { kind: 'agentcore', runtimeArn: arn, qualifier: 'DEFAULT', runtimeId: 'standard' };
  invoker = makeInvoker();
});

afterAll(async () => {
  invoker.close();
  await agentCore.close();
});

afterEach(() => {
  received.length = 0;
  retries.length = 0;
  waits.length = 0;
  closeDelayMs = 0;
});

describe('createAgentCoreInvoker: turns', () => {
  it('with tenant sessions: sends the session credentials, writes the records of the reply', async () => {
    const stores = createMemoryStores();
    await seedDemoCompany(stores);
    const asked: TenantSession[] = [];
    const identity = {
      accessKeyId: 'ASIATENANTCAROL0001',
      secretAccessKey: 'tenant-secret',
      sessionToken: 'tenant-token',
      expiration: new Date('2026-11-26T13:00:00Z'),
    };
    const tenantInvoker = makeInvoker({
      tenantSessions: {
        credentials: {
          credentialsFor: async (session) => {
            asked.push(session);
            return identity;
          },
        },
        stores,
        now: () => Date.parse('2026-11-26T12:00:00Z'),
      },
    });
    const event = {
      type: 'agent.turn',
      actor: { kind: 'system', id: 'forged' },
      summary: 'answered',
    };
    let records: unknown = { audit: [event] };
    handler = async () => ({ text: 'done', records });
    const output = await tenantInvoker.runTurn(carolTurn());
    expect(output.text).toBe('done');
    expect(asked).toEqual([
      {
        runtimeId: 'standard',
        accessPath: { kind: 'employee', employeeId: 'emp-carol' },
        sessionId: CAROL,
      },
    ]);
    expect(received.at(-1)?.credentials).toEqual({
      ...identity,
      expiration: '2026-11-26T13:00:00.000Z',
    });
    const written = await stores.audit.query({ type: 'agent.turn' });
    expect(written.items).toHaveLength(1);
    expect(written.items[0]).toMatchObject({
      employeeId: 'emp-carol',
      actor: { kind: 'employee', id: 'emp-carol' },
      target: { kind: 'session', id: CAROL },
    });

    // Records the session may not make: the turn fails, nothing is written.
    records = { audit: [{ ...event, type: 'employee.deleted' }] };
    await expect(tenantInvoker.runTurn(carolTurn())).rejects.toSatisfy((error) =>
      isClawforceError(error, 'forbidden'),
    );
    expect((await stores.audit.query({ type: 'employee.deleted' })).items).toHaveLength(0);
    // Without tenant sessions, a reply with records is refused rather than lost.
    records = { audit: [event] };
    await expect(invoker.runTurn(carolTurn())).rejects.toSatisfy(
      (error) => isAgentCoreError(error) && error.code === 'unavailable',
    );
    // A target without its tier cannot pick a tenant role: refused before anything is sent.
    const sent = received.length;
    await expect(
      tenantInvoker.runTurn({ ...carolTurn(), target: { runtimeArn: standard.runtimeArn } }),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'validation_failed'));
    expect(received.length).toBe(sent);
    tenantInvoker.close();
  });

  it('streams the reply as turn events, with the session id as runtimeSessionId', async () => {
    handler = async (invocation, io) => {
      io.onText('I am ');
      io.onText('Carol’s agent.');
      return {
        text: 'I am Carol’s agent.',
        toolCalls: [
          { name: 'exec', outcome: 'denied' },
          { name: 'write', outcome: 'completed' },
        ],
        usage: {
          model: 'offline/clawforce-offline',
          inputTokens: 120,
          outputTokens: 7,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costMicroUsd: 42,
        },
        durationMs: 31,
        coldStart: true,
        runtimeId: invocation.runtimeId,
      };
    };
    const events = await collect(
      invoker.streamTurn({ ...carolTurn(), caller: { kind: 'employee', id: 'emp-carol' } }),
    );
    expect(events.slice(0, 4)).toEqual([
      { type: 'text', text: 'I am ' },
      { type: 'text', text: 'Carol’s agent.' },
      { type: 'tool', name: 'exec', outcome: 'denied' },
      { type: 'tool', name: 'write', outcome: 'executed' },
    ]);
    expect(events[4]).toEqual({
      type: 'done',
      model: 'offline/clawforce-offline',
      inputTokens: 120,
      outputTokens: 7,
      durationMs: 31,
      output: {
        sessionId: CAROL,
        text: 'I am Carol’s agent.',
        toolCalls: [
          { name: 'exec', outcome: 'denied' },
          { name: 'write', outcome: 'executed' },
        ],
        usage: {
          model: 'offline/clawforce-offline',
          inputTokens: 120,
          outputTokens: 7,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costMicroUsd: 42,
        },
        durationMs: 31,
        coldStart: true,
        attempts: 1,
      },
    });
    // What the container got: the session, the router's access path, the caller and the tier.
    expect(received).toEqual([
      {
        sessionId: CAROL,
        message: 'Who are you?',
        accessPath: { kind: 'employee', employeeId: 'emp-carol' },
        caller: { kind: 'employee', id: 'emp-carol' },
        runtimeId: 'standard',
      },
    ]);
    expect(agentCore.requests.at(-1)).toEqual({
      operation: 'InvokeAgentRuntime',
      sessionId: CAROL,
      qualifier: 'DEFAULT',
      status: 200,
    });
  });

  it('sends the qualifier and reuses the session microVM; runTurn collects', async () => {
    handler = async (_invocation, io) => {
      io.onText('hi');
      return { text: 'hi' };
    };
    const before = agentCore.microVmsStarted;
    const canary = { ...standard, qualifier: 'canary' };
    const deltas: string[] = [];
    const first = await invoker.runTurn({
      ...carolTurn(),
      target: canary,
      sessionId: RYAN,
      accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
      onText: (delta) => deltas.push(delta),
    });
    await invoker.runTurn({
      ...carolTurn(),
      target: canary,
      sessionId: RYAN,
      accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
    });
    expect(first).toMatchObject({ text: 'hi', sessionId: RYAN, toolCalls: [], attempts: 1 });
    expect(deltas).toEqual(['hi']);
    expect(agentCore.microVmsStarted).toBe(before + 1);
    expect(agentCore.requests.at(-1)?.qualifier).toBe('canary');
    expect(await invoker.stopSession(canary, RYAN)).toBe('stopped');
  });

  it('reads a JSON reply and a plain chunked reply as the same events', async () => {
    const json = await plainContainer((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          sessionId: CAROL,
          text: 'whole reply',
          toolCalls: [{ name: 'read', outcome: 'failed' }],
          usage: { model: 'm', inputTokens: 3, outputTokens: 2 },
        }),
      );
    });
    const chunked = await plainContainer((response) => {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.write('part one, ');
      setTimeout(() => response.end('part two'), 20);
    });
    const jsonArn = agentCore.addRuntime({
      id: 'json-runtime',
      startMicroVm: async () => ({ url: json.url, close: async () => {} }),
    });
    const textArn = agentCore.addRuntime({
      id: 'text-runtime',
      startMicroVm: async () => ({ url: chunked.url, close: async () => {} }),
    });
    try {
      const fromJson = await collect(
        invoker.streamTurn({ ...carolTurn(), target: { runtimeArn: jsonArn } }),
      );
      expect(fromJson.map((event) => event.type)).toEqual(['text', 'tool', 'done']);
      expect(fromJson[0]).toEqual({ type: 'text', text: 'whole reply' });
      expect(fromJson[1]).toEqual({ type: 'tool', name: 'read', outcome: 'failed' });
      expect(fromJson[2]).toMatchObject({ model: 'm', inputTokens: 3, outputTokens: 2 });

      const fromText = await collect(
        invoker.streamTurn({ ...carolTurn(), target: { runtimeArn: textArn } }),
      );
      const text = fromText.flatMap((event) => (event.type === 'text' ? [event.text] : []));
      expect(text.join('')).toBe('part one, part two');
      expect(fromText.at(-1)).toMatchObject({
        type: 'done',
        model: 'unknown',
        output: { text: 'part one, part two' },
      });
    } finally {
      json.server.close();
      chunked.server.close();
    }
  });

  it('rethrows the container’s error as the error class the local runtime throws', async () => {
    const errors: Error[] = [
      new RuntimeError('openclaw_timeout', 'the turn took too long', { retryable: true }),
      new ClawforceError('forbidden', 'not yours'),
      new Error('secret internal detail'),
    ];
    let next = 0;
    handler = async () => {
      throw errors[next++];
    };
    const outcomes: unknown[] = [];
    for (let index = 0; index < errors.length; index++) {
      outcomes.push(await invoker.runTurn(carolTurn()).catch((error: unknown) => error));
    }
    expect(isRuntimeError(outcomes[0], 'openclaw_timeout')).toBe(true);
    expect((outcomes[0] as RuntimeError).retryable).toBe(true);
    expect(isClawforceError(outcomes[1], 'forbidden')).toBe(true);
    expect(isAgentCoreError(outcomes[2])).toBe(true);
    expect((outcomes[2] as Error).message).not.toContain('secret');
  });

  it('stops streaming and cancels the container turn when the caller aborts', async () => {
    let containerSignal: AbortSignal | undefined;
    handler = async (_invocation, io) => {
      containerSignal = io.signal;
      io.onText('first');
      // As the runtime does: a cancelled turn ends.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        io.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return { text: 'never' };
    };
    const controller = new AbortController();
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const event of invoker.streamTurn({ ...carolTurn(), signal: controller.signal })) {
        if (event.type === 'text') {
          seen.push(event.text);
          controller.abort(new Error('caller left'));
        }
      }
    })().catch((error: unknown) => error);
    expect(seen).toEqual(['first']);
    expect((failure as Error).message).toBe('caller left');
    const deadline = Date.now() + 2_000;
    while (!containerSignal?.aborted && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(containerSignal?.aborted).toBe(true);
  });

  it('reports a container that went away mid-turn, and one that answered an error status', async () => {
    const cut = await plainContainer((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end('event: text\ndata: {"delta":"half"}\n\n');
    });
    const failing = await plainContainer((response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"busy"}}');
    });
    const broken = await plainContainer((response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const arnOf = (id: string, url: string) =>
      agentCore.addRuntime({ id, startMicroVm: async () => ({ url, close: async () => {} }) });
    try {
      const midway = await invoker
        .runTurn({ ...carolTurn(), target: { runtimeArn: arnOf('cut', cut.url) } })
        .catch((error: unknown) => error);
      expect(isAgentCoreError(midway) && midway.code).toBe('unavailable');
      expect((midway as Error).message).toContain('stopped before the turn ended');

      const busy = await invoker
        .runTurn({ ...carolTurn(), target: { runtimeArn: arnOf('failing', failing.url) } })
        .catch((error: unknown) => error);
      expect(isAgentCoreError(busy) && [busy.code, busy.awsError]).toEqual([
        'busy',
        'RuntimeClientError',
      ]);
      const bad = await invoker
        .runTurn({ ...carolTurn(), target: { runtimeArn: arnOf('broken', broken.url) } })
        .catch((error: unknown) => error);
      expect(isAgentCoreError(bad) && [bad.code, bad.retryable, bad.attempts]).toEqual([
        'unavailable',
        false,
        1,
      ]);
    } finally {
      cut.server.close();
      failing.server.close();
      broken.server.close();
    }
  });
});

describe('createAgentCoreInvoker: retries', () => {
  it('retries throttling and session conflicts with growing waits', async () => {
    handler = async () => ({ text: 'finally' });
    agentCore.failNext('InvokeAgentRuntime', 'ThrottlingException', 2);
    const throttled = await invoker.runTurn(carolTurn());
    expect(throttled).toMatchObject({ text: 'finally', attempts: 3 });
    expect(retries.map((event) => [event.error, event.attempt])).toEqual([
      ['ThrottlingException', 1],
      ['ThrottlingException', 2],
    ]);
    // Equal jitter with random() = 0.5: three quarters of 100 ms, then of 200 ms.
    expect(waits).toEqual([75, 150]);

    retries.length = 0;
    agentCore.failNext('InvokeAgentRuntime', 'RetryableConflictException', 1);
    expect((await invoker.runTurn(carolTurn())).attempts).toBe(2);
    expect(retries.map((event) => event.error)).toEqual(['RetryableConflictException']);
  });

  it('gives up after maxAttempts with busy, and does not retry what cannot succeed', async () => {
    handler = async () => ({ text: 'unused' });
    agentCore.failNext('InvokeAgentRuntime', 'ThrottlingException', 10);
    const busy = await invoker.runTurn(carolTurn()).catch((error: unknown) => error);
    expect(isAgentCoreError(busy)).toBe(true);
    expect(busy).toMatchObject({
      code: 'busy',
      awsError: 'ThrottlingException',
      retryable: true,
      attempts: 4,
    });
    expect(isClawforceError(busy, 'busy')).toBe(true);
    agentCore.failNext('InvokeAgentRuntime', 'ThrottlingException', 0);

    agentCore.failNext('InvokeAgentRuntime', 'InternalServerException', 10);
    const down = await invoker.runTurn(carolTurn()).catch((error: unknown) => error);
    expect(down).toMatchObject({ code: 'unavailable', attempts: 4, retryable: true });
    agentCore.failNext('InvokeAgentRuntime', 'InternalServerException', 0);

    retries.length = 0;
    for (const errorType of ['AccessDeniedException', 'ServiceQuotaExceededException']) {
      agentCore.failNext('InvokeAgentRuntime', errorType, 1);
      const refused = await invoker.runTurn(carolTurn()).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'unavailable', awsError: errorType, attempts: 1 });
    }
    const unknownRuntime = await invoker
      .runTurn({
        ...carolTurn(),
        target: { runtimeArn: `${standard.runtimeArn.replace(/runtime\/.*/, 'runtime/missing')}` },
      })
      .catch((error: unknown) => error);
    expect(unknownRuntime).toMatchObject({ awsError: 'ResourceNotFoundException', attempts: 1 });
    // The ARN and account never reach the message an end user may see.
    expect((unknownRuntime as Error).message).not.toContain(agentCore.account);
    const unknownEndpoint = await invoker
      .runTurn({ ...carolTurn(), target: { ...standard, qualifier: 'nope' } })
      .catch((error: unknown) => error);
    expect(unknownEndpoint).toMatchObject({ awsError: 'ResourceNotFoundException' });
    expect(retries).toEqual([]);
  });

  it('retries a turn sent while its session is being stopped, then runs it in a new microVM', async () => {
    handler = async () => ({ text: 'fresh' });
    // Real waits: the stop takes 300 ms, the retries wait it out.
    const live = createAgentCoreInvoker({
      client: agentCore.client(),
      retry: { baseDelayMs: 50, maxAttempts: 8 },
      onRetry: (event) => retries.push(event),
    });
    try {
      await live.runTurn(carolTurn());
      const started = agentCore.microVmsStarted;
      closeDelayMs = 300;
      const stopping = live.stopSession(standard, CAROL);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const turn = await live.runTurn(carolTurn());
      expect(await stopping).toBe('stopped');
      expect(turn.text).toBe('fresh');
      expect(turn.attempts).toBeGreaterThan(1);
      expect(retries.some((event) => event.error === 'RetryableConflictException')).toBe(true);
      expect(agentCore.microVmsStarted).toBe(started + 1);
    } finally {
      live.close();
    }
  });
});

describe('createAgentCoreInvoker: StopRuntimeSession', () => {
  it('stops one session (its container flushes) and every session of an owner', async () => {
    handler = async () => ({ text: 'ok' });
    // Its own invoker: the sessions it remembers are the ones run here.
    const invoker = makeInvoker();
    await invoker.runTurn(carolTurn());
    await invoker.runTurn({
      ...carolTurn(),
      sessionId: CAROL_TWIN,
      accessPath: { kind: 'twin', employeeId: 'emp-carol', visitorId: 'visitor-0123456789ab' },
    });
    await invoker.runTurn({
      ...carolTurn(),
      sessionId: RYAN,
      accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
    });
    stopped.length = 0;
    agentCore.failNext('StopRuntimeSession', 'ConflictException', 1);
    expect(await invoker.stopSessionsOf('emp-carol')).toBe(2);
    expect(stopped.sort()).toEqual([CAROL, CAROL_TWIN].sort());
    expect(retries.map((event) => [event.operation, event.error])).toEqual([
      ['StopRuntimeSession', 'ConflictException'],
    ]);
    expect(agentCore.sessions()).toContain(RYAN);
    // Already stopped: nothing to stop, and nothing remembered any more.
    expect(await invoker.stopSession(standard, CAROL)).toBe('not_running');
    expect(await invoker.stopSessionsOf('emp-carol')).toBe(0);
    expect(await invoker.stopSessionsOf('emp-ryan')).toBe(1);
    invoker.close();
  });
});

describe('createAgentCoreInvoker: input', () => {
  it('refuses bad input before anything is sent, naming the field', async () => {
    const sent = agentCore.requests.length;
    const cases: [Parameters<AgentCoreInvoker['runTurn']>[0], string][] = [
      [{ ...carolTurn(), sessionId: 'emp__emp-carol__short' }, 'sessionId'],
      [{ ...carolTurn(), target: { runtimeArn: 'arn:aws:s3:::bucket' } }, 'target.runtimeArn'],
      [
        { ...carolTurn(), target: { ...standard, qualifier: 'bad-qualifier!' } },
        'target.qualifier',
      ],
      [{ ...carolTurn(), accessPath: { kind: 'nobody' } as never }, 'accessPath'],
      [{ ...carolTurn(), message: '  ' }, 'message'],
    ];
    for (const [request, field] of cases) {
      const error = await invoker.runTurn(request).catch((caught: unknown) => caught);
      expect(isClawforceError(error, 'validation_failed'), field).toBe(true);
      const said = `${(error as Error).message} ${JSON.stringify((error as ClawforceError).details)}`;
      for (const part of field.split('.')) expect(said, field).toContain(part);
    }
    await expect(invoker.stopSession(standard, 'short')).rejects.toSatisfy((error) =>
      isClawforceError(error, 'validation_failed'),
    );
    expect(() => createAgentCoreInvoker({ retry: { maxAttempts: 0 } })).toThrow(ClawforceError);
    expect(agentCore.requests.length).toBe(sent);
  });
});

describe('the local AgentCore enforces the API rules', () => {
  const post = (path: string, headers: Record<string, string>, body = '{"message":"hi"}') =>
    fetch(`${agentCore.endpoint}${path}`, { method: 'POST', headers, body });
  const signed = {
    authorization:
      'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/bedrock-agentcore/aws4_request, SignedHeaders=host, Signature=0',
    'content-type': 'application/json',
    [SESSION_HEADER]: CAROL,
  };
  const errorOf = async (response: Response) => [
    response.status,
    response.headers.get('x-amzn-errortype'),
  ];

  it('answers each broken rule with the error AgentCore sends', async () => {
    handler = async () => ({ text: 'ok' });
    const path = `/runtimes/${encodeURIComponent(standard.runtimeArn)}/invocations`;
    expect(await errorOf(await post(path, signed))).toEqual([200, null]);
    expect(
      await errorOf(await post(path, { ...signed, [SESSION_HEADER]: 'x'.repeat(32) })),
    ).toEqual([400, 'ValidationException']);
    const { [SESSION_HEADER]: _session, ...sessionless } = signed;
    expect(await errorOf(await post(path, sessionless))).toEqual([400, 'ValidationException']);
    expect(await errorOf(await post(path, { ...signed, 'content-type': 'text/plain' }))).toEqual([
      400,
      'ValidationException',
    ]);
    expect(await errorOf(await post(`${path}?qualifier=prod`, signed))).toEqual([
      404,
      'ResourceNotFoundException',
    ]);
    expect(await errorOf(await post(`${path}?qualifier=no-dashes`, signed))).toEqual([
      400,
      'ValidationException',
    ]);
    expect(await errorOf(await post('/runtimes/not-an-arn/invocations', signed))).toEqual([
      400,
      'ValidationException',
    ]);
    const { authorization: _authorization, ...unsigned } = signed;
    expect(await errorOf(await post(path, unsigned))).toEqual([401, 'UnauthorizedException']);
    expect(
      await errorOf(
        await post(path, {
          ...signed,
          authorization: signed.authorization.replace('bedrock-agentcore', 'bedrock'),
        }),
      ),
    ).toEqual([401, 'UnauthorizedException']);
    expect(await errorOf(await post(path, signed, ''))).toEqual([400, 'ValidationException']);
    expect(
      await errorOf(
        await post(`/runtimes/${encodeURIComponent(standard.runtimeArn)}/other`, signed),
      ),
    ).toEqual([404, 'UnknownOperationException']);
    expect(
      await errorOf(
        await post(
          `/runtimes/${encodeURIComponent(standard.runtimeArn)}/stopruntimesession`,
          signed,
          '{"clientToken":"short"}',
        ),
      ),
    ).toEqual([400, 'ValidationException']);
  });
});

describe('internals', () => {
  it('reads server-sent events split anywhere, across CRLF and inside a character', async () => {
    const text =
      'event: text\r\ndata: {"delta":"é"}\r\n\r\n: comment\nevent: done\ndata: a\ndata: b\n\n';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 7, bytes.length]) {
      async function* chunks() {
        for (let index = 0; index < bytes.length; index += size) {
          yield bytes.slice(index, index + size);
        }
      }
      const events = [];
      for await (const event of readServerSentEvents(chunks())) events.push(event);
      expect(events, `chunks of ${size}`).toEqual([
        { event: 'text', data: '{"delta":"é"}' },
        { event: 'done', data: 'a\nb' },
      ]);
    }
  });

  it('waits exponentially longer, capped, with jitter', () => {
    const policy = { maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(policy, retry, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
  });
});
