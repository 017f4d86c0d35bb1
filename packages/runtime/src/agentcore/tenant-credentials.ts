import type { AssumeRoleCommandOutput, STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import {
  type AccessPath,
  accessPathSchema,
  ClawforceError,
  idSchema,
  parse,
} from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import { z } from 'zod';
import { ownerIdOf } from '../internal/access-path.js';
import { sessionStateSegment } from '../session-state.js';
import {
  TENANT_ACCESS_PATHS,
  TENANT_SESSION_TAGS,
  type TenantAccessPath,
} from './tenant-access.js';

/**
 * The API's side of tenant isolation on AgentCore: for each session it assumes the tier's tenant
 * role with the session's tags (owner, access path, session), and the invocation carries those
 * temporary credentials into the microVM. The tenant role's policies reach only what the tags
 * name (see `TENANT_DATA_ACCESS`), so a microVM holds no credentials that reach another tenant:
 * the role that picks the tags (the API's) never enters it.
 */

export const iamRoleArnSchema = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
    error: 'must be an IAM role ARN (arn:aws:iam::account:role/name)',
  });

/** Temporary AWS credentials, as the AWS SDK takes them and as an invocation carries them. */
export interface TenantCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** The session whose credentials are asked for. */
export interface TenantSession {
  /** The runtime tier the session runs on: its tenant role is used. */
  readonly runtimeId: string;
  readonly accessPath: AccessPath;
  /** The AgentCore runtime session id: the router's `formatSessionId(accessPath)`, no other. */
  readonly sessionId: string;
}

export interface TenantCredentialBrokerOptions {
  /** Each runtime tier's tenant role (the CDK app's `CLAWFORCE_AGENTCORE_<TIER>_TENANT_ROLE_ARN`). */
  readonly roleArns: Readonly<Record<string, string>>;
  /** A client of your own; absent: one from `stsConfig` (the API's own credentials). */
  readonly sts?: STSClient;
  readonly stsConfig?: STSClientConfig;
  /** How long one set of credentials lasts, 900-3600 s (the tenant roles' maximum is one hour). */
  readonly durationSeconds?: number;
  /**
   * Credentials are reused for a session while they have at least this long left: the microVM
   * keeps using them after the turn (checkpoints, the flush when it idles out), so this must
   * exceed the runtimes' idle timeout plus a turn. Default 30 minutes.
   */
  readonly minRemainingMs?: number;
  /** Sessions whose credentials are kept; default 10,000 (the oldest are dropped). */
  readonly maxCachedSessions?: number;
  readonly now?: () => number;
}

export interface TenantCredentialBroker {
  /** The session's credentials: cached per session, renewed when too close to expiry. */
  credentialsFor(session: TenantSession): Promise<TenantCredentialIdentity>;
  /** The session tags a session's credentials carry (what the tenant role's policies read). */
  tagsOf(session: TenantSession): Readonly<Record<string, string>>;
  /** Destroys the STS client created here. */
  close(): void;
}

/** The owner, access path and stored-conversation segment of a session, as session tags. */
function sessionTags(session: TenantSession): {
  tags: Record<string, string>;
  ownerId: string;
} {
  const accessPath = parse(accessPathSchema, session.accessPath, 'accessPath');
  if (!TENANT_ACCESS_PATHS.includes(accessPath.kind as TenantAccessPath)) {
    throw new ClawforceError(
      'forbidden',
      `a ${accessPath.kind} session has no agent owner and runs on no tenant role`,
    );
  }
  const ownerId = ownerIdOf(accessPath) as string;
  // The session tag must name this owner's session on this path, nobody else's conversation.
  if (session.sessionId !== formatSessionId(accessPath)) {
    throw new ClawforceError(
      'forbidden',
      `session ${String(session.sessionId).slice(0, 80)} is not the ${accessPath.kind} session of ${ownerId}`,
    );
  }
  return {
    ownerId,
    tags: {
      [TENANT_SESSION_TAGS.employeeId]: ownerId,
      [TENANT_SESSION_TAGS.accessPath]: accessPath.kind,
      [TENANT_SESSION_TAGS.sessionId]: sessionStateSegment(session.sessionId),
    },
  };
}

export function createTenantCredentialBroker(
  options: TenantCredentialBrokerOptions,
): TenantCredentialBroker {
  const roleArns = new Map<string, string>();
  for (const [tier, arn] of Object.entries(options.roleArns)) {
    parse(idSchema, tier, 'roleArns');
    roleArns.set(tier, parse(iamRoleArnSchema, arn, `roleArns.${tier}`));
  }
  if (roleArns.size === 0) {
    throw new ClawforceError('validation_failed', 'roleArns must name at least one tier', [
      { path: 'roleArns', code: 'too_small', message: 'at least one tier' },
    ]);
  }
  const duration = options.durationSeconds ?? 3_600;
  if (!Number.isInteger(duration) || duration < 900 || duration > 3_600) {
    throw new ClawforceError('validation_failed', 'durationSeconds must be 900-3600', [
      { path: 'durationSeconds', code: 'out_of_range', message: 'must be 900-3600' },
    ]);
  }
  const minRemaining = options.minRemainingMs ?? 30 * 60_000;
  if (minRemaining >= duration * 1000) {
    throw new ClawforceError(
      'validation_failed',
      'minRemainingMs must be shorter than the credentials last',
      [{ path: 'minRemainingMs', code: 'out_of_range', message: 'must be below durationSeconds' }],
    );
  }
  const maxCached = options.maxCachedSessions ?? 10_000;
  const now = options.now ?? Date.now;
  let ownClient: STSClient | undefined;
  const clientOf = async () => {
    if (options.sts) return options.sts;
    const { STSClient } = await import('@aws-sdk/client-sts');
    ownClient ??= new STSClient({ ...options.stsConfig });
    return ownClient;
  };
  // By role and tags, oldest first (insertion order).
  const cache = new Map<string, Promise<TenantCredentialIdentity>>();

  const assume = async (
    roleArn: string,
    ownerId: string,
    tags: Record<string, string>,
  ): Promise<TenantCredentialIdentity> => {
    const [{ AssumeRoleCommand }, sts] = await Promise.all([
      import('@aws-sdk/client-sts'),
      clientOf(),
    ]);
    let response: AssumeRoleCommandOutput;
    try {
      response = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          // Named after the owner, so CloudTrail shows whose session acted.
          RoleSessionName: `clawforce-${ownerId}`.slice(0, 64),
          DurationSeconds: duration,
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
    } catch (error) {
      throw new ClawforceError(
        'unavailable',
        `the tenant role could not be assumed for ${ownerId}`,
        { awsError: (error as { name?: string }).name ?? 'unknown' },
        { cause: error },
      );
    }
    const credentials = response.Credentials;
    if (
      !credentials?.AccessKeyId ||
      !credentials.SecretAccessKey ||
      !credentials.SessionToken ||
      !(credentials.Expiration instanceof Date)
    ) {
      throw new ClawforceError('unavailable', 'STS answered AssumeRole without credentials');
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    };
  };

  return {
    tagsOf: (session) => sessionTags(session).tags,
    async credentialsFor(session) {
      const { tags, ownerId } = sessionTags(session);
      const roleArn = roleArns.get(session.runtimeId);
      if (!roleArn) {
        throw new ClawforceError(
          'unavailable',
          `no tenant role is configured for the ${session.runtimeId} tier`,
        );
      }
      const key = JSON.stringify([roleArn, tags]);
      const cached = cache.get(key);
      if (cached) {
        const current = await cached.catch(() => undefined);
        if (current && current.expiration.getTime() - minRemaining > now()) return current;
        const replaced = cache.get(key);
        if (replaced && replaced !== cached) return replaced;
      }
      // One AssumeRole at a time per session; a failure is not cached.
      const pending = assume(roleArn, ownerId, tags);
      cache.delete(key);
      cache.set(key, pending);
      while (cache.size > maxCached) {
        const oldest = cache.keys().next().value;
        if (oldest === undefined) break;
        cache.delete(oldest);
      }
      pending.catch(() => {
        if (cache.get(key) === pending) cache.delete(key);
      });
      return pending;
    },
    close() {
      ownClient?.destroy();
      ownClient = undefined;
    },
  };
}
