/**
 * @packageDocumentation
 * `@clawforce/core`: the Clawforce domain. Schemas and types, RBAC and department scoping, policy
 * precedence, the storage ports and the stores built on them, with in-memory and filesystem
 * adapters. SQLite adapters live in `@clawforce/core/sqlite`, conformance suites in
 * `@clawforce/core/testing`, the ACME demo company in `@clawforce/core/demo`.
 */

export * from './errors.js';
export { createFileSystemBlobStore } from './fs/blob-store.js';
export * from './ids.js';
export {
  createMemoryBlobStore,
  createMemoryItemStore,
  createMemoryStores,
  type MemoryItemStoreOptions,
} from './memory/index.js';
export * from './ports/audit-log.js';
export * from './ports/blob-store.js';
export * from './ports/item-store.js';
export * from './ports/org-store.js';
export * from './ports/param-store.js';
export * from './ports/token-store.js';
export * from './ports/usage-ledger.js';
export * from './rules/department-tree.js';
export * from './rules/directory.js';
export * from './rules/precedence.js';
export * from './rules/rbac.js';
export * from './rules/tool-groups.js';
export * from './rules/twin.js';
export * from './schemas/access-path.js';
export * from './schemas/agent-config.js';
export * from './schemas/audit.js';
export * from './schemas/channel.js';
export * from './schemas/knowledge.js';
export * from './schemas/organization.js';
export * from './schemas/primitives.js';
export * from './schemas/runtime.js';
export * from './schemas/skill.js';
export * from './schemas/soul.js';
export * from './schemas/tool-policy.js';
export * from './schemas/usage.js';
export {
  createItemAuditLog,
  hashAuditEvent,
  type ItemAuditLogOptions,
} from './stores/audit-log.js';
export {
  COMPANY_DIRECTORY_DOCUMENT_ID,
  COMPANY_DIRECTORY_FILE_NAME,
  COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
  knowledgeDocumentKey,
  publishCompanyDirectory,
} from './stores/company-directory.js';
export { type CreateStoresOptions, createStores, type Stores } from './stores/index.js';
export { orgKeys } from './stores/org-keys.js';
export { createItemOrgStore, type ItemOrgStoreOptions } from './stores/org-store.js';
export { createItemParamStore } from './stores/param-store.js';
export { createItemTokenStore } from './stores/token-store.js';
export { createItemUsageLedger, emptyTotals } from './stores/usage-ledger.js';
export * from './validation.js';
