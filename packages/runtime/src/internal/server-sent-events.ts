/** One Server-Sent Event: its `event` name (`message` when none is given) and its joined `data`. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Reads Server-Sent Events from a byte stream as they arrive: `event:` and `data:` fields (several
 * `data:` lines joined by newlines), events ended by a blank line, comments and other fields
 * ignored, any line ending (CRLF, LF, CR) and chunks split anywhere, even inside a character.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];

  function* lines(final: boolean): Generator<string> {
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/);
      if (end === -1) {
        if (final && buffer.length > 0) {
          const rest = buffer;
          buffer = '';
          yield rest;
        }
        return;
      }
      // A CR at the very end may be the first half of a CRLF that the next chunk completes.
      if (!final && end === buffer.length - 1 && buffer.endsWith('\r')) return;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      yield line;
    }
  }

  function* take(line: string): Generator<ServerSentEvent> {
    if (line === '') {
      if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (const line of lines(false)) yield* take(line);
  }
  buffer += decoder.decode();
  for (const line of lines(true)) yield* take(line);
  // A stream that ends without the final blank line still delivers its last event.
  yield* take('');
}
