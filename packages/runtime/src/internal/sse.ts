import { readServerSentEvents } from './server-sent-events.js';

/**
 * The `data` of each Server-Sent Event, which is all that OpenAI-style streaming uses (several
 * `data:` lines joined by newlines, comments and other fields ignored).
 */
export async function* readEventData(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  for await (const event of readServerSentEvents(body as AsyncIterable<Uint8Array>)) {
    yield event.data;
  }
}
