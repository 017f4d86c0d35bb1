import { ClawforceError, type ErrorCode } from '@clawforce/core';
import { RuntimeError, type RuntimeErrorCode } from '../errors.js';

/**
 * A turn that AgentCore could not run: `busy` when it throttled or the session stayed in conflict
 * through every retry (send the message again later), `unavailable` when the runtime cannot be
 * reached or is misconfigured (wrong ARN or qualifier, missing permission) or its container
 * failed. Both answer 503 over HTTP. The message never carries the ARN or account.
 */
export class AgentCoreError extends ClawforceError {
  override readonly name = 'AgentCoreError';
  /** The AgentCore error name (`ThrottlingException`, …), when AgentCore answered with one. */
  readonly awsError: string | undefined;
  /** True when the same call may succeed later. */
  readonly retryable: boolean;
  /** How many times the call was sent. */
  readonly attempts: number;

  constructor(
    code: Extract<ErrorCode, 'busy' | 'unavailable'>,
    message: string,
    options: { awsError?: string; retryable?: boolean; attempts?: number; cause?: unknown } = {},
  ) {
    super(
      code,
      message,
      options.awsError === undefined ? undefined : { awsError: options.awsError },
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.awsError = options.awsError;
    this.retryable = options.retryable ?? code === 'busy';
    this.attempts = options.attempts ?? 1;
  }
}

/** True when `error` is an {@link AgentCoreError}. */
export function isAgentCoreError(error: unknown): error is AgentCoreError {
  return error instanceof AgentCoreError;
}

// Records over the code unions: a code added to either union fails to compile until listed here.
const CORE_CODES: Record<ErrorCode, true> = {
  validation_failed: true,
  invalid_id: true,
  invalid_key: true,
  invalid_cursor: true,
  not_found: true,
  already_exists: true,
  conflict: true,
  in_use: true,
  forbidden: true,
  transaction_canceled: true,
  limit_exceeded: true,
  unauthorized: true,
  rate_limited: true,
  too_large: true,
  busy: true,
  unavailable: true,
};
const RUNTIME_CODES: Record<RuntimeErrorCode, true> = {
  openclaw_not_installed: true,
  openclaw_start_failed: true,
  openclaw_crashed: true,
  openclaw_timeout: true,
  openclaw_failed: true,
  runtime_closed: true,
};

/**
 * The error a container reported (`{ code, message, retryable }` of an SSE `error` event) as the
 * same class the local runtime throws: a `ClawforceError` for a caller's fault, a `RuntimeError`
 * for the machinery's, an {@link AgentCoreError} for anything else.
 */
export function remoteError(payload: unknown): Error {
  const body = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<
    string,
    unknown
  >;
  const code = typeof body.code === 'string' ? body.code : '';
  const message =
    typeof body.message === 'string' && body.message.length > 0
      ? body.message.slice(0, 500)
      : 'the agent runtime failed';
  if (Object.hasOwn(RUNTIME_CODES, code)) {
    return new RuntimeError(code as RuntimeErrorCode, message, {
      retryable: body.retryable === true,
    });
  }
  if (Object.hasOwn(CORE_CODES, code)) return new ClawforceError(code as ErrorCode, message);
  return new AgentCoreError('unavailable', 'the agent runtime failed', {
    retryable: body.retryable === true,
  });
}
