/** A piece of a chat message: prose, or a fenced code block (```). */
export type MessagePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string; readonly language: string };

/**
 * Splits a message at its ``` fences, so that command output and code keep their layout. An
 * unclosed fence (a reply still streaming) runs to the end. Pure.
 */
export function splitMessage(message: string): MessagePart[] {
  const parts: MessagePart[] = [];
  const fence = /^```([\w+-]*)[^\n]*\n?/m;
  let rest = message;
  for (;;) {
    const open = fence.exec(rest);
    if (!open) break;
    const before = rest.slice(0, open.index);
    if (before.trim()) parts.push({ kind: 'text', text: before.replace(/\n+$/, '') });
    const body = rest.slice(open.index + open[0].length);
    const close = /^```[ \t]*$/m.exec(body);
    const code = close ? body.slice(0, close.index) : body;
    parts.push({ kind: 'code', text: code.replace(/\n$/, ''), language: open[1] ?? '' });
    rest = close ? body.slice(close.index + close[0].length).replace(/^\n/, '') : '';
  }
  if (rest.trim()) parts.push({ kind: 'text', text: rest });
  return parts;
}

/** A chat message as text with its code blocks kept preformatted. */
export function MessageText(props: { text: string }) {
  return (
    <div class="message-text">
      {splitMessage(props.text).map((part, index) =>
        part.kind === 'code' ? (
          <pre key={index} class="message-code">
            <code>{part.text}</code>
          </pre>
        ) : (
          <p key={index} class="message-paragraph">
            {part.text}
          </p>
        ),
      )}
    </div>
  );
}
