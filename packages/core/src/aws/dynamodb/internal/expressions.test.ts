import { describe, expect, it } from 'vitest';
import type { WriteOperation } from '../../../ports/item-store.js';
import {
  type Assumption,
  type CompiledWrite,
  classifyFailure,
  compileWrite,
} from './expressions.js';

const key = { pk: 'P', sk: 'S' };
const operations: WriteOperation[] = [
  { type: 'put', item: { ...key, data: { a: 1 } } },
  {
    type: 'put',
    item: { ...key, data: {}, gsi1pk: 'G', gsi1sk: 'x', expiresAt: 10 },
    condition: { kind: 'absent' },
  },
  { type: 'delete', key },
  { type: 'delete', key, condition: { kind: 'version', version: 3 } },
  { type: 'check', key, condition: { kind: 'present' } },
  { type: 'increment', key, counters: { n: 1, version: 2 } },
  {
    type: 'increment',
    key,
    counters: {},
    create: { data: { a: 1 }, gsi1pk: 'G' },
    condition: { kind: 'present' },
  },
];
const assumptions: (Assumption | undefined)[] = [undefined, 'live-or-absent', 'live', 'absent'];

function parameters(compiled: CompiledWrite) {
  return 'Update' in compiled
    ? compiled.Update
    : 'Delete' in compiled
      ? compiled.Delete
      : compiled.ConditionCheck;
}

describe('compileWrite', () => {
  it('uses every expression name and value it declares, and declares every one it uses', () => {
    for (const operation of operations) {
      for (const assumption of assumptions) {
        const compiled = parameters(compileWrite('t', operation, assumption, 100));
        const text = [
          compiled.ConditionExpression,
          'UpdateExpression' in compiled ? compiled.UpdateExpression : undefined,
        ].join(' ');
        const used = new Set(text.match(/[#:][a-z0-9]+/g) ?? []);
        const declared = new Set([
          ...Object.keys(compiled.ExpressionAttributeNames ?? {}),
          ...Object.keys(compiled.ExpressionAttributeValues ?? {}),
        ]);
        expect([...used].sort(), `${operation.type} ${assumption}`).toEqual([...declared].sort());
      }
    }
  });

  it('adds counters with ADD, keeps them apart from attributes, and asks for the old item on failure', () => {
    const compiled = compileWrite('t', operations[5] as WriteOperation, 'live-or-absent', 100);
    if (!('Update' in compiled)) throw new Error('expected an update');
    const names = compiled.Update.ExpressionAttributeNames ?? {};
    expect(Object.values(names)).toEqual(
      expect.arrayContaining(['counter_n', 'counter_version', 'version']),
    );
    expect(compiled.Update.UpdateExpression).toMatch(/ADD #n\d+ :v\d+, #n\d+ :v\d+/);
    expect(compiled.Update.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });
});

describe('classifyFailure', () => {
  const stored = (extra: Record<string, unknown> = {}) => ({
    pk: 'P',
    sk: 'S',
    data: {},
    version: 2,
    ...extra,
  });
  it("tells the caller's condition from expired items and wrong guesses", () => {
    const absentPut: WriteOperation = {
      type: 'put',
      item: { ...key, data: {} },
      condition: { kind: 'absent' },
    };
    expect(classifyFailure(absentPut, 'live-or-absent', stored(), 100).kind).toBe(
      'condition_failed',
    );
    expect(
      classifyFailure(absentPut, 'live-or-absent', stored({ expiresAt: 100 }), 100),
    ).toMatchObject({
      kind: 'expired',
    });
    const increment = operations[6] as WriteOperation;
    expect(classifyFailure(increment, 'live', undefined, 100).kind).toBe('condition_failed');
    const unconditional: WriteOperation = {
      type: 'increment',
      key,
      counters: {},
      create: { data: { a: 1 }, gsi1pk: 'G' },
    };
    expect(classifyFailure(unconditional, 'live', undefined, 100)).toEqual({
      kind: 'switch',
      assumption: 'absent',
    });
    expect(classifyFailure(unconditional, 'absent', stored(), 100)).toEqual({
      kind: 'switch',
      assumption: 'live',
    });
    expect(classifyFailure(unconditional, 'live', stored({ expiresAt: 5 }), 100)).toMatchObject({
      kind: 'expired',
      assumption: 'absent',
    });
    expect(classifyFailure(unconditional, 'live', stored(), 100).kind).toBe('retry');
  });
});
