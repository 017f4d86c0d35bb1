import { useState } from 'preact/hooks';
import { fetchConversation, fetchConversations } from '../../api/portal.js';
import type { ConversationSummary } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { MessageText } from '../../components/chat/message-text.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatCount, formatDateTime } from '../../format/locale.js';
import { useResource } from '../../hooks/use-resource.js';

const KIND_NAMES: Record<string, string> = {
  employee: 'Portal and IM',
  twin: 'Digital Twin visitor',
  playground: 'Playground',
};

function Transcript(props: { conversation: ConversationSummary }) {
  const { resource, reload } = useResource(
    (signal) => fetchConversation(props.conversation.sessionId, signal),
    [props.conversation.sessionId],
  );
  return (
    <AsyncContent resource={resource} what="the conversation" onRetry={reload}>
      {(conversation) => (
        <ol class="transcript" aria-label={`Messages of “${props.conversation.title}”`}>
          {conversation.messages.map((message, index) => (
            <li key={index} class={`message message-${message.role === 'user' ? 'user' : 'agent'}`}>
              <p class="message-author">
                {message.role === 'user' ? 'Message' : 'Reply'} · {formatDateTime(message.at)}
              </p>
              <MessageText text={message.text} />
            </li>
          ))}
        </ol>
      )}
    </AsyncContent>
  );
}

/** Earlier conversations: portal sessions and what visitors asked the Digital Twin. */
export function ConversationHistory(props: { refreshKey: number }) {
  const { resource, reload } = useResource(fetchConversations, [props.refreshKey]);
  const [open, setOpen] = useState<string | undefined>(undefined);
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <AsyncContent
        resource={resource}
        what="your conversations"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyState title="No conversations yet.">Your chats will be listed here.</EmptyState>
        }
      >
        {(data) => (
          <ul class="history-list">
            {data.items.map((conversation) => (
              <li key={conversation.sessionId}>
                <button
                  type="button"
                  class="history-item"
                  aria-expanded={open === conversation.sessionId}
                  onClick={() =>
                    setOpen((current) =>
                      current === conversation.sessionId ? undefined : conversation.sessionId,
                    )
                  }
                >
                  <span class="history-title">{conversation.title}</span>
                  <span class="history-meta">
                    {KIND_NAMES[conversation.accessPath] ?? conversation.accessPath} ·{' '}
                    {formatCount(conversation.messages, 'message', 'messages')} ·{' '}
                    {formatDateTime(conversation.lastMessageAt)}
                  </span>
                </button>
                {open === conversation.sessionId ? (
                  <Transcript conversation={conversation} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </AsyncContent>
    </section>
  );
}
