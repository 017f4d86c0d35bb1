import type {
  AccessPath,
  Agent,
  Binding,
  ConfigSources,
  Department,
  Employee,
  ExecSecurity,
  KnowledgeBase,
  KnowledgeDocument,
  Organization,
  Position,
  Runtime,
  Skill,
  SoulLayer,
} from '@clawforce/core';

/** A shared (always-on team) agent record. */
export type SharedAgent = Extract<Agent, { kind: 'shared' }>;

/** Who a knowledge base was assigned to, for the knowledge index. */
export type KnowledgeAssignee = 'everyone' | 'position' | 'employee';

/** One knowledge document with its body, as it will be written under `knowledge/`. */
export interface AssemblyKnowledgeDocument {
  readonly knowledgeBase: KnowledgeBase;
  readonly document: KnowledgeDocument;
  readonly content: string;
  readonly assignedTo: readonly KnowledgeAssignee[];
}

/** A file of the agent's stored workspace (memory), relative to the workspace root. */
export interface StoredWorkspaceFile {
  readonly path: string;
  readonly content: string;
}

/** A verified person on the other end of the session. */
export interface CallerIdentity {
  readonly employeeId: string;
  readonly name: string;
  readonly employeeNumber?: string;
  readonly positionName?: string;
  readonly departmentName?: string;
}

/** OpenClaw's request adapters (`models.providers.<id>.api`) on 2026.3.24. */
export const MODEL_APIS = [
  'openai-completions',
  'openai-responses',
  'openai-codex-responses',
  'anthropic-messages',
  'google-generative-ai',
  'github-copilot',
  'bedrock-converse-stream',
  'ollama',
] as const;
export type ModelApi = (typeof MODEL_APIS)[number];

/** One model of a provider, as OpenClaw's `models.providers.<id>.models[]` wants it. */
export interface ProviderModelSettings {
  readonly id: string;
  readonly name?: string;
  readonly reasoning?: boolean;
  readonly input?: readonly ('text' | 'image')[];
  readonly contextWindow?: number;
  readonly maxTokens?: number;
  readonly cost?: {
    readonly input: number;
    readonly output: number;
    readonly cacheRead: number;
    readonly cacheWrite: number;
  };
}

/**
 * A model provider, mapped onto OpenClaw's `models.providers.<id>`. The runtime fills these:
 * the offline model, Amazon Bedrock (`bedrock-converse-stream` + `auth: "aws-sdk"`), any
 * OpenAI-compatible endpoint, Anthropic. Prefer `${ENV_VAR}` references for `apiKey`: the
 * config file is written to disk.
 */
export interface ProviderSettings {
  readonly api: ModelApi;
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly auth?: 'api-key' | 'aws-sdk' | 'oauth' | 'token';
  readonly headers?: Readonly<Record<string, string>>;
  readonly authHeader?: boolean;
  readonly models?: readonly ProviderModelSettings[];
}

/**
 * How a denied shell is enforced. `refuse-call` (default, per the measured 2026.3.24 trap) keeps
 * `exec` visible and has the gateway host refuse every call with `security: "deny"`, which the
 * model sees; `remove-tool` also lists `exec` in `tools.deny` so the model never sees it.
 */
export type ShellDenial = 'refuse-call' | 'remove-tool';

export interface AssemblyOptions {
  readonly shellDenial?: ShellDenial;
  /** The OpenClaw agent id the config defines (default `main`, OpenClaw's default agent). */
  readonly openclawAgentId?: string;
  /** Where employees pair IM accounts, for the pairing instructions of unpaired sessions. */
  readonly portalUrl?: string;
  /** Today (`YYYY-MM-DD`), to name today's memory file. Omitted: no date is mentioned. */
  readonly today?: string;
}

/**
 * Everything one assembly needs, already read from the stores (see `loadAssemblyInput`).
 * Which subject fields are required depends on the access path:
 * - `employee`, `playground`, `twin`: `employee` (the agent's owner), `position`, `departments`;
 * - `admin`: `employee` is the administrator, with their `position` and `departments`;
 * - `shared`: `sharedAgent`;
 * - `unpaired`: none of them.
 */
export interface AssemblyInput {
  readonly openclawVersion: string;
  /** Absolute path of the workspace directory, written to `agents.defaults.workspace`. */
  readonly workspaceDirectory: string;
  readonly sessionId: string;
  readonly accessPath: AccessPath;
  readonly organization: Organization;
  readonly employee?: Employee;
  readonly position?: Position;
  /** The department chain from the top-level department down to the employee's own. */
  readonly departments?: readonly Department[];
  readonly sharedAgent?: SharedAgent;
  readonly runtime: Runtime;
  readonly soul: {
    readonly global?: SoulLayer;
    readonly position?: SoulLayer;
    readonly personal?: SoulLayer;
  };
  readonly knowledge: readonly AssemblyKnowledgeDocument[];
  /** The company directory as Markdown; defaults to the body of a `directory` knowledge base. */
  readonly directory?: string;
  /** The whole skill catalog; the assembler picks what this agent may use. */
  readonly skills: readonly Skill[];
  /** The employee's bound IM accounts. */
  readonly bindings: readonly Binding[];
  /** The stored workspace the session reads (memory), per the access path's layout. */
  readonly storedWorkspace: readonly StoredWorkspaceFile[];
  /** The verified caller, where there is one. */
  readonly caller?: CallerIdentity;
  readonly providers: Readonly<Record<string, ProviderSettings>>;
  /** Heartbeat runs; off unless given. `every` is an OpenClaw duration such as `30m`. */
  readonly heartbeat?: { readonly every: string };
  readonly options?: AssemblyOptions;
  /** Things the loader had to leave out (a knowledge body missing from the store); reported. */
  readonly notes?: readonly string[];
}

/** Where a planned file came from. */
export type WorkspaceFileOrigin = 'generated' | 'stored' | 'knowledge' | 'skill';

export interface WorkspaceFile {
  /** Relative POSIX path inside the workspace. */
  readonly path: string;
  readonly content: string;
  readonly origin: WorkspaceFileOrigin;
  /** True when OpenClaw injects this file into the system prompt. */
  readonly injected: boolean;
}

/** The subset of OpenClaw's config (`openclaw.json`) the assembler writes. JSON-serializable. */
export interface OpenClawConfig {
  readonly agents: {
    readonly defaults: {
      readonly workspace: string;
      readonly skipBootstrap: true;
      readonly bootstrapMaxChars: number;
      readonly bootstrapTotalMaxChars: number;
      readonly model: { readonly primary: string };
      readonly models: Readonly<
        Record<string, { readonly params: { readonly maxTokens: number } }>
      >;
      readonly contextTokens: number;
      readonly compaction: {
        readonly mode: 'default' | 'safeguard';
        readonly recentTurnsPreserve: number;
        readonly customInstructions: string;
        readonly memoryFlush: { readonly enabled: boolean };
      };
      readonly heartbeat: { readonly every: string };
    };
    readonly list: readonly [
      { readonly id: string; readonly default: true; readonly skills: readonly string[] },
    ];
  };
  readonly models?: {
    readonly mode: 'merge';
    readonly providers: Readonly<Record<string, OpenClawProviderConfig>>;
    readonly bedrockDiscovery?: { readonly enabled: false };
  };
  readonly tools: {
    readonly allow?: readonly string[];
    readonly deny: readonly string[];
    readonly exec: {
      readonly host: 'gateway';
      readonly security: ExecSecurity;
      readonly ask: 'off';
    };
    readonly fs: { readonly workspaceOnly: true };
    readonly elevated: { readonly enabled: false };
    readonly loopDetection: { readonly enabled: true };
  };
}

export interface OpenClawProviderConfig {
  readonly baseUrl: string;
  readonly api: ModelApi;
  readonly apiKey?: string;
  readonly auth?: 'api-key' | 'aws-sdk' | 'oauth' | 'token';
  readonly headers?: Readonly<Record<string, string>>;
  readonly authHeader?: boolean;
  readonly models: readonly {
    readonly id: string;
    readonly name: string;
    readonly reasoning: boolean;
    readonly input: readonly ('text' | 'image')[];
    readonly cost: {
      readonly input: number;
      readonly output: number;
      readonly cacheRead: number;
      readonly cacheWrite: number;
    };
    readonly contextWindow: number;
    readonly maxTokens: number;
  }[];
}

/**
 * `$HOME/.openclaw/exec-approvals.json` for a shell limited to an allowlist: OpenClaw keeps
 * exec allowlists there, not in `openclaw.json`. Its values can only narrow the config's.
 */
export interface ExecApprovalsFile {
  readonly version: 1;
  readonly defaults: ExecApprovalsAgent;
  readonly agents: Readonly<
    Record<
      string,
      ExecApprovalsAgent & { readonly allowlist: readonly { readonly pattern: string }[] }
    >
  >;
}
export interface ExecApprovalsAgent {
  readonly security: ExecSecurity;
  readonly ask: 'off';
  readonly askFallback: 'deny';
  readonly autoAllowSkills: false;
}

/** One decision about a tool, in words, for TOOLS.md and the report. */
export interface ToolDecision {
  readonly tool: string;
  readonly allowed: boolean;
  /** Why: "denied by runtime tier Standard", "not in the allow list of position X". */
  readonly because: string;
}

/** What the assembler included, cut and decided, and why. */
export interface AssemblyReport {
  readonly openclaw: {
    readonly version: string;
    readonly profile: string;
    readonly exact: boolean;
  };
  readonly accessPath: AccessPath['kind'];
  readonly sessionId: string;
  readonly agent: {
    readonly kind: 'personal' | 'twin' | 'admin-assistant' | 'shared' | 'pairing-assistant';
    readonly id: string;
    readonly name: string;
  };
  readonly budget: {
    readonly perFileMaxChars: number;
    readonly totalMaxChars: number;
    readonly injectedChars: number;
    readonly files: readonly {
      readonly path: string;
      readonly chars: number;
      readonly injectedChars: number;
    }[];
  };
  readonly cuts: readonly {
    readonly file: string;
    readonly section: string;
    readonly originalChars: number;
    readonly keptChars: number;
    readonly reason: string;
  }[];
  readonly soul: readonly {
    readonly scope: string;
    readonly name: string;
    readonly version: string;
    readonly chars: number;
  }[];
  readonly knowledge: {
    readonly files: readonly {
      readonly path: string;
      readonly knowledgeBaseId: string;
      readonly title: string;
      readonly chars: number;
      readonly assignedTo: readonly KnowledgeAssignee[];
    }[];
    readonly directory: 'inlined' | 'partly inlined' | 'not inlined' | 'absent';
  };
  readonly skills: {
    readonly included: readonly { readonly name: string; readonly because: string }[];
    readonly excluded: readonly { readonly name: string; readonly because: string }[];
  };
  readonly tools: {
    readonly exec: ExecSecurity;
    readonly execAllowlist: readonly string[];
    readonly decisions: readonly ToolDecision[];
  };
  readonly model: {
    readonly ref: string;
    readonly sources: ConfigSources;
    readonly providerConfigured: boolean;
  };
  readonly memory: {
    readonly files: number;
    readonly chars: number;
    readonly writeBack: 'read-write' | 'read-only' | 'none';
    readonly storedAt: string | null;
  };
  readonly notes: readonly string[];
}

/** The output of `assembleWorkspace`: files, the OpenClaw config and the report. */
export interface WorkspacePlan {
  readonly files: readonly WorkspaceFile[];
  readonly config: OpenClawConfig;
  /** Present when the shell is limited to an allowlist (see {@link ExecApprovalsFile}). */
  readonly execApprovals?: ExecApprovalsFile;
  readonly report: AssemblyReport;
}
