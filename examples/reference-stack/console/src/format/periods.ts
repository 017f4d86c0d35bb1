/**
 * Usage periods as the API names them — a day `2026-11-26`, an ISO week `2026-W48`, a month
 * `2026-11` — turned into dates for charts and labels.
 */

/** The first moment (UTC) of a period, in milliseconds; NaN for something else. */
export function periodStart(period: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (day) return Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return Date.UTC(Number(month[1]), Number(month[2]) - 1, 1);
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) {
    // ISO week 1 holds the year's first Thursday; its Monday starts week 1.
    const year = Number(week[1]);
    const january4 = new Date(Date.UTC(year, 0, 4));
    const mondayOfWeek1 = january4.getTime() - ((january4.getUTCDay() || 7) - 1) * 86_400_000;
    return mondayOfWeek1 + (Number(week[2]) - 1) * 7 * 86_400_000;
  }
  return Number.NaN;
}

/** How a period reads in the user's locale: "26 Nov", "week of 24 Nov", "Nov 2026". */
export function formatPeriod(period: string, locale?: string): string {
  const start = periodStart(period);
  if (Number.isNaN(start)) return period;
  const date = new Date(start);
  if (/^\d{4}-\d{2}$/.test(period)) {
    return new Intl.DateTimeFormat(locale, {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(date);
  }
  const dayMonth = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(date);
  return /W/.test(period) ? `week of ${dayMonth}` : dayMonth;
}

/** Every day from `from` to `to` (inclusive), as `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = periodStart(to);
  for (let time = periodStart(from); time <= end && days.length < 1_000; time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * A daily series with the quiet days filled in as zero, so that a chart's line does not jump
 * straight from one busy day to the next.
 */
export function fillDays<T>(
  from: string,
  to: string,
  series: readonly { period: string; value: T }[],
  zero: T,
): { period: string; value: T }[] {
  const byDay = new Map(series.map((point) => [point.period, point.value]));
  return daysBetween(from, to).map((day) => ({ period: day, value: byDay.get(day) ?? zero }));
}
