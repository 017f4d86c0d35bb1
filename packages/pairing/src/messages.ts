import type { Channel } from '@clawforce/core';
import type { CodeProblem } from './codes.js';

const CHANNEL_NAMES: Readonly<Record<Channel, string>> = {
  telegram: 'Telegram',
  discord: 'Discord',
  feishu: 'Feishu',
};

/** Every reply the confirm flow sends, as functions so they can be translated or reworded. */
export interface PairingMessages {
  instructions(context: { channel: Channel }): string;
  confirm(context: { employeeName: string; positionName: string | undefined }): string;
  bound(context: { employeeName: string }): string;
  cancelled(): string;
  noPending(): string;
  alreadyBound(context: { employeeName: string | undefined }): string;
  lockedOut(context: { minutes: number }): string;
  codeUnknown(): string;
  codeExpired(): string;
  codeUsed(): string;
  codeReplaced(): string;
  codeWrongChannel(context: { codeChannel: Channel; channel: Channel }): string;
  codeMalformed(context: { problem: CodeProblem }): string;
  employeeUnavailable(): string;
}

export const englishMessages: PairingMessages = {
  instructions: ({ channel }) =>
    `This ${CHANNEL_NAMES[channel]} account is not linked to Clawforce yet. In the Clawforce portal, open Connect ${CHANNEL_NAMES[channel]} and send the /start message it shows you here.`,
  confirm: ({ employeeName, positionName }) =>
    `You are linking this account to ${employeeName}${positionName ? ` · ${positionName}` : ''}. Reply BIND to confirm or CANCEL.`,
  bound: ({ employeeName }) =>
    `Done: this account is now linked to ${employeeName}. Messages here go to your Clawforce agent.`,
  cancelled: () => 'Cancelled. Nothing was linked.',
  noPending: () =>
    'There is no linking in progress. Send /start with the code from the portal first.',
  alreadyBound: ({ employeeName }) =>
    `This account is already linked${employeeName ? ` to ${employeeName}` : ''}. To link it to someone else, revoke it in the portal first.`,
  lockedOut: ({ minutes }) =>
    `Too many wrong codes. Linking is paused for this account; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  codeUnknown: () =>
    'That code does not exist. Check it against the portal, or create a new one there.',
  codeExpired: () =>
    'That code has expired (codes last 10 minutes). Create a new one in the portal.',
  codeUsed: () => 'That code has already been used. Create a new one in the portal.',
  codeReplaced: () =>
    'That code was replaced by a newer one. Use the latest code shown in the portal.',
  codeWrongChannel: ({ codeChannel }) =>
    `That code is for ${CHANNEL_NAMES[codeChannel]}. Create a code for this app in the portal.`,
  codeMalformed: ({ problem }) =>
    problem === 'lookalike'
      ? 'That code contains characters that only look like letters or digits. Type the code using A-Z and 0-9.'
      : 'That is not a pairing code. Codes look like ABCD-EFGH (letters A-Z and digits 0-9).',
  employeeUnavailable: () =>
    'That code belongs to an account that cannot be linked right now. Contact your IT admin.',
};
