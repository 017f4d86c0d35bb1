import { ClawforceError, isClawforceError } from '../../errors.js';

/** The fields of an AWS SDK v3 service exception that the adapters read. */
export interface ServiceErrorShape {
  readonly name: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export function isServiceError(error: unknown): error is ServiceErrorShape {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { name?: unknown }).name === 'string' &&
    typeof (error as { $metadata?: unknown }).$metadata === 'object'
  );
}

export function serviceErrorName(error: unknown): string | undefined {
  return isServiceError(error) ? error.name : undefined;
}

const BUSY = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TooManyRequestsException',
  'TooManyUpdates',
  'SlowDown',
]);

const FORBIDDEN = new Set(['AccessDenied', 'AccessDeniedException', 'KMSAccessDeniedException']);

/**
 * Maps an error from an AWS call that the adapter did not handle itself: throttling becomes `busy`,
 * a refused permission `forbidden`, anything else from the service or the network `unavailable`.
 * The service's own message is not copied: some services echo request values (a secret, say) in
 * their messages, so only the error's name goes into ours; `keepCause: false` also drops the
 * original error for calls that carried a secret.
 */
export function unexpectedServiceError(
  error: unknown,
  service: string,
  operation: string,
  options: { readonly keepCause?: boolean } = {},
): ClawforceError {
  if (isClawforceError(error)) return error;
  const name = isServiceError(error)
    ? error.name
    : error instanceof Error
      ? error.name
      : 'UnknownError';
  if (BUSY.has(name)) {
    return new ClawforceError(
      'busy',
      `${service} ${operation} was throttled (${name}); retry later`,
    );
  }
  if (FORBIDDEN.has(name)) {
    return new ClawforceError('forbidden', `${service} ${operation} was denied (${name})`);
  }
  return new ClawforceError(
    'unavailable',
    `${service} ${operation} failed (${name})`,
    undefined,
    options.keepCause === false ? undefined : { cause: error },
  );
}
