import { createHash, randomBytes } from 'node:crypto';
import {
  type AccessPath,
  assertAuthorized,
  assertId,
  ClawforceError,
  createPrincipal,
  type ItemStore,
  isClawforceError,
  type OrgStore,
  parse,
  scopeTwinVisitor,
  type TwinLink,
} from '@clawforce/core';
import { z } from 'zod';
import { type RateLimit, takeFromWindow } from './internal/limits.js';
import { renderQrSvg } from './qr.js';

/** Twin tokens: 32 random bytes (256 bits), base64url, 43 characters. Only their SHA-256 is stored. */
const TWIN_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** How twin tokens are stored and looked up: SHA-256 of the token, lowercase hex. */
export function hashTwinToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Twin sessions are scoped per link with core's `scopeTwinVisitor` (re-exported here for convenience). */
export { scopeTwinVisitor };

/** A new random visitor id (128 bits) for a twin page to keep in a cookie. */
export function createVisitorId(): string {
  return randomBytes(16).toString('base64url');
}

export interface TwinLimits {
  /** Requests per visitor per link, default 20 a minute. */
  readonly perVisitor: RateLimit;
  /** Requests per link from all visitors, default 300 a minute. */
  readonly perToken: RateLimit;
}

export interface TwinLinksOptions {
  readonly org: OrgStore;
  /** For the rate-limit counters. */
  readonly items: ItemStore;
  /** The public base URL; links are `${publicUrl}/twin/<token>`. */
  readonly publicUrl: string;
  readonly limits?: { readonly perVisitor?: RateLimit; readonly perToken?: RateLimit };
  readonly now?: () => number;
}

export interface EnabledTwinLink {
  /** `${publicUrl}/twin/<token>`: show it to the employee now; it cannot be shown again. */
  readonly url: string;
  readonly token: string;
  readonly link: TwinLink;
  /** A QR code of `url`, rendered locally as SVG. */
  readonly qrSvg: string;
}

export interface TwinVisit {
  readonly employee: { readonly id: string; readonly name: string; readonly positionName?: string };
  /** `{ kind: 'twin', employeeId, visitorId: scopeTwinVisitor(…) }`: format it with the router. */
  readonly accessPath: AccessPath;
  /** The page's visitor id: the one given, or a new one to set in the cookie. */
  readonly visitorId: string;
  readonly viewCount: number;
  readonly chatCount: number;
}

export interface TwinLinks {
  /** Enables the signed-in employee's twin link, or rotates it (the old token stops at once). */
  enable(input: { by: string }): Promise<EnabledTwinLink>;
  /** Disables a link (RBAC `twin:disable`: the employee or an admin); the next request is a 404. */
  disable(input: { by: string; employeeId: string }): Promise<TwinLink>;
  /** The link's state and counters (RBAC `twin:read`), without any token. */
  status(input: { by: string; employeeId: string }): Promise<TwinLink | undefined>;
  /**
   * A visitor's request: resolves the token (never cached), applies the per-visitor and per-link
   * limits, counts the view or chat atomically. Unknown, rotated and disabled tokens are `not_found`;
   * over a limit is `rate_limited` with `details.retryAfterSeconds`.
   */
  open(input: { token: string; visitorId?: string; activity: 'view' | 'chat' }): Promise<TwinVisit>;
}

/**
 * Core's enable/disable write the link item with a version condition, and every counted view or chat
 * bumps that version: under traffic they lose the race with `conflict`. They are safe to repeat.
 */
async function retryOnConflict<T>(action: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts || !isClawforceError(error, 'conflict')) throw error;
    }
  }
}

const rateLimitSchema = z.strictObject({
  limit: z.int().min(1).max(1_000_000),
  windowSeconds: z.int().min(1).max(86_400),
});

const openSchema = z.strictObject({
  token: z.string().max(1_024),
  visitorId: z.string().regex(VISITOR_ID, { error: 'must be an opaque visitor id' }).optional(),
  activity: z.enum(['view', 'chat']),
});

/** Digital Twin links on the OrgStore (which stores only token digests) and ItemStore counters. */
export function createTwinLinks(options: TwinLinksOptions): TwinLinks {
  const { org, items } = options;
  const now = options.now ?? Date.now;
  const publicUrl = parsePublicUrl(options.publicUrl);
  const limits: TwinLimits = {
    perVisitor: parse(
      rateLimitSchema,
      options.limits?.perVisitor ?? { limit: 20, windowSeconds: 60 },
      'limits.perVisitor',
    ),
    perToken: parse(
      rateLimitSchema,
      options.limits?.perToken ?? { limit: 300, windowSeconds: 60 },
      'limits.perToken',
    ),
  };

  const principalOf = async (by: string) => {
    const employee = await org.getEmployee(assertId(by, 'by'));
    if (!employee) throw new ClawforceError('not_found', `employee ${by} not found`);
    return createPrincipal(employee, await org.departmentTree());
  };

  const authorizeOn = async (
    by: string,
    action: 'twin:disable' | 'twin:read',
    employeeId: string,
  ) => {
    const principal = await principalOf(by);
    const owner = await org.getEmployee(assertId(employeeId, 'employeeId'));
    if (!owner) throw new ClawforceError('not_found', `employee ${employeeId} not found`);
    assertAuthorized(principal, action, { employeeId: owner.id, departmentId: owner.departmentId });
    return principal;
  };

  const gone = () => new ClawforceError('not_found', 'this Digital Twin link does not exist');

  return {
    async enable({ by }) {
      const principal = await principalOf(by);
      assertAuthorized(principal, 'twin:update', { employeeId: principal.employeeId });
      const token = randomBytes(32).toString('base64url');
      const link = await retryOnConflict(() =>
        org.enableTwinLink(principal.employeeId, hashTwinToken(token), {
          actor: { kind: 'employee', id: principal.employeeId },
        }),
      );
      const url = `${publicUrl}/twin/${token}`;
      return { url, token, link, qrSvg: await renderQrSvg(url) };
    },

    async disable({ by, employeeId }) {
      const principal = await authorizeOn(by, 'twin:disable', employeeId);
      const link = await retryOnConflict(() =>
        org.disableTwinLink(employeeId, { actor: { kind: 'employee', id: principal.employeeId } }),
      );
      if (!link) throw new ClawforceError('not_found', `${employeeId} has no Digital Twin link`);
      return link;
    },

    async status({ by, employeeId }) {
      await authorizeOn(by, 'twin:read', employeeId);
      return org.getTwinLink(employeeId);
    },

    async open(input) {
      const request = parse(openSchema, input, 'twin request');
      if (!TWIN_TOKEN.test(request.token)) throw gone();
      const tokenHash = hashTwinToken(request.token);
      const link = await org.resolveTwinToken(tokenHash);
      if (!link) throw gone();
      const employee = await org.getEmployee(link.employeeId);
      if (employee?.status !== 'active') throw gone();
      const visitorId = request.visitorId ?? createVisitorId();
      const scopedVisitor = scopeTwinVisitor(tokenHash, visitorId);
      // Per visitor first: one abusive visitor should not use up the whole link's budget.
      await takeFromWindow(
        items,
        now,
        'twin-visitor',
        hashTwinToken(scopedVisitor),
        limits.perVisitor,
      );
      await takeFromWindow(items, now, 'twin-token', tokenHash, limits.perToken);
      const counted = await org.recordTwinActivity(link.employeeId, request.activity);
      // Check again last: a request that overlapped a disable or rotation must not succeed after it.
      const still = await org.resolveTwinToken(tokenHash);
      if (!counted || still?.employeeId !== link.employeeId) throw gone();
      const position = await org.getPosition(employee.positionId);
      return {
        employee: {
          id: employee.id,
          name: employee.name,
          ...(position ? { positionName: position.name } : {}),
        },
        accessPath: { kind: 'twin', employeeId: employee.id, visitorId: scopedVisitor },
        visitorId,
        viewCount: counted.viewCount,
        chatCount: counted.chatCount,
      };
    },
  };
}

function parsePublicUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new ClawforceError(
      'validation_failed',
      'publicUrl must be an http(s) URL without query',
      [{ path: 'publicUrl', code: 'invalid_url', message: 'must be an http(s) base URL' }],
    );
  }
  return url.href.replace(/\/+$/, '');
}
