/**
 * @packageDocumentation
 * Conformance suites for every storage port. An adapter is done when it passes its suite:
 *
 * ```ts
 * import { describeItemStore } from '@clawforce/core/testing';
 * describeItemStore('my adapter', async ({ now }) => createMyItemStore({ now }));
 * ```
 *
 * The suites use vitest (`describe`, `it`, `expect`).
 */
export { type AuditLogFactory, type AuditLogFixture, describeAuditLog } from './audit-log-suite.js';
export { type BlobStoreFactory, describeBlobStore } from './blob-store-suite.js';
export { createTestClock, type TestClock } from './clock.js';
export { expectClawforceError } from './expect-error.js';
export { describeItemStore, type ItemStoreFactory } from './item-store-suite.js';
export { describeOrgStore, type OrgStoreFactory, type OrgStoreFixture } from './org-store-suite.js';
export { describeParamStore, type ParamStoreFactory } from './param-store-suite.js';
export {
  seedSmallCompany,
  smallCompanyEmployeeDefaults,
  type TestStoreBackend,
  type TestStores,
  testStoreBackends,
} from './stores.js';
export { describeTokenStore, type TokenStoreFactory } from './token-store-suite.js';
export { describeUsageLedger, type UsageLedgerFactory } from './usage-ledger-suite.js';
