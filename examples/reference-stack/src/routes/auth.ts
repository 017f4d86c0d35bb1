import { ClawforceError, employeeSchema, idSchema, roleSchema } from '@clawforce/core';
import type { Request, ResponseToolkit } from '@hapi/hapi';
import { z } from 'zod';
import {
  assertPasswordStrength,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  verifyPassword,
} from '../auth/passwords.js';
import type { IssuedTokens } from '../auth/sessions.js';
import type { StackContext } from '../context.js';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../http/auth-plugin.js';
import { definePublicRoute, defineRoute, type RouteDefinition } from '../http/route.js';
import { employeeResource, selfResource } from './resources.js';

const passwordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);

const tokensSchema = z.strictObject({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string(),
  tokenType: z.literal('Bearer'),
});

const sessionSchema = z.strictObject({
  employee: employeeSchema,
  mustChangePassword: z.boolean(),
  tokens: tokensSchema,
});

const meSchema = z.strictObject({
  employee: employeeSchema,
  role: roleSchema,
  managedDepartmentIds: z.array(z.string()),
  mustChangePassword: z.boolean(),
});

export function authRoutes(context: StackContext): RouteDefinition[] {
  const { stores, credentials, sessions } = context;

  /** Sets both cookies and returns the tokens for API clients. */
  const withTokens = (h: ResponseToolkit, body: object, tokens: IssuedTokens) =>
    h
      .response({ ...body, tokens: { ...tokens, tokenType: 'Bearer' } })
      .state(ACCESS_COOKIE, tokens.accessToken, { ttl: sessions.accessTokenTtlSeconds * 1_000 })
      .state(REFRESH_COOKIE, tokens.refreshToken, {
        ttl: sessions.refreshTokenTtlSeconds * 1_000,
      })
      .header('cache-control', 'no-store');

  const clearCookies = (h: ResponseToolkit) =>
    h.response().code(204).unstate(ACCESS_COOKIE).unstate(REFRESH_COOKIE);

  const refreshTokenOf = (request: Request, fromBody: string | undefined) => {
    const fromCookie = request.state?.[REFRESH_COOKIE] as unknown;
    const token = fromBody ?? (typeof fromCookie === 'string' ? fromCookie : undefined);
    if (!token)
      throw new ClawforceError('unauthorized', 'no refresh token in the body or the cookie');
    return token;
  };

  return [
    definePublicRoute({
      method: 'POST',
      path: '/api/v1/auth/login',
      summary:
        'Sign in with employee id and password. Sets httpOnly cookies and returns the tokens for API clients. Rate-limited per employee id and per client address.',
      tags: ['auth'],
      payload: z.strictObject({ employeeId: z.string().min(1).max(64), password: passwordSchema }),
      response: sessionSchema,
      maxBytes: 4_096,
      handler: async ({ payload, request, h }) => {
        const result = await context.login.login({
          employeeId: payload.employeeId,
          password: payload.password,
          address: request.info.remoteAddress,
        });
        return withTokens(
          h,
          { employee: result.employee, mustChangePassword: result.mustChangePassword },
          result.tokens,
        );
      },
    }),

    definePublicRoute({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      summary:
        'Exchange a refresh token (from the body or the cookie) for a new pair. Each refresh token works once.',
      tags: ['auth'],
      payload: z.strictObject({ refreshToken: z.string().min(1).max(256).optional() }),
      response: sessionSchema,
      maxBytes: 4_096,
      handler: async ({ payload, request, h }) => {
        const { employee, tokens } = await sessions.refresh(
          refreshTokenOf(request, payload.refreshToken),
        );
        const record = await credentials.get(employee);
        return withTokens(h, { employee, mustChangePassword: record?.mustChange ?? false }, tokens);
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/logout',
      summary: 'Sign out everywhere: every access and refresh token of the caller stops working.',
      tags: ['auth'],
      action: 'profile:update',
      resource: ({ principal }) => selfResource(principal),
      duringPasswordChange: true,
      status: 204,
      handler: async ({ employee, h }) => {
        await sessions.revokeAll(employee.id);
        await stores.audit.append({
          type: 'auth.logout',
          actor: { kind: 'employee', id: employee.id },
          employeeId: employee.id,
          departmentId: employee.departmentId,
          summary: `${employee.name} signed out`,
        });
        return clearCookies(h);
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/auth/me',
      summary: 'Who is signed in: the employee, their role and scope.',
      tags: ['auth'],
      action: 'employee:read',
      resource: ({ principal }) => selfResource(principal),
      duringPasswordChange: true,
      response: meSchema,
      handler: ({ employee, principal, request }) => ({
        employee,
        role: principal.role,
        managedDepartmentIds: [...principal.managedDepartmentIds],
        mustChangePassword: request.auth.credentials.user?.mustChangePassword ?? false,
      }),
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/password',
      summary:
        'Change your own password. Every other session is signed out; the response carries new tokens.',
      tags: ['auth'],
      action: 'profile:update',
      resource: ({ principal }) => selfResource(principal),
      duringPasswordChange: true,
      payload: z.strictObject({ currentPassword: passwordSchema, newPassword: passwordSchema }),
      response: sessionSchema,
      maxBytes: 4_096,
      handler: async ({ employee, payload, h }) => {
        const record = await credentials.get(employee);
        if (
          !record?.password ||
          !(await verifyPassword(payload.currentPassword, record.password))
        ) {
          throw new ClawforceError('forbidden', 'the current password is wrong', [
            { path: 'currentPassword', code: 'mismatch', message: 'wrong password' },
          ]);
        }
        assertPasswordStrength(payload.newPassword, 'newPassword');
        if (payload.newPassword === payload.currentPassword) {
          throw new ClawforceError('validation_failed', 'the new password must differ', [
            { path: 'newPassword', code: 'unchanged', message: 'same as the current one' },
          ]);
        }
        await sessions.revokeAll(employee.id);
        const next = await credentials.setPassword(
          employee,
          await hashPassword(payload.newPassword, context.passwordParameters),
          { mustChange: false },
        );
        await stores.audit.append({
          type: 'auth.password-changed',
          actor: { kind: 'employee', id: employee.id },
          employeeId: employee.id,
          departmentId: employee.departmentId,
          summary: `${employee.name} changed their password`,
        });
        return withTokens(
          h,
          { employee, mustChangePassword: false },
          await sessions.issue(employee.id, next.tokenVersion),
        );
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/employees/{employeeId}/password',
      summary:
        "Set someone else's password (admins; account administration, like status). Their sessions end; by default they must change it at the next sign-in.",
      tags: ['auth', 'employees'],
      action: 'employee:set-status',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(stores.org, params.employeeId),
      payload: z.strictObject({
        password: passwordSchema,
        mustChange: z.boolean().optional(),
      }),
      maxBytes: 4_096,
      status: 204,
      handler: async ({ params, payload, principal }) => {
        const employee = await stores.org.getEmployee(params.employeeId);
        if (!employee) {
          throw new ClawforceError('not_found', `employee ${params.employeeId} not found`);
        }
        assertPasswordStrength(payload.password);
        await sessions.revokeAll(employee.id);
        await credentials.setPassword(
          employee,
          await hashPassword(payload.password, context.passwordParameters),
          { mustChange: payload.mustChange ?? true },
        );
        await stores.audit.append({
          type: 'auth.password-set',
          actor: { kind: 'employee', id: principal.employeeId },
          employeeId: employee.id,
          departmentId: employee.departmentId,
          target: { kind: 'employee', id: employee.id },
          summary: `Password of ${employee.name} set by an administrator`,
        });
        return undefined;
      },
    }),
  ];
}
