import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { STSClient } from '@aws-sdk/client-sts';
import { listenOnLoopback, readBody } from '../../../../core/src/aws/testing-support/loopback.js';
import { TENANT_SESSION_TAGS } from '../tenant-access.js';

/**
 * A local AWS STS for tests: a node:http server speaking STS's query protocol (form-encoded
 * `Action=AssumeRole`, XML answers), so the real SDK client talks to it. It keeps the rules an
 * AgentCore container meets when it assumes a tenant role with a session tag: a SigV4-signed
 * request for `sts`, a known role ARN, a session name of 2-64 `[\w+=,.@-]`, a duration of 900 s
 * up to the role's maximum, and the role's trust policy on tags — exactly the allowed tag keys,
 * each present with a value of 1-256 characters (`AccessDenied` otherwise, as IAM answers).
 * Test support only.
 */

export interface LocalRole {
  readonly arn: string;
  /** The session tag keys the trust policy requires (and allows): `aws:TagKeys`. */
  readonly requiredTagKeys: readonly string[];
  readonly maxSessionDurationSeconds?: number;
}

export interface AssumedSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly durationSeconds: number;
  readonly accessKeyId: string;
  readonly sessionToken: string;
}

export interface LocalSts {
  readonly endpoint: string;
  client(): STSClient;
  addRole(role: LocalRole): void;
  /** Every successful AssumeRole, in order. */
  readonly sessions: readonly AssumedSession[];
  /** Refused calls, by error code. */
  readonly refusals: readonly string[];
  close(): Promise<void>;
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

class StsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const xmlEscape = (value: string) =>
  value.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);

export async function startLocalSts(
  options: {
    /** The key pair issued credentials carry (a test's S3 fake may only accept its own). */
    issuedKeyPair?: { accessKeyId: string; secretAccessKey: string };
    now?: () => number;
  } = {},
): Promise<LocalSts> {
  const roles = new Map<string, LocalRole>();
  const sessions: AssumedSession[] = [];
  const refusals: string[] = [];
  const clients: STSClient[] = [];
  const now = options.now ?? Date.now;

  const assumeRole = (form: URLSearchParams): string => {
    const roleArn = form.get('RoleArn') ?? '';
    if (!ROLE_ARN.test(roleArn)) {
      throw new StsError('ValidationError', 400, `Invalid RoleArn: ${roleArn.slice(0, 100)}`);
    }
    const role = roles.get(roleArn);
    if (!role) {
      throw new StsError('AccessDenied', 403, 'Not authorized to perform sts:AssumeRole');
    }
    const sessionName = form.get('RoleSessionName') ?? '';
    if (!SESSION_NAME.test(sessionName)) {
      throw new StsError(
        'ValidationError',
        400,
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
      );
    }
    const durationSeconds = Number(form.get('DurationSeconds') ?? 3_600);
    const maximum = role.maxSessionDurationSeconds ?? 3_600;
    if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > maximum) {
      throw new StsError(
        'ValidationError',
        400,
        `The requested DurationSeconds exceeds the MaxSessionDuration set for this role (${maximum})`,
      );
    }
    const tags: Record<string, string> = {};
    for (let index = 1; form.has(`Tags.member.${index}.Key`); index++) {
      const key = form.get(`Tags.member.${index}.Key`) ?? '';
      const value = form.get(`Tags.member.${index}.Value`) ?? '';
      if (key.length < 1 || key.length > 128 || value.length > 256) {
        throw new StsError('ValidationError', 400, 'Invalid session tag');
      }
      tags[key] = value;
    }
    // The trust policy: ForAllValues:StringEquals aws:TagKeys, and each required tag not null.
    const keys = Object.keys(tags);
    const allowed = keys.every((key) => role.requiredTagKeys.includes(key));
    const present = role.requiredTagKeys.every((key) => (tags[key] ?? '').length > 0);
    if (!allowed || !present) {
      throw new StsError(
        'AccessDenied',
        403,
        'Not authorized to perform sts:TagSession (the trust policy requires its session tags)',
      );
    }
    const accessKeyId =
      options.issuedKeyPair?.accessKeyId ?? `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const secretAccessKey =
      options.issuedKeyPair?.secretAccessKey ?? randomBytes(20).toString('base64');
    const sessionToken = `local-session-${randomBytes(12).toString('hex')}`;
    sessions.push({ roleArn, sessionName, tags, durationSeconds, accessKeyId, sessionToken });
    const expiration = new Date(now() + durationSeconds * 1_000).toISOString();
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const account = roleArn.split(':')[4];
    return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${xmlEscape(accessKeyId)}</AccessKeyId>
      <SecretAccessKey>${xmlEscape(secretAccessKey)}</SecretAccessKey>
      <SessionToken>${xmlEscape(sessionToken)}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${xmlEscape(sessionName)}</AssumedRoleId>
      <Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn>
    </AssumedRoleUser>
    <PackedPolicySize>${Object.keys(tags).length * 3}</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>${randomBytes(16).toString('hex')}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
  };

  const server = createServer((incoming, response) => {
    readBody(incoming)
      .then((text) => {
        const authorization = String(incoming.headers.authorization ?? '');
        if (
          !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/sts\/aws4_request/.test(authorization)
        ) {
          throw new StsError(
            'IncompleteSignature',
            403,
            'The request must be SigV4-signed for sts',
          );
        }
        const form = new URLSearchParams(text);
        if (form.get('Version') !== '2011-06-15') {
          throw new StsError('InvalidParameterValue', 400, 'Unsupported Version');
        }
        if (form.get('Action') !== 'AssumeRole') {
          throw new StsError('InvalidAction', 400, `Unsupported action ${form.get('Action')}`);
        }
        const body = assumeRole(form);
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(body);
      })
      .catch((error: unknown) => {
        const failure =
          error instanceof StsError
            ? error
            : new StsError('InternalFailure', 500, 'internal error');
        refusals.push(failure.code);
        response.writeHead(failure.status, { 'content-type': 'text/xml' });
        response.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>${xmlEscape(failure.message)}</Message></Error><RequestId>${randomBytes(16).toString('hex')}</RequestId></ErrorResponse>`,
        );
      });
  });
  const endpoint = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  return {
    endpoint,
    sessions,
    refusals,
    addRole(role) {
      roles.set(role.arn, role);
    },
    client() {
      const created = new STSClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'execution-role', secretAccessKey: 'execution-role' },
        maxAttempts: 1,
      });
      clients.push(created);
      return created;
    },
    async close() {
      for (const created of clients) created.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * An STS for AgentCore tests: the tiers' tenant roles, trusting exactly the session tags the API
 * sets. s3rver checks signatures with its own key pair, so every session is issued that one.
 */
export async function startLocalTenantSts(roleArns: readonly string[]): Promise<LocalSts> {
  const sts = await startLocalSts({
    issuedKeyPair: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  for (const arn of roleArns) {
    sts.addRole({
      arn,
      requiredTagKeys: Object.values(TENANT_SESSION_TAGS),
      maxSessionDurationSeconds: 3_600,
    });
  }
  return sts;
}
