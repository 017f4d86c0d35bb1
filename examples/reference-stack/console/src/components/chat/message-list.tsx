import { type ComponentChildren, Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatTurn } from '../../hooks/chat-reducer.js';
import { MessageText } from './message-text.js';
import { TurnDetails } from './turn-details.js';

function Reply(props: { turn: ChatTurn; agentName: string }) {
  const { turn } = props;
  const streaming = turn.status === 'waiting' || turn.status === 'streaming';
  return (
    <li class="message message-agent" aria-busy={streaming}>
      <p class="message-author">{props.agentName}</p>
      {turn.reply ? <MessageText text={turn.reply} /> : null}
      {turn.status === 'waiting' ? <p class="message-pending">Thinking…</p> : null}
      {turn.status === 'failed' ? (
        <p class="message-error" role="alert">
          {turn.error}
        </p>
      ) : null}
      {turn.status === 'done' ||
      turn.status === 'failed' ||
      turn.timeToFirstTokenMs !== undefined ? (
        <TurnDetails turn={turn} />
      ) : null}
    </li>
  );
}

/**
 * The conversation: each message and its streaming reply. The log is a polite live region, so
 * a finished reply is read out; it scrolls to the newest message.
 */
export function MessageList(props: {
  turns: readonly ChatTurn[];
  userName: string;
  agentName: string;
  empty: ComponentChildren;
}) {
  const end = useRef<HTMLDivElement>(null);
  const last = props.turns.at(-1);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [props.turns.length, last?.reply.length]);
  if (props.turns.length === 0) return <div class="chat-empty">{props.empty}</div>;
  return (
    <div class="chat-log">
      <ol
        class="messages"
        aria-live="polite"
        aria-relevant="additions text"
        aria-label="Conversation"
      >
        {props.turns.map((turn) => (
          <Fragment key={turn.id}>
            <li class="message message-user">
              <p class="message-author">{props.userName}</p>
              <div class="message-text">{turn.message}</div>
            </li>
            <Reply turn={turn} agentName={props.agentName} />
          </Fragment>
        ))}
      </ol>
      <div ref={end} />
    </div>
  );
}
