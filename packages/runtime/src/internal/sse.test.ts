import { describe, expect, it } from 'vitest';
import { readEventData } from './sse.js';

async function collect(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const events: string[] = [];
  for await (const data of readEventData(source())) events.push(data);
  return events;
}

describe('readEventData', () => {
  it('yields the data of each event, joining multi-line data and skipping comments', async () => {
    expect(
      await collect(['data: a\n\n: comment\n\ndata: b\ndata: c\n\nevent: x\ndata: [DONE]\n\n']),
    ).toEqual(['a', 'b\nc', '[DONE]']);
  });

  it('handles events split anywhere across chunks, CRLF included', async () => {
    const text = 'data: {"x":1}\r\n\r\ndata: {"y":"é"}\r\n\r\n';
    const bytes = [...text];
    expect(await collect(bytes)).toEqual(['{"x":1}', '{"y":"é"}']);
    expect(await collect(['data: {"x":1}\r', '\n\r', '\ndata: tail'])).toEqual(['{"x":1}', 'tail']);
  });
});
