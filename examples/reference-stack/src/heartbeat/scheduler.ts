import { storedWorkspaceLocation } from '@clawforce/assembler';
import {
  type AccessPath,
  type Binding,
  type BlobStore,
  CHANNELS,
  type Channel,
  type Employee,
  isClawforceError,
  type OrgStore,
} from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import type { ChatService } from '../chat/chat-service.js';
import type { ConversationLog } from '../chat/conversations.js';
import type { Logger } from '../context.js';
import { HttpError } from '../http/errors.js';
import { NOTICE_MAX_CHARACTERS, type NoticeDelivery } from '../im/notices.js';
import { HEARTBEAT_PROMPT, heartbeatReplyOf, isHeartbeatFileEffectivelyEmpty } from './protocol.js';

/** Every 30 minutes, OpenClaw's own default. */
export const DEFAULT_HEARTBEAT_MINUTES = 30;
/** Heartbeat turns that run at once: background work must leave room for people's chats. */
export const DEFAULT_HEARTBEAT_CONCURRENCY = 2;
/**
 * What the portal history shows as the "message" of a heartbeat that reminded the employee: the
 * reminder follows as the agent's reply. Acks leave no trace in the history.
 */
export const HEARTBEAT_HISTORY_MESSAGE =
  '[Heartbeat] Scheduled check of HEARTBEAT.md; the reminder below was sent to your chat app.';

export interface HeartbeatOutcome {
  readonly employeeId: string;
  /**
   * `reminded`: the reply went to the employee's preferred channel; `acknowledged`: nothing
   * needed attention (HEARTBEAT_OK); `skipped`: the turn did not run or its reply was withheld
   * (budget, team-agent routing, guardrail, the server stopping); `failed`: the turn or the
   * delivery failed.
   */
  readonly result: 'reminded' | 'acknowledged' | 'skipped' | 'failed';
  /** Why it was skipped or failed: a stable code. */
  readonly reason?: string;
  /** Where the reminder went. */
  readonly channel?: Channel;
}

export interface HeartbeatRun {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** One per employee with something in HEARTBEAT.md and a channel to remind them on. */
  readonly outcomes: readonly HeartbeatOutcome[];
}

export interface HeartbeatScheduler {
  /** 0: no timer (runOnce still works). */
  readonly intervalMinutes: number;
  /** Starts the timer: the first heartbeat one interval from now. */
  start(): void;
  /**
   * Runs one heartbeat for every eligible employee now. While a run is under way (from the timer
   * or a caller), returns that run instead of starting another. Rejects only when the eligible
   * employees cannot be listed; each employee's failure is an outcome.
   */
  runOnce(): Promise<HeartbeatRun>;
  /** Stops the timer, lets the turns already running finish and awaits the run. */
  stop(): Promise<void>;
}

export interface HeartbeatSchedulerOptions {
  readonly org: OrgStore;
  /** Where stored workspaces (and their HEARTBEAT.md) live. */
  readonly blobs: BlobStore;
  /**
   * The portal's chat pipeline (budgets, routing, guardrails, the runtime turn): heartbeat turns
   * go through it like any message. Its own history recording is the caller's choice.
   */
  readonly chat: ChatService;
  /** The portal history, where a delivered reminder is recorded. */
  readonly conversations: ConversationLog;
  /** Sends the reminder to the employee's preferred bound channel (`im.notices.remind`). */
  readonly remind: (input: {
    readonly employeeId: string;
    readonly text: string;
  }) => Promise<NoticeDelivery>;
  /** Whether a reminder can reach this binding: its chat is known and its channel enabled here. */
  readonly canReach: (binding: Binding) => boolean;
  readonly intervalMinutes: number;
  readonly concurrency?: number;
  readonly log: Logger;
  readonly now: () => number;
}

/** The emp__ access path and session of an employee: the portal's, shared with their IM chats. */
export function heartbeatSessionOf(employeeId: string): {
  accessPath: AccessPath;
  sessionId: string;
} {
  const accessPath: AccessPath = { kind: 'employee', employeeId };
  return { accessPath, sessionId: formatSessionId(accessPath) };
}

/** The stored HEARTBEAT.md of an employee's personal workspace (assembler layout). */
export function heartbeatFileKey(employeeId: string): string {
  const location = storedWorkspaceLocation({ kind: 'employee', employeeId });
  return `${location?.prefix}HEARTBEAT.md`;
}

const decoder = new TextDecoder();

function codeOf(error: unknown): string {
  if (error instanceof HttpError || isClawforceError(error)) return error.code;
  return 'internal';
}

/** A reminder fits one notice: cut on a character boundary with an ellipsis. */
function noticeTextOf(text: string): string {
  const characters = [...text];
  if (characters.length <= NOTICE_MAX_CHARACTERS) return text;
  return `${characters.slice(0, NOTICE_MAX_CHARACTERS - 1).join('')}…`;
}

/**
 * Runs OpenClaw-style heartbeats for the local stack, where sessions scale to zero and OpenClaw's
 * in-gateway timer cannot be relied on: every interval, each active employee with a bound,
 * reachable IM account and a HEARTBEAT.md with something in it gets one heartbeat turn on their
 * emp__ session through the chat pipeline; a reply that is not an ack is sent as a reminder.
 * The timer never throws: failures are logged and the next interval runs as usual.
 */
export function createHeartbeatScheduler(options: HeartbeatSchedulerOptions): HeartbeatScheduler {
  const { org, blobs, chat, log, now } = options;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_HEARTBEAT_CONCURRENCY);
  const intervalMs = options.intervalMinutes * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let halted = false;
  let running: Promise<HeartbeatRun> | undefined;

  /** Active employees with a reachable binding, in a stable order (their ids). */
  const reachableEmployees = async (): Promise<Employee[]> => {
    const ids = new Set<string>();
    for (const channel of CHANNELS) {
      let cursor: string | undefined;
      do {
        const page = await org.listBindingsByChannel(channel, {
          limit: 1_000,
          ...(cursor ? { cursor } : {}),
        });
        for (const binding of page.items) {
          if (options.canReach(binding)) ids.add(binding.employeeId);
        }
        cursor = page.cursor;
      } while (cursor);
    }
    const sorted = [...ids].sort();
    const employees = await org.getEmployees(sorted);
    return employees.filter(
      (employee): employee is Employee => employee !== undefined && employee.status === 'active',
    );
  };

  const hasHeartbeatTasks = async (employeeId: string): Promise<boolean> => {
    const blob = await blobs.get(heartbeatFileKey(employeeId));
    return blob !== undefined && !isHeartbeatFileEffectivelyEmpty(decoder.decode(blob.body));
  };

  const beat = async (employee: Employee): Promise<HeartbeatOutcome> => {
    const employeeId = employee.id;
    const { accessPath, sessionId } = heartbeatSessionOf(employeeId);
    let prepared: Awaited<ReturnType<ChatService['prepare']>>;
    try {
      prepared = await chat.prepare({
        accessPath,
        sessionId,
        employee,
        historyOwnerId: employeeId,
        message: HEARTBEAT_PROMPT,
        signal: new AbortController().signal,
      });
    } catch (error) {
      // Budget used up, no runtime, routing not set up: nothing to run now.
      return { employeeId, result: 'skipped', reason: codeOf(error) };
    }
    if (prepared.input.sessionId !== sessionId) {
      // Routing sends this employee to an always-on team agent, whose workspace is not theirs.
      return { employeeId, result: 'skipped', reason: 'team_agent' };
    }
    let reply = '';
    let blocked = false;
    for await (const event of chat.stream(prepared)) {
      if (event.type === 'text') reply += event.text;
      else if (event.type === 'guardrail' && event.action === 'blocked') blocked = true;
      else if (event.type === 'error') {
        return { employeeId, result: 'failed', reason: event.code };
      }
    }
    if (blocked) return { employeeId, result: 'skipped', reason: 'guardrail_blocked' };
    const meaning = heartbeatReplyOf(reply);
    if (meaning.kind === 'ack') return { employeeId, result: 'acknowledged' };
    const text = noticeTextOf(meaning.text);
    let delivery: NoticeDelivery;
    try {
      delivery = await options.remind({ employeeId, text });
    } catch (error) {
      return { employeeId, result: 'failed', reason: codeOf(error) };
    }
    try {
      await options.conversations.record({
        ownerId: employeeId,
        sessionId,
        accessPath: accessPath.kind,
        agentEmployeeId: employeeId,
        message: HEARTBEAT_HISTORY_MESSAGE,
        reply: text,
      });
    } catch (error) {
      // The reminder went out; a history that misses it is worth a log line, not a failure.
      log('warn', 'heartbeat: the reminder could not be added to the history', {
        employeeId,
        error: String(error),
      });
    }
    return { employeeId, result: 'reminded', channel: delivery.channel };
  };

  const run = async (): Promise<HeartbeatRun> => {
    const startedAt = new Date(now()).toISOString();
    const candidates: Employee[] = [];
    for (const employee of await reachableEmployees()) {
      if (await hasHeartbeatTasks(employee.id)) candidates.push(employee);
    }
    const outcomes: HeartbeatOutcome[] = new Array(candidates.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < candidates.length; index = next++) {
        const employee = candidates[index] as Employee;
        if (halted) {
          outcomes[index] = { employeeId: employee.id, result: 'skipped', reason: 'stopping' };
          continue;
        }
        outcomes[index] = await beat(employee).catch((error: unknown) => ({
          employeeId: employee.id,
          result: 'failed' as const,
          reason: codeOf(error),
        }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, candidates.length) }, worker));
    for (const outcome of outcomes) {
      if (outcome.result === 'failed') {
        // The reply is the employee's private memory: only who and why are logged.
        log('warn', 'heartbeat: a heartbeat failed', {
          employeeId: outcome.employeeId,
          code: outcome.reason,
        });
      }
    }
    const count = (result: HeartbeatOutcome['result']) =>
      outcomes.filter((outcome) => outcome.result === result).length;
    log('info', 'heartbeat: run finished', {
      employees: outcomes.length,
      reminded: count('reminded'),
      acknowledged: count('acknowledged'),
      skipped: count('skipped'),
      failed: count('failed'),
    });
    return { startedAt, finishedAt: new Date(now()).toISOString(), outcomes };
  };

  const runOnce = (): Promise<HeartbeatRun> => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!started || intervalMs <= 0) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) =>
          log('error', 'heartbeat: the run failed', { error: String(error) }),
        )
        .finally(schedule);
    }, intervalMs);
    // A pending heartbeat never keeps the process alive.
    timer.unref();
  };

  return {
    intervalMinutes: options.intervalMinutes,
    start() {
      if (started) return;
      started = true;
      schedule();
    },
    runOnce,
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const current = running;
      if (!current) return;
      halted = true;
      try {
        await current.catch(() => {});
      } finally {
        halted = false;
      }
    },
  };
}
