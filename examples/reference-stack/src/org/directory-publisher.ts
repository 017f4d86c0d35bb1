import { publishCompanyDirectory, type Stores } from '@clawforce/core';

/**
 * Regenerates the company directory after changes to people, positions, departments or bindings.
 * Changes arriving while a run is in progress coalesce into one more run, so a burst of edits costs
 * at most two regenerations and the last one always sees the final state.
 */
export interface DirectoryPublisher {
  /** Marks the directory stale; it is regenerated shortly, off the request path. */
  schedule(): void;
  /** Resolves when no regeneration is pending or running. */
  settled(): Promise<void>;
}

export function createDirectoryPublisher(options: {
  readonly stores: Pick<Stores, 'org' | 'blobs'>;
  readonly onError: (error: unknown) => void;
}): DirectoryPublisher {
  let dirty = false;
  let running: Promise<void> | undefined;

  const start = () => {
    running = (async () => {
      // Yield first, so that the changes of the current request are all in before the run.
      await Promise.resolve();
      while (dirty) {
        dirty = false;
        try {
          await publishCompanyDirectory(options.stores);
        } catch (error) {
          options.onError(error);
        }
      }
    })().finally(() => {
      running = undefined;
      // A change that arrived after the last loop check but before this point.
      if (dirty) start();
    });
  };

  return {
    schedule() {
      dirty = true;
      if (!running) start();
    },
    async settled() {
      while (running) await running;
    },
  };
}
