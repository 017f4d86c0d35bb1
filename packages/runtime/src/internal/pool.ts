import type { Gateway } from './gateway.js';

export interface PoolEvents {
  readonly onSpareReady?: (gateway: Gateway, startMs: number) => void;
  readonly onSpareFailed?: (error: unknown) => void;
}

/**
 * Spare gateways, started and warmed before anyone needs them, so that a new session's first
 * message skips OpenClaw's start-up. Taking a spare starts its replacement in the background.
 */
export class GatewayPool {
  readonly #size: number;
  readonly #startSpare: () => Promise<Gateway>;
  readonly #disposeSpare: (gateway: Gateway) => Promise<void>;
  readonly #events: PoolEvents;
  readonly #ready: Gateway[] = [];
  /** Sessions waiting for a spare that is still starting. */
  readonly #waiters: ((gateway: Gateway | undefined) => void)[] = [];
  #starting = 0;
  #closed = false;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    size: number,
    startSpare: () => Promise<Gateway>,
    disposeSpare: (gateway: Gateway) => Promise<void>,
    events: PoolEvents = {},
  ) {
    this.#size = size;
    this.#startSpare = startSpare;
    this.#disposeSpare = disposeSpare;
    this.#events = events;
  }

  get readyCount(): number {
    return this.#ready.length;
  }

  get startingCount(): number {
    return this.#starting;
  }

  /**
   * A ready spare; else, when a spare is already starting and nobody else waits for it, that spare
   * once it is ready (it is further along than a process started now, and two starts at once
   * slow each other down); else undefined: the caller starts its own process.
   */
  async acquire(): Promise<Gateway | undefined> {
    const ready = this.take();
    if (ready) return ready;
    if (this.#closed || this.#starting - this.#waiters.length <= 0) return undefined;
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * A ready spare, or undefined when none is ready right now. The replacement is not started
   * here: starting OpenClaw takes seconds of CPU, which would slow down the very turn the spare was
   * taken for. The caller calls {@link GatewayPool.fill} once that turn is done.
   */
  take(): Gateway | undefined {
    while (this.#ready.length > 0) {
      const gateway = this.#ready.shift();
      if (gateway?.alive) return gateway;
      if (gateway) void this.#disposeSpare(gateway);
    }
    return undefined;
  }

  /** Starts spares until ready + starting reaches the pool size. */
  fill(): void {
    if (this.#closed || this.#retryTimer) return;
    while (this.#ready.length + this.#starting < this.#size) {
      this.#starting += 1;
      const started = performance.now();
      const task = this.#startSpare()
        .then((gateway) => {
          this.#failures = 0;
          if (this.#closed) return this.#disposeSpare(gateway);
          const waiter = this.#waiters.shift();
          if (waiter) {
            waiter(gateway);
            this.#events.onSpareReady?.(gateway, performance.now() - started);
            return;
          }
          this.#ready.push(gateway);
          // A spare that dies while waiting is dropped and replaced.
          void gateway.exited.then(() => {
            const index = this.#ready.indexOf(gateway);
            if (index !== -1) {
              this.#ready.splice(index, 1);
              void this.#disposeSpare(gateway);
              this.fill();
            }
          });
          this.#events.onSpareReady?.(gateway, performance.now() - started);
        })
        .catch((error: unknown) => {
          this.#failures += 1;
          this.#events.onSpareFailed?.(error);
          this.#waiters.shift()?.(undefined);
          // Back off, so a broken install does not spin starting processes.
          const wait = Math.min(60_000, 1_000 * 2 ** Math.min(this.#failures, 6));
          this.#retryTimer = setTimeout(() => {
            this.#retryTimer = undefined;
            this.fill();
          }, wait);
          this.#retryTimer.unref();
        })
        .finally(() => {
          this.#starting -= 1;
          this.#inFlight.delete(task);
        });
      this.#inFlight.add(task);
    }
  }

  /** Resolves when no spare is starting (tests and benches wait for a full pool with this). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    await this.settled();
    const spares = this.#ready.splice(0);
    await Promise.all(spares.map((gateway) => this.#disposeSpare(gateway)));
  }
}
