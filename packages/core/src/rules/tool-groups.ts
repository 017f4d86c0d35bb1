/**
 * OpenClaw's tool groups (docs/tools/index.md of openclaw 2026.3.24). Policies may name groups;
 * precedence expands them so that intersections and unions are exact.
 */
export const TOOL_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'group:runtime': ['exec', 'bash', 'process'],
  'group:fs': ['read', 'write', 'edit', 'apply_patch'],
  'group:sessions': [
    'sessions_list',
    'sessions_history',
    'sessions_send',
    'sessions_spawn',
    'sessions_yield',
    'subagents',
    'session_status',
  ],
  'group:memory': ['memory_search', 'memory_get'],
  'group:web': ['web_search', 'web_fetch'],
  'group:ui': ['browser', 'canvas'],
  'group:automation': ['cron', 'gateway'],
  'group:messaging': ['message'],
  'group:nodes': ['nodes'],
};

/** Every built-in tool the groups name, plus the ones that belong to no group. */
export const BUILT_IN_TOOLS: readonly string[] = [
  ...new Set([...Object.values(TOOL_GROUPS).flat(), 'image', 'image_generate', 'agents_list']),
].sort();

/** Expands group names into tool names; unknown groups expand to nothing, plain names to themselves. */
export function expandTools(names: readonly string[]): string[] {
  const result = new Set<string>();
  for (const name of names) {
    if (name === 'group:openclaw') for (const tool of BUILT_IN_TOOLS) result.add(tool);
    else if (name.startsWith('group:'))
      for (const tool of TOOL_GROUPS[name] ?? []) result.add(tool);
    else result.add(name);
  }
  return [...result].sort();
}

/** The shell tools: denying any of them, or `exec: 'deny'`, means no shell at all. */
export const SHELL_TOOLS: readonly string[] = ['exec', 'bash', 'process'];
