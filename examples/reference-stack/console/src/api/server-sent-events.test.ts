import { describe, expect, it } from 'vitest';
import { readServerSentEvents, ServerSentEventParser } from './server-sent-events.js';

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('ServerSentEventParser', () => {
  it('parses events split at any point across chunks', () => {
    const text =
      'event: start\ndata: {"a":1}\n\n: keep-alive\n\nevent: text\ndata: {"text":"hé"}\n\n';
    for (let cut = 1; cut < text.length; cut += 1) {
      const parser = new ServerSentEventParser();
      const events = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(events).toEqual([
        { event: 'start', data: '{"a":1}' },
        { event: 'text', data: '{"text":"hé"}' },
      ]);
    }
  });

  it('handles CRLF, multi-line data and the default event name', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('data: one\r\ndata: two\r\n\r')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('delivers an event the stream ended without a blank line', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('event: done\ndata: {}')).toEqual([]);
    expect(parser.finish()).toEqual([{ event: 'done', data: '{}' }]);
  });
});

describe('readServerSentEvents', () => {
  it('reads the events of a streamed body, decoding UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: text\ndata: {"text":"€"}\n\n');
    // Cut inside the three bytes of the euro sign.
    const cut = bytes.indexOf(0xe2) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readServerSentEvents(body)) events.push(event);
    expect(events).toEqual([{ event: 'text', data: '{"text":"€"}' }]);
    const empty = [];
    for await (const event of readServerSentEvents(streamOf([]))) empty.push(event);
    expect(empty).toEqual([]);
  });
});
