/**
 * Runs one Bedrock adapter scenario in a separate Node process and prints its outcome as JSON on
 * stdout. The integration test starts the wire-level fake and spawns this script: vitest workers
 * run with `--conditions module`, under which the AWS SDK resolves to its bundler-only ESM build
 * that Node cannot load, so the real SDK is exercised here, in a process with Node's own
 * conditions (plus `source` for the workspace packages).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createMemoryStores } from '@clawforce/core';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import {
  createGuardrailCounters,
  createGuardrailResolver,
  type GuardrailRequest,
  withGuardrail,
} from '../../index.js';
import { bedrockGuardrailFactory, createBedrockGuardrail } from '../index.js';

export interface Scenario {
  readonly kind: 'assess' | 'turn' | 'resolver' | 'validate';
  readonly endpoint: string;
  readonly request: GuardrailRequest;
  readonly guardrailVersion?: string;
  readonly maxAttempts?: number;
  /** Deterministic exponential backoff: backoffMs * 2^attempt. */
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
}

const scenario = JSON.parse(process.argv[2] as string) as Scenario;

const client = new BedrockRuntimeClient({
  region: 'us-east-1',
  endpoint: scenario.endpoint,
  credentials: { accessKeyId: 'AKIDFAKEFORTESTS0001', secretAccessKey: 'fake-secret-for-tests' },
  ...(scenario.maxAttempts === undefined ? {} : { maxAttempts: scenario.maxAttempts }),
  ...(scenario.backoffMs === undefined
    ? {}
    : {
        retryStrategy: new ConfiguredRetryStrategy(
          scenario.maxAttempts ?? 3,
          (attempt) => (scenario.backoffMs as number) * 2 ** attempt,
        ),
      }),
});

const errorOf = (error: unknown) => {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  const cause = error.cause instanceof Error ? error.cause : undefined;
  return {
    name: error.name,
    message: error.message,
    ...(error as object),
    ...(cause === undefined
      ? {}
      : {
          cause: {
            name: cause.name,
            message: cause.message,
            code: (cause as { code?: unknown }).code,
          },
        }),
  };
};

/** createBedrockGuardrail's own validation, which needs the SDK module loaded. */
async function validate(): Promise<unknown> {
  const attempt = (options: Partial<Parameters<typeof createBedrockGuardrail>[0]>) => {
    try {
      createBedrockGuardrail({
        id: 'b',
        client,
        guardrailIdentifier: 'gr1',
        guardrailVersion: '1',
        ...options,
      });
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? 'thrown';
    }
  };
  let calls = 0;
  const counting = createBedrockGuardrail({
    id: 'b',
    client: {
      send: async () => {
        calls += 1;
        return {};
      },
    } as unknown as BedrockRuntimeClient,
    guardrailIdentifier: 'gr1',
    guardrailVersion: '1',
  });
  const badRequest = await counting.assess({ source: 'SIDEWAYS' as 'INPUT', content: 'x' }).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'thrown',
  );
  const unknownAction = await createBedrockGuardrail({
    id: 'b',
    client: {
      send: async () => ({ action: 'SOMETHING_NEW', outputs: [], assessments: [] }),
    } as unknown as BedrockRuntimeClient,
    guardrailIdentifier: 'gr1',
    guardrailVersion: '1',
  })
    .assess({ source: 'INPUT', content: 'x' })
    .then(
      () => 'ok',
      (error: Error) => error.name,
    );
  return {
    ok: true,
    valid: attempt({}),
    arn: attempt({
      guardrailIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123',
    }),
    badIdentifier: attempt({ guardrailIdentifier: 'Not An Id' }),
    badVersion: attempt({ guardrailVersion: 'latest' }),
    badClient: attempt({ client: {} as BedrockRuntimeClient }),
    badId: attempt({ id: 'Bad_Id' }),
    badRequest,
    callsAfterBadRequest: calls,
    unknownAction,
  };
}

async function run(): Promise<unknown> {
  if (scenario.kind === 'validate') return validate();
  const guardrail = createBedrockGuardrail({
    id: 'bedrock-standard',
    client,
    guardrailIdentifier: 'gr7x2k9q4m1p',
    guardrailVersion: scenario.guardrailVersion ?? '3',
  });
  if (scenario.kind === 'assess') {
    try {
      return { ok: true, response: await guardrail.assess(scenario.request) };
    } catch (error) {
      return { ok: false, error: errorOf(error) };
    }
  }
  if (scenario.kind === 'resolver') {
    const resolver = createGuardrailResolver(
      {
        guardrails: {
          'bedrock-pii': {
            engine: 'bedrock',
            guardrailIdentifier: 'gr7x2k9q4m1p',
            guardrailVersion: 'DRAFT',
          },
        },
      },
      { bedrock: bedrockGuardrailFactory(client) },
    );
    const resolved = resolver.resolve({ id: 'standard', guardrailId: 'bedrock-pii' });
    return {
      ok: true,
      guardrailId: resolved.guardrail?.id,
      response: await resolved.guardrail?.assess(scenario.request),
    };
  }
  const stores = createMemoryStores();
  const counters = createGuardrailCounters();
  const invoked: string[] = [];
  const turn = withGuardrail(
    async (input: { message: string; actor: { kind: 'employee'; id: string } }) => {
      invoked.push(input.message);
      return { text: 'the agent reply' };
    },
    guardrail,
    {
      runtimeId: 'standard',
      auditLog: stores.audit,
      metrics: counters,
      ...(scenario.timeoutMs === undefined ? {} : { timeoutMs: scenario.timeoutMs }),
    },
  );
  const started = performance.now();
  const result = await turn({
    message: scenario.request.content,
    actor: { kind: 'employee', id: 'emp-1' },
  });
  const elapsedMs = performance.now() - started;
  const events = (await stores.audit.query({ order: 'asc' })).items;
  return { ok: true, result, invoked, events, counters: counters.snapshot(), elapsedMs };
}

run()
  .then((outcome) => {
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
  })
  .catch((error: unknown) => {
    process.stdout.write(
      `${JSON.stringify({ ok: false, crashed: true, error: errorOf(error) })}\n`,
    );
  })
  .finally(() => client.destroy());
