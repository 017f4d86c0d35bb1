import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDate,
  formatDateTime,
  formatDay,
  formatDuration,
  formatMicroUsd,
  formatNumber,
  formatRelativeTime,
  formatUsd,
  startOfLocalDay,
} from './locale.js';

describe('locale formatting', () => {
  const moment = '2026-11-26T10:45:59.000Z';

  it('writes dates in the reader’s locale', () => {
    expect(formatDate(moment, 'en-US')).toBe('Nov 26, 2026');
    expect(formatDate(moment, 'de-DE')).toBe('26.11.2026');
    expect(formatDateTime(moment, 'de-DE')).toMatch(/^26\.11\.2026, \d{2}:45$/);
  });

  it('shows a calendar day without shifting it across time zones', () => {
    expect(formatDay('2026-11-01', 'en-GB')).toBe('1 Nov 2026');
    expect(formatDay('not a day', 'en-GB')).toBe('not a day');
  });

  it('writes numbers and money in the reader’s locale', () => {
    expect(formatNumber(1234567.5, 'en-US')).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, 'de-DE')).toBe('1.234.567,5');
    expect(formatUsd(1234.5, 'en-US')).toBe('$1,234.50');
    // German puts a no-break space before the sign.
    expect(formatUsd(1234.5, 'de-DE')).toBe('1.234,50\u00a0$');
  });

  it('turns the API’s micro-dollars into dollars, keeping small amounts visible', () => {
    expect(formatMicroUsd(2_500_000, 'en-US')).toBe('$2.50');
    expect(formatMicroUsd(1_234, 'en-US')).toBe('$0.0012');
    expect(formatMicroUsd(0, 'en-US')).toBe('$0.00');
  });

  it('writes sizes, durations and counts', () => {
    expect(formatBytes(512, 'en-US')).toBe('512 byte');
    expect(formatBytes(14_936, 'en-US')).toBe('14.6 kB');
    expect(formatDuration(850, 'en-US')).toBe('850 ms');
    expect(formatDuration(2_400, 'en-US')).toBe('2.4 sec');
    expect(formatCount(1, 'person', 'people', 'en-US')).toBe('1 person');
    expect(formatCount(1200, 'person', 'people', 'en-US')).toBe('1,200 people');
  });

  it('says how long ago something happened in the largest unit that fits', () => {
    const now = Date.parse(moment);
    expect(formatRelativeTime(now - 30_000, now, 'en-US')).toBe('30 seconds ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now, 'en-US')).toBe('3 hours ago');
    expect(formatRelativeTime(now + 2 * 86_400_000, now, 'en-US')).toBe('in 2 days');
  });

  it('finds the start of the local day', () => {
    const start = new Date(startOfLocalDay(new Date(2026, 10, 26, 15, 30)));
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([
      2026, 10, 26, 0,
    ]);
  });
});
