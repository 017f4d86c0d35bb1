import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, toAuditFilters } from './audit-filters.js';

describe('toAuditFilters', () => {
  it('leaves out empty filters', () => {
    expect(toAuditFilters(EMPTY_FILTERS)).toEqual({});
    expect(toAuditFilters({ ...EMPTY_FILTERS, type: ' employee. ', text: '  ' })).toEqual({
      type: 'employee.',
    });
  });

  it('turns local days into the whole local day, "to" included', () => {
    const filters = toAuditFilters({
      ...EMPTY_FILTERS,
      fromDay: '2026-11-01',
      toDay: '2026-11-26',
    });
    expect(filters.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(filters.to).toBe(new Date(new Date(2026, 10, 27).getTime() - 1).toISOString());
  });
});
