import { fileURLToPath } from 'node:url';
import type { ProviderSettings } from '@clawforce/assembler';
import type { Stores } from '@clawforce/core';
import type { Guardrail, GuardrailsConfigInput } from '@clawforce/guardrail';
import {
  type ChannelSettings,
  createPairing,
  createTwinLinks,
  type TwinLimits,
} from '@clawforce/pairing';
import { createRouter } from '@clawforce/router';
import Hapi, { type Server } from '@hapi/hapi';
import Inert from '@hapi/inert';
import { createCredentialStore } from './auth/credentials.js';
import { createLoginService, type LoginLimits } from './auth/login.js';
import { DEFAULT_SCRYPT_PARAMETERS, type ScryptParameters } from './auth/passwords.js';
import { createSessionService } from './auth/sessions.js';
import type { AgentRuntime } from './chat/agent-runtime.js';
import { createBudgetService } from './chat/budgets.js';
import { createChatService } from './chat/chat-service.js';
import { createConversationLog } from './chat/conversations.js';
import { createGuardrailService } from './chat/guardrails.js';
import type { Logger, StackContext } from './context.js';
// Heartbeats (src/heartbeat)
import { heartbeatRoutes } from './heartbeat/routes.js';
import type { HeartbeatScheduler } from './heartbeat/scheduler.js';
import {
  createStackHeartbeat,
  type HeartbeatSettings,
  registerHeartbeatLifecycle,
} from './heartbeat/service.js';
import { authPlugin } from './http/auth-plugin.js';
import { toErrorResponse } from './http/errors.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { rbacPlugin } from './http/rbac-plugin.js';
import { type RouteDefinition, unwrapValidationFailure } from './http/route.js';
// IM channels (src/im)
import { imRoutes } from './im/routes.js';
import { createImService, type ImService, registerImLifecycle } from './im/service.js';
import type { ImSettings } from './im/settings.js';
import { createDirectoryPublisher } from './org/directory-publisher.js';
import { agentRoutes } from './routes/agents.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { bindingRoutes } from './routes/bindings.js';
import { chatRoutes } from './routes/chat.js';
import { departmentRoutes } from './routes/departments.js';
import { employeeRoutes } from './routes/employees.js';
import { knowledgeRoutes } from './routes/knowledge.js';
import { pairingRoutes } from './routes/pairing.js';
import { positionRoutes } from './routes/positions.js';
import { routingRoutes } from './routes/routing.js';
import { runtimeSessionRoutes } from './routes/runtime-sessions.js';
import { runtimeRoutes } from './routes/runtimes.js';
import { settingsRoutes } from './routes/settings.js';
import { sharedAgentRoutes } from './routes/shared-agents.js';
import { skillRoutes } from './routes/skills.js';
import { soulRoutes } from './routes/soul.js';
import { systemRoutes } from './routes/system.js';
import { twinRoutes, VISITOR_COOKIE } from './routes/twin.js';
import { usageRoutes } from './routes/usage.js';
import { workspaceRoutes } from './routes/workspace.js';

/** The OpenClaw release the platform targets (ENVIRONMENT.md). */
export const DEFAULT_OPENCLAW_VERSION = '2026.3.24';

/** Where the console's static build is served from (issue 8 builds it there). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../console/dist', import.meta.url));

export interface ApiServerOptions {
  readonly stores: Stores;
  /** Signs access tokens (HS256); at least 32 characters. */
  readonly jwtSecret: string;
  /** Absent: chat, warm-up and team-agent start/stop answer 503 `not_available`. */
  readonly runtime?: AgentRuntime;
  readonly publicUrl?: string;
  readonly port?: number;
  readonly host?: string;
  readonly consoleDir?: string;
  readonly now?: () => number;
  readonly loginLimits?: LoginLimits;
  /** Tests lower the scrypt cost; production keeps the default. */
  readonly passwordParameters?: ScryptParameters;
  readonly accessTokenTtlSeconds?: number;
  /** The IM bots employees pair with (a channel without settings cannot be paired). */
  readonly pairingChannels?: ChannelSettings;
  readonly twinLimits?: Partial<TwinLimits>;
  /** The OpenClaw version and model providers workspace previews are assembled for. */
  readonly openclawVersion?: string;
  readonly modelProviders?: Readonly<Record<string, ProviderSettings>>;
  /** Guardrails per runtime tier (`@clawforce/guardrail` config); absent: turns run unchecked. */
  readonly guardrails?: GuardrailsConfigInput;
  /** A guardrail every guarded tier runs after its configured one (on AWS: Bedrock's). */
  readonly guardrailAfter?: Guardrail;
  readonly log?: Logger;
  /** IM channels (src/im): polling/gateway flags and secret seeds (`readImSettings(env)`); default none. */
  readonly im?: ImSettings;
  /** Heartbeats (src/heartbeat); default: no timer (`runOnce()` still works). */
  readonly heartbeat?: HeartbeatSettings;
}

export interface ApiServer {
  readonly server: Server;
  readonly context: StackContext;
  readonly routes: readonly RouteDefinition[];
  /** IM channels (src/im): status, notices and the runtime's reminder hook (`im.notices.remind`). */
  readonly im: ImService;
  /** Heartbeats (src/heartbeat): HEARTBEAT.md reminders to the preferred bound channel. */
  readonly heartbeat: HeartbeatScheduler;
  /** Waits for background work (company directory regeneration, IM replies) to finish. */
  settled(): Promise<void>;
}

const silent: Logger = () => {};

/** Builds the hapi server with every route, not yet listening (`server.start()`), or `inject` it. */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const now = options.now ?? Date.now;
  const log = options.log ?? silent;
  const { stores } = options;
  const publicUrl = (options.publicUrl ?? `http://localhost:${options.port ?? 8099}`).replace(
    /\/+$/,
    '',
  );
  const credentials = createCredentialStore({ items: stores.items, now });
  const sessions = createSessionService({
    secret: options.jwtSecret,
    credentials,
    tokens: stores.tokens,
    org: stores.org,
    now,
    ...(options.accessTokenTtlSeconds
      ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
      : {}),
  });
  const router = createRouter({ org: stores.org, params: stores.params, audit: stores.audit, now });
  const budgets = createBudgetService({
    params: stores.params,
    usage: stores.usage,
    org: stores.org,
    now,
  });
  const conversations = createConversationLog({ items: stores.items, now });
  const guardrails = options.guardrails
    ? createGuardrailService({
        config: options.guardrails,
        audit: stores.audit,
        ...(options.guardrailAfter ? { after: options.guardrailAfter } : {}),
        onAuditError: (error) =>
          log('error', 'a guardrail audit event could not be written', { error: String(error) }),
      })
    : undefined;
  const context: StackContext = {
    stores,
    credentials,
    sessions,
    login: createLoginService({
      org: stores.org,
      audit: stores.audit,
      credentials,
      sessions,
      now,
      ...(options.loginLimits ? { limits: options.loginLimits } : {}),
    }),
    directory: createDirectoryPublisher({
      stores,
      onError: (error) =>
        log('error', 'company directory regeneration failed', { error: String(error) }),
    }),
    budgets,
    router,
    pairing: createPairing({
      org: stores.org,
      tokens: stores.tokens,
      items: stores.items,
      audit: stores.audit,
      channels: options.pairingChannels ?? {},
      now,
    }),
    twins: createTwinLinks({
      org: stores.org,
      items: stores.items,
      publicUrl,
      now,
      ...(options.twinLimits ? { limits: options.twinLimits } : {}),
    }),
    conversations,
    guardrails,
    chat: createChatService({
      runtime: options.runtime,
      router,
      budgets,
      conversations,
      org: stores.org,
      ...(guardrails ? { guardrails } : {}),
    }),
    runtime: options.runtime,
    settings: { publicUrl, secureCookies: publicUrl.startsWith('https://') },
    passwordParameters: options.passwordParameters ?? DEFAULT_SCRYPT_PARAMETERS,
    now,
    log,
  };

  const server = Hapi.server({
    port: options.port ?? 8099,
    host: options.host ?? 'localhost',
    router: { stripTrailingSlash: true },
    routes: {
      validate: {
        // Our zod validators throw core's ClawforceError; pass it through to the error mapping.
        failAction: (_request, _h, error) => {
          throw unwrapValidationFailure(error);
        },
      },
      security: {
        hsts: false,
        xframe: 'deny',
        noSniff: true,
        referrer: 'no-referrer',
        xss: 'disabled',
      },
      response: { emptyStatusCode: 204 },
    },
  });

  server.ext('onPreResponse', (request, h) => {
    const response = request.response;
    if (!('isBoom' in response) || !response.isBoom) return h.continue;
    const mapped = toErrorResponse(response);
    if (mapped.unexpected) {
      log('error', 'request failed', {
        method: request.method,
        path: request.path,
        error: response instanceof Error ? (response.stack ?? response.message) : String(response),
      });
    }
    const reply = h.response(mapped.body).code(mapped.status);
    for (const [name, value] of Object.entries(mapped.headers)) reply.header(name, value);
    return reply;
  });

  await server.register(Inert);
  await server.register({
    plugin: authPlugin,
    options: {
      secret: options.jwtSecret,
      org: stores.org,
      credentials,
      now,
      secureCookies: context.settings.secureCookies,
    },
  });
  await server.register(rbacPlugin);
  // IM channels (src/im): credentials read at start, polling/gateway after listening, drained on stop.
  const im = createImService(context, {
    settings: options.im ?? {},
    identities: options.pairingChannels ?? {},
    publicUrl,
  });
  registerImLifecycle(server, im);
  // Heartbeats (src/heartbeat): the timer starts after listening; stop awaits a running heartbeat.
  const heartbeat = createStackHeartbeat(context, im, options.heartbeat ?? { intervalMinutes: 0 });
  registerHeartbeatLifecycle(server, heartbeat);
  server.state(VISITOR_COOKIE, {
    ttl: 365 * 24 * 3_600_000,
    isSecure: context.settings.secureCookies,
    isHttpOnly: true,
    isSameSite: 'Strict',
    path: '/',
    encoding: 'none',
    clearInvalid: true,
    ignoreErrors: true,
  });

  const apiRoutes: RouteDefinition[] = [
    ...authRoutes(context),
    ...departmentRoutes(context),
    ...positionRoutes(context),
    ...employeeRoutes(context),
    ...settingsRoutes(context),
    ...soulRoutes(context),
    ...agentRoutes(context),
    ...bindingRoutes(context),
    ...skillRoutes(context),
    ...knowledgeRoutes(context),
    ...runtimeRoutes(context),
    ...runtimeSessionRoutes(context),
    ...sharedAgentRoutes(context),
    ...auditRoutes(context),
    ...usageRoutes(context),
    ...routingRoutes(context),
    ...pairingRoutes(context),
    ...chatRoutes(context),
    ...twinRoutes(context),
    ...workspaceRoutes(context, {
      openclawVersion: options.openclawVersion ?? DEFAULT_OPENCLAW_VERSION,
      providers: options.modelProviders ?? {},
    }),
    ...imRoutes(context, im),
    ...heartbeatRoutes(heartbeat),
  ];
  let document: Record<string, unknown> | undefined;
  const routes: RouteDefinition[] = [...apiRoutes];
  routes.push(
    ...systemRoutes(context, {
      consoleDir: options.consoleDir ?? DEFAULT_CONSOLE_DIR,
      openApi: () => {
        document ??= buildOpenApiDocument(routes, {
          title: 'Clawforce API',
          version: '1',
          description:
            'The Clawforce reference stack API. Every route names the RBAC action it performs (x-clawforce-action). Errors are { "error": { "code", "message", "details" } }.',
        });
        return document;
      },
    }),
  );
  server.route(routes.map((route) => route.hapi));
  return {
    server,
    context,
    routes,
    im,
    heartbeat,
    settled: async () => {
      await im.idle();
      await context.directory.settled();
    },
  };
}
