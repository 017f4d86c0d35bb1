import type { AccessPath } from '@clawforce/core';
import { expectClawforceError } from '@clawforce/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSessionId,
  type ParsedSessionId,
  parseSessionId,
  SESSION_ID_MAX_LENGTH,
  SESSION_ID_MIN_LENGTH,
} from './index.js';

const id = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]$/),
    fc.array(fc.stringMatching(/^(?:[a-z0-9]|-[a-z0-9])$/), { maxLength: 31 }),
  )
  .map(([first, rest]) => `${first}${rest.join('')}`.slice(0, 64));
const channel = fc.constantFrom('telegram' as const, 'discord' as const, 'feishu' as const);
const channelUserId = fc.oneof(
  fc.stringMatching(/^[0-9]{1,20}$/),
  fc.stringMatching(/^ou_[0-9a-f]{32}$/),
  fc.stringMatching(/^[A-Za-z0-9_:.@-]{1,128}$/),
);
const visitorId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);

const accessPath: fc.Arbitrary<AccessPath> = fc.oneof(
  fc.record({
    kind: fc.constant('employee' as const),
    employeeId: id,
    via: fc.constantFrom(
      'portal' as const,
      'telegram' as const,
      'discord' as const,
      'feishu' as const,
    ),
  }),
  fc.record({ kind: fc.constant('playground' as const), employeeId: id, operatorId: id }),
  fc.record({ kind: fc.constant('twin' as const), employeeId: id, visitorId }),
  fc.record({ kind: fc.constant('admin' as const), adminId: id }),
  fc.record({ kind: fc.constant('unpaired' as const), channel, channelUserId }),
  fc.record(
    { kind: fc.constant('shared' as const), agentId: id, callerEmployeeId: id },
    { requiredKeys: ['kind', 'agentId'] },
  ),
);

/** The access path without what the session id deliberately ignores (the channel of an employee). */
function identity(path: AccessPath): string {
  if (path.kind === 'employee') return JSON.stringify(['employee', path.employeeId]);
  return JSON.stringify(Object.entries(path).sort());
}

const subjectOf = (parsed: ParsedSessionId): string | undefined => {
  switch (parsed.kind) {
    case 'employee':
    case 'playground':
    case 'twin':
      return parsed.employeeId;
    case 'admin':
      return parsed.adminId;
    case 'shared':
      return parsed.agentId;
    case 'unpaired':
      return parsed.channelUserId;
  }
};

describe('formatSessionId', () => {
  it('gives every employee one session, whichever channel the message came from', () => {
    const portal = formatSessionId({ kind: 'employee', employeeId: 'alice', via: 'portal' });
    expect(portal).toMatch(/^emp__alice__[0-9a-hjkmnp-tv-z]{26}$/);
    expect(formatSessionId({ kind: 'employee', employeeId: 'alice', via: 'telegram' })).toBe(
      portal,
    );
    expect(formatSessionId({ kind: 'employee', employeeId: 'alice' })).toBe(portal);
    expect(formatSessionId({ kind: 'employee', employeeId: 'bob' })).not.toBe(portal);
  });

  it('gives every twin visitor their own session and keeps raw IM ids readable when safe', () => {
    const twin = (visitor: string) =>
      formatSessionId({ kind: 'twin', employeeId: 'alice', visitorId: visitor });
    expect(twin('visitor-aaaa')).not.toBe(twin('visitor-bbbb'));
    expect(twin('visitor-aaaa')).toBe(twin('visitor-aaaa'));
    expect(twin('visitor-aaaa')).toMatch(/^twin__alice__/);
    expect(
      formatSessionId({ kind: 'unpaired', channel: 'telegram', channelUserId: '123456789' }),
    ).toMatch(/^tg__123456789__/);
    expect(
      formatSessionId({
        kind: 'unpaired',
        channel: 'feishu',
        channelUserId: 'ou_7d8a6e6df7621556ce0d21922b676706',
      }),
    ).toMatch(/^fs__ou_7d8a6e6df7621556ce0d21922b676706__/);
    const unsafe = formatSessionId({
      kind: 'unpaired',
      channel: 'discord',
      channelUserId: 'user@example.com',
    });
    expect(unsafe).toMatch(/^dc__-[0-9a-hjkmnp-tv-z]{26}__[0-9a-hjkmnp-tv-z]{26}$/);
    expect(unsafe).not.toContain('example');
  });

  it('meets AgentCore length limits for the shortest and longest inputs', () => {
    const shortest = formatSessionId({ kind: 'unpaired', channel: 'telegram', channelUserId: '1' });
    expect(shortest.length).toBe(SESSION_ID_MIN_LENGTH);
    const longest = formatSessionId({
      kind: 'shared',
      agentId: 'a'.repeat(64),
      callerEmployeeId: 'b'.repeat(64),
    });
    expect(longest.length).toBe(SESSION_ID_MAX_LENGTH);
  });

  it('rejects malformed access paths with validation_failed naming the field', async () => {
    const error = await expectClawforceError(
      () => formatSessionId({ kind: 'employee', employeeId: 'Not An Id' }),
      'validation_failed',
    );
    expect(error.message).toContain('employeeId');
    await expectClawforceError(
      () => formatSessionId({ kind: 'robot', id: 'x' } as unknown as AccessPath),
      'validation_failed',
    );
    await expectClawforceError(
      () =>
        formatSessionId({ kind: 'twin', employeeId: 'alice', visitorId: 'short' } as AccessPath),
      'validation_failed',
    );
  });

  it('is deterministic, ASCII-safe, 33-100 characters, never legacy, and reversible (property)', () => {
    fc.assert(
      fc.property(accessPath, (path) => {
        const sessionId = formatSessionId(path);
        expect(sessionId).toBe(formatSessionId(structuredClone(path)));
        expect(sessionId).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(sessionId.length).toBeGreaterThanOrEqual(SESSION_ID_MIN_LENGTH);
        expect(sessionId.length).toBeLessThanOrEqual(SESSION_ID_MAX_LENGTH);
        expect(sessionId.startsWith('pt__')).toBe(false);
        const parsed = parseSessionId(sessionId);
        expect(parsed.kind).toBe(path.kind);
        expect(parsed.sessionId).toBe(sessionId);
        expect(parsed.legacy).toBe(false);
        if (path.kind === 'unpaired') {
          expect(parsed.kind === 'unpaired' && parsed.channel).toBe(path.channel);
        }
        if ('accessPath' in parsed && parsed.accessPath) {
          expect(identity(parsed.accessPath)).toBe(identity(path));
        }
        const subject = subjectOf(parsed);
        if (subject !== undefined) {
          expect(subject).toBe(
            path.kind === 'unpaired'
              ? path.channelUserId
              : path.kind === 'admin'
                ? path.adminId
                : path.kind === 'shared'
                  ? path.agentId
                  : path.employeeId,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives distinct access paths distinct ids (property)', () => {
    fc.assert(
      fc.property(accessPath, accessPath, (first, second) => {
        fc.pre(identity(first) !== identity(second));
        expect(formatSessionId(first)).not.toBe(formatSessionId(second));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('parseSessionId', () => {
  it('reads an employee id back into its access path', () => {
    const sessionId = formatSessionId({ kind: 'employee', employeeId: 'alice' });
    const parsed = parseSessionId(sessionId);
    expect(parsed).toMatchObject({
      kind: 'employee',
      prefix: 'emp',
      employeeId: 'alice',
      legacy: false,
      accessPath: { kind: 'employee', employeeId: 'alice' },
      discriminator: sessionId.slice(-26),
    });
  });

  it('accepts the legacy pt__ alias as the employee session but never produces it', () => {
    const canonical = formatSessionId({ kind: 'employee', employeeId: 'alice' });
    for (const legacy of [
      'pt__alice',
      'pt__alice__20240101-main',
      `pt__alice__${canonical.slice(-26)}`,
    ]) {
      const parsed = parseSessionId(legacy);
      expect(parsed).toMatchObject({
        kind: 'employee',
        prefix: 'pt',
        legacy: true,
        employeeId: 'alice',
      });
      expect(parsed.sessionId).toBe(canonical);
    }
    expect(parseSessionId('pt__alice').discriminator).toBe('');
  });

  it('tells the team session of a shared agent from a caller session', () => {
    const team = parseSessionId(formatSessionId({ kind: 'shared', agentId: 'helpdesk' }));
    expect(team).toMatchObject({ kind: 'shared', agentId: 'helpdesk', team: true });
    expect('accessPath' in team && team.accessPath).toEqual({
      kind: 'shared',
      agentId: 'helpdesk',
    });
    const caller = parseSessionId(
      formatSessionId({ kind: 'shared', agentId: 'helpdesk', callerEmployeeId: 'bob' }),
    );
    expect(caller).toMatchObject({ kind: 'shared', team: false });
    expect('accessPath' in caller ? caller.accessPath : undefined).toBeUndefined();
  });

  it('returns the digest, not the raw id, of a hashed IM account', () => {
    const parsed = parseSessionId(
      formatSessionId({ kind: 'unpaired', channel: 'discord', channelUserId: 'a:b' }),
    );
    expect(parsed).toMatchObject({ kind: 'unpaired', channel: 'discord' });
    expect(parsed.kind === 'unpaired' && parsed.channelUserDigest).toMatch(/^[0-9a-z]{26}$/);
    expect(parsed.kind === 'unpaired' && parsed.channelUserId).toBeUndefined();
  });

  const alice = formatSessionId({ kind: 'employee', employeeId: 'alice' });
  const cases: [string, unknown, string][] = [
    ['a number', 42, 'not_a_string'],
    ['an oversized id', `emp__${'a'.repeat(200)}`, 'bad_length'],
    ['a too-short id', 'emp__alice__0123456789', 'bad_length'],
    ['a Cyrillic look-alike', alice.replace('a', '\u0430'), 'bad_characters'],
    ['a full-width look-alike', alice.replace('e', '\uff45'), 'bad_characters'],
    ['a space', `${alice.slice(0, 10)} ${alice.slice(11)}`, 'bad_characters'],
    ['an unknown prefix', alice.replace('emp__', 'emq__'), 'bad_prefix'],
    ['no prefix separator', 'empalice0123456789012345678901234567', 'bad_prefix'],
    ['an uppercase employee id', alice.replace('alice', 'Alice'), 'bad_subject'],
    ['an empty subject', `emp____${alice.slice(-26)}`, 'bad_subject'],
    ['a short discriminator', `${alice.slice(0, -1)}`, 'bad_discriminator'],
    ['a discriminator with u', `${alice.slice(0, -1)}u`, 'bad_discriminator'],
    [
      'a swapped discriminator',
      `emp__alice__${formatSessionId({ kind: 'employee', employeeId: 'bob' }).slice(-26)}`,
      'checksum_mismatch',
    ],
    ['a bad raw subject', `tg__@bad__${alice.slice(-26)}`, 'bad_characters'],
    ['a raw subject starting with _', `tg___x__${alice.slice(-26)}`, 'bad_subject'],
    ['a legacy id with a bad employee', 'pt__Alice', 'bad_subject'],
    ['a legacy id with a bad suffix', 'pt__alice__a_b', 'bad_discriminator'],
  ];
  it.each(cases)('rejects %s with invalid_id', async (_label, input, problem) => {
    const error = await expectClawforceError(() => parseSessionId(input as string), 'invalid_id');
    expect(error.details).toEqual([expect.objectContaining({ path: 'sessionId', code: problem })]);
    expect(error.message).toMatch(/^session id /);
  });

  it('rejects any single-character change to a verifiable id (property)', () => {
    const verifiable = fc.oneof(
      id.map((employeeId): AccessPath => ({ kind: 'employee', employeeId })),
      id.map((adminId): AccessPath => ({ kind: 'admin', adminId })),
      fc
        .tuple(channel, channelUserId)
        .map(([ch, user]): AccessPath => ({ kind: 'unpaired', channel: ch, channelUserId: user })),
    );
    const safe = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
    fc.assert(
      fc.property(verifiable, fc.nat(), fc.nat(), (path, position, replacement) => {
        const sessionId = formatSessionId(path);
        const index = position % sessionId.length;
        const character = safe[replacement % safe.length] as string;
        fc.pre(sessionId[index] !== character);
        const changed = sessionId.slice(0, index) + character + sessionId.slice(index + 1);
        expect(() => parseSessionId(changed)).toThrowError(/session id/);
      }),
      { numRuns: 1_000 },
    );
  });
});
