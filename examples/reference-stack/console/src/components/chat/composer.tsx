import { useState } from 'preact/hooks';

/** Chat messages are at most 16 KiB on the server; the console keeps well within it. */
export const MESSAGE_MAX_LENGTH = 4_000;

/** The message box: Enter sends, Shift+Enter starts a new line; Stop ends a running reply. */
export function Composer(props: {
  busy: boolean;
  disabled?: boolean;
  label: string;
  onSend: (message: string) => void;
  onStop: () => void;
}) {
  const [message, setMessage] = useState('');
  const send = () => {
    const text = message.trim();
    if (!text || props.busy || props.disabled) return;
    setMessage('');
    props.onSend(text);
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label for="chat-message" class="visually-hidden">
        {props.label}
      </label>
      <textarea
        id="chat-message"
        rows={2}
        maxLength={MESSAGE_MAX_LENGTH}
        placeholder={props.label}
        value={message}
        disabled={props.disabled}
        aria-describedby="chat-message-hint"
        onInput={(event) => setMessage(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      <p id="chat-message-hint" class="visually-hidden">
        Enter sends; Shift and Enter starts a new line.
      </p>
      {props.busy ? (
        <button type="button" class="button" onClick={props.onStop}>
          Stop
        </button>
      ) : (
        <button
          type="submit"
          class="button button-primary"
          disabled={props.disabled || !message.trim()}
        >
          Send
        </button>
      )}
    </form>
  );
}
