import { formatDuration, formatNumber } from '../../format/locale.js';
import type { ChatTurn } from '../../hooks/chat-reducer.js';
import { StatusBadge } from '../status-badge.js';

const OUTCOMES = {
  executed: { tone: 'good', text: 'ran' },
  failed: { tone: 'warning', text: 'failed' },
  denied: { tone: 'bad', text: 'refused by policy' },
} as const;

/** What happened around a reply: tools, guardrail, warnings, and its timing. */
export function TurnDetails(props: { turn: ChatTurn }) {
  const { turn } = props;
  return (
    <div class="turn-details">
      {turn.tools.map((tool, index) => (
        <StatusBadge key={index} tone={OUTCOMES[tool.outcome].tone}>
          Tool {tool.name}: {OUTCOMES[tool.outcome].text}
        </StatusBadge>
      ))}
      {turn.guardrail ? (
        <StatusBadge tone={turn.guardrail.action === 'blocked' ? 'bad' : 'warning'}>
          Guardrail {turn.guardrail.action === 'blocked' ? 'blocked' : 'masked'}
          {turn.guardrail.source ? ` (${turn.guardrail.source.toLowerCase()})` : ''}
        </StatusBadge>
      ) : null}
      {turn.warnings.map((warning) => (
        <StatusBadge key={warning} tone="warning">
          {warning}
        </StatusBadge>
      ))}
      <dl class="turn-metrics">
        {turn.timeToFirstTokenMs !== undefined ? (
          <>
            <dt>First token</dt>
            <dd data-metric="time-to-first-token">{formatDuration(turn.timeToFirstTokenMs)}</dd>
          </>
        ) : null}
        {turn.durationMs !== undefined && turn.durationMs > 0 ? (
          <>
            <dt>Turn</dt>
            <dd>{formatDuration(turn.durationMs)}</dd>
          </>
        ) : null}
        {turn.model && turn.model !== 'none' ? (
          <>
            <dt>Model</dt>
            <dd>{turn.model}</dd>
          </>
        ) : null}
        {turn.outputTokens !== undefined && turn.inputTokens !== undefined ? (
          <>
            <dt>Tokens</dt>
            <dd>
              {formatNumber(turn.inputTokens)} in · {formatNumber(turn.outputTokens)} out
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
