import type { JsonObject, JsonValue } from '@clawforce/core';

/** An OpenClaw config object (what `openclaw.json` holds). */
export type OpenClawConfig = JsonObject;

/** Every instance serves one Clawforce session, so its OpenClaw conversation has one fixed name. */
export const OPENCLAW_SESSION_NAME = 'clawforce';

/** The agent id the runtime's tenant agent has inside its OpenClaw. */
export const TENANT_AGENT_ID = 'main';
/** A throwaway agent that spare gateways run one turn with, so the first real turn is warm. */
export const WARMUP_AGENT_ID = 'clawforce-warmup';
export const WARMUP_PROVIDER_ID = 'clawforce-warmup';

export interface ConfigOverlay {
  readonly workspaceDirectory: string;
  readonly logFile: string;
  /** Present in warm mode: the gateway's loopback port (its token comes through the environment). */
  readonly gatewayPort?: number;
  /** Providers the runtime adds (they win over the base config's providers of the same id). */
  readonly providers?: Readonly<Record<string, JsonObject>>;
  /** Replaces the agent's model, e.g. with the offline model when no provider is configured. */
  readonly modelOverride?: string;
  /** Adds the warm-up agent, served by the runtime's private offline model at this base URL. */
  readonly warmup?: { readonly workspaceDirectory: string; readonly baseUrl: string };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

/**
 * The runtime's part of an OpenClaw config, laid over the assembler's (or any) base config:
 * where the workspace and logs are, the loopback gateway with token auth and the chat-completions
 * endpoint, and nothing that phones home or listens beyond what a turn needs (no update check, no
 * mDNS, no browser control server, no canvas host, no heartbeat unless the base asks for one).
 * Pure: the base is not modified.
 */
export function finalizeOpenClawConfig(
  base: OpenClawConfig,
  overlay: ConfigOverlay,
): OpenClawConfig {
  const config = structuredClone(base) as JsonObject;
  const agents = objectAt(config, 'agents');
  const defaults = objectAt(agents, 'defaults');
  defaults.workspace = overlay.workspaceDirectory;
  defaults.skipBootstrap = true;
  const heartbeat = objectAt(defaults, 'heartbeat');
  heartbeat.every ??= '0m';
  if (overlay.modelOverride) defaults.model = { primary: overlay.modelOverride };

  const models = objectAt(config, 'models');
  models.mode ??= 'merge';
  const providers = objectAt(models, 'providers');
  for (const [id, provider] of Object.entries(overlay.providers ?? {})) {
    providers[id] = structuredClone(provider) as JsonObject;
  }
  const discovery = objectAt(models, 'bedrockDiscovery');
  discovery.enabled ??= false;

  const update = objectAt(config, 'update');
  update.checkOnStart = false;
  const discoveryConfig = objectAt(config, 'discovery');
  objectAt(discoveryConfig, 'mdns').mode = 'off';
  const browser = objectAt(config, 'browser');
  browser.enabled ??= false;
  objectAt(config, 'canvasHost').enabled = false;
  objectAt(config, 'logging').file = overlay.logFile;

  if (overlay.gatewayPort === undefined) {
    delete config.gateway;
  } else {
    config.gateway = {
      mode: 'local',
      bind: 'loopback',
      port: overlay.gatewayPort,
      // The token itself comes from OPENCLAW_GATEWAY_TOKEN, so it is never in a file.
      auth: { mode: 'token' },
      http: { endpoints: { chatCompletions: { enabled: true } } },
      // Config edits apply in place: a spare gateway becomes a tenant's without a restart.
      reload: { mode: 'hot', debounceMs: 0 },
    };
  }

  const list = Array.isArray(agents.list)
    ? (agents.list as JsonValue[]).filter(
        (agent) => !(isObject(agent) && agent.id === WARMUP_AGENT_ID),
      )
    : [];
  if (overlay.warmup) {
    if (!list.some((agent) => isObject(agent) && agent.id === TENANT_AGENT_ID)) {
      list.unshift({ id: TENANT_AGENT_ID, default: true });
    }
    list.push({
      id: WARMUP_AGENT_ID,
      workspace: overlay.warmup.workspaceDirectory,
      model: `${WARMUP_PROVIDER_ID}/warmup`,
    });
    providers[WARMUP_PROVIDER_ID] = {
      baseUrl: overlay.warmup.baseUrl,
      api: 'openai-completions',
      apiKey: 'offline',
      models: [{ id: 'warmup', name: 'warm-up', contextWindow: 128_000, maxTokens: 1_024 }],
    };
  } else {
    delete providers[WARMUP_PROVIDER_ID];
  }
  if (list.length > 0) agents.list = list;
  else delete agents.list;
  return config;
}

/** The model reference (`provider/model`) a config gives the tenant agent, if any. */
export function primaryModelOf(config: OpenClawConfig): string | undefined {
  const agents = config.agents;
  if (!isObject(agents)) return undefined;
  const defaults = agents.defaults;
  if (!isObject(defaults)) return undefined;
  const model = defaults.model;
  if (typeof model === 'string') return model;
  if (isObject(model) && typeof model.primary === 'string') return model.primary;
  return undefined;
}
