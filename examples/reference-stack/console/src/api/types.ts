/**
 * What the API answers, as the stack's OpenAPI document (`/api/v1/openapi.json`) describes it.
 * Only the fields the console reads are required here.
 */

export type Role = 'admin' | 'manager' | 'employee';
export type Channel = 'telegram' | 'discord' | 'feishu';
export const CHANNELS: readonly Channel[] = ['telegram', 'discord', 'feishu'];
export type ExecMode = 'deny' | 'allowlist' | 'full';
export type Compaction = 'default' | 'safeguard';

export interface ToolPolicy {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
  readonly exec?: ExecMode;
  readonly execAllowlist?: readonly string[];
}

export interface AgentSettings {
  readonly model?: string;
  readonly contextWindow?: number;
  readonly compaction?: Compaction;
  readonly recentTurnsPreserve?: number;
  readonly maxTokens?: number;
  readonly responseLanguage?: string;
}

export interface Employee {
  readonly id: string;
  readonly employeeNumber: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly departmentId: string;
  readonly positionId: string;
  readonly status: 'active' | 'suspended';
  readonly flags: readonly string[];
  readonly preferences: string;
  readonly agentConfig?: AgentSettings;
  readonly toolPolicy?: ToolPolicy;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Me {
  readonly employee: Employee;
  readonly role: Role;
  readonly managedDepartmentIds: readonly string[];
  readonly mustChangePassword: boolean;
}

export interface SignInResult {
  readonly employee: Employee;
  readonly mustChangePassword: boolean;
  readonly tokens: { readonly accessTokenExpiresAt: string };
}

export interface Department {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly description?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Position {
  readonly id: string;
  readonly name: string;
  readonly departmentId: string;
  readonly description?: string;
  readonly toolPolicy: ToolPolicy;
  readonly defaultSkills: readonly string[];
  readonly runtimeId?: string;
  readonly imChannels: readonly Channel[];
  readonly agentConfig?: AgentSettings;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly defaultRuntimeId: string;
  readonly agentDefaults: Required<AgentSettings>;
  readonly toolPolicy: ToolPolicy;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DeletionReport {
  readonly departments: readonly string[];
  readonly positions: readonly string[];
  readonly employees: readonly string[];
  readonly agents: readonly string[];
  readonly bindings: readonly { readonly channel: string; readonly channelUserId: string }[];
  readonly twinLinks: readonly string[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

export interface Items<T> {
  readonly items: readonly T[];
}

export interface PersonalAgent {
  readonly kind: 'personal';
  readonly id: string;
  readonly employeeId: string;
  readonly name: string;
  readonly status: 'active' | 'paused';
  readonly lastActiveAt?: string;
}

export interface SharedAgentMembers {
  readonly everyone: boolean;
  readonly departmentIds: readonly string[];
  readonly employeeIds: readonly string[];
}

export interface SharedAgent {
  readonly kind: 'shared';
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly members: SharedAgentMembers;
  readonly runtimeId: string;
  readonly alwaysOn: boolean;
  readonly status: 'running' | 'stopped';
  readonly channels: readonly Channel[];
  readonly lastActiveAt?: string;
}

export type Agent = PersonalAgent | SharedAgent;

export interface SharedAgentDetail {
  readonly agent: SharedAgent;
  readonly process: { readonly running: boolean; readonly detail?: string } | null;
  readonly members: number;
}

export interface RouteTarget {
  readonly kind: 'local' | 'agentcore' | 'always-on';
  readonly runtimeId?: string;
  readonly agentId?: string;
  readonly runtimeArn?: string;
}

export interface AgentConfiguration {
  readonly employeeId: string;
  readonly runtimeId: string;
  readonly route: {
    readonly tier: 'employee' | 'position' | 'default';
    readonly rule: string;
    readonly reason: string;
    readonly target: RouteTarget;
  };
  readonly config: Required<AgentSettings>;
  readonly sources: Readonly<Record<string, string>>;
  readonly toolPolicy: {
    readonly allow: readonly string[] | null;
    readonly deny: readonly string[];
    readonly exec: string;
    readonly execAllowlist: readonly string[];
  };
}

export interface RouteExplanation {
  readonly employeeId: string;
  readonly positionId: string;
  readonly target: RouteTarget;
  readonly tier: 'employee' | 'position' | 'default';
  readonly rule: string;
  readonly reason: string;
  readonly steps: readonly {
    readonly tier: string;
    readonly rule: string;
    readonly source: string;
    readonly outcome: string;
    readonly detail: string;
  }[];
}

export type SoulScope = 'global' | 'position' | 'personal';

export interface SoulLayer {
  readonly scope: SoulScope;
  readonly content: string;
  readonly redLines?: readonly string[];
  readonly version: number;
  readonly author: string;
  readonly updatedAt: string;
  readonly note?: string;
}

export interface SoulDiff {
  readonly from: number;
  readonly to: number;
  readonly patch: string;
  readonly addedLines: number;
  readonly removedLines: number;
}

export interface SoulImpact {
  readonly agents: number;
  readonly employeeIds: readonly string[];
}

export interface MergedSoul {
  readonly content: string;
  readonly layers: readonly {
    readonly scope?: string;
    readonly name?: string;
    readonly version?: string;
  }[];
}

export interface WorkspaceFile {
  readonly path: string;
  readonly origin: string;
  readonly injected: boolean;
  readonly content: string;
}

export interface SkillChoice {
  readonly name: string;
  readonly because: string;
}

export interface AssembledWorkspace {
  readonly files: readonly WorkspaceFile[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly report: {
    readonly accessPath?: string;
    readonly sessionId?: string;
    readonly skills?: {
      readonly included?: readonly SkillChoice[];
      readonly excluded?: readonly SkillChoice[];
    };
    readonly [key: string]: unknown;
  };
}

export interface MemoryFileSummary {
  readonly path: string;
  readonly sizeBytes: number;
  readonly updatedAt: string;
}

export interface MemoryFile {
  readonly path: string;
  readonly content: string;
  readonly updatedAt: string;
}

export interface Runtime {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly model: string;
  readonly toolPolicy: ToolPolicy;
  readonly guardrailId: string | null;
  readonly mode: 'serverless' | 'always-on';
}

export interface GuardrailCounters {
  readonly checks?: number;
  readonly blocks?: number;
  readonly anonymizations?: number;
  readonly errors?: number;
}

export interface Guardrails {
  readonly items: readonly { readonly id: string }[];
  readonly counters: GuardrailCounters & {
    readonly byRuntime?: Readonly<Record<string, GuardrailCounters>>;
  };
}

export type SessionAccessPath =
  | 'employee'
  | 'playground'
  | 'twin'
  | 'admin'
  | 'shared'
  | 'unpaired';

/** One agent session the runtime serves now (`GET /api/v1/runtime/sessions`). */
export interface ActiveSession {
  readonly sessionId: string;
  /** null while the runtime does not know it yet. */
  readonly accessPath: SessionAccessPath | null;
  /** Whose agent; null for team agents, unpaired channels and owners no longer on record. */
  readonly employee: {
    readonly id: string;
    readonly name: string;
    readonly departmentId: string;
    readonly departmentName: string;
  } | null;
  readonly sharedAgent: { readonly id: string; readonly name: string } | null;
  readonly runtimeId: string | null;
  readonly pid: number | null;
  readonly startedAt: string;
  readonly lastActiveAt: string;
  readonly pinned: boolean;
  readonly turns: number;
  readonly residentBytes: number | null;
}

/**
 * The active sessions and how the runtime knows them: `live` (every running process), `recent`
 * (AgentCore: what this server invoked within the idle timeout), `unknown` (not reported).
 */
export interface ActiveSessions extends Items<ActiveSession> {
  readonly source: 'live' | 'recent' | 'unknown';
  readonly detail?: string;
}

export interface KnowledgeBase {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly kind: 'topic' | 'directory';
  readonly updatedAt: string;
}

export interface KnowledgeDocument {
  readonly id: string;
  readonly knowledgeBaseId: string;
  readonly title: string;
  readonly fileName: string;
  readonly description: string;
  readonly sizeBytes: number;
  readonly updatedAt: string;
}

export type KnowledgeTarget =
  | { readonly kind: 'everyone' }
  | { readonly kind: 'position'; readonly positionId: string }
  | { readonly kind: 'employee'; readonly employeeId: string };

export interface KnowledgeAssignment {
  readonly knowledgeBaseId: string;
  readonly target: KnowledgeTarget;
  readonly assignedAt: string;
  readonly assignedBy: string;
}

export interface KnowledgeBaseDetail {
  readonly knowledgeBase: KnowledgeBase;
  readonly documents: readonly KnowledgeDocument[];
  readonly assignments: readonly KnowledgeAssignment[];
}

export interface Skill {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly allowedRoles: '*' | readonly string[];
  readonly blockedRoles: '*' | readonly string[];
  readonly requiredEnv: readonly string[];
  readonly updatedAt: string;
}

export interface Binding {
  readonly channel: Channel;
  readonly channelUserId: string;
  readonly employeeId: string;
  readonly pairedAt: string;
  readonly lastActiveAt?: string;
  readonly sessionCount: number;
}

export interface AuditEvent {
  readonly type: string;
  readonly actor: { readonly kind: string; readonly id: string };
  readonly employeeId?: string;
  readonly departmentId?: string;
  readonly target?: { readonly kind: string; readonly id: string };
  readonly summary: string;
  readonly seq: number;
  readonly at: string;
  readonly hash: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly checked: number; readonly headSeq: number }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly brokenAt: number;
      readonly reason: string;
    };

export interface UsageTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly turns: number;
  readonly costMicroUsd: number;
}

export type Granularity = 'day' | 'week' | 'month';

export interface UsageReport {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly total: UsageTotals;
  readonly series: readonly { readonly period: string; readonly totals: UsageTotals }[];
  readonly byModel: readonly { readonly model: string; readonly totals: UsageTotals }[];
}

export interface ModelPrice {
  readonly model: string;
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
  readonly cacheReadPerMillionUsd?: number;
  readonly cacheWritePerMillionUsd?: number;
  readonly updatedAt: string;
}

export type BudgetScope = 'employees' | 'departments';

export interface Budget {
  readonly monthlyLimitUsd: number;
  readonly mode: 'hard' | 'soft';
  readonly scope: 'employee' | 'department';
  readonly id: string;
}

export interface BudgetStatus {
  readonly budget: Budget | null;
  readonly spentUsd: number;
  readonly from: string;
  readonly to: string;
}

export interface ConversationSummary {
  readonly sessionId: string;
  readonly accessPath: string;
  readonly agentEmployeeId: string;
  readonly startedAt: string;
  readonly lastMessageAt: string;
  readonly messages: number;
  readonly title: string;
}

export interface ConversationMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly at: string;
}

export interface TwinLink {
  readonly employeeId: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly disabledAt?: string;
  readonly viewCount: number;
  readonly chatCount: number;
}

export interface TwinStatus {
  readonly enabled: boolean;
  readonly link: TwinLink | null;
}

export interface TwinEnabled {
  readonly url: string;
  readonly qrSvg: string;
  readonly link: TwinLink | null;
}

export interface PairingStart {
  readonly code: string;
  readonly displayCode: string;
  readonly channel: Channel;
  readonly expiresAt: string;
  readonly link: {
    readonly url: string;
    readonly carriesCode: boolean;
    readonly instruction: string;
  };
  readonly qrSvg: string;
}

export interface PairingStatus {
  readonly pending: readonly { readonly channel: string; readonly expiresAt: string }[];
  readonly bound: readonly {
    readonly channel: string;
    readonly channelUserId: string;
    readonly pairedAt: string;
  }[];
}

export interface Readiness {
  readonly ready: boolean;
  readonly store: { readonly ready: boolean; readonly detail?: string };
  readonly runtime: { readonly ready: boolean; readonly detail?: string };
}
