import { type Action, type Employee, type Principal, parse, type Resource } from '@clawforce/core';
import type { Request, ResponseObject, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import { z } from 'zod';

/** A further check a route makes when one action is not enough (a patch that also changes a role). */
export interface AdditionalCheck {
  readonly action: Action;
  readonly resource: Resource;
}

/**
 * What the RBAC plugin reads from `options.plugins.clawforce` of every route: either the route is
 * public, or it names the action it performs and how to find the resource it touches.
 */
export type RoutePolicy =
  | { readonly public: true }
  | {
      readonly action: Action;
      /** The resource, from the validated request; `{}` (organization-wide) when absent. */
      readonly resource?: (request: Request, principal: Principal) => Resource | Promise<Resource>;
      /** Further actions the request performs, all of which must be allowed too. */
      readonly also?: (
        request: Request,
        principal: Principal,
      ) => readonly AdditionalCheck[] | Promise<readonly AdditionalCheck[]>;
      /** Reachable while the caller still has to change their password (sign-out, change it). */
      readonly duringPasswordChange?: true;
    };

declare module '@hapi/hapi' {
  interface PluginSpecificConfiguration {
    clawforce?: RoutePolicy;
  }
  interface UserCredentials {
    readonly employee: Employee;
    readonly principal: Principal;
    readonly mustChangePassword: boolean;
    readonly tokenVersion: number;
  }
}

type Schema = z.ZodType;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  readonly params: Output<P>;
  readonly query: Output<Q>;
  readonly payload: Output<B>;
  readonly request: Request;
  readonly h: ResponseToolkit;
}

export interface AuthenticatedInput<P, Q, B> extends RouteInput<P, Q, B> {
  readonly principal: Principal;
  readonly employee: Employee;
}

export type HandlerResult = unknown | ResponseObject | symbol;

interface RouteBase<P, Q, B> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A hapi path (`/api/v1/employees/{employeeId}`). */
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: P;
  readonly query?: Q;
  readonly payload?: B;
  /** Payload size bound in bytes (default 64 KiB). */
  readonly maxBytes?: number;
  /** The success body, for the OpenAPI document. */
  readonly response?: Schema;
  /** Media type of the success body (default JSON). */
  readonly produces?: 'application/json' | 'text/event-stream' | 'text/csv' | 'text/html';
  /** Success status (default 200). */
  readonly status?: 200 | 201 | 202 | 204;
}

export interface AuthenticatedRouteSpec<P, Q, B> extends RouteBase<P, Q, B> {
  readonly action: Action;
  readonly resource?: (
    input: Omit<AuthenticatedInput<P, Q, B>, 'h' | 'employee'>,
  ) => Resource | Promise<Resource>;
  readonly also?: (
    input: Omit<AuthenticatedInput<P, Q, B>, 'h' | 'employee'>,
  ) => readonly AdditionalCheck[] | Promise<readonly AdditionalCheck[]>;
  readonly duringPasswordChange?: true;
  readonly handler: (input: AuthenticatedInput<P, Q, B>) => HandlerResult | Promise<HandlerResult>;
}

export interface PublicRouteSpec<P, Q, B> extends RouteBase<P, Q, B> {
  readonly handler: (input: RouteInput<P, Q, B>) => HandlerResult | Promise<HandlerResult>;
}

/** A route as the stack knows it: the hapi route plus what the OpenAPI document needs. */
export interface RouteDefinition {
  readonly method: RouteBase<unknown, unknown, unknown>['method'];
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly access: 'public' | Action;
  readonly params: Schema | undefined;
  readonly query: Schema | undefined;
  readonly payload: Schema | undefined;
  readonly response: Schema | undefined;
  readonly produces: NonNullable<RouteBase<unknown, unknown, unknown>['produces']>;
  readonly status: number;
  readonly maxBytes: number;
  readonly hapi: ServerRoute;
}

export const DEFAULT_MAX_BYTES = 64 * 1024;

const emptyObject = z.strictObject({});

/**
 * Carries core's `validation_failed` error through hapi's validation step, which expects Joi-shaped
 * `details`; the server's `failAction` unwraps it ({@link unwrapValidationFailure}).
 */
class ValidationFailure extends Error {
  readonly failure: unknown;
  constructor(failure: unknown) {
    super('validation failed');
    this.failure = failure;
  }
}

/** What a route's validation threw, as the handler would have thrown it. */
export function unwrapValidationFailure(error: unknown): unknown {
  return error instanceof ValidationFailure ? error.failure : error;
}

/** A hapi validate function that parses with zod and throws core's `validation_failed`. */
function validator(schema: Schema, label: string) {
  return async (value: unknown) => {
    try {
      return parse(schema, value ?? {}, label);
    } catch (error) {
      throw new ValidationFailure(error);
    }
  };
}

function base<P, Q, B>(
  spec: RouteBase<P, Q, B>,
  policy: RoutePolicy,
  handler: ServerRoute['handler'],
  access: RouteDefinition['access'],
): RouteDefinition {
  const maxBytes = spec.maxBytes ?? DEFAULT_MAX_BYTES;
  const hasBody = spec.method !== 'GET' && spec.method !== 'DELETE';
  const takesPayload = spec.method !== 'GET';
  const params = spec.params as Schema | undefined;
  const query = spec.query as Schema | undefined;
  const payload = spec.payload as Schema | undefined;
  const validate: Record<string, unknown> = {
    // Unknown query parameters are refused like unknown body fields.
    query: validator(query ?? emptyObject, 'query'),
  };
  if (params) validate.params = validator(params, 'path');
  if (hasBody) validate.payload = validator(payload ?? emptyObject, 'body');
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: spec.tags,
    access,
    params,
    query,
    payload,
    response: spec.response,
    produces: spec.produces ?? 'application/json',
    status: spec.status ?? 200,
    maxBytes,
    hapi: {
      method: spec.method,
      path: spec.path,
      handler,
      options: {
        description: spec.summary,
        tags: ['api', ...spec.tags],
        plugins: { clawforce: policy },
        validate: validate as NonNullable<ServerRoute['options']> extends { validate?: infer V }
          ? V
          : never,
        ...(takesPayload
          ? {
              payload: {
                maxBytes,
                parse: true,
                output: 'data',
                allow: ['application/json'],
                failAction: 'error',
              },
            }
          : {}),
      },
    },
  };
}

function inputOf(request: Request) {
  return {
    params: request.params as never,
    query: request.query as never,
    payload: (request.payload ?? {}) as never,
  };
}

/** A route that needs a signed-in employee allowed to perform `action` on the resource. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: AuthenticatedRouteSpec<P, Q, B>): RouteDefinition {
  const { resource, also } = spec;
  const policy: RoutePolicy = {
    action: spec.action,
    ...(resource
      ? { resource: (request, principal) => resource({ ...inputOf(request), request, principal }) }
      : {}),
    ...(also
      ? { also: (request, principal) => also({ ...inputOf(request), request, principal }) }
      : {}),
    ...(spec.duringPasswordChange ? { duringPasswordChange: true as const } : {}),
  };
  return base(
    spec,
    policy,
    async (request, h) => {
      const user = request.auth.credentials.user;
      if (!user) throw new Error('authenticated route reached without credentials');
      const result = await spec.handler({
        ...inputOf(request),
        request,
        h,
        principal: user.principal,
        employee: user.employee,
      });
      return respond(h, result, spec.status);
    },
    spec.action,
  );
}

/** A route anyone may call (sign-in, health, the public twin chat). */
export function definePublicRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: PublicRouteSpec<P, Q, B>): RouteDefinition {
  const definition = base(
    spec,
    { public: true },
    async (request, h) =>
      respond(h, await spec.handler({ ...inputOf(request), request, h }), spec.status),
    'public',
  );
  return {
    ...definition,
    hapi: { ...definition.hapi, options: { ...definition.hapi.options, auth: false } },
  };
}

function respond(h: ResponseToolkit, result: HandlerResult, status: number | undefined) {
  if (typeof result === 'symbol') return result;
  if (result !== null && typeof result === 'object' && 'isBoom' in result) return result;
  if (isResponseObject(result)) return result;
  if (status === 204 || result === undefined) return h.response().code(204);
  return h.response(result as object).code(status ?? 200);
}

function isResponseObject(value: unknown): value is ResponseObject {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { code?: unknown }).code === 'function' &&
    typeof (value as { header?: unknown }).header === 'function' &&
    'request' in value
  );
}
