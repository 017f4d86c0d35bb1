import { describe, expect, it } from 'vitest';
import { isClawforceError } from '../../../errors.js';
import type { QueryOptions } from '../../../ports/item-store.js';
import { matchesQuery, sortKeyRange, startKeyAfter } from './query-plan.js';
import { logicalIndexSortKey, storedIndexSortKey } from './record.js';

describe('sortKeyRange', () => {
  it('folds a prefix and inclusive bounds into one range', () => {
    expect(sortKeyRange({ partition: 'P' })).toEqual({});
    expect(sortKeyRange({ partition: 'P', beginsWith: '' })).toEqual({});
    expect(sortKeyRange({ partition: 'P', beginsWith: 'b#' })).toEqual({
      lower: 'b#',
      upper: 'b$',
    });
    expect(sortKeyRange({ partition: 'P', beginsWith: 'b#', from: 'b#2' })).toEqual({
      lower: 'b#2',
      upper: 'b$',
    });
    expect(sortKeyRange({ partition: 'P', beginsWith: 'b#', to: 'a' })).toBe('empty');
    expect(sortKeyRange({ partition: 'P', from: 'c', to: 'b' })).toBe('empty');
    expect(sortKeyRange({ partition: 'P', to: 'k' })).toEqual({ upper: 'k' });
  });

  it('widens an index upper bound past the tie-breaking suffix', () => {
    const range = sortKeyRange({ index: 'gsi1', partition: 'G', to: '/eng/' });
    expect(range).toEqual({ upper: '/eng/\u0001' });
    const stored = storedIndexSortKey('/eng/', 'EMP#a', 'EMP');
    expect(stored < (range as { upper: string }).upper).toBe(true);
    expect(storedIndexSortKey('/eng/x', 'EMP#a', 'EMP') > '/eng/\u0001').toBe(true);
  });
});

describe('stored index sort keys', () => {
  it('sort by (gsi1sk, pk, sk) and decode back', () => {
    const tuples = [
      ['/eng/', 'E#10', 'EMP'],
      ['/eng/', 'E#2', 'EMP'],
      ['/eng/backend/', 'E#1', 'EMP'],
      ['/eng', 'E#9', 'EMP'],
    ] as const;
    const sorted = tuples.map(([g, p, s]) => storedIndexSortKey(g, p, s)).sort();
    expect(sorted.map(logicalIndexSortKey)).toEqual(['/eng', '/eng/', '/eng/', '/eng/backend/']);
    expect(sorted[1]).toBe(storedIndexSortKey('/eng/', 'E#10', 'EMP'));
  });
});

describe('startKeyAfter', () => {
  const options: QueryOptions = { partition: 'P', from: 'c', to: 'f' };
  it('resumes inside the range and restarts or ends outside it', () => {
    const range = sortKeyRange(options) as { lower: string; upper: string };
    expect(startKeyAfter(options, { pk: 'P', sk: 'd' }, range)).toEqual({ pk: 'P', sk: 'd' });
    expect(startKeyAfter(options, { pk: 'P', sk: 'a' }, range)).toBe('from-start');
    expect(startKeyAfter(options, { pk: 'P', sk: 'z' }, range)).toBe('exhausted');
    const descending = { ...options, order: 'desc' as const };
    expect(startKeyAfter(descending, { pk: 'P', sk: 'a' }, range)).toBe('exhausted');
    expect(startKeyAfter(descending, { pk: 'P', sk: 'z' }, range)).toBe('from-start');
  });

  it('builds an index start key from the cursor position, and refuses one without gsi1sk', () => {
    const gsi: QueryOptions = { index: 'gsi1', partition: 'G' };
    expect(startKeyAfter(gsi, { pk: 'E#1', sk: 'EMP', gsi1sk: '/a/' }, {})).toEqual({
      pk: 'E#1',
      sk: 'EMP',
      gsi1pk: 'G',
      gsi1sk: storedIndexSortKey('/a/', 'E#1', 'EMP'),
    });
    let caught: unknown;
    try {
      startKeyAfter(gsi, { pk: 'E#1', sk: 'EMP' }, {});
    } catch (error) {
      caught = error;
    }
    expect(isClawforceError(caught, 'invalid_cursor')).toBe(true);
  });
});

describe('matchesQuery', () => {
  const item = { pk: 'P', sk: 'b#2', data: {}, counters: {}, version: 1 };
  it('applies the exact predicates and hides expired items', () => {
    expect(
      matchesQuery(item, { partition: 'P', beginsWith: 'b#', from: 'b#2', to: 'b#2' }, 0),
    ).toBe(true);
    expect(matchesQuery(item, { partition: 'P', beginsWith: 'b$' }, 0)).toBe(false);
    expect(matchesQuery(item, { partition: 'Q' }, 0)).toBe(false);
    expect(matchesQuery({ ...item, expiresAt: 10 }, { partition: 'P' }, 10)).toBe(false);
    expect(matchesQuery({ ...item, expiresAt: 11 }, { partition: 'P' }, 10)).toBe(true);
    expect(matchesQuery(item, { index: 'gsi1', partition: 'P' }, 0)).toBe(false);
  });
});
