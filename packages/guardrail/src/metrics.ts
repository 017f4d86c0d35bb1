/**
 * Guardrail metrics through one small interface: `withGuardrail` reports each check, block,
 * anonymization, failure and fail-open pass-through; a sink forwards them wherever metrics go
 * (CloudWatch, Prometheus, logs). `createGuardrailCounters()` is the in-memory sink.
 */
import type { GuardrailSource } from './types.js';

export type GuardrailMetricKind = 'check' | 'block' | 'anonymize' | 'error' | 'fail-open';

export interface GuardrailMetricEvent {
  readonly kind: GuardrailMetricKind;
  readonly runtimeId: string;
  readonly guardrailId: string;
  readonly source: GuardrailSource;
  /** How long the check took (present on `check`). */
  readonly durationMs?: number;
}

export interface GuardrailMetrics {
  record(event: GuardrailMetricEvent): void;
}

export interface GuardrailCounts {
  readonly checks: number;
  readonly blocks: number;
  readonly anonymizations: number;
  readonly errors: number;
  readonly failOpen: number;
}

export interface GuardrailCounterSnapshot extends GuardrailCounts {
  readonly byRuntime: Readonly<Record<string, GuardrailCounts>>;
}

export interface GuardrailCounters extends GuardrailMetrics {
  snapshot(): GuardrailCounterSnapshot;
  reset(): void;
}

const FIELD: Readonly<Record<GuardrailMetricKind, keyof GuardrailCounts>> = {
  check: 'checks',
  block: 'blocks',
  anonymize: 'anonymizations',
  error: 'errors',
  'fail-open': 'failOpen',
};

const zero = (): Record<keyof GuardrailCounts, number> => ({
  checks: 0,
  blocks: 0,
  anonymizations: 0,
  errors: 0,
  failOpen: 0,
});

/** In-memory counters, in total and per runtime. */
export function createGuardrailCounters(): GuardrailCounters {
  let total = zero();
  let byRuntime = new Map<string, Record<keyof GuardrailCounts, number>>();
  return {
    record(event) {
      const field = FIELD[event.kind];
      if (field === undefined) return;
      total[field] += 1;
      let runtime = byRuntime.get(event.runtimeId);
      if (runtime === undefined) {
        runtime = zero();
        byRuntime.set(event.runtimeId, runtime);
      }
      runtime[field] += 1;
    },
    snapshot() {
      return {
        ...total,
        byRuntime: Object.fromEntries([...byRuntime].map(([id, counts]) => [id, { ...counts }])),
      };
    },
    reset() {
      total = zero();
      byRuntime = new Map();
    },
  };
}
