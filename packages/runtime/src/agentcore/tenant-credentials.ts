import type { AssumeRoleCommandOutput, STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import { assertId, ClawforceError, parse } from '@clawforce/core';
import { z } from 'zod';

/**
 * Per-employee AWS credentials for an AgentCore container: the tier's tenant role, assumed with
 * the session tag `employeeId = <the session's employee>`. The tenant role's policies reach S3
 * and DynamoDB only through `${aws:PrincipalTag/employeeId}` (attribute-based access control), so
 * what runs on these credentials reaches that employee's data and nobody else's.
 */

export const iamRoleArnSchema = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
    error: 'must be an IAM role ARN (arn:aws:iam::account:role/name)',
  });

export const sessionTagKeySchema = z
  .string()
  .regex(/^[\w.:/=+@-]{1,128}$/, { error: 'must be an IAM session tag key' });

export interface TenantCredentialsOptions {
  /** The tier's tenant role (`CLAWFORCE_TENANT_ROLE_ARN`). */
  readonly roleArn: string;
  /** The session tag its policies read (`CLAWFORCE_TENANT_TAG`), default `employeeId`. */
  readonly tagKey?: string;
  /** A client of your own; absent: one from `stsConfig` (the execution role's credentials). */
  readonly sts?: STSClient;
  readonly stsConfig?: STSClientConfig;
  /** How long one set of credentials lasts, 900-3600 s (the role's maximum is one hour). */
  readonly durationSeconds?: number;
  /** Credentials are renewed this long before they expire; default 5 minutes. */
  readonly refreshBeforeMs?: number;
  readonly now?: () => number;
}

/** What the AWS SDK takes as `credentials`: a provider it calls before each request. */
export interface TenantCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface TenantCredentials {
  /** The credential provider of one employee (cached; renewed before expiry). */
  credentialsFor(employeeId: string): () => Promise<TenantCredentialIdentity>;
  /** Destroys the STS client created here. */
  close(): void;
}

export function createTenantCredentials(options: TenantCredentialsOptions): TenantCredentials {
  const roleArn = parse(iamRoleArnSchema, options.roleArn, 'roleArn');
  const tagKey = parse(sessionTagKeySchema, options.tagKey ?? 'employeeId', 'tagKey');
  const duration = options.durationSeconds ?? 900;
  if (!Number.isInteger(duration) || duration < 900 || duration > 3_600) {
    throw new ClawforceError('validation_failed', 'durationSeconds must be 900-3600', [
      { path: 'durationSeconds', code: 'out_of_range', message: 'must be 900-3600' },
    ]);
  }
  const refreshBefore = options.refreshBeforeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let ownClient: STSClient | undefined;
  const clientOf = async () => {
    if (options.sts) return options.sts;
    const { STSClient } = await import('@aws-sdk/client-sts');
    ownClient ??= new STSClient({ ...options.stsConfig });
    return ownClient;
  };
  const cache = new Map<string, Promise<TenantCredentialIdentity>>();

  const assume = async (employeeId: string): Promise<TenantCredentialIdentity> => {
    const [{ AssumeRoleCommand }, sts] = await Promise.all([
      import('@aws-sdk/client-sts'),
      clientOf(),
    ]);
    let response: AssumeRoleCommandOutput;
    try {
      response = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          // Named after the employee, so CloudTrail shows whose session acted.
          RoleSessionName: `clawforce-${employeeId}`.slice(0, 64),
          DurationSeconds: duration,
          Tags: [{ Key: tagKey, Value: employeeId }],
        }),
      );
    } catch (error) {
      throw new ClawforceError(
        'unavailable',
        `the tenant role could not be assumed for ${employeeId}`,
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
    credentialsFor(employeeId) {
      assertId(employeeId, 'employeeId');
      return async () => {
        const cached = cache.get(employeeId);
        if (cached) {
          const current = await cached.catch(() => undefined);
          if (current && current.expiration.getTime() - refreshBefore > now()) return current;
          const replaced = cache.get(employeeId);
          if (replaced && replaced !== cached) return replaced;
        }
        // One AssumeRole at a time per employee; a failure is not cached.
        const pending = assume(employeeId);
        cache.set(employeeId, pending);
        pending.catch(() => {
          if (cache.get(employeeId) === pending) cache.delete(employeeId);
        });
        return pending;
      };
    },
    close() {
      ownClient?.destroy();
      ownClient = undefined;
    },
  };
}
