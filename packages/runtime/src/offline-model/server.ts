import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ChatMessage,
  type ChatRequest,
  composeOfflineReply,
  estimateTokens,
  type OfflineReply,
  promptTokensOf,
  textOf,
} from '../internal/offline-reply.js';
import { composeHeartbeatReply } from './heartbeat.js';

/** The model id the offline model serves by default. */
export const OFFLINE_MODEL_ID = 'clawforce-offline';

export type { ChatMessage, ChatRequest } from '../internal/offline-reply.js';

export interface OfflineModelOptions {
  /** Default `127.0.0.1`: the offline model is for this machine only. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /**
   * Delay before each answer, to simulate a slow model: milliseconds, or a function of the request
   * (for example slow only for one user message). Default 0.
   */
  readonly latencyMs?: number | ((request: ChatRequest) => number);
  /** How many recent requests {@link OfflineModel.requests} keeps. Default 50. */
  readonly recordLimit?: number;
}

/** What OpenClaw sent in one request, as the offline model saw it. */
export interface RecordedRequest {
  readonly at: string;
  readonly model: string;
  readonly stream: boolean;
  /** The system prompt(s), joined. */
  readonly systemPrompt: string;
  readonly messages: readonly ChatMessage[];
  /** Names of the tools OpenClaw offered. */
  readonly tools: readonly string[];
  /** What the offline model answered. */
  readonly reply: OfflineReply;
}

export interface OfflineModel {
  /** `http://host:port/v1`, the `baseUrl` of an OpenAI-compatible provider. */
  readonly baseUrl: string;
  readonly port: number;
  /** The most recent requests, oldest first. */
  requests(): readonly RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'request body is not JSON');
  }
}

function asChatRequest(body: unknown): ChatRequest {
  if (!body || typeof body !== 'object' || !Array.isArray((body as ChatRequest).messages)) {
    throw new HttpProblem(400, 'messages must be an array');
  }
  const messages = (body as ChatRequest).messages;
  for (const message of messages) {
    if (!message || typeof message !== 'object' || typeof message.role !== 'string') {
      throw new HttpProblem(400, 'every message needs a role');
    }
  }
  return body as ChatRequest;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function completionTokensOf(reply: OfflineReply): number {
  return reply.kind === 'text'
    ? estimateTokens(reply.text)
    : estimateTokens(reply.name + JSON.stringify(reply.arguments));
}

// Streams word groups, the way a real model streams tokens, so streaming paths get exercised.
function chunksOf(text: string): string[] {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [text];
  const chunks: string[] = [];
  for (let index = 0; index < pieces.length; index += 4) {
    chunks.push(pieces.slice(index, index + 4).join(''));
  }
  return chunks;
}

function writeStream(
  response: ServerResponse,
  model: string,
  reply: OfflineReply,
  usage: Record<string, number>,
): void {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const event = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, ...choice }], ...extra })}\n\n`;
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  if (reply.kind === 'text') {
    let first = true;
    for (const chunk of chunksOf(reply.text)) {
      const delta = first ? { role: 'assistant', content: chunk } : { content: chunk };
      response.write(event({ delta, finish_reason: null }));
      first = false;
    }
    response.write(event({ delta: {}, finish_reason: 'stop' }, { usage }));
  } else {
    const toolCall = {
      index: 0,
      id: reply.id,
      type: 'function',
      function: { name: reply.name, arguments: JSON.stringify(reply.arguments) },
    };
    response.write(
      event({ delta: { role: 'assistant', tool_calls: [toolCall] }, finish_reason: null }),
    );
    response.write(event({ delta: {}, finish_reason: 'tool_calls' }, { usage }));
  }
  response.end('data: [DONE]\n\n');
}

function writeCompletion(
  response: ServerResponse,
  model: string,
  reply: OfflineReply,
  usage: Record<string, number>,
): void {
  const message =
    reply.kind === 'text'
      ? { role: 'assistant', content: reply.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: reply.id,
              type: 'function',
              function: { name: reply.name, arguments: JSON.stringify(reply.arguments) },
            },
          ],
        };
  sendJson(response, 200, {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage,
  });
}

/**
 * Starts the offline model: a small OpenAI-compatible chat-completions server for machines without
 * model access. It answers deterministically from what OpenClaw sends (identity, knowledge, memory,
 * offered tools), turns "run <command>" into a real `exec` tool call and "remember <fact>" into a
 * `write` to MEMORY.md, and marks every reply as coming from the offline model. A heartbeat poll
 * gets a reminder naming the open tasks of the injected HEARTBEAT.md, or exactly `HEARTBEAT_OK`
 * (the one unmarked reply: an ack must be the bare token).
 */
export async function startOfflineModel(options: OfflineModelOptions = {}): Promise<OfflineModel> {
  const host = options.host ?? '127.0.0.1';
  const latency = options.latencyMs ?? 0;
  const recordLimit = options.recordLimit ?? 50;
  const recorded: RecordedRequest[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      sendJson(response, 200, {
        object: 'list',
        data: [{ id: OFFLINE_MODEL_ID, object: 'model', created: 0, owned_by: 'clawforce' }],
      });
      return;
    }
    if (
      request.method !== 'POST' ||
      (path !== '/v1/chat/completions' && path !== '/chat/completions')
    ) {
      throw new HttpProblem(404, `no route for ${request.method} ${path}`);
    }
    const chat = asChatRequest(await readJson(request));
    // A heartbeat poll follows OpenClaw's heartbeat contract; everything else the usual rules.
    const reply = composeHeartbeatReply(chat) ?? composeOfflineReply(chat);
    const model = typeof chat.model === 'string' ? chat.model : OFFLINE_MODEL_ID;
    recorded.push({
      at: new Date().toISOString(),
      model,
      stream: chat.stream === true,
      systemPrompt: chat.messages
        .filter((message) => message.role === 'system' || message.role === 'developer')
        .map((message) => textOf(message.content))
        .join('\n'),
      messages: chat.messages,
      tools: (chat.tools ?? []).map((tool) => tool.function?.name ?? '').filter(Boolean),
      reply,
    });
    if (recorded.length > recordLimit) recorded.splice(0, recorded.length - recordLimit);
    const promptTokens = promptTokensOf(chat);
    const completionTokens = completionTokensOf(reply);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    const latencyMs = typeof latency === 'function' ? latency(chat) : latency;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (response.destroyed) return;
    if (chat.stream === true) writeStream(response, model, reply, usage);
    else writeCompletion(response, model, reply, usage);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : 500;
      const message = error instanceof HttpProblem ? error.message : 'offline model failed';
      if (!response.headersSent) {
        sendJson(response, status, { error: { message, type: 'invalid_request_error' } });
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    baseUrl: `http://${hostForUrl}:${port}/v1`,
    port,
    requests: () => [...recorded],
    clearRequests: () => {
      recorded.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
