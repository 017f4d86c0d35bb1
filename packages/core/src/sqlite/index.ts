import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileSystemBlobStore } from '../fs/blob-store.js';
import { createStores, type Stores } from '../stores/index.js';
import { createSqliteItemStore, openSqliteDatabase } from './item-store.js';

export {
  createSqliteItemStore,
  openSqliteDatabase,
  type SqliteItemStoreOptions,
} from './item-store.js';

export interface OpenSqliteStoresOptions {
  /** Holds `clawforce.db` (SQLite, WAL) and `blobs/` (filesystem BlobStore). Created if missing. */
  readonly dataDir: string;
  readonly now?: () => number;
}

/** The embedded default: SQLite for items, the filesystem for blobs, all under one data dir. */
export async function openSqliteStores(options: OpenSqliteStoresOptions): Promise<Stores> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const database = await openSqliteDatabase(join(options.dataDir, 'clawforce.db'));
  const now = options.now ?? Date.now;
  return createStores({
    items: createSqliteItemStore({ database, now }),
    blobs: createFileSystemBlobStore({ root: join(options.dataDir, 'blobs') }),
    now,
  });
}
