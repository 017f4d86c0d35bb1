/**
 * A small read-through cache: values expire after `ttlMs`, concurrent misses of one key share one
 * load, and `clear()` makes every load that started before it unable to write back (so a stale read
 * that finishes after an invalidation is never cached).
 */
export interface ReadThroughCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now: () => number;
}

interface Entry {
  readonly value: unknown;
  readonly expiresAt: number;
}

export class ReadThroughCache {
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<unknown>>();
  readonly #options: ReadThroughCacheOptions;
  #epoch = 0;

  constructor(options: ReadThroughCacheOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value, or `load()`'s result (cached) on a miss or after expiry. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > this.#options.now()) return Promise.resolve(entry.value as T);
    const pending = this.#loading.get(key);
    if (pending) return pending as Promise<T>;
    const epoch = this.#epoch;
    const loading = load().then(
      (value) => {
        if (this.#epoch === epoch) {
          this.#loading.delete(key);
          this.#store(key, value);
        }
        return value;
      },
      (error: unknown) => {
        if (this.#epoch === epoch) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, loading);
    return loading;
  }

  /** Drops every entry and orphans every load in flight. */
  clear(): void {
    this.#epoch += 1;
    this.#entries.clear();
    this.#loading.clear();
  }

  #store(key: string, value: unknown): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#options.maxEntries) {
      // Oldest insertion first: Map iteration order is insertion order.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: this.#options.now() + this.#options.ttlMs });
  }
}
