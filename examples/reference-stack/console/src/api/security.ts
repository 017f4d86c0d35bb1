import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type { ActiveSessions, Guardrails, Items, RouteExplanation, Runtime } from './types.js';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const fetchRuntimes = (signal?: AbortSignal) =>
  api.call<Items<Runtime>>(endpoints.runtimes, withSignal(signal));

export const fetchGuardrails = (signal?: AbortSignal) =>
  api.call<Guardrails>(endpoints.guardrails, withSignal(signal));

export const assignGuardrail = (runtimeId: string, guardrailId: string | null) =>
  api.call<Runtime>(endpoints.assignGuardrail, { path: { runtimeId }, body: { guardrailId } });

export const explainRoute = (employeeId: string, signal?: AbortSignal) =>
  api.call<RouteExplanation>(endpoints.explainRoute, {
    path: { employeeId },
    ...withSignal(signal),
  });

/** Sessions with a running agent right now, scoped to the caller by the server. */
export const fetchActiveSessions = (signal?: AbortSignal) =>
  api.call<ActiveSessions>(endpoints.activeSessions, withSignal(signal));
