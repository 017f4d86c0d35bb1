import { useEffect, useState } from 'preact/hooks';
import { formatDuration } from '../../format/locale.js';
import type { AgentState } from '../../hooks/chat-reducer.js';

/** Seconds since `since` (a `performance.now()` time), ticking while shown. */
function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, now - since);
}

function describe(agent: AgentState, subject: string): string {
  const Subject = subject.charAt(0).toUpperCase() + subject.slice(1);
  switch (agent) {
    case 'unknown':
      return `Checking ${subject}…`;
    case 'starting':
      return `${Subject} starts with the first message; the first reply takes a few seconds.`;
    case 'warm':
      return `${Subject} is running: replies start right away.`;
    case 'unavailable':
      return 'Agents are not available on this server right now.';
  }
}

/**
 * Whether the agent is running, and while a first reply is on its way from a cold start, how
 * long it has been starting.
 */
export function WarmUpIndicator(props: {
  agent: AgentState;
  detail?: string | undefined;
  /** When the message that is waiting for its first text was sent. */
  waitingSince: number | undefined;
  /** "your agent", "Rachel Li's agent". */
  subject?: string;
}) {
  const subject = props.subject ?? 'your agent';
  const elapsed = useElapsed(props.waitingSince);
  const starting = props.waitingSince !== undefined && props.agent !== 'warm';
  return (
    <div class={`warm-up warm-up-${starting ? 'starting' : props.agent}`} role="status">
      <span class="warm-up-dot" aria-hidden="true" />
      {starting ? (
        <span>
          Starting {subject}… {formatDuration(Math.floor(elapsed / 1_000) * 1_000)}
        </span>
      ) : (
        <span>
          {props.agent === 'unavailable' && props.detail
            ? props.detail
            : describe(props.agent, subject)}
        </span>
      )}
    </div>
  );
}
