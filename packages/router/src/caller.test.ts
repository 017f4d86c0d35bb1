import { createHash } from 'node:crypto';
import {
  expectClawforceError,
  seedSmallCompany,
  type TestStores,
  testStoreBackends,
} from '@clawforce/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CallerRequest,
  createRouter,
  formatSessionId,
  type Router,
  resolveCaller,
  scopeTwinVisitor,
} from './index.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const TOKEN = 'tW1nT0k3n-abcdefghijklmnopqrstuvwxyz012345';
const OTHER_TOKEN = 'rotatedTokenrotatedTokenrotatedToken-_1234';

describe('scopeTwinVisitor', () => {
  it('derives the documented value (shared with @clawforce/pairing)', () => {
    expect(scopeTwinVisitor('0'.repeat(64), 'visitor-1234')).toBe(
      createHash('sha256')
        .update(`twin-visitor-v1\n${'0'.repeat(64)}\nvisitor-1234`)
        .digest('base64url')
        .slice(0, 32),
    );
    expect(scopeTwinVisitor('0'.repeat(64), 'visitor-1234')).toBe(
      'fv2n51u3n_4JJ9DeZorIvdPJ0PfFumbt',
    );
  });
});

describe.each(testStoreBackends)('resolveCaller on $name stores', (backend) => {
  let stores: TestStores;
  let router: Router;

  beforeEach(async () => {
    stores = await backend.open();
    await seedSmallCompany(stores);
    router = createRouter({ org: stores.org, params: stores.params });
  });
  afterEach(() => stores.cleanup());

  it('resolves a portal subject to the employee session', async () => {
    const caller = await router.resolveCaller({ source: 'portal', subject: 'bob' });
    expect(caller.accessPath).toEqual({ kind: 'employee', employeeId: 'bob', via: 'portal' });
    expect(caller.sessionId).toBe(formatSessionId({ kind: 'employee', employeeId: 'bob' }));
    expect(caller.employee?.name).toBe('Bob Seller');
    await expectClawforceError(
      router.resolveCaller({ source: 'portal', subject: 'dave' }),
      'forbidden',
    );
    await expectClawforceError(
      router.resolveCaller({ source: 'portal', subject: 'nobody' }),
      'not_found',
    );
    await expectClawforceError(
      router.resolveCaller({ source: 'portal', subject: 'Bob' }),
      'validation_failed',
    );
  });

  it('gives a bound IM account the same session as the portal, and an unbound one the raw path', async () => {
    const unbound = await resolveCaller(stores.org, {
      source: 'im',
      channel: 'telegram',
      channelUserId: '4242',
    });
    expect(unbound.accessPath).toEqual({
      kind: 'unpaired',
      channel: 'telegram',
      channelUserId: '4242',
    });
    expect(unbound.sessionId).toMatch(/^tg__4242__/);
    expect(unbound.employee).toBeUndefined();

    await stores.org.createBinding({
      channel: 'telegram',
      channelUserId: '4242',
      employeeId: 'bob',
      pairedAt: new Date().toISOString(),
    });
    const bound = await router.resolveCaller({
      source: 'im',
      channel: 'telegram',
      channelUserId: '4242',
    });
    expect(bound.accessPath).toEqual({ kind: 'employee', employeeId: 'bob', via: 'telegram' });
    expect(bound.sessionId).toBe(
      (await router.resolveCaller({ source: 'portal', subject: 'bob' })).sessionId,
    );
    expect(bound.binding?.employeeId).toBe('bob');

    await stores.org.createBinding({
      channel: 'discord',
      channelUserId: '999',
      employeeId: 'dave',
      pairedAt: new Date().toISOString(),
    });
    await expectClawforceError(
      router.resolveCaller({ source: 'im', channel: 'discord', channelUserId: '999' }),
      'forbidden',
    );
  });

  it('never takes identity from anything but the verified fields', async () => {
    const claims = [
      { source: 'im', channel: 'telegram', channelUserId: '4242', employeeId: 'alice' },
      { source: 'im', channel: 'telegram', channelUserId: '4242', text: 'I am alice, admin' },
      { source: 'portal', subject: 'bob', actingAs: 'alice' },
      { source: 'jwt', subject: 'alice' },
      { source: 'im', channel: 'slack', channelUserId: '1' },
      { source: 'im', channel: 'telegram', channelUserId: 'a b' },
    ];
    for (const claim of claims) {
      await expectClawforceError(router.resolveCaller(claim as CallerRequest), 'validation_failed');
    }
  });

  it('resolves a twin token to a per-visitor, per-link session and forgets a disabled link at once', async () => {
    await stores.org.enableTwinLink('bob', sha256(TOKEN));
    const visit = (visitorId: string, token = TOKEN) =>
      router.resolveCaller({ source: 'twin', token, visitorId });
    const first = await visit('visitor-aaaa');
    expect(first.accessPath).toEqual({
      kind: 'twin',
      employeeId: 'bob',
      visitorId: scopeTwinVisitor(sha256(TOKEN), 'visitor-aaaa'),
    });
    expect(first.sessionId).toMatch(/^twin__bob__/);
    expect((await visit('visitor-aaaa')).sessionId).toBe(first.sessionId);
    expect((await visit('visitor-bbbb')).sessionId).not.toBe(first.sessionId);

    await stores.org.enableTwinLink('bob', sha256(OTHER_TOKEN));
    await expectClawforceError(visit('visitor-aaaa'), 'not_found');
    expect((await visit('visitor-aaaa', OTHER_TOKEN)).sessionId).not.toBe(first.sessionId);

    await stores.org.disableTwinLink('bob');
    await expectClawforceError(visit('visitor-aaaa', OTHER_TOKEN), 'not_found');
    await expectClawforceError(visit('visitor-aaaa', 'short'), 'not_found');
    await expectClawforceError(visit('visitor-aaaa', `${TOKEN}\u0430`), 'not_found');
    await expectClawforceError(visit('bad visitor'), 'validation_failed');

    await stores.org.enableTwinLink('dave', sha256(TOKEN));
    await expectClawforceError(visit('visitor-aaaa'), 'not_found');
  });

  it('resolves admins to the admin assistant and to the playground only within their scope', async () => {
    const admin = await router.resolveCaller({ source: 'admin', adminId: 'alice' });
    expect(admin.accessPath).toEqual({ kind: 'admin', adminId: 'alice' });
    expect(admin.sessionId).toMatch(/^admin__alice__/);
    await expectClawforceError(
      router.resolveCaller({ source: 'admin', adminId: 'bob' }),
      'forbidden',
    );
    await expectClawforceError(
      router.resolveCaller({ source: 'admin', adminId: 'dave' }),
      'forbidden',
    );

    const playground = await router.resolveCaller({
      source: 'admin',
      adminId: 'alice',
      actingAs: 'bob',
    });
    expect(playground.accessPath).toEqual({
      kind: 'playground',
      employeeId: 'bob',
      operatorId: 'alice',
    });
    expect(playground.sessionId).toMatch(/^pgnd__bob__/);
    expect(playground.sessionId).not.toBe(
      (await router.resolveCaller({ source: 'admin', adminId: 'carol', actingAs: 'bob' }))
        .sessionId,
    );
    await expectClawforceError(
      router.resolveCaller({ source: 'admin', adminId: 'carol', actingAs: 'alice' }),
      'forbidden',
    );
    await expectClawforceError(
      router.resolveCaller({ source: 'admin', adminId: 'bob', actingAs: 'carol' }),
      'forbidden',
    );
    await expectClawforceError(
      router.resolveCaller({ source: 'admin', adminId: 'alice', actingAs: 'nobody' }),
      'not_found',
    );
  });
});
