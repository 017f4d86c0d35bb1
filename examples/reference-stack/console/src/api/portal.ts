import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type {
  ConversationMessage,
  ConversationSummary,
  Employee,
  Items,
  Readiness,
  TwinEnabled,
  TwinStatus,
} from './types.js';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const warmUpAgent = (signal?: AbortSignal) =>
  api.call<{ state: 'warm' | 'starting'; sessionId: string }>(
    endpoints.portalWarmup,
    withSignal(signal),
  );

export const fetchConversations = (signal?: AbortSignal) =>
  api.call<Items<ConversationSummary>>(endpoints.portalHistory, withSignal(signal));

export const fetchConversation = (sessionId: string, signal?: AbortSignal) =>
  api.call<{ sessionId: string; messages: readonly ConversationMessage[] }>(
    endpoints.portalConversation,
    { path: { sessionId }, ...withSignal(signal) },
  );

export const updateProfile = (change: { name?: string; preferences?: string }) =>
  api.call<Employee>(endpoints.updateProfile, { body: change });

export const fetchTwin = (signal?: AbortSignal) =>
  api.call<TwinStatus>(endpoints.twin, withSignal(signal));

export const enableTwin = () => api.call<TwinEnabled>(endpoints.enableTwin);

export const disableTwin = () => api.call<TwinStatus>(endpoints.disableTwin);

/** The stack's readiness; answers 503 with the same body when not ready, which is not an error here. */
export async function fetchReadiness(signal?: AbortSignal): Promise<Readiness> {
  const response = await fetch(api.url(endpoints.readiness), {
    headers: { accept: 'application/json' },
    ...withSignal(signal),
  });
  return (await response.json()) as Readiness;
}
