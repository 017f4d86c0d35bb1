/**
 * How the invoker treats each error of the AgentCore data plane (InvokeAgentRuntime,
 * StopRuntimeSession), by the error name the service sends.
 */
export type ServiceErrorClass =
  /** Throttled or a session in a passing conflict: retry with backoff; `busy` when it persists. */
  | 'busy'
  /** A passing fault of the service: retry with backoff; `unavailable` when it persists. */
  | 'transient'
  /** The container answered with an error (RuntimeClientError): not retried, it may have run. */
  | 'container'
  /** Misconfiguration or a refused call (ARN, qualifier, permissions, quota): not retried. */
  | 'fatal';

const BY_NAME: Readonly<Record<string, ServiceErrorClass>> = {
  ThrottlingException: 'busy',
  ThrottledException: 'busy',
  RetryableConflictException: 'busy',
  ConflictException: 'busy',
  InternalServerException: 'transient',
  ServiceException: 'transient',
  RuntimeClientError: 'container',
};

/** Connection failures that prove the request never reached the service: safe to send again. */
const UNSENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);

export interface ClassifiedError {
  readonly kind: ServiceErrorClass;
  /** The service's error name, absent for network failures. */
  readonly name: string | undefined;
  readonly status: number | undefined;
}

export function classifyServiceError(error: unknown): ClassifiedError {
  const value = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
    $fault?: unknown;
  };
  const status = value.$metadata?.httpStatusCode;
  const name = typeof value.name === 'string' ? value.name : undefined;
  if (status !== undefined && name !== undefined) {
    const known = BY_NAME[name];
    if (known) return { kind: known, name, status };
    if (status === 429) return { kind: 'busy', name, status };
    if (status >= 500) return { kind: 'transient', name, status };
    return { kind: 'fatal', name, status };
  }
  if (typeof value.code === 'string' && UNSENT_NETWORK_CODES.has(value.code)) {
    return { kind: 'transient', name: undefined, status: undefined };
  }
  return { kind: 'fatal', name, status };
}

/** The container's HTTP status inside a RuntimeClientError message ("Received error (503) …"). */
export function containerStatusOf(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : '';
  const match = /\((\d{3})\)/.exec(message);
  return match ? Number(match[1]) : undefined;
}
