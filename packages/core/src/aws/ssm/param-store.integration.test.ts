import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClawforceError } from '../../errors.js';
import { createTestClock, describeParamStore, expectClawforceError } from '../../testing/index.js';
import { type LocalSsm, startLocalSsm } from '../testing-support/local-ssm.js';
import { createSsmParamStore } from './param-store.js';

let local: LocalSsm;
let tenant = 0;
beforeAll(async () => {
  local = await startLocalSsm();
});
afterAll(async () => {
  await local.close();
});

/** Every store gets its own prefix in the one fake, as tenants would in one account. */
const freshPrefix = () => {
  tenant += 1;
  return `/clawforce/test-${tenant}`;
};

describeParamStore('ssm (local wire fake), cached', async () => ({
  store: createSsmParamStore({ client: local.client(), prefix: freshPrefix() }),
}));

describeParamStore('ssm (local wire fake), uncached, no prefix', async () => {
  // The suite's names live at the root; a fresh fake keeps runs apart.
  const own = await startLocalSsm();
  return {
    store: createSsmParamStore({ client: own.client(), cacheTtlMs: 0 }),
    cleanup: () => own.close(),
  };
});

describe('SSM ParamStore specifics', () => {
  it('stores under its prefix, encrypts secure values and never returns ciphertext', async () => {
    const prefix = freshPrefix();
    const store = createSsmParamStore({ client: local.client(), prefix });
    await store.put('/secrets/jwt', 'hunter2-secret', { secure: true });
    const stored = local.stored(`${prefix}/secrets/jwt`);
    expect(stored?.type).toBe('SecureString');
    expect(stored?.value).not.toContain('hunter2');
    const masked = await store.get('/secrets/jwt');
    expect(masked).toMatchObject({ name: '/secrets/jwt', secure: true, value: undefined });
    expect(JSON.stringify(masked)).not.toContain(stored?.value ?? '?');
    expect((await store.get('/secrets/jwt', { withDecryption: true }))?.value).toBe(
      'hunter2-secret',
    );
  });

  it('serves repeated reads from its cache and drops entries on writes and on invalidate', async () => {
    const clock = createTestClock();
    const store = createSsmParamStore({
      client: local.client(),
      prefix: freshPrefix(),
      cacheTtlMs: 5_000,
      now: clock.now,
    });
    await store.put('/routing/default', 'standard');
    const reads = () => local.requests.get('GetParameter') ?? 0;
    const before = reads();
    expect((await store.get('/routing/default'))?.value).toBe('standard');
    expect((await store.get('/routing/default'))?.value).toBe('standard');
    expect(await store.get('/routing/missing')).toBeUndefined();
    expect(await store.get('/routing/missing')).toBeUndefined();
    expect(reads() - before).toBe(2);
    await store.put('/routing/default', 'executive');
    expect((await store.get('/routing/default'))?.value).toBe('executive');
    expect(reads() - before).toBe(3);
    store.invalidate('/routing/default');
    await store.get('/routing/default');
    expect(reads() - before).toBe(4);
    clock.advance(5_001);
    await store.get('/routing/default');
    expect(reads() - before).toBe(5);
    await store.delete('/routing/default');
    expect(await store.get('/routing/default')).toBeUndefined();
  });

  it('caches path listings until a write below them', async () => {
    const store = createSsmParamStore({ client: local.client(), prefix: freshPrefix() });
    await store.put('/agents/it-helpdesk/endpoint', 'http://10.0.1.5:18789');
    const listings = () => local.requests.get('GetParametersByPath') ?? 0;
    const before = listings();
    await store.getByPath('/agents', { recursive: true });
    await store.getByPath('/agents', { recursive: true });
    expect(listings() - before).toBe(1);
    await store.put('/agents/hr-onboarding/endpoint', 'http://10.0.1.6:18789');
    const names = (await store.getByPath('/agents', { recursive: true })).map(
      (found) => found.name,
    );
    expect(names).toEqual(['/agents/hr-onboarding/endpoint', '/agents/it-helpdesk/endpoint']);
    expect(listings() - before).toBe(2);
  });

  it('pages through more than ten parameters and sorts them by name', async () => {
    const store = createSsmParamStore({
      client: local.client(),
      prefix: freshPrefix(),
      cacheTtlMs: 0,
    });
    const names = Array.from(
      { length: 23 },
      (_, index) => `/positions/pos-${String(index).padStart(2, '0')}/runtime`,
    );
    for (const name of [...names].reverse()) await store.put(name, 'standard');
    const listed = await store.getByPath('/positions', { recursive: true });
    expect(listed.map((found) => found.name)).toEqual(names);
    expect(await store.getByPath('/positions')).toEqual([]);
  });

  it('refuses to change a parameter between plain and secure', async () => {
    const store = createSsmParamStore({ client: local.client(), prefix: freshPrefix() });
    await store.put('/settings/model', 'nova-lite');
    await expectClawforceError(store.put('/settings/model', 'x', { secure: true }), 'conflict');
    expect((await store.get('/settings/model'))?.value).toBe('nova-lite');
  });

  it('maps names that SSM itself refuses to invalid_key', async () => {
    const plain = createSsmParamStore({ client: local.client() });
    await expectClawforceError(plain.put('/aws/reserved', 'x'), 'invalid_key');
    await expectClawforceError(plain.get('/ssm/reserved'), 'invalid_key');
    // The port allows 15 levels; under a 2-level prefix SSM allows 13 more.
    const prefixed = createSsmParamStore({ client: local.client(), prefix: freshPrefix() });
    const deep = `/${Array.from({ length: 15 }, (_, index) => `l${index}`).join('/')}`;
    await expectClawforceError(prefixed.put(deep, 'x'), 'invalid_key');
  });

  it('retries concurrent-update throttling, then reports busy without leaking the value', async () => {
    const store = createSsmParamStore({ client: local.client(), prefix: freshPrefix() });
    local.failNext('PutParameter', 'TooManyUpdates', 2);
    expect((await store.put('/secrets/bot', 'first-secret', { secure: true })).version).toBe(1);
    local.failNext('PutParameter', 'TooManyUpdates', 10);
    const busy = await expectClawforceError(
      store.put('/secrets/bot', 'second-secret', { secure: true }),
      'busy',
    );
    expect(JSON.stringify(busy)).not.toContain('second-secret');
    local.failNext('PutParameter', 'InternalServerError', 1);
    const unavailable = await expectClawforceError(
      store.put('/secrets/bot', 'third-secret', { secure: true }),
      'unavailable',
    );
    expect(unavailable.cause).toBeUndefined();
    expect(`${unavailable.message} ${JSON.stringify(unavailable)}`).not.toContain('third-secret');
    local.failNext('GetParameter', 'AccessDeniedException', 1);
    await expectClawforceError(store.get('/secrets/other'), 'forbidden');
    local.failNext('GetParametersByPath', 'ThrottlingException', 1);
    const error = await store.getByPath('/secrets').catch((caught: unknown) => caught);
    expect(isClawforceError(error, 'busy')).toBe(true);
  });

  it('rejects a malformed prefix', () => {
    expect(() =>
      createSsmParamStore({ client: local.client(), prefix: 'clawforce' }),
    ).toThrowError();
    expect(() =>
      createSsmParamStore({ client: local.client(), prefix: '/clawforce/' }),
    ).toThrowError();
  });
});
