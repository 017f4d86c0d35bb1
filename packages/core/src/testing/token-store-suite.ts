import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenStore } from '../ports/token-store.js';
import { createTestClock, type TestClock } from './clock.js';
import { expectClawforceError } from './expect-error.js';

export type TokenStoreFactory = (context: {
  now: () => number;
}) => Promise<{ store: TokenStore; cleanup?: () => Promise<void> }>;

/** The TokenStore contract: single use, expiry, atomic consume. */
export function describeTokenStore(name: string, factory: TokenStoreFactory): void {
  describe(`TokenStore contract: ${name}`, () => {
    let store: TokenStore;
    let cleanup: (() => Promise<void>) | undefined;
    let clock: TestClock;

    beforeEach(async () => {
      clock = createTestClock();
      ({ store, cleanup } = await factory({ now: clock.now }));
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it('issues a token that can be read until it is consumed, once', async () => {
      const issued = await store.issue({
        kind: 'pairing',
        id: 'digest-0001',
        ownerId: 'emp-carol',
        data: { channel: 'telegram' },
        ttlSeconds: 600,
      });
      expect(issued).toMatchObject({
        kind: 'pairing',
        id: 'digest-0001',
        ownerId: 'emp-carol',
        data: { channel: 'telegram' },
      });
      expect(Date.parse(issued.expiresAt) - clock.now()).toBe(600_000);
      expect(await store.get('pairing', 'digest-0001')).toEqual(issued);
      expect(await store.consume('pairing', 'digest-0001')).toEqual(issued);
      expect(await store.consume('pairing', 'digest-0001')).toBeUndefined();
      expect(await store.get('pairing', 'digest-0001')).toBeUndefined();
    });

    it('gives a token to exactly one of 50 concurrent consumers', async () => {
      await store.issue({ kind: 'pairing', id: 'digest-race', ttlSeconds: 60 });
      const results = await Promise.all(
        Array.from({ length: 50 }, () => store.consume('pairing', 'digest-race')),
      );
      expect(results.filter((result) => result !== undefined)).toHaveLength(1);
    });

    it('expires tokens and lets their id be reissued afterwards', async () => {
      await store.issue({ kind: 'twin-visit', id: 'digest-exp', ttlSeconds: 10 });
      await expectClawforceError(
        store.issue({ kind: 'twin-visit', id: 'digest-exp', ttlSeconds: 10 }),
        'conflict',
      );
      clock.advance(10_001);
      expect(await store.get('twin-visit', 'digest-exp')).toBeUndefined();
      expect(await store.consume('twin-visit', 'digest-exp')).toBeUndefined();
      await store.issue({ kind: 'twin-visit', id: 'digest-exp', ttlSeconds: 10 });
    });

    it("lists an owner's live tokens oldest first and revokes them", async () => {
      for (const [index, id] of ['digest-a01', 'digest-a02', 'digest-a03'].entries()) {
        clock.advance(1_000);
        await store.issue({
          kind: 'pairing',
          id,
          ownerId: 'emp-ryan',
          ttlSeconds: 100 + index * 100,
        });
      }
      await store.issue({
        kind: 'pairing',
        id: 'digest-b01',
        ownerId: 'emp-sophie',
        ttlSeconds: 100,
      });
      await store.issue({
        kind: 'refresh',
        id: 'digest-r01',
        ownerId: 'emp-ryan',
        ttlSeconds: 100,
      });
      expect((await store.listByOwner('pairing', 'emp-ryan')).map((token) => token.id)).toEqual([
        'digest-a01',
        'digest-a02',
        'digest-a03',
      ]);
      expect(await store.revoke('pairing', 'digest-a02')).toBe(true);
      expect(await store.revoke('pairing', 'digest-a02')).toBe(false);
      clock.advance(150_000);
      expect((await store.listByOwner('pairing', 'emp-ryan')).map((token) => token.id)).toEqual([
        'digest-a03',
      ]);
    });

    it('rejects malformed kinds, ids, owners and lifetimes', async () => {
      await expectClawforceError(
        store.issue({ kind: 'Pairing!', id: 'digest-0001', ttlSeconds: 60 }),
        'invalid_id',
      );
      await expectClawforceError(
        store.issue({ kind: 'pairing', id: 'short', ttlSeconds: 60 }),
        'invalid_key',
      );
      await expectClawforceError(
        store.issue({ kind: 'pairing', id: '../../etc/passwd', ttlSeconds: 60 }),
        'invalid_key',
      );
      await expectClawforceError(
        store.issue({ kind: 'pairing', id: 'digest-0001', ownerId: 'EMP/1', ttlSeconds: 60 }),
        'invalid_id',
      );
      await expectClawforceError(
        store.issue({ kind: 'pairing', id: 'digest-0001', ttlSeconds: 0 }),
        'validation_failed',
      );
      await expectClawforceError(
        store.issue({ kind: 'pairing', id: 'digest-0001', ttlSeconds: 1.5 }),
        'validation_failed',
      );
      expect(await store.get('pairing', 'digest-0001')).toBeUndefined();
    });
  });
}
