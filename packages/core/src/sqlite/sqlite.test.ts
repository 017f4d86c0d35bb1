import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSystemBlobStore } from '../fs/blob-store.js';
import { createItemAuditLog } from '../stores/audit-log.js';
import { createItemOrgStore } from '../stores/org-store.js';
import { createItemParamStore } from '../stores/param-store.js';
import { createItemTokenStore } from '../stores/token-store.js';
import { createItemUsageLedger } from '../stores/usage-ledger.js';
import {
  describeAuditLog,
  describeBlobStore,
  describeItemStore,
  describeOrgStore,
  describeParamStore,
  describeTokenStore,
  describeUsageLedger,
} from '../testing/index.js';
import { openSqliteStores } from './index.js';
import { createSqliteItemStore, openSqliteDatabase } from './item-store.js';

async function temporaryDirectory() {
  const directory = await mkdtemp(join(tmpdir(), 'clawforce-core-'));
  return { directory, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

/** A SQLite ItemStore on a real file (WAL), removed after the test. */
async function sqliteItems(now?: () => number) {
  const { directory, cleanup } = await temporaryDirectory();
  const database = await openSqliteDatabase(join(directory, 'test.db'));
  const items = createSqliteItemStore({ database, ...(now ? { now } : {}) });
  return {
    items,
    directory,
    cleanup: async () => {
      await items.close();
      await cleanup();
    },
  };
}

describeItemStore('sqlite', async ({ now }) => {
  const { items, cleanup } = await sqliteItems(now);
  return { ...items, close: cleanup };
});
describeBlobStore('filesystem', async () => {
  const { directory, cleanup } = await temporaryDirectory();
  return { store: createFileSystemBlobStore({ root: join(directory, 'blobs') }), cleanup };
});
describeParamStore('sqlite', async () => {
  const { items, cleanup } = await sqliteItems();
  return { store: createItemParamStore({ items }), cleanup };
});
describeTokenStore('sqlite', async ({ now }) => {
  const { items, cleanup } = await sqliteItems(now);
  return { store: createItemTokenStore({ items, now }), cleanup };
});
describeUsageLedger('sqlite', async () => {
  const { items, cleanup } = await sqliteItems();
  return { ledger: createItemUsageLedger({ items }), cleanup };
});
describeAuditLog('sqlite, two connections', async ({ now }) => {
  const { items, directory, cleanup } = await sqliteItems(now);
  // A second connection to the same file, as a second process would open it.
  const secondDatabase = await openSqliteDatabase(join(directory, 'test.db'));
  const second = createSqliteItemStore({ database: secondDatabase, now });
  return {
    items,
    audit: createItemAuditLog({ items, now }),
    other: createItemAuditLog({ items: second, now }),
    cleanup: async () => {
      await second.close();
      await cleanup();
    },
  };
});
describeOrgStore('sqlite', async ({ now }) => {
  const { items, cleanup } = await sqliteItems(now);
  const audit = createItemAuditLog({ items, now });
  return { items, audit, org: createItemOrgStore({ items, audit, now }), cleanup };
});

describe('openSqliteStores', () => {
  it('keeps data across reopening the data dir', async () => {
    const { directory, cleanup } = await temporaryDirectory();
    try {
      const first = await openSqliteStores({ dataDir: directory });
      await first.params.put(
        '/settings/default-model',
        'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
      );
      await first.blobs.put('workspaces/emp-a/MEMORY.md', 'remember me');
      await first.audit.append({
        type: 'test.event',
        actor: { kind: 'system', id: 'test' },
        summary: 'persisted',
      });
      await first.close();
      const second = await openSqliteStores({ dataDir: directory });
      expect((await second.params.get('/settings/default-model'))?.value).toBe(
        'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
      );
      expect(
        new TextDecoder().decode((await second.blobs.get('workspaces/emp-a/MEMORY.md'))?.body),
      ).toBe('remember me');
      expect(await second.audit.verify()).toEqual({ ok: true, checked: 1, headSeq: 1 });
      await second.close();
    } finally {
      await cleanup();
    }
  });
});
