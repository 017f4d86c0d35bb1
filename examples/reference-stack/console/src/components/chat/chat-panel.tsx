import type { ComponentChildren } from 'preact';
import type { Chat } from '../../hooks/use-chat.js';
import { Composer } from './composer.js';
import { MessageList } from './message-list.js';
import { WarmUpIndicator } from './warm-up-indicator.js';

/** A chat: warm-up state, the streaming conversation and the message box. */
export function ChatPanel(props: {
  chat: Chat;
  userName: string;
  agentName: string;
  composerLabel: string;
  empty: ComponentChildren;
  /** How the warm-up indicator names the agent ("your agent"). */
  agentSubject?: string;
}) {
  const { chat } = props;
  const waiting = chat.state.turns.find((turn) => turn.status === 'waiting');
  return (
    <section class="chat-panel" aria-label="Chat">
      <WarmUpIndicator
        agent={chat.state.agent}
        detail={chat.state.agentDetail}
        waitingSince={waiting?.sentAt}
        {...(props.agentSubject ? { subject: props.agentSubject } : {})}
      />
      <MessageList
        turns={chat.state.turns}
        userName={props.userName}
        agentName={props.agentName}
        empty={props.empty}
      />
      <Composer
        busy={chat.busy}
        disabled={chat.state.agent === 'unavailable'}
        label={props.composerLabel}
        onSend={(message) => void chat.send(message)}
        onStop={chat.stop}
      />
    </section>
  );
}
