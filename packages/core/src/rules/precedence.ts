import type { AgentConfig, AgentConfigOverride } from '../schemas/agent-config.js';
import {
  EXEC_SECURITY_LEVELS,
  type ExecSecurity,
  type ToolPolicy,
} from '../schemas/tool-policy.js';
import { expandTools, SHELL_TOOLS } from './tool-groups.js';

/** A named layer, for explanations ("exec: deny, decided by position"). */
export interface Layer<T> {
  readonly name: string;
  readonly value: T | undefined;
}

export type ConfigSources = { readonly [K in keyof AgentConfig]: string };

/** An agent config with, for each field, the name of the layer that decided it. */
export interface ResolvedAgentConfig {
  readonly config: AgentConfig;
  readonly sources: ConfigSources;
}

/**
 * Resolves an agent config: the first layer (most specific) that sets a field wins, down to the
 * base. The conventional chain is employee -> position -> runtime -> organization defaults.
 */
export function resolveAgentConfig(
  layers: readonly Layer<AgentConfigOverride>[],
  base: Layer<AgentConfig> & { readonly value: AgentConfig },
): ResolvedAgentConfig {
  const config = { ...base.value };
  const sources = Object.fromEntries(
    Object.keys(base.value).map((key) => [key, base.name]),
  ) as Record<keyof AgentConfig, string>;
  for (const layer of [...layers].reverse()) {
    if (!layer.value) continue;
    for (const key of Object.keys(layer.value) as (keyof AgentConfig)[]) {
      const value = layer.value[key];
      if (value === undefined) continue;
      (config as Record<keyof AgentConfig, unknown>)[key] = value;
      sources[key] = layer.name;
    }
  }
  return { config, sources };
}

/** The tool policy that OpenClaw enforces for one agent. */
export interface EffectiveToolPolicy {
  /** Tools allowed by name; `undefined` when no layer set an allow list (all built-ins). */
  readonly allow: readonly string[] | undefined;
  readonly deny: readonly string[];
  readonly exec: ExecSecurity;
  readonly execAllowlist: readonly string[];
  /** File tools stay in the workspace: always on, no layer can turn it off. */
  readonly fsWorkspaceOnly: true;
  /** Which layer last narrowed each aspect. */
  readonly sources: {
    readonly allow: string;
    readonly deny: readonly string[];
    readonly exec: string;
  };
}

const rank = (level: ExecSecurity) => EXEC_SECURITY_LEVELS.indexOf(level);

/**
 * Combines tool policies from the widest layer (organization, runtime tier) to the narrowest
 * (position, employee). Layers can only narrow: allow lists intersect, deny lists union, the shell
 * level is the lowest seen, and a denied tool never comes back. Group names are expanded first.
 */
export function resolveToolPolicy(layers: readonly Layer<ToolPolicy>[]): EffectiveToolPolicy {
  let allow: Set<string> | undefined;
  let allowSource = 'none';
  const deny = new Set<string>();
  const denySources: string[] = [];
  let exec: ExecSecurity = 'full';
  let execSource = 'default';
  let execAllowlist: Set<string> | undefined;

  for (const { name, value } of layers) {
    if (!value) continue;
    if (value.allow) {
      const layerAllow = new Set(expandTools(value.allow));
      allow = allow ? new Set([...allow].filter((tool) => layerAllow.has(tool))) : layerAllow;
      allowSource = name;
    }
    if (value.deny && value.deny.length > 0) {
      for (const tool of expandTools(value.deny)) deny.add(tool);
      denySources.push(name);
    }
    if (value.exec && rank(value.exec) < rank(exec)) {
      exec = value.exec;
      execSource = name;
    }
    if (value.execAllowlist) {
      const layerList = new Set(value.execAllowlist);
      execAllowlist = execAllowlist
        ? new Set([...execAllowlist].filter((command) => layerList.has(command)))
        : layerList;
    }
  }

  const shellDenied =
    SHELL_TOOLS.some((tool) => deny.has(tool)) || (allow !== undefined && !allow.has('exec'));
  if (shellDenied && exec !== 'deny') {
    exec = 'deny';
    execSource = 'tool denied';
  }
  if (exec === 'deny') for (const tool of SHELL_TOOLS) deny.add(tool);

  return {
    allow: allow ? [...allow].filter((tool) => !deny.has(tool)).sort() : undefined,
    deny: [...deny].sort(),
    exec,
    execAllowlist: exec === 'allowlist' ? [...(execAllowlist ?? [])].sort() : [],
    fsWorkspaceOnly: true,
    sources: { allow: allowSource, deny: denySources, exec: execSource },
  };
}

/** True when the effective policy lets the agent call `tool`. */
export function isToolAllowed(policy: EffectiveToolPolicy, tool: string): boolean {
  if (policy.deny.includes(tool)) return false;
  if (SHELL_TOOLS.includes(tool) && policy.exec === 'deny') return false;
  return policy.allow === undefined || policy.allow.includes(tool);
}
