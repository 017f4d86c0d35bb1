import { createHash, randomBytes } from 'node:crypto';
import { ClawforceError, type Employee, type OrgStore, type TokenStore } from '@clawforce/core';
import Jwt from '@hapi/jwt';
import type { CredentialStore } from './credentials.js';

export const TOKEN_AUDIENCE = 'clawforce-api';
export const TOKEN_ISSUER = 'clawforce';
const REFRESH_KIND = 'refresh';

/** The claims of an access token. `ver` must equal the employee's current token version. */
export interface AccessClaims {
  readonly sub: string;
  readonly ver: number;
  readonly iat: number;
  readonly exp: number;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: string;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: string;
}

export interface SessionServiceOptions {
  readonly secret: string;
  readonly credentials: CredentialStore;
  readonly tokens: TokenStore;
  readonly org: OrgStore;
  readonly now: () => number;
  /** Default 15 minutes. */
  readonly accessTokenTtlSeconds?: number;
  /** Default 7 days. */
  readonly refreshTokenTtlSeconds?: number;
}

export interface SessionService {
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Issues an access token and a refresh token at the employee's current token version. */
  issue(employeeId: string, tokenVersion: number): Promise<IssuedTokens>;
  /** Exchanges a refresh token (single use) for a new pair; 401 when it is unknown or revoked. */
  refresh(refreshToken: string): Promise<{ employee: Employee; tokens: IssuedTokens }>;
  /** Revokes every access and refresh token of the employee. */
  revokeAll(employeeId: string): Promise<void>;
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

const unauthorized = () =>
  new ClawforceError('unauthorized', 'the session has expired or was revoked; sign in again');

export function createSessionService(options: SessionServiceOptions): SessionService {
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 15 * 60;
  const refreshTokenTtlSeconds = options.refreshTokenTtlSeconds ?? 7 * 24 * 3_600;
  const { credentials, tokens, org, now } = options;
  const seconds = () => Math.floor(now() / 1_000);

  const issue = async (employeeId: string, tokenVersion: number): Promise<IssuedTokens> => {
    const issuedAt = seconds();
    const accessToken = Jwt.token.generate(
      {
        aud: TOKEN_AUDIENCE,
        iss: TOKEN_ISSUER,
        sub: employeeId,
        ver: tokenVersion,
        iat: issuedAt,
        exp: issuedAt + accessTokenTtlSeconds,
      },
      { key: options.secret, algorithm: 'HS256' },
    );
    const refreshToken = randomBytes(32).toString('base64url');
    const record = await tokens.issue({
      kind: REFRESH_KIND,
      id: digest(refreshToken),
      ownerId: employeeId,
      data: { tokenVersion },
      ttlSeconds: refreshTokenTtlSeconds,
    });
    return {
      accessToken,
      accessTokenExpiresAt: new Date((issuedAt + accessTokenTtlSeconds) * 1_000).toISOString(),
      refreshToken,
      refreshTokenExpiresAt: record.expiresAt,
    };
  };

  return {
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    issue,

    async refresh(refreshToken) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(refreshToken)) throw unauthorized();
      const record = await tokens.consume(REFRESH_KIND, digest(refreshToken));
      if (!record?.ownerId) throw unauthorized();
      const employee = await org.getEmployee(record.ownerId);
      if (employee?.status !== 'active') throw unauthorized();
      const current = await credentials.get(employee);
      if (!current || current.tokenVersion !== record.data.tokenVersion) throw unauthorized();
      return { employee, tokens: await issue(employee.id, current.tokenVersion) };
    },

    async revokeAll(employeeId) {
      await credentials.revokeTokens(employeeId);
      // Access tokens die with the version bump; refresh tokens are also removed so none lingers.
      for (const record of await tokens.listByOwner(REFRESH_KIND, employeeId)) {
        await tokens.revoke(REFRESH_KIND, record.id);
      }
    },
  };
}
