/**
 * `@clawforce/guardrail/bedrock`: the Guardrail port over Amazon Bedrock's ApplyGuardrail, through
 * `@aws-sdk/client-bedrock-runtime` (an optional peer dependency: install it to use this entry).
 * Requests and responses map field for field. Throttling and server errors are retried by the
 * SDK's retry strategy (exponential backoff with jitter; tune it with `maxAttempts` or
 * `retryStrategy` on the client); whatever still fails becomes a `GuardrailUnavailableError`, which
 * `withGuardrail` treats as fail-closed unless the runtime is fail-open.
 */
import {
  ApplyGuardrailCommand,
  type ApplyGuardrailResponse,
  type BedrockRuntimeClient,
} from '@aws-sdk/client-bedrock-runtime';
import { assertId, ClawforceError, parse } from '@clawforce/core';
import { z } from 'zod';
import type { BedrockGuardrailFactory } from '../config.js';
import { bedrockGuardrailConfigSchema } from '../config.js';
import { type Guardrail, type GuardrailRequest, GuardrailUnavailableError } from '../types.js';
import { mapBedrockResponse } from './mapping.js';

export { mapBedrockAssessment, mapBedrockResponse } from './mapping.js';

export interface BedrockGuardrailOptions {
  /** The Clawforce id this guardrail is configured under. */
  readonly id: string;
  /** A configured client (region, credentials, endpoint, retries). */
  readonly client: Pick<BedrockRuntimeClient, 'send'>;
  readonly guardrailIdentifier: string;
  readonly guardrailVersion: string;
  /** `INTERVENTIONS` (default) or `FULL` (also lists what did not trigger). */
  readonly outputScope?: 'INTERVENTIONS' | 'FULL';
}

const requestSchema = z.object({ source: z.enum(['INPUT', 'OUTPUT']), content: z.string() });

const optionsSchema = bedrockGuardrailConfigSchema.omit({ engine: true }).extend({
  outputScope: z.enum(['INTERVENTIONS', 'FULL']).optional(),
});

/** Error names that mean "try again later": the SDK retries these before they reach us. */
const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ServiceQuotaExceededException',
  'ModelNotReadyException',
  'TimeoutError',
  'AbortError',
]);

function unavailable(id: string, error: unknown): GuardrailUnavailableError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
    ?.httpStatusCode;
  const retryable =
    RETRYABLE.has(name) ||
    (error as { $retryable?: unknown } | null)?.$retryable !== undefined ||
    (status !== undefined && status >= 500);
  // The SDK's message never contains the checked text; it is kept as the cause only.
  return new GuardrailUnavailableError(
    id,
    `Bedrock ApplyGuardrail failed for guardrail ${id}: ${name}${status === undefined ? '' : ` (HTTP ${status})`}`,
    { retryable, cause: error },
  );
}

/** A Guardrail backed by one Bedrock guardrail version. */
export function createBedrockGuardrail(options: BedrockGuardrailOptions): Guardrail {
  const id = assertId(options.id, 'id');
  const { client, id: _id, ...rest } = options;
  const settings = parse(optionsSchema, rest, 'bedrock guardrail options');
  if (typeof client?.send !== 'function') {
    throw new ClawforceError(
      'validation_failed',
      'bedrock guardrail options are invalid: client must be a BedrockRuntimeClient',
      [{ path: 'client', code: 'invalid_type', message: 'must be a BedrockRuntimeClient' }],
    );
  }
  return {
    id,
    async assess(request: GuardrailRequest, assessOptions) {
      parse(requestSchema, request, 'guardrail request');
      const command = new ApplyGuardrailCommand({
        guardrailIdentifier: settings.guardrailIdentifier,
        guardrailVersion: settings.guardrailVersion,
        source: request.source,
        content: [{ text: { text: request.content } }],
        ...(settings.outputScope === undefined ? {} : { outputScope: settings.outputScope }),
      });
      let response: ApplyGuardrailResponse;
      try {
        response = await client.send(
          command,
          assessOptions?.signal === undefined ? {} : { abortSignal: assessOptions.signal },
        );
      } catch (error) {
        throw unavailable(id, error);
      }
      return mapBedrockResponse(id, response);
    },
  };
}

/** The factory `createGuardrailResolver` needs for `engine: "bedrock"` entries. */
export function bedrockGuardrailFactory(
  client: Pick<BedrockRuntimeClient, 'send'>,
): BedrockGuardrailFactory {
  return (config) =>
    createBedrockGuardrail({
      id: config.id,
      client,
      guardrailIdentifier: config.guardrailIdentifier,
      guardrailVersion: config.guardrailVersion,
    });
}
