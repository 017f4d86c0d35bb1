import { ClawforceError } from '@clawforce/core';
import { RuntimeError } from '../errors.js';

export interface SchedulerOptions {
  /** Sessions that may run a turn at the same time. */
  readonly maxConcurrentSessions: number;
  /** Turns that may wait (for a slot or behind their own session's turn) before callers get "busy". */
  readonly maxQueuedTurns: number;
}

export interface SchedulerStats {
  readonly runningSessions: number;
  readonly queuedTurns: number;
}

interface Entry {
  readonly sessionKey: string;
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  readonly enqueuedAt: number;
}

/**
 * Turn admission: the turns of one session run one at a time in arrival order; different sessions
 * run in parallel up to a limit; beyond it turns wait in one bounded FIFO queue, and a turn that
 * finds the queue full is refused at once with a `busy` error (HTTP 503: retry later).
 */
export class TurnScheduler {
  readonly #options: SchedulerOptions;
  readonly #waiting: Entry[] = [];
  readonly #running = new Set<string>();
  #closed = false;

  constructor(options: SchedulerOptions) {
    if (!Number.isInteger(options.maxConcurrentSessions) || options.maxConcurrentSessions < 1) {
      throw new ClawforceError(
        'validation_failed',
        'maxConcurrentSessions must be an integer >= 1',
        [{ path: 'maxConcurrentSessions', code: 'too_small', message: 'must be >= 1' }],
      );
    }
    if (!Number.isInteger(options.maxQueuedTurns) || options.maxQueuedTurns < 0) {
      throw new ClawforceError('validation_failed', 'maxQueuedTurns must be an integer >= 0', [
        { path: 'maxQueuedTurns', code: 'too_small', message: 'must be >= 0' },
      ]);
    }
    this.#options = options;
  }

  stats(): SchedulerStats {
    return { runningSessions: this.#running.size, queuedTurns: this.#waiting.length };
  }

  /** True while any turn runs or waits. */
  get busy(): boolean {
    return this.#running.size > 0 || this.#waiting.length > 0;
  }

  /**
   * Runs `task` as the session's next turn; `task` receives how long the turn waited.
   * Rejects with `busy` when the queue is full and with the task's own error otherwise.
   */
  run<T>(sessionKey: string, task: (waitedMs: number) => Promise<T>): Promise<T> {
    if (this.#closed) {
      return Promise.reject(
        new RuntimeError(
          'runtime_closed',
          'The agent runtime is shutting down and takes no new turns.',
          {
            retryable: true,
          },
        ),
      );
    }
    const canStartNow =
      !this.#running.has(sessionKey) &&
      this.#running.size < this.#options.maxConcurrentSessions &&
      !this.#waiting.some((entry) => entry.sessionKey === sessionKey);
    if (!canStartNow && this.#waiting.length >= this.#options.maxQueuedTurns) {
      return Promise.reject(
        new ClawforceError(
          'busy',
          `The agent runtime is busy: ${this.#running.size} sessions are running and ${this.#waiting.length} turns are waiting. Try again in a moment.`,
          {
            runningSessions: this.#running.size,
            queuedTurns: this.#waiting.length,
            maxQueuedTurns: this.#options.maxQueuedTurns,
          },
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const enqueuedAt = performance.now();
      this.#waiting.push({
        sessionKey,
        enqueuedAt,
        run: () => task(performance.now() - enqueuedAt),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.#dispatch();
    });
  }

  /** Refuses new turns; turns already admitted still run. */
  close(): void {
    this.#closed = true;
  }

  #dispatch(): void {
    for (let index = 0; index < this.#waiting.length; ) {
      if (this.#running.size >= this.#options.maxConcurrentSessions) return;
      const entry = this.#waiting[index];
      if (!entry || this.#running.has(entry.sessionKey)) {
        index++;
        continue;
      }
      this.#waiting.splice(index, 1);
      this.#running.add(entry.sessionKey);
      entry
        .run()
        .then(entry.resolve, entry.reject)
        .finally(() => {
          this.#running.delete(entry.sessionKey);
          this.#dispatch();
        });
    }
  }
}
