import {
  type AuditLog,
  type ChannelAdapter,
  ClawforceError,
  httpStatusOf,
  type InboundMessage,
  isClawforceError,
  type JsonObject,
  type RawWebhookRequest,
} from '@clawforce/core';
import type { DispatchResult, InboundDispatcher } from './dispatcher.js';

/** What the HTTP layer writes back: status, headers and the exact body text. */
export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Facts about the request the HTTP layer knows and the audit trail should keep. */
export interface WebhookContext {
  readonly remoteAddress?: string;
}

/**
 * The framework-neutral webhook: raw request in, response out. The reference stack mounts it on a
 * route with the body unparsed (`payload: { parse: false, output: 'data' }` in hapi) and copies the
 * response back. It answers as soon as the event is verified and claimed; the reply follows later.
 */
export type WebhookHandler = (
  request: RawWebhookRequest,
  context?: WebhookContext,
) => Promise<WebhookResponse>;

export interface WebhookHandlerOptions {
  readonly adapter: Pick<ChannelAdapter, 'channel' | 'receive'>;
  readonly dispatcher: Pick<InboundDispatcher, 'dispatch'>;
  /** Where rejected (unverified) requests are recorded. */
  readonly audit?: AuditLog;
  /** The response for a message event, when the platform wants more than an empty 200. */
  readonly acknowledge?: (
    message: InboundMessage,
    result: DispatchResult,
  ) => { readonly status: number; readonly body: unknown } | undefined;
  /** Larger bodies get 413 before anything reads them; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Unexpected failures (a store that is down): they become a 5xx so that the platform retries. */
  readonly onError?: (error: unknown) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

const EMPTY_OK: WebhookResponse = { status: 200, headers: {}, body: '' };

function json(status: number, body: unknown): WebhookResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

function errorResponse(error: ClawforceError): WebhookResponse {
  // Which check failed stays in the audit trail; the caller learns only that it failed.
  const message =
    error.code === 'unauthorized' ? 'the request could not be verified' : error.message;
  return json(httpStatusOf(error.code), { error: { code: error.code, message } });
}

export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const { adapter, dispatcher, audit } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const report = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // Reporting must never change the response.
    }
  };

  const reject = async (error: ClawforceError, context: WebhookContext | undefined) => {
    if (audit) {
      const details: JsonObject = { channel: adapter.channel, reason: error.message };
      if (context?.remoteAddress) details.remoteAddress = context.remoteAddress;
      await audit
        .append({
          type: 'im.webhook-rejected',
          actor: { kind: 'system', id: `${adapter.channel}-webhook` },
          target: { kind: 'channel', id: adapter.channel },
          summary: `Rejected a ${adapter.channel} webhook request that failed verification`,
          details,
        })
        .catch(report);
    }
    return errorResponse(error);
  };

  const fail = async (error: unknown, context: WebhookContext | undefined) => {
    if (isClawforceError(error, 'unauthorized')) return reject(error, context);
    if (isClawforceError(error)) {
      if (httpStatusOf(error.code) >= 500) report(error);
      return errorResponse(error);
    }
    report(error);
    return json(500, { error: { code: 'internal', message: 'internal error' } });
  };

  return async (request, context) => {
    if (request.body.byteLength > maxBodyBytes) {
      return errorResponse(
        new ClawforceError('too_large', `the body exceeds ${maxBodyBytes} bytes`),
      );
    }
    try {
      const event = await adapter.receive(request);
      switch (event.kind) {
        case 'handshake':
          return json(event.response.status, event.response.body);
        case 'ignored':
          return EMPTY_OK;
        case 'message': {
          const result = await dispatcher.dispatch(event.message);
          const acknowledgement = options.acknowledge?.(event.message, result);
          return acknowledgement ? json(acknowledgement.status, acknowledgement.body) : EMPTY_OK;
        }
      }
    } catch (error) {
      return fail(error, context);
    }
  };
}
