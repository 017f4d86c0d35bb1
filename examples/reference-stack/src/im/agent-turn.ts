import { escapeMarkdown, type MessageHandler } from '@clawforce/channel-kit';
import { type InboundMessage, isClawforceError } from '@clawforce/core';
import type { StackContext } from '../context.js';
import { HttpError } from '../http/errors.js';

/** A message after this long a pause starts a new conversation on the binding (its session count). */
export const DEFAULT_SESSION_GAP_MS = 30 * 60_000;

const SUSPENDED_REPLY =
  'The Clawforce account linked to this chat cannot use its agent right now. Contact your IT admin.';

/**
 * What the agent reads for one IM message: the text, plus one line per attachment and the message
 * replied to (the agent cannot open platform files, so it is told what arrived instead of seeing
 * nothing). Pure.
 */
export function agentMessageOf(message: InboundMessage): string {
  const parts: string[] = [];
  if (message.replyTo?.text) {
    const quoted = message.replyTo.text.slice(0, 1_000).split('\n').join('\n> ');
    parts.push(`(In reply to:)\n> ${quoted}`);
  }
  if (message.text.trim() !== '') parts.push(message.text);
  for (const attachment of message.attachments) {
    const name = attachment.name ? ` "${attachment.name}"` : '';
    const type = attachment.mimeType ? ` (${attachment.mimeType})` : '';
    parts.push(`[The person attached a ${attachment.kind}${name}${type}, which you cannot open.]`);
  }
  return parts.join('\n\n');
}

/** Whether this message starts a new conversation on its binding. Pure. */
export function startsNewSession(
  lastActiveAt: string | undefined,
  at: number,
  gapMs: number,
): boolean {
  if (lastActiveAt === undefined) return true;
  const last = Date.parse(lastActiveAt);
  return !Number.isFinite(last) || at - last >= gapMs;
}

/**
 * The agent turn of a bound IM account: binding -> employee -> the employee's `emp__` session
 * (the router, the same session as the portal) -> the stack's chat service (budgets, routing,
 * guardrails, the runtime turn, the conversation log: the portal's pipeline, not a copy of it) ->
 * the reply as Markdown. Records the binding's activity first.
 */
export function createImMessageHandler(
  context: StackContext,
  options: { readonly sessionGapMs?: number } = {},
): MessageHandler {
  const gapMs = options.sessionGapMs ?? DEFAULT_SESSION_GAP_MS;
  const { org } = context.stores;

  return async (message) => {
    let caller: Awaited<ReturnType<typeof context.router.resolveCaller>>;
    try {
      caller = await context.router.resolveCaller({
        source: 'im',
        channel: message.channel,
        channelUserId: message.channelUserId,
      });
    } catch (error) {
      // The binding's employee is suspended (or gone): no agent, a plain sentence instead.
      if (isClawforceError(error, 'forbidden') || isClawforceError(error, 'not_found')) {
        return escapeMarkdown(SUSPENDED_REPLY);
      }
      throw error;
    }
    if (caller.accessPath.kind !== 'employee' || !caller.employee) {
      // Revoked between the pairing check and here: the pairing flow answers (instructions).
      const outcome = await context.pairing.handleInbound({
        channel: message.channel,
        channelUserId: message.channelUserId,
        chatId: message.chatId,
        text: message.text,
      });
      return outcome.handled ? escapeMarkdown(outcome.reply) : undefined;
    }
    const at = context.now();
    await org.recordBindingActivity(message.channel, message.channelUserId, {
      at: new Date(at).toISOString(),
      newSession: startsNewSession(caller.binding?.lastActiveAt, at, gapMs),
    });

    const employee = caller.employee;
    let prepared: Awaited<ReturnType<typeof context.chat.prepare>>;
    try {
      prepared = await context.chat.prepare({
        accessPath: caller.accessPath,
        sessionId: caller.sessionId,
        employee,
        historyOwnerId: employee.id,
        message: agentMessageOf(message),
        signal: new AbortController().signal,
      });
    } catch (error) {
      // Refusals the person can act on (budget, size, no runtime) are told as they are.
      if (error instanceof HttpError || isClawforceError(error)) {
        return escapeMarkdown(error.message);
      }
      throw error;
    }
    const warnings: string[] = [];
    let reply = '';
    for await (const event of context.chat.stream(prepared)) {
      if (event.type === 'warning') warnings.push(`_${escapeMarkdown(event.message)}_`);
      else if (event.type === 'text') reply += event.text;
      else if (event.type === 'error') {
        context.log('warn', 'im: an agent turn failed', {
          channel: message.channel,
          employeeId: employee.id,
          code: event.code,
        });
        reply = `${reply}${reply ? '\n\n' : ''}${escapeMarkdown(`Sorry: ${event.message}`)}`;
      }
    }
    return [...warnings, reply].filter((part) => part.trim() !== '').join('\n\n');
  };
}
