import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type {
  Agent,
  AgentConfiguration,
  AssembledWorkspace,
  Items,
  MemoryFile,
  MemoryFileSummary,
  MergedSoul,
  Page,
  SharedAgent,
  SharedAgentDetail,
  SoulDiff,
  SoulImpact,
  SoulLayer,
} from './types.js';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Every agent the caller may see. */
export async function fetchAllAgents(signal?: AbortSignal): Promise<Agent[]> {
  const agents: Agent[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call<Page<Agent>>(endpoints.agents, {
      query: { limit: 100, cursor },
      ...withSignal(signal),
    });
    agents.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return agents;
}

export const fetchAgentConfiguration = (agentId: string, signal?: AbortSignal) =>
  api.call<AgentConfiguration>(endpoints.agentConfig, { path: { agentId }, ...withSignal(signal) });

export const fetchMergedSoul = (agentId: string, signal?: AbortSignal) =>
  api.call<MergedSoul>(endpoints.agentSoul, { path: { agentId }, ...withSignal(signal) });

export const fetchWorkspace = (
  agentId: string,
  accessPath: 'employee' | 'playground' | 'twin',
  signal?: AbortSignal,
) =>
  api.call<AssembledWorkspace>(endpoints.agentWorkspace, {
    path: { agentId },
    query: { accessPath },
    ...withSignal(signal),
  });

export const fetchMemoryFiles = (agentId: string, signal?: AbortSignal) =>
  api.call<{ files: readonly MemoryFileSummary[] }>(endpoints.agentMemory, {
    path: { agentId },
    ...withSignal(signal),
  });

export const fetchMemoryFile = (agentId: string, path: string, signal?: AbortSignal) =>
  api.call<MemoryFile>(endpoints.agentMemoryFile, {
    path: { agentId, path },
    ...withSignal(signal),
  });

/** Which SOUL layer: the global one, a position's, or one employee's personal layer. */
export type SoulLayerReference =
  | { readonly scope: 'global' }
  | { readonly scope: 'position'; readonly positionId: string }
  | { readonly scope: 'personal'; readonly employeeId: string };

function soulEndpoints(reference: SoulLayerReference) {
  switch (reference.scope) {
    case 'global':
      return {
        read: endpoints.globalSoul,
        write: endpoints.writeGlobalSoul,
        versions: endpoints.globalSoulVersions,
        diff: endpoints.globalSoulDiff,
        impact: endpoints.globalSoulImpact,
        path: {},
      };
    case 'position':
      return {
        read: endpoints.positionSoul,
        write: endpoints.writePositionSoul,
        versions: endpoints.positionSoulVersions,
        diff: endpoints.positionSoulDiff,
        impact: endpoints.positionSoulImpact,
        path: { positionId: reference.positionId },
      };
    case 'personal':
      return {
        read: endpoints.personalSoul,
        write: endpoints.writePersonalSoul,
        versions: endpoints.personalSoulVersions,
        diff: endpoints.personalSoulDiff,
        impact: endpoints.personalSoulImpact,
        path: { employeeId: reference.employeeId },
      };
  }
}

export const fetchSoulLayer = (reference: SoulLayerReference, signal?: AbortSignal) => {
  const routes = soulEndpoints(reference);
  return api.call<{ layer: SoulLayer | null }>(routes.read, {
    path: routes.path,
    ...withSignal(signal),
  });
};

export const writeSoulLayer = (
  reference: SoulLayerReference,
  input: { content: string; note?: string; expectedVersion?: number; redLines?: readonly string[] },
) => {
  const routes = soulEndpoints(reference);
  return api.call<SoulLayer>(routes.write, { path: routes.path, body: input });
};

export const fetchSoulVersions = (reference: SoulLayerReference, signal?: AbortSignal) => {
  const routes = soulEndpoints(reference);
  return api.call<Page<SoulLayer>>(routes.versions, {
    path: routes.path,
    query: { limit: 50 },
    ...withSignal(signal),
  });
};

export const fetchSoulDiff = (
  reference: SoulLayerReference,
  versions: { from: number; to: number },
  signal?: AbortSignal,
) => {
  const routes = soulEndpoints(reference);
  // The API names the empty layer before version 1 by leaving `from` out (from = to - 1).
  const from = versions.from > 0 ? versions.from : undefined;
  if (from === undefined && versions.to !== 1) {
    throw new Error('only version 1 can be compared with the empty layer');
  }
  return api.call<SoulDiff>(routes.diff, {
    path: routes.path,
    query: { from, to: versions.to },
    ...withSignal(signal),
  });
};

export const fetchSoulImpact = (reference: SoulLayerReference, signal?: AbortSignal) => {
  const routes = soulEndpoints(reference);
  return api.call<SoulImpact>(routes.impact, { path: routes.path, ...withSignal(signal) });
};

export const fetchSharedAgents = (signal?: AbortSignal) =>
  api.call<Items<SharedAgent>>(endpoints.sharedAgents, withSignal(signal));

export const startSharedAgent = (agentId: string) =>
  api.call<SharedAgentDetail>(endpoints.startSharedAgent, { path: { agentId } });

export const stopSharedAgent = (agentId: string) =>
  api.call<SharedAgentDetail>(endpoints.stopSharedAgent, { path: { agentId } });
