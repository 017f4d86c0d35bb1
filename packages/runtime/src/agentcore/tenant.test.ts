import { type AccessPath, isClawforceError } from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStateSegment } from '../session-state.js';
import { fillTenantPattern, TENANT_DATA_ACCESS, TENANT_SESSION_TAGS } from './tenant-access.js';
import { createTenantCredentialBroker } from './tenant-credentials.js';
import { type LocalSts, startLocalSts } from './testing-support/local-sts.js';

const ROLES = {
  standard: 'arn:aws:iam::123456789012:role/clawforce-prod-standard-tenant',
  executive: 'arn:aws:iam::123456789012:role/clawforce-prod-executive-tenant',
};
const TAG_KEYS = Object.values(TENANT_SESSION_TAGS);
const CAROL_SESSION = formatSessionId({ kind: 'employee', employeeId: 'emp-carol' });

let sts: LocalSts;
// One clock for STS (the expiry it issues) and the broker (when it renews).
let clock = Date.parse('2026-11-26T10:00:00Z');
beforeAll(async () => {
  sts = await startLocalSts({ now: () => clock });
  for (const arn of Object.values(ROLES)) {
    sts.addRole({ arn, requiredTagKeys: TAG_KEYS, maxSessionDurationSeconds: 3_600 });
  }
});
afterAll(async () => {
  await sts.close();
});

const carol = {
  runtimeId: 'standard',
  accessPath: { kind: 'employee' as const, employeeId: 'emp-carol' },
  sessionId: CAROL_SESSION,
};
const sessionOf = (accessPath: AccessPath) => ({
  runtimeId: 'standard',
  accessPath,
  sessionId: formatSessionId(accessPath),
});

describe('createTenantCredentialBroker', () => {
  it("assumes the session's tier role with its owner, access path and session as tags", async () => {
    const broker = createTenantCredentialBroker({
      roleArns: ROLES,
      sts: sts.client(),
      now: () => clock,
    });
    const before = sts.sessions.length;
    const [first, concurrent] = await Promise.all([
      broker.credentialsFor(carol),
      broker.credentialsFor(carol),
    ]);
    expect(first).toBe(concurrent);
    expect(sts.sessions.length).toBe(before + 1);
    const session = sts.sessions.at(-1);
    expect(session).toMatchObject({
      roleArn: ROLES.standard,
      sessionName: 'clawforce-emp-carol',
      tags: { employeeId: 'emp-carol', accessPath: 'employee', sessionId: CAROL_SESSION },
      durationSeconds: 3_600,
    });
    expect(first).toMatchObject({
      accessKeyId: session?.accessKeyId,
      sessionToken: session?.sessionToken,
    });
    expect(broker.tagsOf(carol)).toEqual(session?.tags);

    // Reused while 30 minutes or more are left (the microVM keeps using them after the turn).
    clock += 29 * 60_000;
    expect(await broker.credentialsFor(carol)).toBe(first);
    clock += 2 * 60_000;
    const renewed = await broker.credentialsFor(carol);
    expect(renewed.sessionToken).not.toBe(first.sessionToken);
    expect(sts.sessions.length).toBe(before + 2);

    // Another access path of the same employee, another tier, another owner: their own tags.
    await broker.credentialsFor(
      sessionOf({ kind: 'twin', employeeId: 'emp-carol', visitorId: 'visitor-0001' }),
    );
    expect(sts.sessions.at(-1)?.tags).toMatchObject({
      employeeId: 'emp-carol',
      accessPath: 'twin',
    });
    await broker.credentialsFor({
      ...sessionOf({ kind: 'admin', adminId: 'emp-root' }),
      runtimeId: 'executive',
    });
    expect(sts.sessions.at(-1)).toMatchObject({
      roleArn: ROLES.executive,
      tags: { employeeId: 'emp-root', accessPath: 'admin' },
    });
  });

  it("tags the session's conversation by the key segment the runtime stores it under", () => {
    const broker = createTenantCredentialBroker({ roleArns: ROLES, sts: sts.client() });
    const segment = broker.tagsOf(carol).sessionId as string;
    expect(segment).toBe(sessionStateSegment(CAROL_SESSION));
    // The policy pattern of the session's conversation, filled with the tag, is its key prefix.
    expect(fillTenantPattern(TENANT_DATA_ACCESS.objects.session, { sessionId: segment })).toBe(
      `openclaw-sessions/${CAROL_SESSION}/*`,
    );
  });

  it('fails closed: no owner, no tier role, a refusing trust policy, bad settings', async () => {
    const broker = createTenantCredentialBroker({ roleArns: ROLES, sts: sts.client() });
    const before = sts.sessions.length;
    for (const accessPath of [
      { kind: 'unpaired' as const, channel: 'telegram' as const, channelUserId: '42' },
      { kind: 'shared' as const, agentId: 'it-helpdesk' },
    ]) {
      await expect(broker.credentialsFor({ ...carol, accessPath })).rejects.toSatisfy((error) =>
        isClawforceError(error, 'forbidden'),
      );
    }
    // A session id that is not the owner's session on that path: another owner, another path.
    for (const sessionId of [
      formatSessionId({ kind: 'employee', employeeId: 'emp-bob' }),
      formatSessionId({ kind: 'admin', adminId: 'emp-carol' }),
      `${CAROL_SESSION}x`,
    ]) {
      await expect(broker.credentialsFor({ ...carol, sessionId })).rejects.toSatisfy((error) =>
        isClawforceError(error, 'forbidden'),
      );
    }
    await expect(broker.credentialsFor({ ...carol, runtimeId: 'gpu' })).rejects.toSatisfy((error) =>
      isClawforceError(error, 'unavailable'),
    );
    await expect(
      broker.credentialsFor({ ...carol, accessPath: { kind: 'employee', employeeId: '../bob' } }),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'validation_failed'));
    expect(sts.sessions.length).toBe(before);

    // A role whose trust policy wants other tags: STS refuses, the broker says unavailable.
    sts.addRole({
      arn: 'arn:aws:iam::123456789012:role/strict',
      requiredTagKeys: ['team'],
      maxSessionDurationSeconds: 3_600,
    });
    const refusing = createTenantCredentialBroker({
      roleArns: { standard: 'arn:aws:iam::123456789012:role/strict' },
      sts: sts.client(),
    });
    const refused = await refusing.credentialsFor(carol).catch((error: unknown) => error);
    expect(isClawforceError(refused, 'unavailable')).toBe(true);
    expect((refused as { details: unknown }).details).toEqual({ awsError: 'AccessDenied' });
    // A failure is not cached: the next call asks STS again.
    const refusals = sts.refusals.length;
    await refusing.credentialsFor(carol).catch(() => undefined);
    expect(sts.refusals.length).toBe(refusals + 1);

    expect(() => createTenantCredentialBroker({ roleArns: { standard: 'role/x' } })).toThrow(
      /roleArns/,
    );
    expect(() => createTenantCredentialBroker({ roleArns: {} })).toThrow(/at least one tier/);
    expect(() => createTenantCredentialBroker({ roleArns: ROLES, durationSeconds: 60 })).toThrow(
      /durationSeconds/,
    );
    expect(() => createTenantCredentialBroker({ roleArns: ROLES, durationSeconds: 900 })).toThrow(
      /minRemainingMs/,
    );
  });

  it('keeps at most maxCachedSessions sessions, dropping the oldest', async () => {
    const broker = createTenantCredentialBroker({
      roleArns: ROLES,
      sts: sts.client(),
      maxCachedSessions: 1,
    });
    const first = await broker.credentialsFor(carol);
    await broker.credentialsFor(sessionOf({ kind: 'employee', employeeId: 'emp-bob' }));
    const again = await broker.credentialsFor(carol);
    expect(again.sessionToken).not.toBe(first.sessionToken);
  });
});

describe('TENANT_DATA_ACCESS', () => {
  it('names only the owner-scoped partitions and keys by placeholder', () => {
    const filled = TENANT_DATA_ACCESS.items.tablePartitions.map((pattern) =>
      fillTenantPattern(pattern, { employeeId: 'emp-carol' }),
    );
    expect(filled).toContain('EMP#emp-carol');
    expect(filled).toContain('SOUL#personal#emp-carol');
    expect(filled.some((pattern) => pattern.startsWith('EMP#') && pattern.includes('*'))).toBe(
      false,
    );
    for (const forbidden of ['AUDIT', 'USAGE#*', 'TOKEN#*', 'PARAM', 'BIND#*', 'EMPS']) {
      expect(filled).not.toContain(forbidden);
    }
    expect(fillTenantPattern(TENANT_DATA_ACCESS.items.indexPartitions[2], 'policy-variables')).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      'KBASSIGN#employee#${aws:PrincipalTag/employeeId}',
    );
    expect(() => fillTenantPattern('EMP#{employeeId}', {})).toThrow(/employeeId/);
  });
});
