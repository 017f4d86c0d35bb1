/**
 * Failures of the machinery that runs OpenClaw, as opposed to bad input (which is a
 * `ClawforceError` from `@clawforce/core`). They are server-side faults: an HTTP layer answers them
 * with 5xx (503 when `retryable`), never with the caller's fault.
 */
export type RuntimeErrorCode =
  /** OpenClaw or its Node are missing or have the wrong version: the message names the fix. */
  | 'openclaw_not_installed'
  /** An OpenClaw process did not come up (bad config, port in use, startup timeout). */
  | 'openclaw_start_failed'
  /** The OpenClaw process died during the turn (crash, kill -9, out of memory). */
  | 'openclaw_crashed'
  /** The turn took longer than the turn timeout and was stopped. */
  | 'openclaw_timeout'
  /** OpenClaw answered, but with an error or with output that could not be read. */
  | 'openclaw_failed'
  /** The runtime is shutting down and takes no new turns. */
  | 'runtime_closed';

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  readonly code: RuntimeErrorCode;
  /** True when the same request may succeed if sent again (a fresh process will serve it). */
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: RuntimeErrorCode,
    message: string,
    options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toJSON(): { code: RuntimeErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** True when `error` is a {@link RuntimeError}, optionally with the given code. */
export function isRuntimeError(error: unknown, code?: RuntimeErrorCode): error is RuntimeError {
  return error instanceof RuntimeError && (code === undefined || error.code === code);
}
