/**
 * A reader for the subset of Server-Sent Events that OpenAI-style streaming uses: `data:` fields,
 * possibly several per event, events separated by a blank line, comments ignored.
 */
export async function* readEventData(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const source = body as AsyncIterable<Uint8Array>;
  const lines = function* (final: boolean) {
    for (;;) {
      const newline = buffer.search(/\r\n|\r|\n/);
      if (newline === -1) {
        if (final && buffer.length > 0) {
          const rest = buffer;
          buffer = '';
          yield rest;
        }
        return;
      }
      // A lone CR at the end may be the first half of a CRLF split across chunks.
      if (!final && newline === buffer.length - 1 && buffer.endsWith('\r')) return;
      const line = buffer.slice(0, newline);
      const separatorLength = buffer.startsWith('\r\n', newline) ? 2 : 1;
      buffer = buffer.slice(newline + separatorLength);
      yield line;
    }
  };
  const take = function* (line: string) {
    if (line === '') {
      if (data.length > 0) yield data.join('\n');
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  };
  for await (const chunk of source) {
    buffer += decoder.decode(chunk, { stream: true });
    for (const line of lines(false)) yield* take(line);
  }
  buffer += decoder.decode();
  for (const line of lines(true)) yield* take(line);
  if (data.length > 0) yield data.join('\n');
}
