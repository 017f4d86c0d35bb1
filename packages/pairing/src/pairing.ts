import {
  type Actor,
  type AuditLog,
  assertAuthorized,
  assertId,
  type Binding,
  type Channel,
  ClawforceError,
  channelSchema,
  channelUserIdSchema,
  createPrincipal,
  type Employee,
  type ItemStore,
  isClawforceError,
  type OrgStore,
  type Page,
  parse,
  type TokenRecord,
  type TokenStore,
} from '@clawforce/core';
import { z } from 'zod';
import {
  assertCodeLength,
  DEFAULT_PAIRING_CODE_LENGTH,
  formatPairingCode,
  generatePairingCode,
  hashPairingCode,
  normalizePairingCode,
} from './codes.js';
import { type ChannelSettings, type PairingLink, pairingLinkFor } from './deep-links.js';
import { parseCommand } from './internal/command.js';
import { pairingKeys } from './internal/keys.js';
import { AttemptLimiter } from './internal/limits.js';
import { englishMessages, type PairingMessages } from './messages.js';
import { renderQrSvg } from './qr.js';

/** The TokenStore kind pairing codes are issued under (id = the code's SHA-256). */
export const PAIRING_CODE_KIND = 'pairing-code';
const RECEIPT_RETENTION_SECONDS = 24 * 3_600;
const PENDING_GRACE_SECONDS = 3_600;

export interface BadCodeLimit {
  /** Bad codes allowed per channel account in the window, default 5. */
  readonly maxAttempts: number;
  /** Default 600 (10 minutes). */
  readonly windowSeconds: number;
  /** Default 900 (15 minutes). */
  readonly lockoutSeconds: number;
}

export interface PairingOptions {
  readonly org: OrgStore;
  readonly tokens: TokenStore;
  /** For code receipts, confirmations in progress and attempt counters. */
  readonly items: ItemStore;
  readonly audit?: AuditLog;
  /** The bots to pair with; a channel without settings cannot be paired. */
  readonly channels: ChannelSettings;
  /** Code length, 8-16 characters (5 bits each), default 8. */
  readonly codeLength?: number;
  /** How long a code is valid, default 600 s. */
  readonly codeTtlSeconds?: number;
  /** Pending codes per employee, default 3; starting another cancels the oldest. */
  readonly maxPendingCodes?: number;
  readonly badCodes?: Partial<BadCodeLimit>;
  /** Replace some or all replies (for translation). */
  readonly messages?: Partial<PairingMessages>;
  readonly now?: () => number;
}

export interface PairingStart {
  /** The code to show once; it is stored only as a digest. */
  readonly code: string;
  /** The code as people read it, `ABCD-EFGH`. */
  readonly displayCode: string;
  readonly channel: Channel;
  readonly expiresAt: string;
  readonly link: PairingLink;
  /** A QR code of `link.url`, rendered locally as SVG. */
  readonly qrSvg: string;
}

export const inboundMessageSchema = z.strictObject({
  channel: channelSchema,
  /** The sender's platform id, from the verified webhook. */
  channelUserId: channelUserIdSchema,
  /** The chat to reply in (stored on the binding for later outbound messages). */
  chatId: z.string().min(1).max(200).optional(),
  text: z.string().max(65_536),
});
export type InboundMessage = z.input<typeof inboundMessageSchema>;

export type PairingState =
  | 'instructions'
  | 'confirm'
  | 'bound'
  | 'cancelled'
  | 'no_pending'
  | 'already_bound'
  | 'locked_out'
  | 'code_unknown'
  | 'code_expired'
  | 'code_used'
  | 'code_replaced'
  | 'code_wrong_channel'
  | 'code_malformed'
  | 'employee_unavailable';

/**
 * What to do with an inbound message: `handled: false` for an ordinary message of a bound account
 * (route it to the agent); otherwise the reply to send and the state the flow is in.
 */
export type InboundOutcome =
  | { readonly handled: false }
  | {
      readonly handled: true;
      readonly state: PairingState;
      readonly reply: string;
      /** The new binding, when `state` is `bound`. */
      readonly binding?: Binding;
    };

export interface Pairing {
  /** Issues a pairing code for the signed-in employee on one channel, with link and QR. */
  startPairing(input: { employeeId: string; channel: Channel }): Promise<PairingStart>;
  /** The IM side: `/start CODE`, `BIND`, `CANCEL`, and instructions for anything else. */
  handleInbound(message: InboundMessage): Promise<InboundOutcome>;
  /** An employee's bindings; `by` is the signed-in employee (RBAC `binding:list`). */
  listBindings(input: { by: string; employeeId: string }): Promise<Binding[]>;
  /** One channel's bindings, newest last (RBAC `binding:list` on the organization: admins). */
  listChannelBindings(input: {
    by: string;
    channel: Channel;
    cursor?: string;
    limit?: number;
  }): Promise<Page<Binding>>;
  /** Unbinds at once (RBAC `binding:revoke`: the employee, their manager or an admin); audited. */
  revokeBinding(input: { by: string; channel: Channel; channelUserId: string }): Promise<Binding>;
}

type ReceiptState = 'issued' | 'used' | 'replaced';
interface Receipt {
  readonly state: ReceiptState;
  readonly employeeId: string;
  readonly channel: Channel;
  /** Epoch seconds the code stops being valid. */
  readonly validUntil: number;
}
interface PendingConfirm {
  readonly codeHash: string;
  readonly employeeId: string;
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ClawforceError('validation_failed', `${field} must be a positive integer`, [
      { path: field, code: 'too_small', message: 'must be a positive integer' },
    ]);
  }
  return value;
}

/** Self-service IM pairing on the OrgStore, TokenStore and ItemStore. */
export function createPairing(options: PairingOptions): Pairing {
  const { org, tokens, items, audit, channels } = options;
  const now = options.now ?? Date.now;
  const seconds = () => Math.floor(now() / 1_000);
  const codeLength = assertCodeLength(options.codeLength ?? DEFAULT_PAIRING_CODE_LENGTH);
  const codeTtl = positiveInteger(options.codeTtlSeconds ?? 600, 'codeTtlSeconds');
  const maxPending = positiveInteger(options.maxPendingCodes ?? 3, 'maxPendingCodes');
  const limiter = new AttemptLimiter({
    items,
    now,
    scope: 'pairing-code',
    maxAttempts: positiveInteger(options.badCodes?.maxAttempts ?? 5, 'badCodes.maxAttempts'),
    windowSeconds: positiveInteger(
      options.badCodes?.windowSeconds ?? 600,
      'badCodes.windowSeconds',
    ),
    lockoutSeconds: positiveInteger(
      options.badCodes?.lockoutSeconds ?? 900,
      'badCodes.lockoutSeconds',
    ),
  });
  const messages: PairingMessages = { ...englishMessages, ...options.messages };
  // Validate the bot settings once, up front.
  for (const channel of channelSchema.options) {
    if (channels[channel]) pairingLinkFor(channel, 'A'.repeat(codeLength), channels);
  }

  const record = async (event: Parameters<AuditLog['append']>[0]) => {
    await audit?.append(event);
  };

  const writeReceipt = (codeHash: string, receipt: Receipt) =>
    items.put({
      ...pairingKeys.receipt(codeHash),
      data: { ...receipt },
      expiresAt: receipt.validUntil + RECEIPT_RETENTION_SECONDS,
    });

  const readReceipt = async (codeHash: string) =>
    (await items.get(pairingKeys.receipt(codeHash)))?.data as Receipt | undefined;

  const markReceipt = async (codeHash: string, state: ReceiptState) => {
    const receipt = await readReceipt(codeHash);
    if (receipt) await writeReceipt(codeHash, { ...receipt, state });
  };

  /** Why a code that is not (or no longer) pending cannot be used. */
  const whyUnusable = async (codeHash: string): Promise<PairingState> => {
    const receipt = await readReceipt(codeHash);
    if (!receipt) return 'code_unknown';
    if (receipt.state === 'used') return 'code_used';
    if (receipt.state === 'replaced') return 'code_replaced';
    // Still marked issued: it either ran out or was consumed a moment ago by a concurrent BIND.
    return seconds() >= receipt.validUntil ? 'code_expired' : 'code_used';
  };

  const activeEmployee = async (employeeId: string): Promise<Employee> => {
    const employee = await org.getEmployee(assertId(employeeId, 'employeeId'));
    if (!employee) throw new ClawforceError('not_found', `employee ${employeeId} not found`);
    if (employee.status !== 'active') {
      throw new ClawforceError('forbidden', `employee ${employeeId} is ${employee.status}`);
    }
    return employee;
  };

  const principalOf = async (by: string) =>
    createPrincipal(await activeEmployee(by), await org.departmentTree());

  const reply = (state: PairingState, text: string, binding?: Binding): InboundOutcome =>
    binding
      ? { handled: true, state, reply: text, binding }
      : { handled: true, state, reply: text };

  const lockedReply = (until: number) =>
    reply(
      'locked_out',
      messages.lockedOut({ minutes: Math.max(1, Math.ceil((until - seconds()) / 60)) }),
    );

  const unusableReply = (state: PairingState) => {
    switch (state) {
      case 'code_expired':
        return reply(state, messages.codeExpired());
      case 'code_used':
        return reply(state, messages.codeUsed());
      case 'code_replaced':
        return reply(state, messages.codeReplaced());
      default:
        return reply('code_unknown', messages.codeUnknown());
    }
  };

  /** Locks the account out; audited once, by whichever attempt created the lock. */
  const lockOut = async (subject: string, actor: Actor, channel: Channel) => {
    const lock = await limiter.lock(subject);
    if (lock.created) await recordLockout(subject, actor, channel);
    return lockedReply(lock.until);
  };

  const recordLockout = (subject: string, actor: Actor, channel: Channel) =>
    record({
      type: 'pairing.locked-out',
      actor,
      summary: `${channel} account locked out of pairing after too many bad codes`,
      target: { kind: 'channel-account', id: subject },
    });

  const start = async (
    message: z.output<typeof inboundMessageSchema>,
    payload: string,
    actor: Actor,
  ): Promise<InboundOutcome> => {
    const { channel, channelUserId } = message;
    if (payload === '') return reply('instructions', messages.instructions({ channel }));
    const subject = `${channel}#${channelUserId}`;
    const reserved = await limiter.reserve(subject);
    if (!reserved.allowed) {
      if (reserved.lockedNow) await recordLockout(subject, actor, channel);
      return lockedReply(reserved.lockedUntil);
    }
    // A bad code: the reply says what was wrong, or that this was one too many.
    const bad = async (outcome: InboundOutcome) =>
      reserved.used < limiter.maxAttempts ? outcome : lockOut(subject, actor, channel);

    const normalized = normalizePairingCode(payload, codeLength);
    if (!normalized.ok) {
      return bad(reply('code_malformed', messages.codeMalformed({ problem: normalized.problem })));
    }
    const codeHash = hashPairingCode(normalized.code);
    const token = await tokens.get(PAIRING_CODE_KIND, codeHash);
    if (!token) return bad(unusableReply(await whyUnusable(codeHash)));
    const codeChannel = token.data.channel as Channel;
    if (codeChannel !== channel) {
      return bad(reply('code_wrong_channel', messages.codeWrongChannel({ codeChannel, channel })));
    }
    await limiter.refund(reserved.reservation);
    const employee = await org.getEmployee(String(token.ownerId));
    if (employee?.status !== 'active') {
      return reply('employee_unavailable', messages.employeeUnavailable());
    }
    const position = await org.getPosition(employee.positionId);
    const pending: PendingConfirm = { codeHash, employeeId: employee.id };
    await items.put({
      ...pairingKeys.pending(channel, channelUserId),
      data: { ...pending },
      expiresAt: Math.floor(Date.parse(token.expiresAt) / 1_000) + PENDING_GRACE_SECONDS,
    });
    return reply(
      'confirm',
      messages.confirm({ employeeName: employee.name, positionName: position?.name }),
    );
  };

  /** Puts a consumed code back (with the time it had left) when its binding could not be made. */
  const restore = async (token: TokenRecord) => {
    const left = Math.floor(Date.parse(token.expiresAt) / 1_000) - seconds();
    if (left < 1) return;
    await tokens
      .issue({
        kind: PAIRING_CODE_KIND,
        id: token.id,
        data: token.data,
        ttlSeconds: left,
        ...(token.ownerId ? { ownerId: token.ownerId } : {}),
      })
      .catch((error: unknown) => {
        if (!isClawforceError(error, 'conflict')) throw error;
      });
  };

  const bind = async (
    message: z.output<typeof inboundMessageSchema>,
    actor: Actor,
  ): Promise<InboundOutcome> => {
    const { channel, channelUserId } = message;
    const pendingKey = pairingKeys.pending(channel, channelUserId);
    const pending = (await items.get(pendingKey))?.data as PendingConfirm | undefined;
    if (!pending) return reply('no_pending', messages.noPending());
    const employee = await org.getEmployee(pending.employeeId);
    if (employee?.status !== 'active') {
      await items.delete(pendingKey);
      return reply('employee_unavailable', messages.employeeUnavailable());
    }
    // The single-use step: of any number of concurrent BINDs of one code, exactly one gets it.
    const token = await tokens.consume(PAIRING_CODE_KIND, pending.codeHash);
    if (!token) {
      await items.delete(pendingKey);
      return unusableReply(await whyUnusable(pending.codeHash));
    }
    try {
      const binding = await org.createBinding(
        {
          channel,
          channelUserId,
          employeeId: employee.id,
          pairedAt: new Date(now()).toISOString(),
          ...(message.chatId ? { chatId: message.chatId } : {}),
        },
        { actor },
      );
      await markReceipt(pending.codeHash, 'used');
      await items.delete(pendingKey);
      return reply('bound', messages.bound({ employeeName: employee.name }), binding);
    } catch (error) {
      if (isClawforceError(error, 'conflict')) {
        await restore(token);
        await items.delete(pendingKey);
        const existing = await org.getBinding(channel, channelUserId);
        const owner = existing && (await org.getEmployee(existing.employeeId));
        return reply('already_bound', messages.alreadyBound({ employeeName: owner?.name }));
      }
      if (isClawforceError(error, 'not_found')) {
        await items.delete(pendingKey);
        return reply('employee_unavailable', messages.employeeUnavailable());
      }
      await restore(token);
      throw error;
    }
  };

  return {
    async startPairing(input) {
      const channel = parse(channelSchema, input?.channel, 'channel');
      const employee = await activeEmployee(input?.employeeId);
      const position = await org.getPosition(employee.positionId);
      if (!position?.imChannels.includes(channel)) {
        throw new ClawforceError(
          'forbidden',
          `position ${employee.positionId} does not offer ${channel}`,
          { channel },
        );
      }
      const code = generatePairingCode(codeLength);
      const link = pairingLinkFor(channel, code, channels);
      const codeHash = hashPairingCode(code);
      const issued = await tokens.issue({
        kind: PAIRING_CODE_KIND,
        id: codeHash,
        ownerId: employee.id,
        data: { channel },
        ttlSeconds: codeTtl,
      });
      await writeReceipt(codeHash, {
        state: 'issued',
        employeeId: employee.id,
        channel,
        validUntil: Math.floor(Date.parse(issued.expiresAt) / 1_000),
      });
      // At most `maxPending` codes per employee: the oldest ones go.
      const pending = await tokens.listByOwner(PAIRING_CODE_KIND, employee.id);
      for (const old of pending.slice(0, Math.max(0, pending.length - maxPending))) {
        if (old.id === codeHash) continue;
        if (await tokens.revoke(PAIRING_CODE_KIND, old.id)) await markReceipt(old.id, 'replaced');
      }
      await record({
        type: 'pairing.started',
        actor: { kind: 'employee', id: employee.id },
        employeeId: employee.id,
        departmentId: employee.departmentId,
        summary: `Pairing code issued for ${channel}`,
        details: { channel, expiresAt: issued.expiresAt },
      });
      return {
        code,
        displayCode: formatPairingCode(code),
        channel,
        expiresAt: issued.expiresAt,
        link,
        qrSvg: await renderQrSvg(link.url),
      };
    },

    async handleInbound(input) {
      const message = parse(inboundMessageSchema, input, 'inbound message');
      const { channel, channelUserId } = message;
      const command = parseCommand(message.text);
      const binding = await org.getBinding(channel, channelUserId);
      if (binding) {
        if (command.kind !== 'start') return { handled: false };
        const owner = await org.getEmployee(binding.employeeId);
        return reply('already_bound', messages.alreadyBound({ employeeName: owner?.name }));
      }
      const actor: Actor = { kind: 'channel-user', id: `${channel}:${channelUserId}` };
      if (command.kind === 'start' || command.kind === 'bind') {
        const locked = await limiter.lockedUntil(`${channel}#${channelUserId}`);
        if (locked !== undefined) return lockedReply(locked);
      }
      switch (command.kind) {
        case 'start':
          return start(message, command.payload, actor);
        case 'bind':
          return bind(message, actor);
        case 'cancel': {
          const removed = await items.delete(pairingKeys.pending(channel, channelUserId));
          return removed
            ? reply('cancelled', messages.cancelled())
            : reply('no_pending', messages.noPending());
        }
        default:
          return reply('instructions', messages.instructions({ channel }));
      }
    },

    async listBindings({ by, employeeId }) {
      const principal = await principalOf(by);
      const employee = await org.getEmployee(assertId(employeeId, 'employeeId'));
      if (!employee) throw new ClawforceError('not_found', `employee ${employeeId} not found`);
      assertAuthorized(principal, 'binding:list', {
        employeeId: employee.id,
        departmentId: employee.departmentId,
      });
      return org.listBindingsByEmployee(employee.id);
    },

    async listChannelBindings({ by, channel, cursor, limit }) {
      assertAuthorized(await principalOf(by), 'binding:list');
      return org.listBindingsByChannel(parse(channelSchema, channel, 'channel'), {
        ...(cursor === undefined ? {} : { cursor }),
        ...(limit === undefined ? {} : { limit }),
      });
    },

    async revokeBinding({ by, channel, channelUserId }) {
      const principal = await principalOf(by);
      const binding = await org.getBinding(
        parse(channelSchema, channel, 'channel'),
        parse(channelUserIdSchema, channelUserId, 'channelUserId'),
      );
      if (!binding) throw new ClawforceError('not_found', `no ${channel} binding for that account`);
      const owner = await org.getEmployee(binding.employeeId);
      assertAuthorized(principal, 'binding:revoke', {
        employeeId: binding.employeeId,
        ...(owner ? { departmentId: owner.departmentId } : {}),
      });
      const revoked = await org.deleteBinding(channel, channelUserId, {
        actor: { kind: 'employee', id: principal.employeeId },
      });
      if (!revoked) throw new ClawforceError('not_found', `no ${channel} binding for that account`);
      await items.delete(pairingKeys.pending(channel, channelUserId));
      return revoked;
    },
  };
}
