/**
 * Dates, numbers and money in the reader's locale. Every function takes an optional locale so
 * tests are deterministic; the console passes none, and `Intl` uses the browser's.
 */

export type Locale = string | undefined;

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "26 Nov 2026, 10:45" in the reader's locale. */
export function formatDateTime(value: string | number | Date, locale?: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    toDate(value),
  );
}

/** "26 Nov 2026". */
export function formatDate(value: string | number | Date, locale?: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(toDate(value));
}

/** A calendar day ("2026-11-26") shown as a date, without a time-zone shift. */
export function formatDay(day: string, locale?: Locale): string {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

const RELATIVE_STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 minutes ago", "in 2 hours": the largest unit that fits. */
export function formatRelativeTime(
  value: string | number | Date,
  now: number = Date.now(),
  locale?: Locale,
): string {
  let amount = (toDate(value).getTime() - now) / 1_000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}

export function formatNumber(value: number, locale?: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** "12.3K" for tight spaces (charts, cards). */
export function formatCompactNumber(value: number, locale?: Locale): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(
    value,
  );
}

/** US dollars; small amounts keep enough digits to not read as zero. */
export function formatUsd(value: number, locale?: Locale): string {
  const small = value !== 0 && Math.abs(value) < 1;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 4 : 2,
  }).format(value);
}

/** The API counts cost in micro-dollars (integers); people read dollars. */
export function formatMicroUsd(microUsd: number, locale?: Locale): string {
  return formatUsd(microUsd / 1_000_000, locale);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

export function formatBytes(bytes: number, locale?: Locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** Milliseconds as "850 ms" or "2.4 s". */
export function formatDuration(milliseconds: number, locale?: Locale): string {
  if (milliseconds < 1_000) {
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'millisecond',
      unitDisplay: 'short',
      maximumFractionDigits: 0,
    }).format(milliseconds);
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(milliseconds / 1_000);
}

/** The start of the reader's local day, as an ISO timestamp (for "today" queries). */
export function startOfLocalDay(now: Date = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** "1 person", "3 people": the number in the locale, the noun by the plural rule. */
export function formatCount(
  count: number,
  singular: string,
  plural: string,
  locale?: Locale,
): string {
  const rule = new Intl.PluralRules(locale).select(count);
  return `${formatNumber(count, locale)} ${rule === 'one' ? singular : plural}`;
}
