/**
 * Every route x every role x in-scope / out-of-scope resource (cases in testing/route-cases.ts):
 * a refusal must be a 403 that changed nothing, an allowed call must not be refused. A route that
 * declares the wrong action, resolves the wrong resource or forgets a check fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from './testing/harness.js';
import { createNoopRuntime } from './testing/noop-runtime.js';
import {
  BOUND_EMPLOYEES,
  CALLERS,
  CASES,
  isAllowed,
  PUBLIC_ROUTES,
  type Role,
  targetOf,
  type Variant,
  variantsOf,
} from './testing/route-cases.js';

/** The matrix stack: a no-op runtime, and a Telegram account bound to each caller and target. */
function stackWithBindings(): Promise<TestStack> {
  return createTestStack({ runtime: createNoopRuntime(), bindings: BOUND_EMPLOYEES });
}

describe('RBAC matrix: every route x role x in-scope / out-of-scope resource', () => {
  let shared: TestStack;
  beforeAll(async () => {
    shared = await stackWithBindings();
  });

  it('covers every route the server has', () => {
    const covered = new Set([...CASES.map((testCase) => testCase.route), ...PUBLIC_ROUTES]);
    const routes = shared.api.routes.map((route) => `${route.method} ${route.path}`);
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('refuses every non-public route without a token, and a forged one', async () => {
    for (const testCase of CASES) {
      const [method] = testCase.route.split(' ') as [string];
      const { url, payload } = testCase.request(targetOf('admin', 'subtree'));
      for (const headers of [{}, { authorization: 'Bearer not.a.token' }]) {
        const response = await shared.request(method, url, {
          headers,
          ...(payload === undefined ? {} : { payload }),
        });
        expect({ route: testCase.route, status: response.statusCode }).toEqual({
          route: testCase.route,
          status: 401,
        });
      }
    }
  });

  it('lets anyone reach the public routes', async () => {
    for (const url of ['/healthz', '/api/v1/openapi.json', '/']) {
      expect((await shared.request('GET', url)).statusCode).toBe(200);
    }
    expect((await shared.request('GET', '/readyz')).statusCode).toBe(200);
    expect((await shared.request('GET', `/twin/${'x'.repeat(43)}`)).statusCode).toBe(404);
  });

  for (const testCase of CASES) {
    const name = testCase.label ? `${testCase.route} (${testCase.label})` : testCase.route;
    it(name, async () => {
      const [method] = testCase.route.split(' ') as [string];
      const mutating = method !== 'GET';
      const stack = mutating && !testCase.isolate ? await stackWithBindings() : shared;
      const probes: { role: Role; variant: Variant; allowed: boolean }[] = [];
      for (const role of ['employee', 'manager', 'admin'] as const) {
        for (const variant of variantsOf(testCase.scope)) {
          probes.push({ role, variant, allowed: isAllowed(testCase, role, variant) });
        }
      }
      // Refusals first: each must be a 403 that changed nothing. Then the allowed calls.
      probes.sort((a, b) => Number(a.allowed) - Number(b.allowed));
      const outcomes: string[] = [];
      for (const probe of probes) {
        const target = testCase.isolate ? await stackWithBindings() : stack;
        const { url, payload } = testCase.request(targetOf(probe.role, probe.variant));
        await target.token(CALLERS[probe.role].id);
        const before = target.writes.writes;
        const response = await target.request(method, url, {
          as: CALLERS[probe.role].id,
          ...(payload === undefined ? {} : { payload }),
        });
        const refused = response.statusCode === 403 || response.statusCode === 401;
        if (probe.allowed === refused || response.statusCode >= 500) {
          outcomes.push(
            `${probe.role}:${probe.variant} expected ${probe.allowed ? 'allowed' : 'refused'}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
        }
        if (!probe.allowed && target.writes.writes !== before) {
          outcomes.push(`${probe.role}:${probe.variant} was refused but wrote to the store`);
        }
      }
      expect(outcomes).toEqual([]);
    });
  }
});
