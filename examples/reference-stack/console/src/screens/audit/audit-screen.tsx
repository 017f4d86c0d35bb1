import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { auditExportUrl } from '../../api/audit.js';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { useDirectory } from '../../hooks/use-directory.js';
import { useSignedIn } from '../../session/session-context.js';
import { AuditEvents } from './audit-events.js';
import { AuditFilterForm } from './audit-filter-form.js';
import {
  type AuditFilterDraft,
  EMPTY_FILTERS,
  GUARDRAIL_TYPES,
  toAuditFilters,
} from './audit-filters.js';
import { ChainBadge } from './chain-badge.js';

const TABS = [
  { id: 'all', label: 'All events' },
  { id: 'guardrail', label: 'Guardrail events' },
];

const initialDraft = (tab: string): AuditFilterDraft =>
  tab === 'guardrail' ? { ...EMPTY_FILTERS, type: GUARDRAIL_TYPES[0].type } : EMPTY_FILTERS;

/** The audit trail: filters, pages, guardrail events, CSV export and the chain check. */
export default function AuditScreen() {
  const { capabilities } = useSignedIn();
  const { query } = useLocation();
  const [tab, setTab] = useState(query.tab === 'guardrail' ? 'guardrail' : 'all');
  const [draft, setDraft] = useState<AuditFilterDraft>(() => initialDraft(tab));
  const { resource, reload } = useDirectory();
  const filters = toAuditFilters(draft);
  return (
    <>
      <PageHeader
        title="Audit Center"
        description="Every change and every agent action, in a tamper-evident chain."
      >
        {capabilities.verifyAudit ? <ChainBadge /> : null}
        {capabilities.exportAudit ? (
          <a class="button" href={auditExportUrl(filters)} download="audit.csv">
            Export CSV
          </a>
        ) : null}
      </PageHeader>
      <Tabs
        label="Audit"
        tabs={TABS}
        selected={tab}
        onSelect={(next) => {
          setTab(next);
          setDraft(initialDraft(next));
        }}
      >
        <AsyncContent resource={resource} what="employees" onRetry={reload}>
          {(directory) => (
            <>
              <AuditFilterForm
                key={tab}
                guardrailOnly={tab === 'guardrail'}
                initial={draft}
                directory={directory}
                onApply={setDraft}
              />
              <AuditEvents
                key={`${tab}:${JSON.stringify(filters)}`}
                filters={filters}
                directory={directory}
              />
            </>
          )}
        </AsyncContent>
      </Tabs>
    </>
  );
}
