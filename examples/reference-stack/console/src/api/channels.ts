import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type { Binding, Channel, Items, Page, PairingStart, PairingStatus } from './types.js';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Every IM account bound on one channel that the caller may see. */
export async function fetchChannelBindings(
  channel: Channel,
  signal?: AbortSignal,
): Promise<Binding[]> {
  const bindings: Binding[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call<Page<Binding>>(endpoints.bindings, {
      query: { channel, limit: 100, cursor },
      ...withSignal(signal),
    });
    bindings.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return bindings;
}

export const revokeBinding = (channel: Channel, channelUserId: string) =>
  api.call<void>(endpoints.revokeBinding, { path: { channel, channelUserId } });

export const fetchMyBindings = (signal?: AbortSignal) =>
  api.call<Items<Binding>>(endpoints.myBindings, withSignal(signal));

export const revokeMyBinding = (channel: Channel, channelUserId: string) =>
  api.call<void>(endpoints.revokeMyBinding, { path: { channel, channelUserId } });

export const startPairing = (channel: Channel) =>
  api.call<PairingStart>(endpoints.startPairing, { body: { channel } });

export const fetchPairingStatus = (signal?: AbortSignal) =>
  api.call<PairingStatus>(endpoints.pairingStatus, withSignal(signal));
