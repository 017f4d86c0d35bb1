import type { ParamStore } from '@clawforce/core';
import {
  createTestClock,
  expectClawforceError,
  seedSmallCompany,
  type TestStores,
  testStoreBackends,
} from '@clawforce/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router, routingParameters, runtimeTargetSchema } from './index.js';

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/executive_agent-AbCdEf1234';
const bob = { id: 'bob', positionId: 'sales-rep' };
const alice = { id: 'alice', positionId: 'engineer' };

/** A ParamStore that counts reads, to see what the cache saves. */
function countingParams(params: ParamStore) {
  const reads: string[] = [];
  const counted: ParamStore = {
    get: (name, options) => {
      reads.push(name);
      return params.get(name, options);
    },
    put: (name, value, options) => params.put(name, value, options),
    delete: (name) => params.delete(name),
    getByPath: (path, options) => params.getByPath(path, options),
  };
  return { params: counted, reads };
}

describe.each(testStoreBackends)('router on $name stores', (backend) => {
  let stores: TestStores;
  let clock: ReturnType<typeof createTestClock>;
  let router: Router;

  beforeEach(async () => {
    clock = createTestClock();
    stores = await backend.open(clock.now);
    await seedSmallCompany(stores);
    router = createRouter({
      org: stores.org,
      params: stores.params,
      audit: stores.audit,
      now: clock.now,
    });
  });
  afterEach(() => stores.cleanup());

  describe('three tiers', () => {
    it('falls back to the organization default runtime on the local pool', async () => {
      expect(await router.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
      const explanation = await router.explainRoute(bob);
      expect(explanation).toMatchObject({
        tier: 'default',
        source: 'org',
        rule: 'organization.defaultRuntimeId',
        target: { kind: 'local', runtimeId: 'standard' },
      });
      expect(explanation.steps.map((step) => [step.rule, step.outcome])).toEqual([
        ['/tenants/bob/always-on-agent', 'not-set'],
        ['/tenants/bob/runtime-id', 'not-set'],
        ['/positions/sales-rep/runtime-id', 'not-set'],
        ['position:sales-rep.runtimeId', 'not-set'],
        ['/routing/default-runtime-id', 'not-set'],
        ['organization.defaultRuntimeId', 'matched'],
      ]);
      expect(explanation.reason).toBe(
        'default runtime organization.defaultRuntimeId -> runtime standard on the local pool',
      );
    });

    it('uses the position runtime from the OrgStore, and the ParamStore rule over it', async () => {
      expect(await router.explainRoute(alice)).toMatchObject({
        tier: 'position',
        source: 'org',
        target: { kind: 'local', runtimeId: 'executive' },
      });
      await router.rules.setPositionRuntime('engineer', 'standard');
      expect(await router.explainRoute(alice)).toMatchObject({
        tier: 'position',
        source: 'param',
        rule: '/positions/engineer/runtime-id',
        target: { kind: 'local', runtimeId: 'standard' },
      });
      await router.rules.setPositionRuntime('engineer', null);
      expect((await router.explainRoute(alice)).source).toBe('org');
    });

    it('uses the ParamStore default over the organization default', async () => {
      await router.rules.setDefaultRuntime('executive');
      expect(await router.explainRoute(bob)).toMatchObject({
        tier: 'default',
        source: 'param',
        target: { kind: 'local', runtimeId: 'executive' },
      });
    });

    it('lets an employee override win over the position, and an always-on agent over a runtime', async () => {
      await router.rules.setPositionRuntime('sales-rep', 'standard');
      await router.rules.setEmployeeRoute('bob', { runtimeId: 'executive' });
      expect(await router.explainRoute(bob)).toMatchObject({
        tier: 'employee',
        rule: '/tenants/bob/runtime-id',
        target: { kind: 'local', runtimeId: 'executive' },
      });
      await router.rules.setAlwaysOnEndpoint('helpdesk', 'https://helpdesk.internal.example/v1');
      await router.rules.setEmployeeRoute('bob', { alwaysOnAgentId: 'helpdesk' });
      expect(await router.route(bob)).toEqual({
        kind: 'always-on',
        agentId: 'helpdesk',
        endpoint: 'https://helpdesk.internal.example/v1',
      });
      expect(await stores.params.get('/tenants/bob/runtime-id')).toBeUndefined();
      await router.rules.setEmployeeRoute('bob', null);
      expect((await router.explainRoute(bob)).tier).toBe('position');
    });

    it('routes to AgentCore with the default or a configured qualifier', async () => {
      await router.rules.setRuntimeDeployment('executive', { kind: 'agentcore', runtimeArn: ARN });
      expect(await router.route(alice)).toEqual({
        kind: 'agentcore',
        runtimeId: 'executive',
        runtimeArn: ARN,
        qualifier: 'DEFAULT',
      });
      await router.rules.setRuntimeDeployment('executive', {
        kind: 'agentcore',
        runtimeArn: ARN,
        qualifier: 'canary',
      });
      expect(await router.route(alice)).toMatchObject({ kind: 'agentcore', qualifier: 'canary' });
      expect(runtimeTargetSchema.safeParse(await router.route(alice)).success).toBe(true);
      await router.rules.setRuntimeDeployment('executive', { kind: 'local' });
      expect(await router.route(alice)).toEqual({ kind: 'local', runtimeId: 'executive' });
    });

    it('skips set-but-unusable rules and says why', async () => {
      // Written around the validated setters, as a hand edit in the ParamStore would be.
      await stores.params.put('/tenants/bob/always-on-agent', 'night-desk');
      await stores.params.put('/always-on/night-desk/endpoint', 'https://night.example');
      await stores.params.put('/tenants/bob/runtime-id', 'retired');
      await stores.params.put('/positions/sales-rep/runtime-id', 'Not An Id');
      await stores.params.put('/runtimes/standard/agentcore-arn', 'arn:nonsense');
      await stores.params.put('/routing/default-runtime-id', 'executive');
      await router.invalidate();
      const explanation = await router.explainRoute(bob);
      expect(explanation.steps.map((step) => [step.outcome, step.detail])).toEqual([
        ['skipped', 'agent night-desk is stopped'],
        ['skipped', 'runtime retired is not defined'],
        ['skipped', 'value is not a valid runtime id'],
        ['not-set', 'not set'],
        ['matched', 'runtime executive on the local pool'],
      ]);
      await stores.params.put('/tenants/bob/always-on-agent', 'helpdesk');
      await stores.params.delete('/runtimes/standard/agentcore-arn');
      await stores.params.put('/runtimes/executive/agentcore-arn', ARN);
      await stores.params.put('/runtimes/executive/agentcore-qualifier', 'not valid!');
      await router.invalidate();
      const next = await router.explainRoute(bob);
      expect(next.steps[0]).toMatchObject({
        outcome: 'skipped',
        detail: 'agent helpdesk has no endpoint',
      });
      expect(next.steps.at(-2)).toMatchObject({
        rule: '/routing/default-runtime-id',
        outcome: 'skipped',
        detail: 'runtime executive has a malformed AgentCore qualifier',
      });
      expect(next).toMatchObject({ tier: 'default', source: 'org' });
      expect(next.target).toEqual({ kind: 'local', runtimeId: 'standard' });
    });

    it('routes by id, reading the employee (and so their current position) from the OrgStore', async () => {
      expect(await router.route('alice')).toEqual({ kind: 'local', runtimeId: 'executive' });
      await stores.org.updateEmployee('alice', { positionId: 'sales-rep', departmentId: 'sales' });
      expect(await router.route('alice')).toEqual({ kind: 'local', runtimeId: 'standard' });
      await expectClawforceError(router.route('nobody'), 'not_found');
      await expectClawforceError(router.route('Not An Id'), 'invalid_id');
      await expectClawforceError(router.route({ id: 'bob', positionId: '../x' }), 'invalid_id');
      await expectClawforceError(router.route(null as unknown as string), 'validation_failed');
    });
  });

  describe('cache', () => {
    it('serves warm decisions from the cache and applies an admin change to the next message', async () => {
      const counting = countingParams(stores.params);
      const cached = createRouter({ org: stores.org, params: counting.params, now: clock.now });
      await cached.route(bob);
      const cold = counting.reads.length;
      await cached.route(bob);
      // Only the shared generation is read on a warm decision.
      expect(counting.reads.slice(cold)).toEqual(['/routing/generation']);
      await cached.rules.setEmployeeRoute('bob', { runtimeId: 'executive' });
      expect(await cached.route(bob)).toEqual({ kind: 'local', runtimeId: 'executive' });
    });

    it('applies a change made by another router (another process) to the next decision', async () => {
      expect(await router.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
      const console = createRouter({ org: stores.org, params: stores.params, now: clock.now });
      await console.rules.setEmployeeRoute('bob', { runtimeId: 'executive' });
      expect(await router.route(bob)).toEqual({ kind: 'local', runtimeId: 'executive' });
    });

    it('without the generation check, serves the old rule until the TTL or invalidate()', async () => {
      const isolated = createRouter({
        org: stores.org,
        params: stores.params,
        now: clock.now,
        checkGeneration: false,
        cacheTtlMs: 30_000,
      });
      expect(await isolated.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
      await router.rules.setEmployeeRoute('bob', { runtimeId: 'executive' });
      expect(await isolated.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
      clock.advance(30_001);
      expect(await isolated.route(bob)).toEqual({ kind: 'local', runtimeId: 'executive' });
      await router.rules.setEmployeeRoute('bob', null);
      await isolated.invalidate();
      expect(await isolated.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
    });

    it('picks up OrgStore changes after invalidate()', async () => {
      expect(await router.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
      await stores.org.updatePosition('sales-rep', { runtimeId: 'executive' });
      expect(await router.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
      await router.invalidate();
      expect(await router.route(bob)).toEqual({ kind: 'local', runtimeId: 'executive' });
    });

    it('loads a cold rule once for many concurrent decisions', async () => {
      const counting = countingParams(stores.params);
      const cached = createRouter({ org: stores.org, params: counting.params, now: clock.now });
      await Promise.all(Array.from({ length: 100 }, () => cached.route(bob)));
      const tenantReads = counting.reads.filter((name) => name.startsWith('/tenants/bob/'));
      expect(tenantReads).toEqual(['/tenants/bob/always-on-agent', '/tenants/bob/runtime-id']);
    });
  });

  describe('rules', () => {
    it('records every change in the audit log with its actor', async () => {
      await router.rules.setEmployeeRoute(
        'bob',
        { runtimeId: 'executive' },
        { actor: { kind: 'employee', id: 'alice' } },
      );
      const { items } = await stores.audit.query({ type: 'routing.' });
      expect(items[0]).toMatchObject({
        type: 'routing.updated',
        actor: { kind: 'employee', id: 'alice' },
        target: { kind: 'employee', id: 'bob' },
        details: { '/tenants/bob/runtime-id': 'executive', '/tenants/bob/always-on-agent': null },
      });
    });

    it('refuses unknown references and malformed values without writing anything', async () => {
      await expectClawforceError(router.rules.setEmployeeRoute('nobody', null), 'not_found');
      await expectClawforceError(
        router.rules.setEmployeeRoute('bob', { runtimeId: 'missing' }),
        'not_found',
      );
      await expectClawforceError(
        router.rules.setEmployeeRoute('bob', { alwaysOnAgentId: 'bob' }),
        'validation_failed',
      );
      await expectClawforceError(
        router.rules.setEmployeeRoute('bob', { alwaysOnAgentId: 'nobody' }),
        'not_found',
      );
      await expectClawforceError(
        router.rules.setEmployeeRoute('bob', {
          runtimeId: 'standard',
          alwaysOnAgentId: 'helpdesk',
        } as never),
        'validation_failed',
      );
      await expectClawforceError(
        router.rules.setPositionRuntime('nowhere', 'standard'),
        'not_found',
      );
      await expectClawforceError(router.rules.setDefaultRuntime('Bad Id'), 'invalid_id');
      await expectClawforceError(
        router.rules.setRuntimeDeployment('standard', {
          kind: 'agentcore',
          runtimeArn: 'arn:aws:s3:::bucket',
        }),
        'validation_failed',
      );
      await expectClawforceError(
        router.rules.setRuntimeDeployment('standard', {
          kind: 'agentcore',
          runtimeArn: ARN,
          qualifier: 'no spaces',
        }),
        'validation_failed',
      );
      for (const endpoint of [
        'ftp://helpdesk.example',
        'https://user:secret@helpdesk.example',
        'not a url',
      ]) {
        const error = await expectClawforceError(
          router.rules.setAlwaysOnEndpoint('helpdesk', endpoint),
          'validation_failed',
        );
        expect(error.message).not.toContain('secret');
      }
      expect(await stores.params.getByPath('/', { recursive: true })).toEqual([]);
    });

    it('places every rule under the configured parameter prefix', async () => {
      const prefixed = createRouter({
        org: stores.org,
        params: stores.params,
        parameterPrefix: '/clawforce/prod',
      });
      await prefixed.rules.setEmployeeRoute('bob', { runtimeId: 'executive' });
      expect(await stores.params.get('/clawforce/prod/tenants/bob/runtime-id')).toMatchObject({
        value: 'executive',
      });
      expect(prefixed.parameters.alwaysOnEndpoint('helpdesk')).toBe(
        '/clawforce/prod/always-on/helpdesk/endpoint',
      );
      expect(prefixed.parameters.alwaysOnTokenSecretArn('helpdesk')).toBe(
        '/clawforce/prod/always-on/helpdesk/token-secret-arn',
      );
      expect(() => prefixed.parameters.alwaysOnTokenSecretArn('../x')).toThrow(/agentId/);
      expect(await prefixed.route(bob)).toEqual({ kind: 'local', runtimeId: 'executive' });
      expect(await router.route(bob)).toEqual({ kind: 'local', runtimeId: 'standard' });
    });
  });

  it('fails with not_found, listing what it looked at, when no runtime is configured at all', async () => {
    const empty = await backend.open();
    try {
      const bare = createRouter({ org: empty.org, params: empty.params });
      const error = await expectClawforceError(bare.route(bob), 'not_found');
      expect(error.message).toContain('/routing/default-runtime-id');
      expect((error.details as { steps: unknown[] }).steps).toHaveLength(6);
    } finally {
      await empty.cleanup();
    }
  });
});

describe('routingParameters', () => {
  it('names every rule, validating ids', async () => {
    const names = routingParameters('/clawforce/');
    expect(names.employeeRuntime('bob')).toBe('/clawforce/tenants/bob/runtime-id');
    expect(names.positionRuntime('sales-rep')).toBe('/clawforce/positions/sales-rep/runtime-id');
    expect(names.runtimeQualifier('standard')).toBe(
      '/clawforce/runtimes/standard/agentcore-qualifier',
    );
    expect(routingParameters().generation).toBe('/routing/generation');
    await expectClawforceError(() => names.employeeRuntime('../etc'), 'invalid_id');
    expect(
      runtimeTargetSchema.safeParse({ kind: 'always-on', agentId: 'x', endpoint: 'ftp://x' })
        .success,
    ).toBe(false);
  });
});

describe('createRouter options', () => {
  it('rejects a non-positive TTL or cache size and a malformed prefix', async () => {
    const stores = await testStoreBackends[0]?.open();
    if (!stores) throw new Error('no memory backend');
    const base = { org: stores.org, params: stores.params };
    await expectClawforceError(() => createRouter({ ...base, cacheTtlMs: 0 }), 'validation_failed');
    await expectClawforceError(
      () => createRouter({ ...base, maxCacheEntries: 1.5 }),
      'validation_failed',
    );
    await expectClawforceError(
      () => createRouter({ ...base, parameterPrefix: 'no-slash' }),
      'invalid_key',
    );
  });
});
