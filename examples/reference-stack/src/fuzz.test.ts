/**
 * Random requests to every route (fast-check): random path parameters, query strings, bodies and
 * content types, as an admin (who gets furthest into the handlers), a manager and an employee.
 * Properties: never a 5xx; every error has the `{ error: { code, message, details } }` shape; a
 * rejected request changes nothing in the store (no item or blob write at all).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from './testing/harness.js';
import { createNoopRuntime } from './testing/noop-runtime.js';
import { BOUND_EMPLOYEES, CASES } from './testing/route-cases.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

/** Strings that ids, names and cursors are made of, including the nasty ones. */
const nastyString = fc.oneof(
  fc.constantFrom(
    'emp-carol',
    'emp-sarah',
    'sales',
    'finance',
    'pos-account-executive',
    'standard',
    'it-helpdesk',
    'employee-handbook',
    'meeting-notes',
    '..',
    '../../etc/passwd',
    '%00',
    'a'.repeat(300),
    'EMP-CAROL',
    'emp--carol',
    '-emp',
    'ｅｍｐ-carol',
    '🦀',
    '1',
    'true',
    'null',
    '',
  ),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const jsonValue = fc.jsonValue({ maxDepth: 3 });

function pathFor(template: string, values: string[]): string {
  let index = 0;
  return template.replace(/\{(\w+)(\*?)\}/g, (_match, _name, wildcard: string) => {
    const value = values[index++ % values.length] ?? 'x';
    return wildcard
      ? value
          .split('/')
          .map((segment) => encodeURIComponent(segment))
          .join('/')
      : encodeURIComponent(value);
  });
}

/** A valid sample body of the route, with one field changed, added or removed. */
function mutated(sample: unknown) {
  if (sample === null || typeof sample !== 'object' || Array.isArray(sample)) return jsonValue;
  const keys = Object.keys(sample);
  return fc.oneof(
    fc.record({ key: fc.string({ maxLength: 20 }), value: jsonValue }).map(({ key, value }) => ({
      ...(sample as object),
      [key]: value,
    })),
    keys.length === 0
      ? fc.constant(sample)
      : fc.record({ key: fc.constantFrom(...keys), value: jsonValue }).map(({ key, value }) => ({
          ...(sample as object),
          [key]: value,
        })),
    keys.length === 0
      ? fc.constant({})
      : fc.constantFrom(...keys).map((key) => {
          const copy = { ...(sample as Record<string, unknown>) };
          delete copy[key];
          return copy;
        }),
  );
}

describe('fuzz: random input to every route', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack({ runtime: createNoopRuntime(), bindings: BOUND_EMPLOYEES });
    for (const id of ['emp-jiade', 'emp-mike', 'emp-carol']) await stack.token(id);
  });

  const routes = [...new Map(CASES.map((testCase) => [testCase.route, testCase])).values()];

  for (const testCase of routes) {
    const [method, template] = testCase.route.split(' ') as [string, string];
    it(testCase.route, async () => {
      const sample = testCase.request({
        variant: 'subtree',
        employeeId: 'emp-sarah',
        departmentId: 'enterprise-sales',
        positionId: 'pos-account-executive',
        channelUserId: 'tg-emp-sarah',
      });
      const request = fc.record({
        caller: fc.constantFrom('emp-jiade', 'emp-jiade', 'emp-mike', 'emp-carol'),
        params: fc.array(nastyString, { minLength: 1, maxLength: 4 }),
        validPath: fc.boolean(),
        query: fc.option(fc.dictionary(nastyString, nastyString, { maxKeys: 3 }), {
          nil: undefined,
        }),
        body: fc.oneof(mutated(sample.payload), jsonValue, fc.string({ maxLength: 200 })),
        rawBody: fc.boolean(),
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
        ),
      });
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const base = input.validPath ? sample.url.split('?')[0] : pathFor(template, input.params);
          const query = input.query ? `?${new URLSearchParams(input.query)}` : '';
          const payload =
            method === 'GET'
              ? undefined
              : input.rawBody && typeof input.body === 'string'
                ? input.body
                : JSON.stringify(input.body);
          const before = stack.writes.writes;
          const response = await stack.api.server.inject({
            method,
            url: `${base}${query}`,
            headers: {
              authorization: `Bearer ${await stack.token(input.caller)}`,
              ...(payload === undefined ? {} : { 'content-type': input.contentType }),
            },
            ...(payload === undefined ? {} : { payload }),
          });
          const context = `${method} ${base}${query} as ${input.caller} -> ${response.statusCode} ${response.payload.slice(0, 200)}`;
          expect(response.statusCode, context).toBeLessThan(500);
          if (response.statusCode >= 400) {
            const body = JSON.parse(response.payload) as { error?: Record<string, unknown> };
            expect(Object.keys(body.error ?? {}).sort(), context).toEqual([
              'code',
              'details',
              'message',
            ]);
            expect(stack.writes.writes, `${context} wrote to the store`).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('answers unknown routes and methods with a JSON 404, never the console', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/employees/emp-carol'],
      ['PATCH', '/api/v1/employees'],
      ['GET', '/api/v2/employees'],
    ] as const) {
      const response = await stack.request(method, url, { as: 'emp-jiade' });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
