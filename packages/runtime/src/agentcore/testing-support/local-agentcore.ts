import { randomBytes } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { listenOnLoopback } from '../../../../core/src/aws/testing-support/loopback.js';

/**
 * A local Amazon Bedrock AgentCore data plane for tests: a node:http server that speaks the wire
 * protocol of `InvokeAgentRuntime` and `StopRuntimeSession` (REST-JSON, SigV4 with the signing
 * name `bedrock-agentcore`), so the real SDK client talks to it, and that forwards each session to
 * its own "microVM" — a container server the test starts (`POST /invocations`, `GET /ping`).
 *
 * It keeps the rules of the service that a caller meets:
 * - the path is `/runtimes/{URL-encoded runtime ARN}/invocations` (or `/stopruntimesession`); a
 *   malformed ARN is a `ValidationException`, an unknown one a `ResourceNotFoundException`;
 * - `qualifier` (query) names an endpoint of that runtime (default `DEFAULT`), else not found;
 * - `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` is required, 33-256 characters;
 * - `Content-Type` is required (1-256 characters) and, for this HTTP-protocol runtime,
 *   `application/json`; `Accept` at most 256 characters; the payload 1 byte to 100 MB;
 * - the request is SigV4-signed for `bedrock-agentcore` (the signature itself is not checked);
 * - one microVM per session: started on the session's first invocation (the container must
 *   answer `GET /ping` before the invocation is forwarded), reused after; `StopRuntimeSession`
 *   shuts it down (a container's SIGTERM) and a session being stopped answers
 *   `RetryableConflictException` until it is gone; stopping an unknown session is not found;
 * - the container's reply is streamed back as it comes, with its content type and the session
 *   header; a container that answers an error status is a `RuntimeClientError` (424).
 *
 * Errors are REST-JSON: the status, `x-amzn-errortype` and `{ "message" }`. Test support only.
 */

export interface LocalMicroVm {
  /** The container's base URL (`http://127.0.0.1:port`). */
  readonly url: string;
  /** The container's SIGTERM: resolves once it flushed and stopped. */
  close(): Promise<void>;
}

export interface LocalRuntimeDefinition {
  /** The runtime's id, the last part of its ARN (`[A-Za-z0-9_-]`). */
  readonly id: string;
  /** Endpoint names besides `DEFAULT`. */
  readonly qualifiers?: readonly string[];
  /** Starts the microVM of a new session. */
  startMicroVm(session: { sessionId: string; qualifier: string }): Promise<LocalMicroVm>;
}

export interface LocalAgentCoreRequest {
  readonly operation: 'InvokeAgentRuntime' | 'StopRuntimeSession' | 'Unknown';
  readonly sessionId: string | undefined;
  readonly qualifier: string | undefined;
  readonly status: number;
  readonly errorType?: string;
}

export interface LocalAgentCore {
  readonly endpoint: string;
  readonly region: string;
  readonly account: string;
  /** Registers a runtime and returns its ARN. */
  addRuntime(definition: LocalRuntimeDefinition): string;
  /** A client for this endpoint (SDK retries off: the invoker retries). */
  client(): BedrockAgentCoreClient;
  /** Makes the next `times` calls of `operation` fail with `errorType` (its own status). */
  failNext(
    operation: 'InvokeAgentRuntime' | 'StopRuntimeSession',
    errorType: string,
    times?: number,
  ): void;
  /** Every request, in order of arrival, with how it was answered. */
  readonly requests: readonly LocalAgentCoreRequest[];
  /** Live sessions' ids, and how many microVMs were started in all. */
  sessions(): string[];
  readonly microVmsStarted: number;
  close(): Promise<void>;
}

const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';
const ARN_PATTERN =
  /^arn:aws[a-z-]*:bedrock-agentcore:([a-z0-9-]{1,32}):(\d{12}):runtime\/([A-Za-z0-9_-]{1,128})$/;
const QUALIFIER_PATTERN = /^[A-Za-z0-9_]{1,48}$/;
const CLIENT_TOKEN_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}$/;
const MAX_PAYLOAD_BYTES = 100 * 1024 * 1024;

const STATUS_OF_ERROR: Readonly<Record<string, number>> = {
  ValidationException: 400,
  UnauthorizedException: 401,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ConflictException: 409,
  RetryableConflictException: 409,
  RuntimeClientError: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
};

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Session {
  readonly key: string;
  readonly sessionId: string;
  state: 'running' | 'stopping';
  readonly vm: Promise<LocalMicroVm>;
  inFlight: number;
}

async function readBody(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'payload' failed to satisfy constraint: Member must have length less than or equal to ${limit}`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lengthRule(field: string, value: string, minimum: number, maximum: number): void {
  if (value.length < minimum || value.length > maximum) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length ${value.length < minimum ? `greater than or equal to ${minimum}` : `less than or equal to ${maximum}`}`,
    );
  }
}

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/ping`);
      const body = (await response.json()) as { status?: string };
      if (response.ok && (body.status === 'Healthy' || body.status === 'HealthyBusy')) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new ServiceError('RuntimeClientError', 'The runtime did not become healthy in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startLocalAgentCore(
  options: { region?: string; account?: string; pingTimeoutMs?: number } = {},
): Promise<LocalAgentCore> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const runtimes = new Map<string, LocalRuntimeDefinition>();
  const sessions = new Map<string, Session>();
  const requests: LocalAgentCoreRequest[] = [];
  const faults = new Map<string, { errorType: string; remaining: number }>();
  const clients: BedrockAgentCoreClient[] = [];
  let microVmsStarted = 0;

  const sendError = (response: ServerResponse, type: string, message: string) => {
    const body = JSON.stringify({ message });
    response.writeHead(STATUS_OF_ERROR[type] ?? 400, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-errortype': type,
      'x-amzn-requestid': randomBytes(16).toString('hex'),
    });
    response.end(body);
  };

  /** The runtime named by the path's ARN segment and the endpoint named by `qualifier`. */
  const resolveRuntime = (encodedArn: string, query: URLSearchParams) => {
    let arn: string;
    try {
      arn = decodeURIComponent(encodedArn);
    } catch {
      throw new ServiceError('ValidationException', 'Invalid agent runtime ARN encoding');
    }
    const match = ARN_PATTERN.exec(arn);
    if (!match) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '${arn.slice(0, 100)}' at 'agentRuntimeArn' failed to satisfy constraint: Member must satisfy regular expression pattern`,
      );
    }
    const definition = runtimes.get(arn);
    if (!definition || match[1] !== region || match[2] !== account) {
      throw new ServiceError('ResourceNotFoundException', 'No agent runtime found with that ARN');
    }
    const qualifier = query.get('qualifier') ?? 'DEFAULT';
    if (!QUALIFIER_PATTERN.test(qualifier)) {
      throw new ServiceError(
        'ValidationException',
        "1 validation error detected: Value at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern",
      );
    }
    if (qualifier !== 'DEFAULT' && !(definition.qualifiers ?? []).includes(qualifier)) {
      throw new ServiceError(
        'ResourceNotFoundException',
        `No endpoint ${qualifier} found for the agent runtime`,
      );
    }
    return { arn, definition, qualifier };
  };

  const sessionIdOf = (incoming: IncomingMessage): string => {
    const value = incoming.headers[SESSION_HEADER];
    const sessionId = Array.isArray(value) ? value[0] : value;
    if (sessionId === undefined) {
      throw new ServiceError(
        'ValidationException',
        "1 validation error detected: Value null at 'runtimeSessionId' failed to satisfy constraint: Member must not be null",
      );
    }
    lengthRule('runtimeSessionId', sessionId, 33, 256);
    return sessionId;
  };

  const checkSigned = (incoming: IncomingMessage) => {
    const authorization = String(incoming.headers.authorization ?? '');
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
    if (!authorization.startsWith('AWS4-HMAC-SHA256') || !scope) {
      throw new ServiceError('UnauthorizedException', 'Missing or malformed SigV4 authorization');
    }
    if (scope[1] !== region || scope[2] !== 'bedrock-agentcore') {
      throw new ServiceError(
        'UnauthorizedException',
        `Credential should be scoped to region ${region} and service bedrock-agentcore`,
      );
    }
  };

  const injectedFault = (operation: string) => {
    const fault = faults.get(operation);
    if (!fault || fault.remaining <= 0) return;
    fault.remaining -= 1;
    if (fault.remaining === 0) faults.delete(operation);
    throw new ServiceError(fault.errorType, `Injected ${fault.errorType}`);
  };

  const invoke = async (
    incoming: IncomingMessage,
    response: ServerResponse,
    encodedArn: string,
    query: URLSearchParams,
    log: { sessionId?: string; qualifier?: string },
  ) => {
    checkSigned(incoming);
    const { arn, definition, qualifier } = resolveRuntime(encodedArn, query);
    log.qualifier = qualifier;
    const sessionId = sessionIdOf(incoming);
    log.sessionId = sessionId;
    const contentType = incoming.headers['content-type'];
    if (contentType === undefined) {
      throw new ServiceError('ValidationException', 'Content-Type is required');
    }
    lengthRule('contentType', contentType, 1, 256);
    if (!/^application\/json\b/i.test(contentType)) {
      throw new ServiceError(
        'ValidationException',
        'The HTTP protocol of this runtime accepts application/json payloads',
      );
    }
    const accept = incoming.headers.accept;
    if (accept !== undefined) lengthRule('accept', accept, 1, 256);
    const payload = await readBody(incoming, MAX_PAYLOAD_BYTES);
    if (payload.length === 0) lengthRule('payload', '', 1, MAX_PAYLOAD_BYTES);
    injectedFault('InvokeAgentRuntime');

    const key = `${arn}\n${qualifier}\n${sessionId}`;
    let session = sessions.get(key);
    if (session?.state === 'stopping') {
      throw new ServiceError('RetryableConflictException', 'The session is being stopped');
    }
    if (!session) {
      microVmsStarted += 1;
      const vm = definition.startMicroVm({ sessionId, qualifier }).then(async (started) => {
        await waitHealthy(started.url, options.pingTimeoutMs ?? 60_000);
        return started;
      });
      session = { key, sessionId, state: 'running', vm, inFlight: 0 };
      sessions.set(key, session);
      vm.catch(() => {
        if (sessions.get(key) === session) sessions.delete(key);
      });
    }
    const current = session;
    current.inFlight += 1;
    try {
      let vm: LocalMicroVm;
      try {
        vm = await current.vm;
      } catch (error) {
        throw error instanceof ServiceError
          ? error
          : new ServiceError('RuntimeClientError', 'The runtime failed to start');
      }
      await new Promise<void>((resolve, reject) => {
        const target = new URL('/invocations', vm.url);
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: {
              'content-type': contentType,
              'content-length': payload.length,
              ...(accept ? { accept } : {}),
              [SESSION_HEADER]: sessionId,
            },
          },
          (answer) => {
            const status = answer.statusCode ?? 502;
            if (status >= 400) {
              answer.resume();
              reject(
                new ServiceError(
                  'RuntimeClientError',
                  `Received error (${status}) from runtime. Please check your CloudWatch logs for more information.`,
                ),
              );
              return;
            }
            response.writeHead(200, {
              'content-type': answer.headers['content-type'] ?? 'application/octet-stream',
              [SESSION_HEADER]: sessionId,
              'x-amzn-requestid': randomBytes(16).toString('hex'),
            });
            answer.pipe(response);
            answer.on('end', resolve);
            answer.on('error', reject);
            // The caller hung up: the runtime sees its connection close too.
            response.on('close', () => {
              if (!response.writableFinished) answer.destroy();
              resolve();
            });
          },
        );
        upstream.on('error', () =>
          reject(new ServiceError('RuntimeClientError', 'The runtime could not be reached')),
        );
        upstream.end(payload);
      });
    } finally {
      current.inFlight -= 1;
    }
  };

  const stop = async (
    incoming: IncomingMessage,
    response: ServerResponse,
    encodedArn: string,
    query: URLSearchParams,
    log: { sessionId?: string; qualifier?: string },
  ) => {
    checkSigned(incoming);
    const { arn, qualifier } = resolveRuntime(encodedArn, query);
    log.qualifier = qualifier;
    const sessionId = sessionIdOf(incoming);
    log.sessionId = sessionId;
    const text = (await readBody(incoming, 64 * 1024)).toString('utf8');
    let body: { clientToken?: unknown } = {};
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as { clientToken?: unknown };
      } catch {
        throw new ServiceError('ValidationException', 'The request body is not JSON');
      }
    }
    if (body.clientToken !== undefined) {
      const token = String(body.clientToken);
      lengthRule('clientToken', token, 33, 256);
      if (!CLIENT_TOKEN_PATTERN.test(token)) {
        throw new ServiceError('ValidationException', 'clientToken does not match its pattern');
      }
    }
    injectedFault('StopRuntimeSession');
    const key = `${arn}\n${qualifier}\n${sessionId}`;
    const session = sessions.get(key);
    if (!session) throw new ServiceError('ResourceNotFoundException', 'Session not found');
    if (session.state === 'stopping') {
      throw new ServiceError('ConflictException', 'The session is already being stopped');
    }
    session.state = 'stopping';
    try {
      await (await session.vm).close();
    } finally {
      sessions.delete(key);
    }
    const answer = JSON.stringify({});
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(answer),
      [SESSION_HEADER]: sessionId,
    });
    response.end(answer);
  };

  const server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    // The raw path: the ARN is one URL-encoded segment (its `/` is `%2F`).
    const rawPath = (incoming.url ?? '/').split('?')[0] ?? '/';
    const match = /^\/runtimes\/([^/]+)\/(invocations|stopruntimesession)$/.exec(rawPath);
    const operation =
      match?.[2] === 'invocations'
        ? 'InvokeAgentRuntime'
        : match?.[2] === 'stopruntimesession'
          ? 'StopRuntimeSession'
          : 'Unknown';
    const log: { sessionId?: string; qualifier?: string } = {};
    const record = (status: number, errorType?: string) =>
      requests.push({
        operation,
        sessionId: log.sessionId,
        qualifier: log.qualifier,
        status,
        ...(errorType ? { errorType } : {}),
      });
    if (incoming.method !== 'POST' || !match?.[1]) {
      incoming.resume();
      record(404, 'UnknownOperationException');
      sendError(response, 'UnknownOperationException', 'Unknown operation');
      return;
    }
    const handler = operation === 'InvokeAgentRuntime' ? invoke : stop;
    handler(incoming, response, match[1], url.searchParams, log).then(
      () => record(200),
      (error: unknown) => {
        const type = error instanceof ServiceError ? error.type : 'InternalServerException';
        const message = error instanceof Error ? error.message : 'internal error';
        record(STATUS_OF_ERROR[type] ?? 400, type);
        incoming.resume();
        if (response.headersSent) response.destroy();
        else sendError(response, type, message);
      },
    );
  });
  const endpoint = `http://127.0.0.1:${await listenOnLoopback(server)}`;

  return {
    endpoint,
    region,
    account,
    requests,
    get microVmsStarted() {
      return microVmsStarted;
    },
    addRuntime(definition) {
      const arn = `arn:aws:bedrock-agentcore:${region}:${account}:runtime/${definition.id}`;
      runtimes.set(arn, definition);
      return arn;
    },
    client() {
      const created = new BedrockAgentCoreClient({
        endpoint,
        region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      clients.push(created);
      return created;
    },
    failNext(operation, errorType, times = 1) {
      faults.set(operation, { errorType, remaining: times });
    },
    sessions: () => [...sessions.values()].map((session) => session.sessionId),
    async close() {
      for (const created of clients) created.destroy();
      const live = [...sessions.values()];
      sessions.clear();
      await Promise.all(
        live.map(async (session) => {
          try {
            await (await session.vm).close();
          } catch {
            // a microVM that never started has nothing to stop
          }
        }),
      );
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
