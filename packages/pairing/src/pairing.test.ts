import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenStore } from '@clawforce/core';
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
  createPairing,
  englishMessages,
  hashPairingCode,
  type InboundMessage,
  type InboundOutcome,
  PAIRING_CODE_KIND,
  type Pairing,
  type PairingOptions,
} from './index.js';

const channels = {
  telegram: { botUsername: 'AcmeClawBot' },
  discord: { applicationId: '1234567890123456789' },
};

const stateOf = (outcome: InboundOutcome) => (outcome.handled ? outcome.state : 'not_handled');
const replyOf = (outcome: InboundOutcome) => (outcome.handled ? outcome.reply : '');

describe.each(testStoreBackends)('pairing on $name stores', (backend) => {
  let stores: TestStores;
  let clock: ReturnType<typeof createTestClock>;
  let pairing: Pairing;
  const make = (overrides: Partial<PairingOptions> = {}) =>
    createPairing({
      org: stores.org,
      tokens: stores.tokens,
      items: stores.items,
      audit: stores.audit,
      channels,
      now: clock.now,
      ...overrides,
    });
  const telegram = (channelUserId: string, text: string, extra: Partial<InboundMessage> = {}) =>
    pairing.handleInbound({ channel: 'telegram', channelUserId, text, ...extra });

  beforeEach(async () => {
    clock = createTestClock();
    stores = await backend.open(clock.now);
    await seedSmallCompany(stores);
    pairing = make();
  });
  afterEach(() => stores.cleanup());

  describe('startPairing', () => {
    it('issues a 10-minute code with a deep link and a QR code of it, storing only its digest', async () => {
      const started = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      expect(started.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
      expect(started.displayCode).toBe(`${started.code.slice(0, 4)}-${started.code.slice(4)}`);
      expect(started.expiresAt).toBe(new Date(clock.now() + 600_000).toISOString());
      expect(started.link.url).toBe(`https://t.me/AcmeClawBot?start=${started.code}`);
      expect(decodeQrSvg(started.qrSvg)).toBe(started.link.url);
      const token = await stores.tokens.get(PAIRING_CODE_KIND, hashPairingCode(started.code));
      expect(token).toMatchObject({ ownerId: 'bob', data: { channel: 'telegram' } });
      const { items } = await stores.audit.query({ type: 'pairing.' });
      expect(items[0]).toMatchObject({ type: 'pairing.started', employeeId: 'bob' });
      expect(JSON.stringify(items)).not.toContain(started.code);
      if (stores.dataDir) {
        // Nothing on disk holds the raw code, not the database nor its write-ahead log.
        const files = (await readdir(stores.dataDir)).filter((file) =>
          file.startsWith('clawforce.db'),
        );
        const contents = await Promise.all(
          files.map((file) => readFile(join(stores.dataDir ?? '', file))),
        );
        expect(contents.some((bytes) => bytes.includes(hashPairingCode(started.code)))).toBe(true);
        expect(contents.some((bytes) => bytes.includes(started.code))).toBe(false);
      }
    });

    it('keeps at most three pending codes per employee, replacing the oldest', async () => {
      const first = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      clock.advance(1_000);
      const later = [];
      for (let index = 0; index < 3; index += 1) {
        later.push(await pairing.startPairing({ employeeId: 'bob', channel: 'discord' }));
        clock.advance(1_000);
      }
      expect(await stores.tokens.listByOwner(PAIRING_CODE_KIND, 'bob')).toHaveLength(3);
      expect(stateOf(await telegram('111', `/start ${first.code}`))).toBe('code_replaced');
      const latest = later.at(-1);
      expect(
        stateOf(
          await pairing.handleInbound({
            channel: 'discord',
            channelUserId: '222',
            text: `/start ${latest?.code}`,
          }),
        ),
      ).toBe('confirm');
    });

    it('refuses channels the position does not offer or that have no bot, and inactive employees', async () => {
      await expectClawforceError(
        pairing.startPairing({ employeeId: 'bob', channel: 'feishu' }),
        'forbidden',
      );
      await expectClawforceError(
        pairing.startPairing({ employeeId: 'alice', channel: 'feishu' }),
        'validation_failed',
      );
      await expectClawforceError(
        pairing.startPairing({ employeeId: 'dave', channel: 'telegram' }),
        'forbidden',
      );
      await expectClawforceError(
        pairing.startPairing({ employeeId: 'nobody', channel: 'telegram' }),
        'not_found',
      );
      await expectClawforceError(
        pairing.startPairing({ employeeId: 'Bob', channel: 'telegram' }),
        'invalid_id',
      );
      await expectClawforceError(
        pairing.startPairing({ employeeId: 'bob', channel: 'slack' as never }),
        'validation_failed',
      );
      expect(await stores.tokens.listByOwner(PAIRING_CODE_KIND, 'bob')).toEqual([]);
    });
  });

  describe('confirm flow', () => {
    it('links an account after /start CODE and BIND, then lets its messages through', async () => {
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      const confirm = await telegram('4242', `/start ${code}`);
      expect(confirm).toEqual({
        handled: true,
        state: 'confirm',
        reply:
          'You are linking this account to Bob Seller · Sales Representative. Reply BIND to confirm or CANCEL.',
      });
      const bound = await telegram('4242', 'BIND', { chatId: 'chat-4242' });
      expect(stateOf(bound)).toBe('bound');
      expect(bound.handled && bound.binding).toMatchObject({
        channel: 'telegram',
        channelUserId: '4242',
        employeeId: 'bob',
        chatId: 'chat-4242',
        sessionCount: 0,
      });
      expect(await stores.org.getBinding('telegram', '4242')).toMatchObject({ employeeId: 'bob' });
      const { items } = await stores.audit.query({ type: 'binding.created' });
      expect(items[0]).toMatchObject({
        actor: { kind: 'channel-user', id: 'telegram:4242' },
        employeeId: 'bob',
      });

      expect(await telegram('4242', 'What is on my calendar?')).toEqual({ handled: false });
      expect(await telegram('4242', 'BIND')).toEqual({ handled: false });
      expect(stateOf(await telegram('4242', `/start ${code}`))).toBe('already_bound');
    });

    it('accepts the code as a deep link in a group sends it, lowercased or spaced', async () => {
      for (const [user, format] of [
        ['1', (code: string) => `/start@AcmeClawBot ${code}`],
        ['2', (code: string) => `/start ${code.toLowerCase()}`],
        ['3', (code: string) => `/start ${code.slice(0, 4)} ${code.slice(4)}`],
      ] as const) {
        const { code } = await pairing.startPairing({ employeeId: 'carol', channel: 'telegram' });
        expect(stateOf(await telegram(user, format(code)))).toBe('confirm');
      }
    });

    it('cancels without using up the code', async () => {
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      await telegram('4242', `/start ${code}`);
      expect(stateOf(await telegram('4242', 'cancel'))).toBe('cancelled');
      expect(stateOf(await telegram('4242', 'BIND'))).toBe('no_pending');
      expect(stateOf(await telegram('4242', 'CANCEL'))).toBe('no_pending');
      expect(await stores.org.getBinding('telegram', '4242')).toBeUndefined();
      await telegram('5555', `/start ${code}`);
      expect(stateOf(await telegram('5555', 'BIND'))).toBe('bound');
    });

    it('gives unknown, expired, used, replaced, wrong-channel and malformed codes distinct replies', async () => {
      const outcomes: InboundOutcome[] = [];
      outcomes.push(await telegram('10', '/start ABCD-EFGH'));
      const expired = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      clock.advance(600_000);
      outcomes.push(await telegram('11', `/start ${expired.code}`));
      const used = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      await telegram('12', `/start ${used.code}`);
      await telegram('12', 'BIND');
      outcomes.push(await telegram('13', `/start ${used.code}`));
      const replaced = await pairing.startPairing({ employeeId: 'carol', channel: 'telegram' });
      for (let index = 0; index < 3; index += 1) {
        clock.advance(1_000);
        await pairing.startPairing({ employeeId: 'carol', channel: 'telegram' });
      }
      outcomes.push(await telegram('14', `/start ${replaced.code}`));
      const discordCode = await pairing.startPairing({ employeeId: 'carol', channel: 'discord' });
      outcomes.push(await telegram('15', `/start ${discordCode.code}`));
      outcomes.push(await telegram('16', '/start hello'));
      outcomes.push(await telegram('17', '/start \u0410BCD-EFGH'));
      outcomes.push(await telegram('18', `/start ${'A'.repeat(10_000)}`));
      expect(outcomes.map(stateOf)).toEqual([
        'code_unknown',
        'code_expired',
        'code_used',
        'code_replaced',
        'code_wrong_channel',
        'code_malformed',
        'code_malformed',
        'code_malformed',
      ]);
      const replies = outcomes.slice(0, 7).map(replyOf);
      expect(new Set(replies).size).toBe(replies.length);
      expect(replyOf(outcomes[4] as InboundOutcome)).toContain('Discord');
      expect(replyOf(outcomes[6] as InboundOutcome)).toContain('only look like');
    });

    it('answers anything else from an unbound account with instructions only', async () => {
      for (const text of ['hello', '/start', 'I am Alice, the admin. Link me.']) {
        const outcome = await telegram('77', text);
        expect(stateOf(outcome)).toBe('instructions');
        expect(replyOf(outcome)).toContain('Connect Telegram');
      }
      expect(await stores.org.getBinding('telegram', '77')).toBeUndefined();
    });

    it('does not link to an employee suspended after the code was shown, and keeps the code', async () => {
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      await telegram('4242', `/start ${code}`);
      await stores.org.updateEmployee('bob', { status: 'suspended' });
      expect(stateOf(await telegram('4242', 'BIND'))).toBe('employee_unavailable');
      expect(await stores.tokens.get(PAIRING_CODE_KIND, hashPairingCode(code))).toBeDefined();
      expect(stateOf(await telegram('4243', `/start ${code}`))).toBe('employee_unavailable');
    });

    it('uses replacement messages', async () => {
      const custom = make({ messages: { instructions: () => '请先在门户中获取绑定码。' } });
      expect(
        await custom.handleInbound({ channel: 'discord', channelUserId: '9', text: 'hi' }),
      ).toEqual({
        handled: true,
        state: 'instructions',
        reply: '请先在门户中获取绑定码。',
      });
      expect(englishMessages.confirm({ employeeName: 'A', positionName: undefined })).toBe(
        'You are linking this account to A. Reply BIND to confirm or CANCEL.',
      );
    });

    it('refuses malformed messages from the adapter with validation_failed', async () => {
      const bad = [
        { channel: 'slack', channelUserId: '1', text: 'hi' },
        { channel: 'telegram', channelUserId: 'has space', text: 'hi' },
        { channel: 'telegram', channelUserId: '1', text: 'x'.repeat(70_000) },
        { channel: 'telegram', channelUserId: '1', text: 'hi', employeeId: 'alice' },
        { channel: 'telegram', channelUserId: '1' },
      ];
      for (const message of bad) {
        await expectClawforceError(
          pairing.handleInbound(message as InboundMessage),
          'validation_failed',
        );
      }
    });
  });

  describe('single use', () => {
    it('binds exactly one of 100 accounts that BIND one code at the same time', async () => {
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      const users = Array.from({ length: 100 }, (_, index) => `${9_000 + index}`);
      for (const user of users)
        expect(stateOf(await telegram(user, `/start ${code}`))).toBe('confirm');
      const outcomes = await Promise.all(users.map((user) => telegram(user, 'BIND')));
      const states = outcomes.map(stateOf);
      expect(states.filter((state) => state === 'bound')).toHaveLength(1);
      expect(
        states.filter((state) => state !== 'bound').every((state) => state === 'code_used'),
      ).toBe(true);
      expect(await stores.org.listBindingsByEmployee('bob')).toHaveLength(1);
    });

    it('binds once when one account sends BIND 100 times at once', async () => {
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      await telegram('4242', `/start ${code}`);
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, () => telegram('4242', 'BIND')),
      );
      expect(outcomes.map(stateOf).filter((state) => state === 'bound')).toHaveLength(1);
      expect(await stores.org.listBindingsByEmployee('bob')).toHaveLength(1);
      expect((await stores.audit.query({ type: 'binding.created' })).items).toHaveLength(1);
    });

    it('refuses to re-bind a bound account until its binding is revoked', async () => {
      const bobs = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      await telegram('4242', `/start ${bobs.code}`);
      await telegram('4242', 'BIND');
      const carols = await pairing.startPairing({ employeeId: 'carol', channel: 'telegram' });
      const refused = await telegram('4242', `/start ${carols.code}`);
      expect(stateOf(refused)).toBe('already_bound');
      expect(replyOf(refused)).toContain('Bob Seller');
      expect(
        await stores.tokens.get(PAIRING_CODE_KIND, hashPairingCode(carols.code)),
      ).toBeDefined();
      await pairing.revokeBinding({ by: 'bob', channel: 'telegram', channelUserId: '4242' });
      expect(stateOf(await telegram('4242', `/start ${carols.code}`))).toBe('confirm');
      expect(stateOf(await telegram('4242', 'BIND'))).toBe('bound');
      expect(await stores.org.getBinding('telegram', '4242')).toMatchObject({
        employeeId: 'carol',
      });
    });
  });

  describe('bad-code lockout', () => {
    it('locks an account out for 15 minutes after 5 bad codes in 10 minutes', async () => {
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      const states = [];
      for (let index = 0; index < 5; index += 1) {
        states.push(stateOf(await telegram('666', `/start ZZZZ-ZZZ${index}`)));
        clock.advance(60_000);
      }
      expect(states).toEqual([
        'code_unknown',
        'code_unknown',
        'code_unknown',
        'code_unknown',
        'locked_out',
      ]);
      const locked = await telegram('666', `/start ${code}`);
      expect(stateOf(locked)).toBe('locked_out');
      // Locked at the fifth bad code (minute 4) until minute 19; it is minute 5 now.
      expect(replyOf(locked)).toContain('try again in 14 minutes');
      expect(stateOf(await telegram('666', 'BIND'))).toBe('locked_out');
      // Other accounts are not affected.
      expect(stateOf(await telegram('667', `/start ${code}`))).toBe('confirm');
      const { items } = await stores.audit.query({ type: 'pairing.locked-out' });
      expect(items).toHaveLength(1);
      clock.advance(13 * 60_000);
      const fresh = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      expect(stateOf(await telegram('666', `/start ${fresh.code}`))).toBe('locked_out');
      clock.advance(60_000);
      expect(stateOf(await telegram('666', `/start ${fresh.code}`))).toBe('confirm');
    });

    it('forgets bad codes older than the window and does not count good ones', async () => {
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      for (let index = 0; index < 4; index += 1) await telegram('666', '/start 0000-0000');
      for (let index = 0; index < 3; index += 1) await telegram('666', `/start ${code}`);
      clock.advance(11 * 60_000);
      const fresh = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      for (let index = 0; index < 4; index += 1) {
        expect(stateOf(await telegram('666', '/start 0000-0000'))).toBe('code_unknown');
      }
      expect(stateOf(await telegram('666', `/start ${fresh.code}`))).toBe('confirm');
      expect(stateOf(await telegram('666', '/start 0000-0000'))).toBe('locked_out');
    });

    it('holds across processes and evaluates at most 5 codes from a burst of 50', async () => {
      const lookups: string[] = [];
      const counting: TokenStore = {
        ...stores.tokens,
        get: (kind, id) => {
          lookups.push(id);
          return stores.tokens.get(kind, id);
        },
      };
      const first = make({ tokens: counting });
      const second = make({ tokens: counting });
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          (index % 2 === 0 ? first : second).handleInbound({
            channel: 'telegram',
            channelUserId: '666',
            text: `/start ${String(index).padStart(8, '0')}`,
          }),
        ),
      );
      expect(lookups.length).toBeLessThanOrEqual(5);
      expect((await stores.audit.query({ type: 'pairing.locked-out' })).items).toHaveLength(1);
      expect(
        outcomes.map(stateOf).filter((state) => state === 'locked_out').length,
      ).toBeGreaterThanOrEqual(45);
      const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
      expect(
        stateOf(
          await second.handleInbound({
            channel: 'telegram',
            channelUserId: '666',
            text: `/start ${code}`,
          }),
        ),
      ).toBe('locked_out');
    });
  });

  describe('bindings', () => {
    const bindAs = async (employeeId: string, channelUserId: string) => {
      const { code } = await pairing.startPairing({ employeeId, channel: 'telegram' });
      await telegram(channelUserId, `/start ${code}`);
      await telegram(channelUserId, 'BIND');
    };

    it('lists by employee and by channel with paired-at, last-active and session count', async () => {
      await bindAs('bob', '1001');
      clock.advance(1_000);
      await bindAs('bob', '1002');
      await bindAs('alice', '1003');
      await stores.org.recordBindingActivity('telegram', '1001', {
        at: new Date(clock.now()).toISOString(),
        newSession: true,
      });
      const bobs = await pairing.listBindings({ by: 'bob', employeeId: 'bob' });
      expect(bobs.map((binding) => binding.channelUserId).sort()).toEqual(['1001', '1002']);
      expect(bobs.find((binding) => binding.channelUserId === '1001')).toMatchObject({
        pairedAt: '2026-11-02T09:00:00.000Z',
        lastActiveAt: '2026-11-02T09:00:01.000Z',
        sessionCount: 1,
      });
      expect(await pairing.listBindings({ by: 'carol', employeeId: 'bob' })).toHaveLength(2);
      await expectClawforceError(
        pairing.listBindings({ by: 'bob', employeeId: 'alice' }),
        'forbidden',
      );
      await expectClawforceError(
        pairing.listBindings({ by: 'carol', employeeId: 'alice' }),
        'forbidden',
      );
      const page = await pairing.listChannelBindings({
        by: 'alice',
        channel: 'telegram',
        limit: 2,
      });
      expect(page.items).toHaveLength(2);
      expect(page.cursor).toBeDefined();
      await expectClawforceError(
        pairing.listChannelBindings({ by: 'carol', channel: 'telegram' }),
        'forbidden',
      );
      await expectClawforceError(
        pairing.listChannelBindings({ by: 'dave', channel: 'telegram' }),
        'forbidden',
      );
    });

    it('revokes at once for the employee, their manager or an admin, and audits who did it', async () => {
      await bindAs('bob', '1001');
      await bindAs('bob', '1002');
      await bindAs('alice', '1003');
      await expectClawforceError(
        pairing.revokeBinding({ by: 'bob', channel: 'telegram', channelUserId: '1003' }),
        'forbidden',
      );
      await expectClawforceError(
        pairing.revokeBinding({ by: 'carol', channel: 'telegram', channelUserId: '1003' }),
        'forbidden',
      );
      await pairing.revokeBinding({ by: 'carol', channel: 'telegram', channelUserId: '1001' });
      await pairing.revokeBinding({ by: 'alice', channel: 'telegram', channelUserId: '1002' });
      const revoked = await pairing.revokeBinding({
        by: 'alice',
        channel: 'telegram',
        channelUserId: '1003',
      });
      expect(revoked.employeeId).toBe('alice');
      expect(await stores.org.listBindingsByEmployee('bob')).toEqual([]);
      expect(stateOf(await telegram('1001', 'hello'))).toBe('instructions');
      const { items } = await stores.audit.query({ type: 'binding.revoked', order: 'asc' });
      expect(items.map((event) => event.actor.id)).toEqual(['carol', 'alice', 'alice']);
      await expectClawforceError(
        pairing.revokeBinding({ by: 'alice', channel: 'telegram', channelUserId: '1001' }),
        'not_found',
      );
      await expectClawforceError(
        pairing.revokeBinding({ by: 'alice', channel: 'telegram', channelUserId: 'a b' }),
        'validation_failed',
      );
    });
  });
});

describe('createPairing options', () => {
  it('rejects bad settings up front', async () => {
    const stores = await testStoreBackends[0]?.open();
    if (!stores) throw new Error('no memory backend');
    const base = { org: stores.org, tokens: stores.tokens, items: stores.items, channels };
    await expectClawforceError(
      () => createPairing({ ...base, codeLength: 6 }),
      'validation_failed',
    );
    await expectClawforceError(
      () => createPairing({ ...base, codeTtlSeconds: 0 }),
      'validation_failed',
    );
    await expectClawforceError(
      () => createPairing({ ...base, maxPendingCodes: -1 }),
      'validation_failed',
    );
    await expectClawforceError(
      () => createPairing({ ...base, badCodes: { maxAttempts: 0 } }),
      'validation_failed',
    );
    await expectClawforceError(
      () => createPairing({ ...base, channels: { telegram: { botUsername: 'nope' } } }),
      'validation_failed',
    );
  });
});
