import { describe, expect, it } from 'vitest';
import { daysBetween, fillDays, formatPeriod, periodStart } from './periods.js';

describe('usage periods', () => {
  it('finds where a day, a month and an ISO week start', () => {
    expect(new Date(periodStart('2026-11-26')).toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(new Date(periodStart('2026-11')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    // ISO week 1 of 2026 starts on Monday 29 December 2025; week 48 on 23 November.
    expect(new Date(periodStart('2026-W01')).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(new Date(periodStart('2026-W48')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(periodStart('yesterday')).toBeNaN();
  });

  it('names periods in the reader’s locale', () => {
    expect(formatPeriod('2026-11-26', 'en-US')).toBe('Nov 26');
    expect(formatPeriod('2026-11', 'en-US')).toBe('Nov 2026');
    expect(formatPeriod('2026-W48', 'en-US')).toBe('week of Nov 23');
    expect(formatPeriod('2026-11-26', 'de-DE')).toBe('26. Nov.');
  });

  it('fills the quiet days of a daily series with zero', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(fillDays('2026-11-01', '2026-11-03', [{ period: '2026-11-02', value: 5 }], 0)).toEqual([
      { period: '2026-11-01', value: 0 },
      { period: '2026-11-02', value: 5 },
      { period: '2026-11-03', value: 0 },
    ]);
  });
});
