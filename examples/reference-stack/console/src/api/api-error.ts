/** One field the server refused, as `validation_failed` details list them. */
export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * A failed API call: the stack's `{ error: { code, message, details } }`, or a network failure
 * (`status` 0, code `network`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The fields a `validation_failed` error names, by path. */
  get fieldProblems(): readonly FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (detail): detail is FieldProblem =>
        typeof detail === 'object' &&
        detail !== null &&
        typeof (detail as FieldProblem).path === 'string' &&
        typeof (detail as FieldProblem).message === 'string',
    );
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** Reads an error response; anything that is not the stack's error shape still becomes one. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })
    ?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(response.status, error.code, error.message, error.details ?? null);
  }
  return new ApiError(
    response.status,
    response.status === 404 ? 'not_found' : 'unexpected',
    `the server answered ${response.status} ${response.statusText}`.trim(),
  );
}

/** A sentence for people: what went wrong and, where it helps, what to do. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? error.message : 'Something went wrong.';
  }
  switch (error.code) {
    case 'network':
      return 'The server cannot be reached. Check your connection and try again.';
    case 'unauthorized':
      return 'Your session has ended. Sign in again.';
    case 'forbidden':
      return `You do not have access to this: ${error.message}.`;
    case 'not_found':
      return `Not found: ${error.message}.`;
    case 'not_available':
      return `Not available on this server: ${error.message}.`;
    case 'rate_limited':
      return 'Too many requests. Wait a moment and try again.';
    case 'internal':
      return 'The server failed unexpectedly. Try again; if it keeps failing, tell your administrator.';
    default:
      return capitalize(error.message);
  }
}

function capitalize(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
