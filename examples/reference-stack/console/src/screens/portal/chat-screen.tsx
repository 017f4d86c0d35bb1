import { useMemo } from 'preact/hooks';
import { portalChat } from '../../api/chat.js';
import { warmUpAgent } from '../../api/portal.js';
import { ChatPanel } from '../../components/chat/chat-panel.js';
import { PageHeader } from '../../components/page-header.js';
import { useChat } from '../../hooks/use-chat.js';
import { useSignedIn } from '../../session/session-context.js';
import { ConversationHistory } from './conversation-history.js';

const warmUp = async (signal: AbortSignal) => (await warmUpAgent(signal)).state;

/** The employee's chat with their own agent (the same session as their IM channels). */
export default function ChatScreen() {
  const { me } = useSignedIn();
  const chat = useChat(portalChat, warmUp);
  const finished = chat.state.turns.filter((turn) => turn.status === 'done').length;
  const firstName = useMemo(() => me.employee.name.split(' ')[0] ?? me.employee.name, [me]);
  return (
    <>
      <PageHeader
        title="Chat"
        description="Your personal agent knows your role, your company's knowledge and your preferences. Your IM channels share this conversation."
      />
      <div class="chat-layout">
        <ChatPanel
          chat={chat}
          userName="You"
          agentName="Your agent"
          composerLabel="Message your agent"
          empty={
            <p>
              Hello {firstName}. Ask your agent anything about your work, for example “Who are you?”
            </p>
          }
        />
        <ConversationHistory refreshKey={finished} />
      </div>
    </>
  );
}
