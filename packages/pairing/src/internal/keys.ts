import type { Channel, ItemKey } from '@clawforce/core';

/**
 * The pairing package's items in the ItemStore (next to core's key design):
 *
 * | item | pk | sk | expires |
 * |---|---|---|---|
 * | code receipt | `PAIRING#CODE#{sha256}` | `RECEIPT` | 24 h after the code's expiry |
 * | confirm in progress | `PAIRING#PENDING#{channel}#{channelUserId}` | `PENDING` | 1 h after the code's expiry |
 * | attempt bucket | `RATE#{scope}#{subject}` | `B#{bucket index}` | after the window |
 * | lockout | `RATE#{scope}#{subject}` | `LOCK` | at the end of the lockout |
 */
export const pairingKeys = {
  receipt: (codeHash: string): ItemKey => ({ pk: `PAIRING#CODE#${codeHash}`, sk: 'RECEIPT' }),
  pending: (channel: Channel, channelUserId: string): ItemKey => ({
    pk: `PAIRING#PENDING#${channel}#${channelUserId}`,
    sk: 'PENDING',
  }),
  bucket: (scope: string, subject: string, index: number): ItemKey => ({
    pk: `RATE#${scope}#${subject}`,
    sk: `B#${index}`,
  }),
  lock: (scope: string, subject: string): ItemKey => ({
    pk: `RATE#${scope}#${subject}`,
    sk: 'LOCK',
  }),
};
