import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES, type WebhookHandler } from './webhook.js';

export interface NodeListenerOptions {
  /** Bodies beyond this many bytes are refused with 413 while streaming; default 1 MiB. */
  readonly maxBodyBytes?: number;
}

/**
 * Mounts a {@link WebhookHandler} on a plain `node:http` server (grammY's "tiny framework adapter"
 * idea): only POST is accepted, the body is read as exact bytes, the response is copied back.
 */
export function toNodeListener(
  handler: WebhookHandler,
  options: NodeListenerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const send = (response: ServerResponse, status: number, body: string, type?: string) => {
    response.writeHead(status, type ? { 'content-type': type } : {});
    response.end(body);
  };
  return (request, response) => {
    if (request.method !== 'POST') {
      send(response, 405, '');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        send(
          response,
          413,
          JSON.stringify({ error: { code: 'too_large', message: 'body too large' } }),
          'application/json; charset=utf-8',
        );
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      const body = new Uint8Array(Buffer.concat(chunks));
      const remoteAddress = request.socket.remoteAddress;
      handler({ headers: request.headers, body }, remoteAddress ? { remoteAddress } : {}).then(
        (result) => {
          response.writeHead(result.status, result.headers);
          response.end(result.body);
        },
        () => send(response, 500, ''),
      );
    });
    request.on('error', () => {
      if (!response.headersSent) send(response, 400, '');
    });
  };
}
