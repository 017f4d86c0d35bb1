/**
 * Every failure that a caller can act on is a {@link ClawforceError} with a stable `code`.
 * HTTP layers map codes to statuses with {@link httpStatusOf}; nothing here knows about HTTP.
 */

/** Stable error codes. Adding a code is a minor change; renaming one is a breaking change. */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_id'
  | 'invalid_key'
  | 'invalid_cursor'
  | 'not_found'
  | 'already_exists'
  | 'conflict'
  | 'in_use'
  | 'forbidden'
  | 'transaction_canceled'
  | 'limit_exceeded'
  | 'unauthorized'
  | 'rate_limited'
  | 'too_large'
  | 'busy'
  | 'unavailable';

/** One field-level problem, with the dotted path of the offending field. */
export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

export class ClawforceError extends Error {
  override readonly name: string = 'ClawforceError';
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[] | Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: readonly ErrorDetail[] | Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `error` is a {@link ClawforceError}, optionally with the given code. */
export function isClawforceError(error: unknown, code?: ErrorCode): error is ClawforceError {
  return error instanceof ClawforceError && (code === undefined || error.code === code);
}

const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_id: 400,
  invalid_key: 400,
  invalid_cursor: 400,
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  in_use: 409,
  forbidden: 403,
  transaction_canceled: 409,
  limit_exceeded: 422,
  unauthorized: 401,
  rate_limited: 429,
  too_large: 413,
  busy: 503,
  unavailable: 503,
};

/** The HTTP status a transport should use for an error code: 4xx for the caller's errors, 503 for `busy` and `unavailable` (retry later). */
export function httpStatusOf(code: ErrorCode): number {
  return statusByCode[code];
}
