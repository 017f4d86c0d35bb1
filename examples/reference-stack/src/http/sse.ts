import { PassThrough } from 'node:stream';

/** One server-sent event, framed: `event: <name>\ndata: <json>\n\n` (JSON never spans lines). */
export function formatSseEvent(event: string, data: unknown): string {
  if (!/^[a-z][a-z-]*$/.test(event)) throw new Error(`bad event name ${event}`);
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface SseChannel {
  /** The body to hand to hapi. */
  readonly stream: PassThrough;
  send(event: string, data: unknown): void;
  /** Ends the stream (idempotent). */
  close(): void;
  readonly closed: boolean;
}

/**
 * A server-sent event stream. A comment line every `keepAliveMs` keeps proxies from closing a
 * quiet connection while an agent thinks.
 */
export function openSseChannel(options: { keepAliveMs?: number } = {}): SseChannel {
  const stream = new PassThrough();
  let closed = false;
  // When hapi compresses the response it hands over its compressor; each event is flushed
  // through it at once, or gzip would hold the events back until the turn ends.
  let compressor: { flush(): void } | undefined;
  Object.assign(stream, {
    setCompressor(next: { flush(): void }) {
      compressor = next;
    },
  });
  // Events produced in the same turn of the event loop go out in one write (one syscall, one
  // chunk) instead of one each; the next turn flushes them, so nothing waits noticeably.
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '' || stream.destroyed || stream.writableEnded) {
      pending = '';
      return;
    }
    stream.write(pending);
    pending = '';
    compressor?.flush();
  };
  const write = (text: string) => {
    pending += text;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const keepAlive = setInterval(() => {
    if (!closed) write(': keep-alive\n\n');
  }, options.keepAliveMs ?? 15_000);
  keepAlive.unref();
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    flush();
    stream.end();
  };
  stream.on('close', close);
  return {
    stream,
    send(event, data) {
      if (!closed) write(formatSseEvent(event, data));
    },
    close,
    get closed() {
      return closed;
    },
  };
}
