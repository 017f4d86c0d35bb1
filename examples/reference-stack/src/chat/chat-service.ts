import {
  type AccessPath,
  ClawforceError,
  type Employee,
  isClawforceError,
  type OrgStore,
} from '@clawforce/core';
import type { RouteExplanation, Router, RuntimeTarget } from '@clawforce/router';
import { callerOf, isRuntimeError } from '@clawforce/runtime';
import { HttpError } from '../http/errors.js';
import type { AgentRuntime, TurnEvent } from './agent-runtime.js';
import type { BudgetService } from './budgets.js';
import type { ConversationLog } from './conversations.js';
import { createResponseLanguages, type GuardrailService } from './guardrails.js';
import { teamAgentFor, teamTurnOf } from './team-agents.js';

/** Chat messages are bounded: 16 KiB of UTF-8. */
export const CHAT_MESSAGE_MAX_BYTES = 16 * 1024;

export interface ChatTurnInput {
  readonly accessPath: AccessPath;
  readonly sessionId: string;
  /** The employee whose agent answers. */
  readonly employee: Employee;
  /** Whose history the exchange goes into (the employee; the operator for the playground). */
  readonly historyOwnerId: string;
  readonly message: string;
  readonly signal: AbortSignal;
}

/** What the stream says, in order: `start`, maybe `warning`, `delta`/`tool`…, then `done` or `error`. */
export type ChatEvent =
  | {
      readonly type: 'start';
      readonly sessionId: string;
      readonly accessPath: AccessPath['kind'];
      readonly route: { readonly tier: string; readonly target: RouteExplanation['target'] };
    }
  | { readonly type: 'warning'; readonly message: string }
  | Exclude<TurnEvent, { type: 'done' }>
  | Extract<TurnEvent, { type: 'done' }>
  | {
      readonly type: 'guardrail';
      readonly action: 'blocked' | 'anonymized';
      readonly source?: 'INPUT' | 'OUTPUT';
      readonly sources?: readonly ('INPUT' | 'OUTPUT')[];
    }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

/** A failed turn as the last event: the caller's fault says why; ours never leaks internals. */
function failure(error: unknown): ChatEvent {
  if (isClawforceError(error)) return { type: 'error', code: error.code, message: error.message };
  if (isRuntimeError(error)) {
    return {
      type: 'error',
      code: error.retryable ? 'busy' : 'turn_failed',
      message: error.retryable
        ? 'the agent is busy or restarting; send the message again'
        : 'the agent could not answer; try again',
    };
  }
  return { type: 'error', code: 'turn_failed', message: 'the agent could not answer; try again' };
}

export interface PreparedTurn {
  /** The turn as it runs: for a team agent, its `shared__` session with the caller named. */
  readonly input: ChatTurnInput;
  /** Where routing sent it (`team-agent` for a direct chat with a team agent). */
  readonly route: { readonly tier: string; readonly target: RuntimeTarget };
  /** The runtime tier whose model, tools and guardrail apply. */
  readonly runtimeId: string;
  readonly warnings: readonly string[];
}

export interface ChatService {
  /**
   * Everything that can refuse a turn before a byte is streamed: the runtime is configured, the
   * budgets allow it, routing finds a target, a team agent admits the caller and is running.
   * Throws the error to answer with. An employee whose routing names an always-on team agent
   * (and a `shared` access path, a direct chat with one) gets the agent's team session.
   */
  prepare(input: ChatTurnInput): Promise<PreparedTurn>;
  /** Runs the turn; never throws (a failure is the last event). */
  stream(prepared: PreparedTurn): AsyncIterable<ChatEvent>;
}

export function createChatService(options: {
  readonly runtime: AgentRuntime | undefined;
  readonly router: Router;
  readonly budgets: BudgetService;
  readonly conversations: ConversationLog;
  readonly org: OrgStore;
  /** Guardrails per runtime tier; absent: turns run unchecked. */
  readonly guardrails?: GuardrailService;
}): ChatService {
  const { router, budgets, conversations } = options;
  const responseLanguageOf = createResponseLanguages(options.org);

  /** The tier of an employee's own agent: their position's, else the organization's default. */
  const personalTierOf = async (employee: Employee): Promise<string> => {
    const position = await options.org.getPosition(employee.positionId);
    if (position?.runtimeId) return position.runtimeId;
    const organization = await options.org.getOrganization();
    if (!organization) throw new ClawforceError('not_found', 'the organization is not set up');
    return organization.defaultRuntimeId;
  };

  return {
    async prepare(input) {
      if (!options.runtime) {
        throw new HttpError('not_available', 'no agent runtime is configured on this server');
      }
      if (Buffer.byteLength(input.message) > CHAT_MESSAGE_MAX_BYTES) {
        throw new ClawforceError(
          'too_large',
          `messages are at most ${CHAT_MESSAGE_MAX_BYTES} bytes`,
        );
      }
      const budget = await budgets.check(input.employee);
      // A refused turn changes nothing (no audit event either): the caller gets the reason.
      if (budget.verdict === 'refuse') {
        throw new HttpError('budget_exceeded', budget.message ?? 'the budget is used up', {
          details: { findings: budget.findings },
        });
      }
      const warnings = budget.message ? [budget.message] : [];
      if (input.accessPath.kind === 'shared') {
        const agent = await teamAgentFor(options.org, input.accessPath.agentId, input.employee);
        return {
          input: { ...input, ...teamTurnOf(agent, input.employee) },
          route: { tier: 'team-agent', target: { kind: 'local', runtimeId: agent.runtimeId } },
          runtimeId: agent.runtimeId,
          warnings,
        };
      }
      const route: RouteExplanation = await router.explainRoute({
        id: input.employee.id,
        positionId: input.employee.positionId,
      });
      const target = { tier: route.tier, target: route.target };
      if (route.target.kind !== 'always-on') {
        return { input, route: target, runtimeId: route.target.runtimeId, warnings };
      }
      if (input.accessPath.kind === 'employee') {
        // The employee's messages go to the team agent routing names, as one of its members.
        const agent = await teamAgentFor(options.org, route.target.agentId, input.employee);
        return {
          input: { ...input, ...teamTurnOf(agent, input.employee) },
          route: target,
          runtimeId: agent.runtimeId,
          warnings,
        };
      }
      // Playground and twin sessions are about the employee's own agent, on its own tier.
      return { input, route: target, runtimeId: await personalTierOf(input.employee), warnings };
    },

    async *stream(prepared) {
      const { input, route, runtimeId } = prepared;
      const runtime = options.runtime as AgentRuntime;
      yield {
        type: 'start',
        sessionId: input.sessionId,
        accessPath: input.accessPath.kind,
        route: { tier: route.tier, target: route.target },
      };
      for (const message of prepared.warnings) yield { type: 'warning', message };
      const turn = (message: string) =>
        runtime.runTurn({
          sessionId: input.sessionId,
          accessPath: input.accessPath,
          employee: input.employee,
          message,
          runtimeId,
          signal: input.signal,
        });
      // What goes into the history: the message as the agent got it (masked), the reply as sent.
      let recordedMessage = input.message;
      let reply = '';
      try {
        const tier = options.guardrails ? await options.org.getRuntime(runtimeId) : undefined;
        const guarded = tier ? options.guardrails?.guard(tier) : undefined;
        if (!guarded) {
          for await (const event of turn(input.message)) {
            if (event.type === 'text') reply += event.text;
            yield event;
          }
        } else {
          const result = await guarded({
            run: async (checked) => {
              recordedMessage = checked;
              const events: TurnEvent[] = [];
              let text = '';
              for await (const event of turn(checked)) {
                if (event.type === 'text') text += event.text;
                else events.push(event);
              }
              return { text, events };
            },
            message: input.message,
            actor: callerOf(input.accessPath),
            employeeId: input.employee.id,
            departmentId: input.employee.departmentId,
            language: await responseLanguageOf(input.employee),
          });
          if (result.status === 'blocked') {
            yield { type: 'guardrail', action: 'blocked', source: result.source };
            if (result.source === 'INPUT') recordedMessage = '[blocked by the guardrail]';
          } else if (result.anonymized.length > 0) {
            yield { type: 'guardrail', action: 'anonymized', sources: [...result.anonymized] };
          }
          const events = result.output?.events ?? [];
          for (const event of events) if (event.type === 'tool') yield event;
          reply = result.reply;
          yield { type: 'text', text: result.reply };
          const done = events.find((event) => event.type === 'done');
          yield done ?? {
            type: 'done',
            model: 'none',
            inputTokens: 0,
            outputTokens: 0,
            durationMs: 0,
          };
        }
      } catch (error) {
        yield failure(error);
        return;
      }
      if (!input.signal.aborted) {
        await conversations.record({
          ownerId: input.historyOwnerId,
          sessionId: input.sessionId,
          accessPath: input.accessPath.kind,
          agentEmployeeId: input.employee.id,
          message: recordedMessage,
          reply,
        });
      }
    },
  };
}
