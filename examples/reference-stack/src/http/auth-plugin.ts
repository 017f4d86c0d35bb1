import { createPrincipal, isClawforceError, type OrgStore } from '@clawforce/core';
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import Jwt from '@hapi/jwt';
import type { CredentialStore } from '../auth/credentials.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../auth/sessions.js';

/** The httpOnly cookies the console uses; API clients send `Authorization: Bearer` instead. */
export const ACCESS_COOKIE = 'clawforce_access';
export const REFRESH_COOKIE = 'clawforce_refresh';

export interface AuthPluginOptions {
  readonly secret: string;
  readonly org: OrgStore;
  readonly credentials: CredentialStore;
  readonly now: () => number;
  /** Set the cookies' `Secure` flag (behind HTTPS). */
  readonly secureCookies: boolean;
}

interface Artifacts {
  readonly decoded: { readonly payload: Record<string, unknown> };
}

/**
 * Authentication: a JWT access token from the `Authorization: Bearer` header or the httpOnly
 * cookie, signed with HS256. Every request re-reads the employee and their token version, so a
 * sign-out, a role or status change, a deletion or a password change revokes tokens at once.
 */
export const authPlugin: Plugin<AuthPluginOptions> = {
  name: 'clawforce-auth',
  async register(server, options) {
    await server.register(Jwt);
    const cookie = {
      isSecure: options.secureCookies,
      isHttpOnly: true,
      isSameSite: 'Strict' as const,
      path: '/',
      encoding: 'none' as const,
      clearInvalid: true,
      strictHeader: true,
      ignoreErrors: true,
    };
    server.state(ACCESS_COOKIE, cookie);
    server.state(REFRESH_COOKIE, { ...cookie, path: '/api/v1/auth' });

    const validate = async (artifacts: Artifacts, _request: Request, _h: ResponseToolkit) => {
      const claims = artifacts.decoded.payload;
      const { sub, ver, exp } = claims;
      if (typeof sub !== 'string' || typeof ver !== 'number' || typeof exp !== 'number') {
        return { isValid: false };
      }
      // Expiry is checked here against the stack's clock (tests move it), not hapi's.
      if (exp * 1_000 <= options.now()) return { isValid: false };
      const employee = await options.org.getEmployee(sub).catch(() => undefined);
      if (employee?.status !== 'active') return { isValid: false };
      const [record, tree] = await Promise.all([
        options.credentials.get(employee),
        options.org.departmentTree(),
      ]);
      if (!record || record.tokenVersion !== ver) return { isValid: false };
      try {
        const principal = createPrincipal(employee, tree);
        return {
          isValid: true,
          credentials: {
            user: { employee, principal, mustChangePassword: record.mustChange, tokenVersion: ver },
          },
        };
      } catch (error) {
        if (isClawforceError(error)) return { isValid: false };
        throw error;
      }
    };

    const common = {
      keys: { key: options.secret, algorithms: ['HS256' as const] },
      verify: {
        aud: TOKEN_AUDIENCE,
        iss: TOKEN_ISSUER,
        sub: false as const,
        nbf: false,
        exp: false,
        maxAgeSec: 0,
        timeSkewSec: 0,
      },
      validate,
    };
    server.auth.strategy('bearer', 'jwt', common);
    server.auth.strategy('cookie', 'jwt', { ...common, cookieName: ACCESS_COOKIE });
    server.auth.default({ strategies: ['bearer', 'cookie'], mode: 'required' });
  },
};
