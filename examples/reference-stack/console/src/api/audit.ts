import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type { AuditEvent, AuditVerification, Page } from './types.js';

/** The filters the audit trail takes; empty values are left out. */
export interface AuditFilters {
  readonly type?: string;
  readonly actorId?: string;
  readonly employeeId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly text?: string;
}

export const AUDIT_PAGE_SIZE = 25;

export const fetchAuditPage = (filters: AuditFilters, cursor?: string, signal?: AbortSignal) =>
  api.call<Page<AuditEvent>>(endpoints.audit, {
    query: { ...filters, limit: AUDIT_PAGE_SIZE, cursor },
    ...(signal ? { signal } : {}),
  });

/** The URL of the CSV export with the same filters (a plain link: the browser downloads it). */
export const auditExportUrl = (filters: AuditFilters) =>
  api.url(endpoints.auditExport, { query: { ...filters } });

export const verifyAuditChain = (signal?: AbortSignal) =>
  api.call<AuditVerification>(endpoints.auditVerify, signal ? { signal } : {});

/**
 * How many events match, counted up to `limit` by paging (the API has no count). Returns the
 * count and whether more exist beyond it.
 */
export async function countAuditEvents(
  filters: AuditFilters,
  limit: number,
  signal?: AbortSignal,
): Promise<{ count: number; more: boolean }> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await api.call<Page<AuditEvent>>(endpoints.audit, {
      query: { ...filters, limit: 100, cursor },
      ...(signal ? { signal } : {}),
    });
    count += page.items.length;
    cursor = page.cursor;
  } while (cursor && count < limit);
  return { count: Math.min(count, limit), more: Boolean(cursor) || count > limit };
}
