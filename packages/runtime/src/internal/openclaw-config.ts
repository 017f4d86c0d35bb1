import type { JsonObject, JsonValue } from '@clawforce/core';

/** An OpenClaw config object (what `openclaw.json` holds). */
export type OpenClawConfig = JsonObject;

/** Every instance serves one Clawforce session, so its OpenClaw conversation has one fixed name. */
export const OPENCLAW_SESSION_NAME = 'clawforce';

/** The agent id the runtime's tenant agent has inside its OpenClaw. */
export const TENANT_AGENT_ID = 'main';
/** The runtime's private warm-up model: throwaway warm-up turns never reach a tenant's provider. */
export const WARMUP_PROVIDER_ID = 'clawforce-warmup';

export const WARMUP_MODEL = `${WARMUP_PROVIDER_ID}/warmup`;

export interface ConfigOverlay {
  readonly workspaceDirectory: string;
  readonly logFile: string;
  /** Present in warm mode: the gateway's loopback port (its token comes through the environment). */
  readonly gatewayPort?: number;
  /** Providers the runtime adds (they win over the base config's providers of the same id). */
  readonly providers?: Readonly<Record<string, JsonObject>>;
  /** Replaces the agent's model, e.g. with the offline model when no provider is configured. */
  readonly modelOverride?: string;
  /**
   * Adds the warm-up model, served by the runtime's private offline model at this base URL, and
   * allows it for the tenant agent, so that warm-up turns can pick it per request (OpenClaw's
   * `x-openclaw-model`) on the tenant's own config: changing the config would undo the warm-up.
   */
  readonly warmupModel?: { readonly baseUrl: string };
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

  if (overlay.warmupModel) {
    providers[WARMUP_PROVIDER_ID] = {
      baseUrl: overlay.warmupModel.baseUrl,
      api: 'openai-completions',
      apiKey: 'offline',
      models: [{ id: 'warmup', name: 'warm-up', contextWindow: 128_000, maxTokens: 1_024 }],
    };
    // An allowlist of models, when the base has one, must name it too.
    if (isObject(defaults.models)) defaults.models[WARMUP_MODEL] = {};
  } else {
    delete providers[WARMUP_PROVIDER_ID];
    if (isObject(defaults.models)) delete defaults.models[WARMUP_MODEL];
  }
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
