import {
  type Actor,
  type AuditLog,
  type Binding,
  type Channel,
  type ChannelAdapter,
  ClawforceError,
  isClawforceError,
  type OrgStore,
  parse,
} from '@clawforce/core';
import { z } from 'zod';

/** Notices are short: a reminder or an announcement, not a document. */
export const NOTICE_MAX_CHARACTERS = 4_000;
/** How much of an admin notice the audit trail keeps. */
const AUDITED_TEXT_CHARACTERS = 1_000;

export const noticeTextSchema = z.string().trim().min(1).max(NOTICE_MAX_CHARACTERS);

export type NoticeSource = 'admin' | 'heartbeat';

export interface NoticeRequest {
  readonly employeeId: string;
  /** Markdown; the adapter converts it to the platform's formatting. */
  readonly text: string;
  /** `admin`: an admin or manager wrote it; `heartbeat`: the employee's agent reminds them. */
  readonly source: NoticeSource;
  /** Who sends it, for the audit trail. */
  readonly actor: Actor;
}

export interface NoticeDelivery {
  readonly channel: Channel;
  readonly channelUserId: string;
  /** How many platform messages the notice became (long ones are split). */
  readonly parts: number;
  readonly sentAt: string;
}

export interface NoticeService {
  /**
   * Sends a notice to the employee's preferred bound channel: the first binding in CHANNELS.md
   * order whose channel is enabled here and whose chat is known, falling back to the next when a
   * platform refuses. Audited (`im.notice-sent`, or `im.notice-failed` when every one failed).
   * `not_found` when the employee has no reachable binding (nothing is sent or audited).
   */
  send(request: NoticeRequest): Promise<NoticeDelivery>;
  /** The hook for the runtime: the employee's agent reminds them (HEARTBEAT.md). */
  remind(input: { readonly employeeId: string; readonly text: string }): Promise<NoticeDelivery>;
}

/**
 * Bindings in the order CHANNELS.md lists them (the assembler sorts by channel, then account), so
 * that "the preferred channel" is the first row the agent reads there. Pure.
 */
export function inChannelsFileOrder(bindings: readonly Binding[]): Binding[] {
  return [...bindings].sort(
    (a, b) => a.channel.localeCompare(b.channel) || a.channelUserId.localeCompare(b.channelUserId),
  );
}

const CHANNEL_NAMES: Record<Channel, string> = {
  telegram: 'Telegram',
  discord: 'Discord',
  feishu: 'Feishu',
};

export function createNoticeService(options: {
  readonly org: OrgStore;
  readonly audit: AuditLog;
  /** The adapter of an enabled channel, or nothing. */
  readonly adapterOf: (channel: Channel) => ChannelAdapter | undefined;
  readonly now: () => number;
}): NoticeService {
  const { org, audit } = options;

  const send: NoticeService['send'] = async (request) => {
    const text = parse(noticeTextSchema, request.text, 'notice text');
    const employee = await org.getEmployee(request.employeeId);
    if (!employee)
      throw new ClawforceError('not_found', `employee ${request.employeeId} not found`);
    if (employee.status !== 'active') {
      throw new ClawforceError('forbidden', `employee ${employee.id} is ${employee.status}`);
    }
    const reachable = inChannelsFileOrder(await org.listBindingsByEmployee(employee.id)).filter(
      (binding) => binding.chatId !== undefined && options.adapterOf(binding.channel) !== undefined,
    );
    if (reachable.length === 0) {
      throw new ClawforceError(
        'not_found',
        `${employee.id} has no bound IM account on a channel enabled on this server`,
      );
    }
    const details = {
      source: request.source,
      characters: text.length,
      // An admin's words are the company's and belong in the trail; an agent's reminder comes
      // from the employee's private memory, which managers reading the audit must not see.
      ...(request.source === 'admin' ? { text: text.slice(0, AUDITED_TEXT_CHARACTERS) } : {}),
    };
    const attempts: { channel: Channel; channelUserId: string; code: string }[] = [];
    for (const binding of reachable) {
      const adapter = options.adapterOf(binding.channel) as ChannelAdapter;
      try {
        const sent = await adapter.send({
          channel: binding.channel,
          chatId: binding.chatId as string,
          text,
        });
        const sentAt = new Date(options.now()).toISOString();
        await audit.append({
          type: 'im.notice-sent',
          actor: request.actor,
          employeeId: employee.id,
          departmentId: employee.departmentId,
          target: { kind: 'binding', id: `${binding.channel}:${binding.channelUserId}` },
          summary: `${request.source === 'admin' ? 'Notice' : 'Reminder'} sent to ${employee.id} on ${CHANNEL_NAMES[binding.channel]}`,
          details: {
            ...details,
            channel: binding.channel,
            parts: sent.messageIds.length,
            ...(attempts.length > 0 ? { failedFirst: attempts } : {}),
          },
        });
        return {
          channel: binding.channel,
          channelUserId: binding.channelUserId,
          parts: sent.messageIds.length,
          sentAt,
        };
      } catch (error) {
        attempts.push({
          channel: binding.channel,
          channelUserId: binding.channelUserId,
          code: isClawforceError(error) ? error.code : 'unavailable',
        });
      }
    }
    await audit.append({
      type: 'im.notice-failed',
      actor: request.actor,
      employeeId: employee.id,
      departmentId: employee.departmentId,
      summary: `${request.source === 'admin' ? 'Notice' : 'Reminder'} to ${employee.id} could not be delivered`,
      details: { ...details, attempts },
    });
    throw new ClawforceError('unavailable', 'no channel accepted the notice; try again later', {
      attempts,
    });
  };

  return {
    send,
    remind: ({ employeeId, text }) =>
      send({
        employeeId,
        text,
        source: 'heartbeat',
        actor: { kind: 'system', id: 'heartbeat' },
      }),
  };
}
