import { httpStatusOf, isClawforceError } from '@clawforce/core';

/**
 * Error codes the HTTP layer adds to core's `ClawforceError` codes. Like core's, they are stable:
 * clients switch on them.
 */
export type HttpErrorCode = 'password_change_required' | 'not_available' | 'budget_exceeded';

const statusByHttpCode: Record<HttpErrorCode, number> = {
  password_change_required: 403,
  not_available: 503,
  budget_exceeded: 402,
};

/** A failure that only exists at the HTTP edge (authentication, availability, budgets). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: HttpErrorCode,
    message: string,
    options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.code = code;
    this.status = statusByHttpCode[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** What every error response carries: `{ "error": { "code", "message", "details" } }`. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: unknown };
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** True when the failure is ours, not the caller's: it is logged, its text never sent. */
  readonly unexpected: boolean;
}

interface BoomLike {
  readonly isBoom: true;
  readonly output: {
    readonly statusCode: number;
    readonly payload: { readonly message?: string };
    readonly headers: Record<string, string | number | string[] | undefined>;
  };
}

const isBoom = (error: unknown): error is BoomLike =>
  typeof error === 'object' && error !== null && (error as { isBoom?: unknown }).isBoom === true;

const codeByBoomStatus: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Turns anything a handler or hapi throws into the stack's error response. Pure. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (isClawforceError(error)) {
    const headers: Record<string, string> = {};
    const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds;
    if (typeof retryAfter === 'number' && retryAfter > 0)
      headers['retry-after'] = String(retryAfter);
    const code = error.code;
    return {
      status: httpStatusOf(code),
      body: { error: { code, message: error.message, details: error.details ?? null } },
      headers,
      unexpected: false,
    };
  }
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details ?? null } },
      headers: { ...error.headers },
      unexpected: false,
    };
  }
  if (isBoom(error) && error.output.statusCode < 500) {
    const status = error.output.statusCode;
    const headers: Record<string, string> = {};
    const retryAfter = error.output.headers['Retry-After'];
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    const message =
      status === 401
        ? 'sign in first: no valid session or token'
        : (error.output.payload.message ?? 'bad request');
    return {
      status,
      body: {
        error: {
          code: codeByBoomStatus[status] ?? 'validation_failed',
          message: status === 400 && /JSON/.test(message) ? 'the body is not valid JSON' : message,
          details: null,
        },
      },
      headers,
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'an unexpected error occurred', details: null } },
    headers: {},
    unexpected: true,
  };
}
