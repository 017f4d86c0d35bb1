import {
  type AgentConfigOverride,
  type Layer,
  type ResolvedAgentConfig,
  resolveAgentConfig,
} from '@clawforce/core';
import type { OpenClawProfile } from '../openclaw-profile.js';
import type { AssemblyInput, OpenClawConfig, OpenClawProviderConfig } from '../types.js';
import type { Subject } from './subject.js';

/**
 * The model and agent settings: employee -> position -> runtime tier -> organization defaults
 * for a person's own agent (and their twin); runtime tier -> organization defaults for agents
 * with no person behind them.
 */
export function resolveModel(input: AssemblyInput, subject: Subject): ResolvedAgentConfig {
  const layers: Layer<AgentConfigOverride>[] = [];
  if (subject.kind === 'personal' || subject.kind === 'twin') {
    layers.push({ name: 'employee', value: subject.owner?.agentConfig });
    layers.push({ name: 'position', value: subject.position?.agentConfig });
  }
  layers.push({ name: `runtime ${input.runtime.id}`, value: { model: input.runtime.model } });
  return resolveAgentConfig(layers, {
    name: 'organization',
    value: input.organization.agentDefaults,
  });
}

/** Splits `provider/model/with/slashes` at the first slash. */
export function splitModelRef(ref: string): { readonly provider: string; readonly model: string } {
  const slash = ref.indexOf('/');
  return { provider: ref.slice(0, slash), model: ref.slice(slash + 1) };
}

/** `models.providers`, with every model entry complete and the resolved model present. */
export function providersConfig(
  input: AssemblyInput,
  resolved: ResolvedAgentConfig,
): OpenClawConfig['models'] | undefined {
  const entries = Object.entries(input.providers).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return undefined;
  const { provider: wanted, model: wantedModel } = splitModelRef(resolved.config.model);
  const providers: Record<string, OpenClawProviderConfig> = {};
  for (const [id, settings] of entries) {
    const models = (settings.models ?? []).map((model) => ({
      id: model.id,
      name: model.name ?? model.id,
      reasoning: model.reasoning ?? false,
      input: model.input ?? ['text'],
      cost: model.cost ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow:
        model.contextWindow ??
        (id === wanted && model.id === wantedModel ? resolved.config.contextWindow : 128_000),
      maxTokens:
        model.maxTokens ??
        (id === wanted && model.id === wantedModel ? resolved.config.maxTokens : 4_096),
    }));
    if (id === wanted && !models.some((model) => model.id === wantedModel)) {
      models.push({
        id: wantedModel,
        name: wantedModel,
        reasoning: false,
        input: ['text'],
        cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
        contextWindow: resolved.config.contextWindow,
        maxTokens: resolved.config.maxTokens,
      });
    }
    providers[id] = {
      baseUrl: settings.baseUrl,
      api: settings.api,
      ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
      ...(settings.auth !== undefined ? { auth: settings.auth } : {}),
      ...(settings.headers !== undefined ? { headers: { ...settings.headers } } : {}),
      ...(settings.authHeader !== undefined ? { authHeader: settings.authHeader } : {}),
      models,
    };
  }
  const bedrock = entries.some(([, settings]) => settings.api === 'bedrock-converse-stream');
  return {
    mode: 'merge',
    providers,
    // Discovery polls AWS at start-up; the models are listed explicitly instead.
    ...(bedrock ? { bedrockDiscovery: { enabled: false as const } } : {}),
  };
}

export interface ConfigParts {
  readonly input: AssemblyInput;
  readonly profile: OpenClawProfile;
  readonly resolved: ResolvedAgentConfig;
  readonly tools: OpenClawConfig['tools'];
  readonly skills: readonly string[];
  readonly memoryWritable: boolean;
  readonly languageName: string;
}

/** The OpenClaw config object. Every key is checked against OpenClaw 2026.3.24's schema. */
export function buildConfig(parts: ConfigParts): OpenClawConfig {
  const { input, profile, resolved, tools, skills, memoryWritable } = parts;
  const heartbeatAllowed =
    input.accessPath.kind === 'employee' ||
    input.accessPath.kind === 'shared' ||
    input.accessPath.kind === 'admin';
  const models = providersConfig(input, resolved);
  return {
    agents: {
      defaults: {
        workspace: input.workspaceDirectory,
        skipBootstrap: true,
        bootstrapMaxChars: profile.perFileMaxChars,
        bootstrapTotalMaxChars: profile.totalMaxChars,
        model: { primary: resolved.config.model },
        models: { [resolved.config.model]: { params: { maxTokens: resolved.config.maxTokens } } },
        contextTokens: resolved.config.contextWindow,
        compaction: {
          mode: resolved.config.compaction,
          recentTurnsPreserve: resolved.config.recentTurnsPreserve,
          customInstructions: `Write the summary in ${parts.languageName}. Keep names, numbers, decisions and open commitments exactly as stated.`,
          // Nothing a flush writes would be kept where memory does not flow back.
          memoryFlush: { enabled: memoryWritable },
        },
        heartbeat: { every: heartbeatAllowed && input.heartbeat ? input.heartbeat.every : '0m' },
      },
      list: [{ id: input.options?.openclawAgentId ?? 'main', default: true, skills: [...skills] }],
    },
    ...(models ? { models } : {}),
    tools,
  };
}
