/**
 * A readers-writer lock for the local DynamoDB: single-item requests share it, a transaction holds
 * it alone, so nothing ever observes half of a transaction. Waiting writers block new readers, so
 * a transaction is not starved by a stream of reads.
 */
export class ReadWriteLock {
  #readers = 0;
  #writer = false;
  readonly #queue: { readonly exclusive: boolean; readonly grant: () => void }[] = [];

  async run<T>(exclusive: boolean, action: () => Promise<T>): Promise<T> {
    await new Promise<void>((grant) => {
      this.#queue.push({ exclusive, grant });
      this.#drain();
    });
    try {
      return await action();
    } finally {
      if (exclusive) this.#writer = false;
      else this.#readers -= 1;
      this.#drain();
    }
  }

  #drain(): void {
    for (;;) {
      const next = this.#queue[0];
      if (!next || this.#writer) return;
      if (next.exclusive) {
        if (this.#readers > 0) return;
        this.#writer = true;
      } else {
        this.#readers += 1;
      }
      this.#queue.shift();
      next.grant();
    }
  }
}

/** Runs actions on one key one at a time, in arrival order. */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, action: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await action();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
