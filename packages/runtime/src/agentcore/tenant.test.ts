import { createMemoryBlobStore, isClawforceError } from '@clawforce/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantBlobStore } from './tenant-blob-store.js';
import { createTenantCredentials } from './tenant-credentials.js';
import { type LocalSts, startLocalSts } from './testing-support/local-sts.js';

const ROLE = 'arn:aws:iam::123456789012:role/clawforce-prod-standard-tenant';

let sts: LocalSts;
// One clock for STS (the expiry it issues) and the credentials (when they renew).
let clock = Date.parse('2026-11-26T10:00:00Z');
beforeAll(async () => {
  sts = await startLocalSts({ now: () => clock });
  sts.addRole({ arn: ROLE, requiredTagKeys: ['employeeId'], maxSessionDurationSeconds: 3_600 });
});
afterAll(async () => {
  await sts.close();
});

describe('createTenantCredentials', () => {
  it('assumes the tenant role with the employee as session tag, once until renewal is due', async () => {
    const tenants = createTenantCredentials({
      roleArn: ROLE,
      sts: sts.client(),
      now: () => clock,
    });
    const before = sts.sessions.length;
    const carol = tenants.credentialsFor('emp-carol');
    const [first, concurrent] = await Promise.all([carol(), carol()]);
    expect(first).toBe(concurrent);
    const session = sts.sessions.at(-1);
    expect(sts.sessions.length).toBe(before + 1);
    expect(session).toMatchObject({
      roleArn: ROLE,
      sessionName: 'clawforce-emp-carol',
      tags: { employeeId: 'emp-carol' },
      durationSeconds: 900,
    });
    expect(first).toMatchObject({
      accessKeyId: session?.accessKeyId,
      sessionToken: session?.sessionToken,
    });
    // Still fresh: no new call. Within five minutes of expiry: renewed.
    clock += 9 * 60_000;
    expect(await carol()).toBe(first);
    clock += 2 * 60_000;
    const renewed = await carol();
    expect(renewed.sessionToken).not.toBe(first.sessionToken);
    expect(sts.sessions.length).toBe(before + 2);
    // Another employee: their own session and tag.
    await tenants.credentialsFor('emp-bob')();
    expect(sts.sessions.at(-1)?.tags).toEqual({ employeeId: 'emp-bob' });
  });

  it('fails closed: a trust policy that refuses the tags, a bad role or id', async () => {
    const refusing = createTenantCredentials({
      roleArn: ROLE,
      tagKey: 'team',
      sts: sts.client(),
    });
    const refused = await refusing
      .credentialsFor('emp-carol')()
      .catch((error: unknown) => error);
    expect(isClawforceError(refused, 'unavailable')).toBe(true);
    expect((refused as { details: unknown }).details).toEqual({ awsError: 'AccessDenied' });
    expect(sts.refusals).toContain('AccessDenied');
    const unknownRole = createTenantCredentials({
      roleArn: 'arn:aws:iam::123456789012:role/other',
      sts: sts.client(),
    });
    await expect(unknownRole.credentialsFor('emp-carol')()).rejects.toSatisfy((error) =>
      isClawforceError(error, 'unavailable'),
    );
    expect(() => createTenantCredentials({ roleArn: 'role/x' })).toThrow(/roleArn/);
    expect(() => createTenantCredentials({ roleArn: ROLE, durationSeconds: 60 })).toThrow(
      /durationSeconds/,
    );
    expect(() =>
      createTenantCredentials({ roleArn: ROLE, sts: sts.client() }).credentialsFor('../bob'),
    ).toThrow();
  });
});

describe('createTenantBlobStore', () => {
  it('reaches the bound employee’s workspace through their store, the rest through the shared one', async () => {
    const shared = createMemoryBlobStore();
    const tenants = new Map<string, ReturnType<typeof createMemoryBlobStore>>();
    const store = createTenantBlobStore({
      shared,
      tenantStore: (employeeId) => {
        const own = createMemoryBlobStore();
        tenants.set(employeeId, own);
        return own;
      },
    });
    expect(store.boundTo).toBeUndefined();
    store.bind('emp-carol');
    await store.put('workspaces/emp-carol/MEMORY.md', '# Memory');
    await store.put('openclaw-sessions/emp__emp-carol__x/warm.json', '{}');
    expect(await tenants.get('emp-carol')?.get('workspaces/emp-carol/MEMORY.md')).toBeDefined();
    expect(await shared.get('workspaces/emp-carol/MEMORY.md')).toBeUndefined();
    expect(await shared.get('openclaw-sessions/emp__emp-carol__x/warm.json')).toBeDefined();
    expect(
      (await store.list({ prefix: 'workspaces/emp-carol/' })).items.map((item) => item.key),
    ).toEqual(['workspaces/emp-carol/MEMORY.md']);
    expect((await store.head('workspaces/emp-carol/MEMORY.md'))?.size).toBe(8);
    await store.delete('workspaces/emp-carol/MEMORY.md');
    expect(await store.get('workspaces/emp-carol/MEMORY.md')).toBeUndefined();

    // Nobody else's workspace, and no listing across workspaces.
    for (const attempt of [
      () => store.get('workspaces/emp-bob/MEMORY.md'),
      () => store.put('workspaces/emp-bob/MEMORY.md', 'x'),
      () => store.list({ prefix: 'workspaces/' }),
      async () => store.bind('emp-bob'),
    ]) {
      await expect(attempt()).rejects.toSatisfy((error) => isClawforceError(error, 'forbidden'));
    }
    expect([...tenants.keys()]).toEqual(['emp-carol']);
  });

  it('binds to the first workspace it touches when not bound first', async () => {
    const store = createTenantBlobStore({
      shared: createMemoryBlobStore(),
      tenantStore: () => createMemoryBlobStore(),
      workspacePrefix: 'workspaces/',
    });
    await store.get('workspaces/emp-ryan/MEMORY.md');
    expect(store.boundTo).toBe('emp-ryan');
    expect(() => store.bind('emp-bob')).toThrow(/emp-ryan/);
    expect(() =>
      createTenantBlobStore({
        shared: createMemoryBlobStore(),
        tenantStore: () => createMemoryBlobStore(),
        workspacePrefix: 'workspaces',
      }),
    ).toThrow(/end with/);
  });
});
