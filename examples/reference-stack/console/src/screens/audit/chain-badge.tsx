import { verifyAuditChain } from '../../api/audit.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatCount, formatNumber } from '../../format/locale.js';
import { useResource } from '../../hooks/use-resource.js';

/** Whether the audit trail's hash chain is intact (recomputed by the server). */
export function ChainBadge() {
  const { resource, reload } = useResource(verifyAuditChain, []);
  if (resource.status === 'loading') return <StatusBadge>Verifying the chain…</StatusBadge>;
  if (resource.status === 'error') {
    return (
      <button type="button" class="button button-small" onClick={reload}>
        Chain not verified: try again
      </button>
    );
  }
  const result = resource.data;
  return result.ok ? (
    <StatusBadge tone="good">
      <span data-testid="chain-verified">Chain verified</span>:{' '}
      {formatCount(result.checked, 'event', 'events')} intact
    </StatusBadge>
  ) : (
    <StatusBadge tone="bad">
      Chain broken at event {formatNumber(result.brokenAt)}: {result.reason}
    </StatusBadge>
  );
}
