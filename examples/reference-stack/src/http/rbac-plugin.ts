import {
  ACTION_RULES,
  type Action,
  authorize,
  ClawforceError,
  type Principal,
  type Resource,
} from '@clawforce/core';
import type { Plugin, Request } from '@hapi/hapi';
import { HttpError } from './errors.js';
import type { RoutePolicy } from './route.js';

/** The decision the plugin took, kept on the request for handlers that need the resource. */
export interface AuthorizedRequestState {
  readonly action: Action;
  readonly resource: Resource;
}

declare module '@hapi/hapi' {
  interface PluginsStates {
    clawforce?: AuthorizedRequestState;
  }
}

function policyOf(request: Request): RoutePolicy | undefined {
  return request.route.settings.plugins?.clawforce;
}

function deny(action: Action, reason: string): ClawforceError {
  return new ClawforceError('forbidden', reason, { action });
}

/**
 * Authorization for every route. Each route declares `options.plugins.clawforce`: `{ public: true }`
 * or `{ action, resource }`. A route without a declaration fails the server start, so none can be
 * forgotten. Two checks run:
 * - after authentication, before validation: a role that may never perform the action is refused
 *   at once (a bad body to a forbidden route is still a 403, and reveals nothing about the schema);
 * - before the handler, on the validated request: core's `authorize()` on the concrete resource,
 *   plus the route's additional checks.
 */
export const rbacPlugin: Plugin<void> = {
  name: 'clawforce-rbac',
  register(server) {
    server.ext('onPreStart', () => {
      const undeclared = server
        .table()
        .filter((route) => route.settings.plugins?.clawforce === undefined)
        .map((route) => `${route.method.toUpperCase()} ${route.path}`);
      if (undeclared.length > 0) {
        throw new Error(`routes without an RBAC declaration: ${undeclared.join(', ')}`);
      }
      for (const route of server.table()) {
        const policy = route.settings.plugins?.clawforce as RoutePolicy;
        if ('action' in policy && !(policy.action in ACTION_RULES)) {
          throw new Error(`route ${route.path} declares an unknown action ${policy.action}`);
        }
        if ('public' in policy && (route.settings.auth as unknown) !== false) {
          throw new Error(`public route ${route.path} must not require authentication`);
        }
      }
    });

    server.ext('onPostAuth', (request, h) => {
      const policy = policyOf(request);
      if (!policy || 'public' in policy) return h.continue;
      const user = request.auth.credentials?.user;
      if (!user)
        throw new ClawforceError('unauthorized', 'sign in first: no valid session or token');
      if (user.mustChangePassword && !policy.duringPasswordChange) {
        throw new HttpError(
          'password_change_required',
          'change your password first (POST /api/v1/auth/password)',
        );
      }
      if (ACTION_RULES[policy.action][user.principal.role] === 'none') {
        throw deny(policy.action, `${user.principal.role} may not ${policy.action}`);
      }
      return h.continue;
    });

    server.ext('onPreHandler', async (request, h) => {
      const policy = policyOf(request);
      if (!policy || 'public' in policy) return h.continue;
      const principal = request.auth.credentials.user?.principal as Principal;
      const resource = policy.resource ? await policy.resource(request, principal) : {};
      const decision = authorize(principal, policy.action, resource);
      if (!decision.allowed) throw deny(policy.action, decision.reason);
      for (const check of policy.also ? await policy.also(request, principal) : []) {
        const further = authorize(principal, check.action, check.resource);
        if (!further.allowed) throw deny(check.action, further.reason);
      }
      request.plugins.clawforce = { action: policy.action, resource };
      return h.continue;
    });
  },
};
