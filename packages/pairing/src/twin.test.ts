import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OrgStore } from '@clawforce/core';
import {
  createTestClock,
  expectClawforceError,
  seedSmallCompany,
  type TestStores,
  testStoreBackends,
} from '@clawforce/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeQrSvg } from './__fixtures__/qr.js';
import {
  createTwinLinks,
  createVisitorId,
  hashTwinToken,
  scopeTwinVisitor,
  type TwinLinks,
  type TwinLinksOptions,
} from './index.js';

const PUBLIC_URL = 'https://clawforce.acme.example/';

describe('twin helpers', () => {
  it('derives the same scoped visitor id as @clawforce/router', () => {
    // The vector in @clawforce/router's caller tests.
    expect(scopeTwinVisitor('0'.repeat(64), 'visitor-1234')).toBe(
      'fv2n51u3n_4JJ9DeZorIvdPJ0PfFumbt',
    );
  });

  it('makes random 128-bit visitor ids and hashes tokens with SHA-256', () => {
    const ids = new Set(Array.from({ length: 1_000 }, createVisitorId));
    expect(ids.size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hashTwinToken('abc')).toBe(createHash('sha256').update('abc').digest('hex'));
  });
});

describe.each(testStoreBackends)('twin links on $name stores', (backend) => {
  let stores: TestStores;
  let clock: ReturnType<typeof createTestClock>;
  let twins: TwinLinks;
  const make = (overrides: Partial<TwinLinksOptions> = {}) =>
    createTwinLinks({
      org: stores.org,
      items: stores.items,
      publicUrl: PUBLIC_URL,
      now: clock.now,
      ...overrides,
    });

  beforeEach(async () => {
    clock = createTestClock();
    stores = await backend.open(clock.now);
    await seedSmallCompany(stores);
    twins = make();
  });
  afterEach(() => stores.cleanup());

  it('enables a link with a 256-bit token stored only as its SHA-256', async () => {
    const enabled = await twins.enable({ by: 'bob' });
    expect(enabled.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(enabled.url).toBe(`https://clawforce.acme.example/twin/${enabled.token}`);
    expect(decodeQrSvg(enabled.qrSvg)).toBe(enabled.url);
    expect(enabled.link).toMatchObject({
      employeeId: 'bob',
      enabled: true,
      tokenHash: hashTwinToken(enabled.token),
    });
    const { items } = await stores.audit.query({ type: 'twin.' });
    expect(JSON.stringify(items)).not.toContain(enabled.token);
    if (stores.dataDir) {
      const files = (await readdir(stores.dataDir)).filter((file) =>
        file.startsWith('clawforce.db'),
      );
      const contents = await Promise.all(
        files.map((file) => readFile(join(stores.dataDir ?? '', file))),
      );
      expect(contents.some((bytes) => bytes.includes(enabled.token))).toBe(false);
    }
  });

  it('resolves a visit to the employee and a per-visitor, per-link twin path, counting views and chats', async () => {
    const { token } = await twins.enable({ by: 'bob' });
    const view = await twins.open({ token, activity: 'view' });
    expect(view.employee).toEqual({
      id: 'bob',
      name: 'Bob Seller',
      positionName: 'Sales Representative',
    });
    expect(view.visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(view.accessPath).toEqual({
      kind: 'twin',
      employeeId: 'bob',
      visitorId: scopeTwinVisitor(hashTwinToken(token), view.visitorId),
    });
    const chat = await twins.open({ token, visitorId: view.visitorId, activity: 'chat' });
    expect(chat.accessPath).toEqual(view.accessPath);
    expect(chat).toMatchObject({ viewCount: 1, chatCount: 1 });
    const other = await twins.open({ token, visitorId: 'another-visitor', activity: 'chat' });
    expect(other.accessPath).not.toEqual(view.accessPath);
    expect(await twins.status({ by: 'bob', employeeId: 'bob' })).toMatchObject({
      viewCount: 1,
      chatCount: 2,
    });
  });

  it('rotates: the old token is gone at once and the same visitor starts a new session', async () => {
    const first = await twins.enable({ by: 'bob' });
    const before = await twins.open({
      token: first.token,
      visitorId: 'visitor-1234',
      activity: 'view',
    });
    const second = await twins.enable({ by: 'bob' });
    expect(second.token).not.toBe(first.token);
    await expectClawforceError(
      twins.open({ token: first.token, visitorId: 'visitor-1234', activity: 'view' }),
      'not_found',
    );
    const after = await twins.open({
      token: second.token,
      visitorId: 'visitor-1234',
      activity: 'view',
    });
    expect(after.accessPath).not.toEqual(before.accessPath);
  });

  it('disables for the employee or an admin: the next request is not found', async () => {
    const { token } = await twins.enable({ by: 'bob' });
    await twins.open({ token, activity: 'view' });
    await expectClawforceError(twins.disable({ by: 'carol', employeeId: 'bob' }), 'forbidden');
    await expectClawforceError(twins.disable({ by: 'dave', employeeId: 'bob' }), 'forbidden');
    const disabled = await twins.disable({ by: 'alice', employeeId: 'bob' });
    expect(disabled).toMatchObject({ enabled: false, disabledAt: '2026-11-02T09:00:00.000Z' });
    await expectClawforceError(twins.open({ token, activity: 'view' }), 'not_found');
    await expectClawforceError(twins.disable({ by: 'alice', employeeId: 'carol' }), 'not_found');
    await expectClawforceError(twins.status({ by: 'bob', employeeId: 'carol' }), 'forbidden');
    expect(await twins.status({ by: 'carol', employeeId: 'bob' })).toMatchObject({
      enabled: false,
    });
  });

  it('never lets a request that overlaps a disable succeed after the disable has returned', async () => {
    const { token } = await twins.enable({ by: 'bob' });
    // The disable lands in the middle of the request, after its token lookup and counting.
    const racing = Object.create(stores.org) as OrgStore;
    let disableReturned = false;
    racing.recordTwinActivity = async (employeeId, activity) => {
      const counted = await stores.org.recordTwinActivity(employeeId, activity);
      await make().disable({ by: 'bob', employeeId: 'bob' });
      disableReturned = true;
      return counted;
    };
    await expectClawforceError(
      make({ org: racing }).open({ token, visitorId: 'visitor-1234', activity: 'chat' }),
      'not_found',
    );
    expect(disableReturned).toBe(true);
  });

  it('fails every request started after a concurrent disable returned', async () => {
    const { token } = await twins.enable({ by: 'bob' });
    let disabled = false;
    const disabling = twins.disable({ by: 'bob', employeeId: 'bob' }).then(() => {
      disabled = true;
    });
    const attempts: Promise<{ startedAfter: boolean; ok: boolean }>[] = [];
    for (let index = 0; index < 150; index += 1) {
      const startedAfter = disabled;
      attempts.push(
        twins.open({ token, visitorId: `visitor-${index}`, activity: 'chat' }).then(
          () => ({ startedAfter, ok: true }),
          (error: { code?: string }) => {
            expect(error.code).toBe('not_found');
            return { startedAfter, ok: false };
          },
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await disabling;
    const results = await Promise.all(attempts);
    expect(results.filter((result) => result.startedAfter).length).toBeGreaterThan(0);
    expect(results.filter((result) => result.startedAfter && result.ok)).toEqual([]);
  });

  it('limits requests per visitor and per link, across instances, until the window passes', async () => {
    const limits = {
      perVisitor: { limit: 3, windowSeconds: 60 },
      perToken: { limit: 5, windowSeconds: 60 },
    };
    const first = make({ limits });
    const second = make({ limits });
    const { token } = await first.enable({ by: 'bob' });
    for (let index = 0; index < 3; index += 1) {
      await (index % 2 ? first : second).open({ token, visitorId: 'visitor-a', activity: 'chat' });
    }
    const limited = await expectClawforceError(
      first.open({ token, visitorId: 'visitor-a', activity: 'chat' }),
      'rate_limited',
    );
    expect(limited.details).toMatchObject({ scope: 'twin-visitor', retryAfterSeconds: 60 });
    await second.open({ token, visitorId: 'visitor-b', activity: 'view' });
    await second.open({ token, visitorId: 'visitor-c', activity: 'view' });
    const linkLimited = await expectClawforceError(
      first.open({ token, visitorId: 'visitor-d', activity: 'view' }),
      'rate_limited',
    );
    expect(linkLimited.details).toMatchObject({ scope: 'twin-token' });
    clock.advance(60_000);
    await first.open({ token, visitorId: 'visitor-a', activity: 'chat' });
  });

  it('answers malformed, unknown and suspended-owner tokens with not_found and bad input with validation_failed', async () => {
    const { token } = await twins.enable({ by: 'bob' });
    for (const bad of [
      '',
      'short',
      `${token}x`,
      `${token.slice(0, -1)}\u0430`,
      'A'.repeat(43),
      '../../etc/passwd',
    ]) {
      await expectClawforceError(twins.open({ token: bad, activity: 'view' }), 'not_found');
    }
    await expectClawforceError(
      twins.open({ token, visitorId: 'no spaces!', activity: 'view' }),
      'validation_failed',
    );
    await expectClawforceError(
      twins.open({ token, activity: 'edit' as never }),
      'validation_failed',
    );
    await expectClawforceError(
      twins.open({ token: 'x'.repeat(5_000), activity: 'view' }),
      'validation_failed',
    );
    await stores.org.updateEmployee('bob', { status: 'suspended' });
    await expectClawforceError(twins.open({ token, activity: 'view' }), 'not_found');
    await expectClawforceError(twins.enable({ by: 'nobody' }), 'not_found');
    await expectClawforceError(twins.enable({ by: 'dave' }), 'forbidden');
  });

  it('rejects a bad public URL or limits up front', async () => {
    for (const publicUrl of [
      'not a url',
      'ftp://x.example',
      'https://x.example/?a=1',
      'https://u:p@x.example',
    ]) {
      await expectClawforceError(() => make({ publicUrl }), 'validation_failed');
    }
    await expectClawforceError(
      () => make({ limits: { perVisitor: { limit: 0, windowSeconds: 60 } } }),
      'validation_failed',
    );
  });
});
