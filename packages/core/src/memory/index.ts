import { createStores, type Stores } from '../stores/index.js';
import { createMemoryBlobStore } from './blob-store.js';
import { createMemoryItemStore } from './item-store.js';

export { createMemoryBlobStore } from './blob-store.js';
export { createMemoryItemStore, type MemoryItemStoreOptions } from './item-store.js';

/** Every store in process memory: for tests and throwaway tools. */
export function createMemoryStores(options: { now?: () => number } = {}): Stores {
  const now = options.now ?? Date.now;
  return createStores({
    items: createMemoryItemStore({ now }),
    blobs: createMemoryBlobStore({ now }),
    now,
  });
}
