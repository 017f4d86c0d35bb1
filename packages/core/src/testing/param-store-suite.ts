import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParamStore } from '../ports/param-store.js';
import { expectClawforceError } from './expect-error.js';

export type ParamStoreFactory = () => Promise<{ store: ParamStore; cleanup?: () => Promise<void> }>;

/** The ParamStore contract (item-backed, SSM). */
export function describeParamStore(name: string, factory: ParamStoreFactory): void {
  describe(`ParamStore contract: ${name}`, () => {
    let store: ParamStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it('stores, versions and reads parameters', async () => {
      expect(await store.get('/positions/pos-sde/runtime-id')).toBeUndefined();
      const first = await store.put('/positions/pos-sde/runtime-id', 'standard');
      expect(first).toMatchObject({
        name: '/positions/pos-sde/runtime-id',
        value: 'standard',
        secure: false,
        version: 1,
      });
      const second = await store.put('/positions/pos-sde/runtime-id', 'executive');
      expect(second.version).toBe(2);
      expect((await store.get('/positions/pos-sde/runtime-id'))?.value).toBe('executive');
      await expectClawforceError(
        store.put('/positions/pos-sde/runtime-id', 'x', { overwrite: false }),
        'already_exists',
      );
      expect(await store.delete('/positions/pos-sde/runtime-id')).toBe(true);
      expect(await store.delete('/positions/pos-sde/runtime-id')).toBe(false);
    });

    it('returns secure values only with decryption', async () => {
      await store.put('/secrets/telegram/bot-token', '123:ABC', { secure: true });
      const masked = await store.get('/secrets/telegram/bot-token');
      expect(masked).toMatchObject({ secure: true, value: undefined });
      expect(JSON.stringify(masked)).not.toContain('123:ABC');
      expect(
        (await store.get('/secrets/telegram/bot-token', { withDecryption: true }))?.value,
      ).toBe('123:ABC');
      const listed = await store.getByPath('/secrets', { recursive: true });
      expect(listed.map((parameter) => parameter.value)).toEqual([undefined]);
    });

    it('lists by path, one level or recursively', async () => {
      await store.put('/tenants/emp-a/always-on-agent', 'it-helpdesk');
      await store.put('/tenants/emp-a/runtime/override', 'executive');
      await store.put('/tenants/emp-b/always-on-agent', 'hr-onboarding');
      await store.put('/tenantsx/emp-c/x', 'not under /tenants');
      expect((await store.getByPath('/tenants/emp-a')).map((parameter) => parameter.name)).toEqual([
        '/tenants/emp-a/always-on-agent',
      ]);
      expect(
        (await store.getByPath('/tenants', { recursive: true })).map((parameter) => parameter.name),
      ).toEqual([
        '/tenants/emp-a/always-on-agent',
        '/tenants/emp-a/runtime/override',
        '/tenants/emp-b/always-on-agent',
      ]);
      expect(await store.getByPath('/tenants')).toEqual([]);
    });

    it('rejects malformed names and values', async () => {
      for (const bad of [
        'no-slash',
        '/trailing/',
        '//double',
        '/a/../b',
        '/sp ace',
        '',
        `/${'x'.repeat(1_100)}`,
      ]) {
        await expectClawforceError(store.put(bad, 'v'), 'invalid_key');
      }
      await expectClawforceError(store.put('/ok', ''), 'validation_failed');
      await expectClawforceError(store.put('/ok', 'v'.repeat(4_097)), 'validation_failed');
      expect(await store.get('/ok')).toBeUndefined();
    });
  });
}
