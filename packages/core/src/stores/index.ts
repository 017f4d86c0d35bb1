import type { AuditLog } from '../ports/audit-log.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { ItemStore } from '../ports/item-store.js';
import type { OrgStore } from '../ports/org-store.js';
import type { ParamStore } from '../ports/param-store.js';
import type { TokenStore } from '../ports/token-store.js';
import type { UsageLedger } from '../ports/usage-ledger.js';
import { createItemAuditLog } from './audit-log.js';
import { createItemOrgStore } from './org-store.js';
import { createItemParamStore } from './param-store.js';
import { createItemTokenStore } from './token-store.js';
import { createItemUsageLedger } from './usage-ledger.js';

/** Every store the platform uses, wired onto one ItemStore and one BlobStore. */
export interface Stores {
  readonly items: ItemStore;
  readonly blobs: BlobStore;
  readonly org: OrgStore;
  readonly audit: AuditLog;
  readonly usage: UsageLedger;
  readonly tokens: TokenStore;
  readonly params: ParamStore;
  close(): Promise<void>;
}

export interface CreateStoresOptions {
  readonly items: ItemStore;
  readonly blobs: BlobStore;
  /** Clock in epoch milliseconds (tests pass a controllable one). */
  readonly now?: () => number;
}

/** Builds the domain stores on the given ItemStore and BlobStore. */
export function createStores(options: CreateStoresOptions): Stores {
  const { items, blobs } = options;
  const now = options.now ?? Date.now;
  const audit = createItemAuditLog({ items, now });
  return {
    items,
    blobs,
    audit,
    org: createItemOrgStore({ items, audit, now }),
    usage: createItemUsageLedger({ items }),
    tokens: createItemTokenStore({ items, now }),
    params: createItemParamStore({ items, now }),
    close: () => items.close(),
  };
}
