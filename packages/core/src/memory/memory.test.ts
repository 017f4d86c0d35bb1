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
import { createMemoryBlobStore } from './blob-store.js';
import { createMemoryItemStore } from './item-store.js';

describeItemStore('memory', async ({ now }) => createMemoryItemStore({ now }));
describeBlobStore('memory', async () => ({ store: createMemoryBlobStore() }));
describeParamStore('memory', async () => ({
  store: createItemParamStore({ items: createMemoryItemStore() }),
}));
describeTokenStore('memory', async ({ now }) => ({
  store: createItemTokenStore({ items: createMemoryItemStore({ now }), now }),
}));
describeUsageLedger('memory', async () => ({
  ledger: createItemUsageLedger({ items: createMemoryItemStore() }),
}));
describeAuditLog('memory', async ({ now }) => {
  const items = createMemoryItemStore({ now });
  return {
    items,
    audit: createItemAuditLog({ items, now }),
    other: createItemAuditLog({ items, now, maxBatch: 7 }),
  };
});
describeOrgStore('memory', async ({ now }) => {
  const items = createMemoryItemStore({ now });
  const audit = createItemAuditLog({ items, now });
  return { items, audit, org: createItemOrgStore({ items, audit, now }) };
});
