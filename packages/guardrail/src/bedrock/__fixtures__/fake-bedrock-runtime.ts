/**
 * A wire-level fake of Bedrock Runtime's ApplyGuardrail for tests: a cleartext HTTP/2 (h2c)
 * server, which is what the SDK's default NodeHttp2Handler speaks to an `http://` endpoint. It
 * records every request (path, headers, JSON body) and answers with whatever the test scripts.
 */
import { once } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  readonly receivedAt: number;
}

export interface ScriptedReply {
  readonly status: number;
  readonly body: unknown;
  /** Sent as `x-amzn-errortype`, which the SDK uses to name the error. */
  readonly errorType?: string;
  readonly delayMs?: number;
}

export type ReplyScript = (request: RecordedRequest, index: number) => ScriptedReply;

export interface FakeBedrockRuntime {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeBedrockRuntime(script: ReplyScript): Promise<FakeBedrockRuntime> {
  const requests: RecordedRequest[] = [];
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: String(headers[':method']),
        path: String(headers[':path']),
        headers: { ...headers } as Record<string, string | string[] | undefined>,
        body: text.length > 0 ? JSON.parse(text) : undefined,
        receivedAt: performance.now(),
      };
      requests.push(request);
      const reply = script(request, requests.length - 1);
      const send = () => {
        if (stream.destroyed) return;
        stream.respond({
          ':status': reply.status,
          'content-type': 'application/json',
          'x-amzn-requestid': `fake-${requests.length}`,
          ...(reply.errorType === undefined ? {} : { 'x-amzn-errortype': reply.errorType }),
        });
        stream.end(JSON.stringify(reply.body));
      };
      if (reply.delayMs === undefined) send();
      else setTimeout(send, reply.delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
