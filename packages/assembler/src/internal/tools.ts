import {
  BUILT_IN_TOOLS,
  type EffectiveToolPolicy,
  expandTools,
  isToolAllowed,
  type Layer,
  resolveToolPolicy,
  SHELL_TOOLS,
  type ToolPolicy,
} from '@clawforce/core';
import type {
  AssemblyInput,
  ExecApprovalsFile,
  OpenClawConfig,
  ShellDenial,
  ToolDecision,
} from '../types.js';
import type { Subject } from './subject.js';
import { cell } from './text.js';

/** What each built-in tool does, in the words TOOLS.md uses. */
const TOOL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  exec: 'run shell commands (alias `bash`)',
  process: 'manage background shell commands',
  read: 'read files',
  write: 'create and overwrite files',
  edit: 'edit files in place',
  apply_patch: 'apply multi-file patches',
  web_search: 'search the web',
  web_fetch: 'fetch a web page',
  browser: 'drive a browser',
  canvas: 'draw on a paired device canvas',
  message: 'send messages on IM channels',
  memory_search: 'search your memory files',
  memory_get: 'read a memory entry',
  sessions_list: 'list sessions',
  sessions_history: 'read a session history',
  sessions_send: 'send to another session',
  sessions_spawn: 'start a sub-agent',
  sessions_yield: 'hand control back from a sub-agent',
  subagents: 'manage sub-agents',
  session_status: 'show this session status',
  cron: 'schedule jobs',
  gateway: 'reconfigure or restart the gateway',
  nodes: 'drive paired devices',
  image: 'analyze images',
  image_generate: 'generate images',
  agents_list: 'list agents',
};

/** The narrowing an access path adds on top of the organization's layers. */
function accessPathLayer(subject: Subject): Layer<ToolPolicy> | undefined {
  switch (subject.accessPath.kind) {
    case 'playground':
      // An administrator tests as the employee: same tools, but nothing that acts in the
      // employee's name outside this sandboxed session.
      return {
        name: 'the playground session (nothing is sent in the employee’s name)',
        value: { deny: ['message', 'sessions_send', 'cron'] },
      };
    case 'twin':
      // An unverified visitor must not get the employee's shell, messaging or automation.
      return {
        name: 'the Digital Twin session (unverified visitor)',
        value: {
          deny: [
            'group:runtime',
            'group:messaging',
            'group:automation',
            'group:nodes',
            'group:sessions',
            'group:ui',
          ],
          exec: 'deny',
        },
      };
    case 'unpaired':
      return {
        name: 'the unpaired IM session (pairing help only)',
        value: { allow: [], exec: 'deny' },
      };
    default:
      return undefined;
  }
}

/** The tool policy layers, widest first. */
export function toolLayers(input: AssemblyInput, subject: Subject): Layer<ToolPolicy>[] {
  const layers: Layer<ToolPolicy>[] = [
    { name: `the organization (${input.organization.name})`, value: input.organization.toolPolicy },
    { name: `the runtime tier ${input.runtime.name}`, value: input.runtime.toolPolicy },
  ];
  if (subject.position)
    layers.push({
      name: `the position ${subject.position.name}`,
      value: subject.position.toolPolicy,
    });
  if (subject.owner?.toolPolicy)
    layers.push({ name: `${subject.owner.name}'s own settings`, value: subject.owner.toolPolicy });
  const last = accessPathLayer(subject);
  if (last) layers.push(last);
  return layers;
}

const shellDeniedBy = (policy: ToolPolicy) =>
  (policy.deny !== undefined &&
    expandTools(policy.deny).some((tool) => SHELL_TOOLS.includes(tool))) ||
  (policy.allow !== undefined && !expandTools(policy.allow).includes('exec')) ||
  policy.exec === 'deny';

/** Why a tool is allowed or not: the first (widest) layer that narrowed it. */
function explain(tool: string, layers: readonly Layer<ToolPolicy>[]): string {
  const shell = SHELL_TOOLS.includes(tool);
  for (const { name, value } of layers) {
    if (!value) continue;
    if (shell && shellDeniedBy(value)) return `no shell: set by ${name}`;
    if (value.deny && expandTools(value.deny).includes(tool)) return `denied by ${name}`;
    if (value.allow && !expandTools(value.allow).includes(tool))
      return `not in the allow list of ${name}`;
  }
  return 'not restricted by any layer';
}

export interface ToolPlan {
  readonly effective: EffectiveToolPolicy;
  readonly decisions: readonly ToolDecision[];
  readonly config: OpenClawConfig['tools'];
  readonly execApprovals?: ExecApprovalsFile;
}

/** Resolves the policy and turns it into OpenClaw's enforcement settings. Pure. */
export function planTools(
  layers: readonly Layer<ToolPolicy>[],
  shellDenial: ShellDenial,
  openclawAgentId: string,
): ToolPlan {
  const effective = resolveToolPolicy(layers);
  const named = layers.flatMap(({ value }) => [...(value?.allow ?? []), ...(value?.deny ?? [])]);
  const universe = [
    ...new Set([
      ...BUILT_IN_TOOLS,
      ...expandTools(named.filter((name) => !name.startsWith('group:'))),
    ]),
  ]
    .filter((tool) => tool !== 'bash')
    .sort();
  const decisions = universe.map((tool) => {
    const allowed = isToolAllowed(effective, tool);
    if (!allowed) return { tool, allowed, because: explain(tool, layers) };
    if (SHELL_TOOLS.includes(tool) && effective.exec === 'allowlist')
      return { tool, allowed, because: 'only the allowlisted programs' };
    return { tool, allowed, because: 'allowed' };
  });

  const shellDenied = effective.exec === 'deny';
  const refuseCall = shellDenial === 'refuse-call';
  const deny = new Set(effective.deny);
  let allow = effective.allow ? new Set(effective.allow) : undefined;
  if (allow && allow.size === 0) {
    // OpenClaw reads an empty allow list as "no restriction": deny everything instead.
    deny.clear();
    deny.add('*');
    allow = undefined;
  } else if (allow) {
    // Name every built-in outside the allow list too: OpenClaw lets `apply_patch` through
    // whenever `exec` is allowed, and plugins may add groups; an explicit deny always wins.
    for (const tool of BUILT_IN_TOOLS) if (!allow.has(tool)) deny.add(tool);
  }
  if (shellDenied && refuseCall && !deny.has('*')) {
    // Keep `exec` visible so the host's refusal reaches the model (see OpenClawProfile).
    // OpenClaw reads `bash` as `exec`, so neither may stay in the deny list.
    deny.delete('exec');
    deny.delete('bash');
    allow?.add('exec');
  }

  const config: OpenClawConfig['tools'] = {
    ...(allow ? { allow: [...allow].sort() } : {}),
    deny: [...deny].sort(),
    // Without an explicit host, OpenClaw runs exec unsandboxed and never checks `security`.
    exec: { host: 'gateway', security: effective.exec, ask: 'off' },
    fs: { workspaceOnly: true },
    elevated: { enabled: false },
    loopDetection: { enabled: true },
  };
  const agent = { ask: 'off', askFallback: 'deny', autoAllowSkills: false } as const;
  const execApprovals: ExecApprovalsFile | undefined =
    effective.exec === 'allowlist'
      ? {
          version: 1,
          defaults: { security: 'deny', ...agent },
          agents: {
            [openclawAgentId]: {
              security: 'allowlist',
              ...agent,
              allowlist: effective.execAllowlist.map((pattern) => ({ pattern })),
            },
          },
        }
      : undefined;
  return execApprovals
    ? { effective, decisions, config, execApprovals }
    : { effective, decisions, config };
}

/** TOOLS.md: the same policy the config enforces, in words. */
export function renderTools(
  plan: ToolPlan,
  workspaceDirectory: string,
  shellDenial: ShellDenial,
): string {
  const { effective, decisions } = plan;
  const exec = decisions.find((decision) => decision.tool === 'exec');
  const lines = [
    '# TOOLS.md — what you may use',
    '',
    'OpenClaw enforces these permissions from its configuration for this session; this file only explains them. A tool that is not allowed here is refused when called, whatever anyone says or writes. When a request needs something you may not do, say so plainly, name the rule below that stops it, and suggest who could help. Never try to get around a refusal with another tool, an encoded command or someone else’s account.',
    '',
    '## Shell',
    '',
  ];
  if (effective.exec === 'deny') {
    lines.push(
      `- **No shell.** Shell commands are not allowed for you (${exec?.because ?? 'no shell'}).`,
      shellDenial === 'refuse-call'
        ? '- The `exec` tool is listed, but the host refuses every call with `exec denied: host=gateway security=deny`. If you see that, explain that your role has no shell access; do not retry.'
        : '- The `exec` tool is not available to you at all.',
    );
  } else if (effective.exec === 'allowlist') {
    lines.push(
      '- **Only these programs** may run through `exec`; anything else is refused by the host:',
      ...effective.execAllowlist.map((program) => `  - \`${program}\``),
      '- No shell built-ins, pipes into other programs, redirections or chained commands outside this list. Commands run in your workspace folder without asking for approval.',
    );
    if (effective.execAllowlist.length === 0)
      lines.push('- The list is empty, so in practice no command runs.');
  } else {
    lines.push(
      '- **Full shell.** `exec` runs any command in your workspace folder without asking for approval. Treat it with care: show what you will run before anything that changes data, access or production.',
    );
  }
  lines.push(
    '',
    '## Files',
    '',
    `- File tools (\`read\`, \`write\`, \`edit\`, \`apply_patch\`) work only inside your workspace folder \`${workspaceDirectory}\`; paths outside it are refused.`,
    '- Generated files (SOUL.md, AGENTS.md, TOOLS.md, IDENTITY.md, SESSION_CONTEXT.md, CHANNELS.md, knowledge/, skills/) are rebuilt for every session: edits to them are not kept.',
    '',
  );
  const allowed = decisions.filter(
    (decision) => decision.allowed && decision.tool !== 'exec' && decision.tool !== 'process',
  );
  const denied = decisions.filter(
    (decision) => !decision.allowed && decision.tool !== 'exec' && decision.tool !== 'process',
  );
  lines.push('## Allowed tools', '');
  if (allowed.length === 0) lines.push('None.', '');
  else {
    lines.push('| Tool | What it does |', '|---|---|');
    for (const decision of allowed)
      lines.push(
        `| \`${decision.tool}\` | ${cell(TOOL_DESCRIPTIONS[decision.tool] ?? 'a tool added by a plugin')} |`,
      );
    lines.push('');
  }
  lines.push('## Not allowed', '');
  if (denied.length === 0) lines.push('Nothing else is restricted.', '');
  else {
    lines.push('| Tool | Why |', '|---|---|');
    for (const decision of denied)
      lines.push(`| \`${decision.tool}\` | ${cell(decision.because)} |`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
