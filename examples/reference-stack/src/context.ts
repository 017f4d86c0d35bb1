import type { Stores } from '@clawforce/core';
import type { Pairing, TwinLinks } from '@clawforce/pairing';
import type { Router } from '@clawforce/router';
import type { CredentialStore } from './auth/credentials.js';
import type { LoginService } from './auth/login.js';
import type { ScryptParameters } from './auth/passwords.js';
import type { SessionService } from './auth/sessions.js';
import type { AgentRuntime } from './chat/agent-runtime.js';
import type { BudgetService } from './chat/budgets.js';
import type { ChatService } from './chat/chat-service.js';
import type { ConversationLog } from './chat/conversations.js';
import type { GuardrailService } from './chat/guardrails.js';
import type { DirectoryPublisher } from './org/directory-publisher.js';

export interface StackSettings {
  /** Where people reach the stack (`PUBLIC_URL`); twin links and pairing deep links use it. */
  readonly publicUrl: string;
  /** Cookies carry `Secure` (set when `PUBLIC_URL` is https). */
  readonly secureCookies: boolean;
}

export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string, details?: Record<string, unknown>) => void;

/** Everything the route handlers use; built once per server. */
export interface StackContext {
  readonly stores: Stores;
  readonly credentials: CredentialStore;
  readonly sessions: SessionService;
  readonly login: LoginService;
  readonly directory: DirectoryPublisher;
  readonly budgets: BudgetService;
  readonly router: Router;
  readonly pairing: Pairing;
  readonly twins: TwinLinks;
  readonly conversations: ConversationLog;
  readonly chat: ChatService;
  /** Absent when no guardrails are configured. */
  readonly guardrails: GuardrailService | undefined;
  /** Absent until an agent runtime is configured: chat routes then answer 503 `not_available`. */
  readonly runtime: AgentRuntime | undefined;
  readonly settings: StackSettings;
  readonly passwordParameters: ScryptParameters;
  readonly now: () => number;
  readonly log: Logger;
}
