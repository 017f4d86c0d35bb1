import type { AuditFilters } from '../../api/audit.js';

/** The audit filter form as typed: dates are local calendar days. */
export interface AuditFilterDraft {
  type: string;
  actorId: string;
  employeeId: string;
  fromDay: string;
  toDay: string;
  text: string;
}

export const EMPTY_FILTERS: AuditFilterDraft = {
  type: '',
  actorId: '',
  employeeId: '',
  fromDay: '',
  toDay: '',
  text: '',
};

/** Local midnight of a `YYYY-MM-DD` day, as the API's ISO timestamp. */
function localDayStart(day: string): string | undefined {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return undefined;
  return new Date(year, month - 1, date).toISOString();
}

/** The API filters of a draft: days become the reader's local day boundaries. Pure. */
export function toAuditFilters(draft: AuditFilterDraft): AuditFilters {
  const from = draft.fromDay ? localDayStart(draft.fromDay) : undefined;
  const toStart = draft.toDay ? localDayStart(draft.toDay) : undefined;
  // "To" is inclusive: everything before the next local midnight.
  const to = toStart ? new Date(Date.parse(toStart) + 86_400_000 - 1).toISOString() : undefined;
  const trimmed = (value: string) => value.trim() || undefined;
  const filters = {
    type: trimmed(draft.type),
    actorId: trimmed(draft.actorId),
    employeeId: trimmed(draft.employeeId),
    from,
    to,
    text: trimmed(draft.text),
  };
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as AuditFilters;
}

/** Event types worth suggesting in the type filter (a prefix ending in "." matches a family). */
export const SUGGESTED_TYPES = [
  'auth.',
  'auth.login',
  'employee.',
  'department.',
  'position.',
  'soul.',
  'binding.',
  'pairing.',
  'routing.',
  'budget.',
  'agent.',
  'agent.tool-denied',
  'knowledge.',
] as const;

export const GUARDRAIL_TYPES = [
  { type: 'guardrail-block', label: 'Blocked' },
  { type: 'guardrail-anonymize', label: 'Masked' },
  { type: 'guardrail-error', label: 'Guardrail failures' },
] as const;
