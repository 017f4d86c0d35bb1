import { describe, expect, it } from 'vitest';
import { type ChatEvent, streamChat, toChatEvent } from './chat.js';
import { ApiClient } from './client.js';
import { endpoints } from './endpoints.js';

function sseResponse(chunks: readonly string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('streamChat', () => {
  it('yields the reply as it streams, in order', async () => {
    let request: { url: string; body: unknown } | undefined;
    const client = new ApiClient({
      fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
        request = { url: String(input), body: JSON.parse(String(init.body)) };
        return sseResponse([
          'event: start\ndata: {"sessionId":"emp__emp-carol__x","accessPath":"employee","route":{"tier":"default","target":{"kind":"local","runtimeId":"standard"}}}\n\n',
          'event: text\ndata: {"text":"Hel',
          'lo"}\n\n: keep-alive\n\nevent: tool\ndata: {"name":"exec","outcome":"denied"}\n\n',
          'event: done\ndata: {"model":"offline/x","inputTokens":10,"outputTokens":2,"durationMs":5}\n\n',
        ]);
      }) as typeof fetch,
    });
    const events: ChatEvent[] = [];
    for await (const event of streamChat(
      client,
      { endpoint: endpoints.playgroundChat, path: { employeeId: 'emp-rachel' } },
      'Hi',
    )) {
      events.push(event);
    }
    expect(request).toEqual({ url: '/api/v1/playground/emp-rachel/chat', body: { message: 'Hi' } });
    expect(events.map((event) => event.type)).toEqual(['start', 'text', 'tool', 'done']);
    expect(events[1]).toEqual({ type: 'text', text: 'Hello' });
    expect(events[2]).toEqual({ type: 'tool', name: 'exec', outcome: 'denied' });
  });

  it('throws the refusal the server answers before streaming', async () => {
    const client = new ApiClient({
      fetch: (async () =>
        new Response(
          JSON.stringify({
            error: { code: 'budget_exceeded', message: 'the budget is used up', details: null },
          }),
          { status: 402 },
        )) as typeof fetch,
    });
    const stream = streamChat(client, { endpoint: endpoints.portalChat }, 'Hi');
    await expect(stream.next()).rejects.toMatchObject({ code: 'budget_exceeded', status: 402 });
  });

  it('skips events it does not know and data that is not JSON', () => {
    expect(toChatEvent('progress', '{}')).toBeUndefined();
    expect(toChatEvent('text', 'not json')).toBeUndefined();
    expect(toChatEvent('warning', '{"message":"80% of the budget"}')).toEqual({
      type: 'warning',
      message: '80% of the budget',
    });
  });
});
