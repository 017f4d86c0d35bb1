import { useState } from 'preact/hooks';
import { type AuditFilters, fetchAuditPage } from '../../api/audit.js';
import type { AuditEvent } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { Pager } from '../../components/pager.js';
import { formatDateTime, formatNumber } from '../../format/locale.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';

/** One page of matching events at a time, newest first, with previous and next. */
export function AuditEvents(props: { filters: AuditFilters; directory: Directory }) {
  // The cursors of the pages seen so far; page n is fetched with cursors[n].
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(0);
  const key = JSON.stringify(props.filters);
  const { resource, reload } = useResource(
    (signal) => fetchAuditPage(props.filters, cursors[page], signal),
    [key, page],
  );
  const columns: Column<AuditEvent>[] = [
    { header: 'When', render: (event) => formatDateTime(event.at) },
    { header: 'Type', render: (event) => <span class="mono">{event.type}</span> },
    {
      header: 'Actor',
      render: (event) =>
        event.actor.kind === 'employee'
          ? props.directory.employeeName(event.actor.id)
          : `${event.actor.kind} ${event.actor.id}`,
    },
    { header: 'Summary', render: (event) => event.summary },
    { header: '#', numeric: true, render: (event) => formatNumber(event.seq) },
  ];
  return (
    <AsyncContent
      resource={resource}
      what="audit events"
      onRetry={reload}
      isEmpty={(data) => data.items.length === 0 && page === 0}
      empty={<EmptyState title="No events match these filters." />}
    >
      {(data) => (
        <>
          <DataTable
            caption="Audit events"
            captionHidden
            columns={columns}
            rows={data.items}
            rowKey={(event) => String(event.seq)}
          />
          <Pager
            page={page + 1}
            hasPrevious={page > 0}
            hasNext={Boolean(data.cursor)}
            onPrevious={() => setPage(page - 1)}
            onNext={() => {
              setCursors((current) => [...current.slice(0, page + 1), data.cursor]);
              setPage(page + 1);
            }}
          />
        </>
      )}
    </AsyncContent>
  );
}
