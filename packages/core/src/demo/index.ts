/**
 * @packageDocumentation
 * `@clawforce/core/demo`: ACME Corp, the demo company, as typed data; {@link seedDemoCompany} to
 * load it idempotently into any stores; {@link summarizeOrganization} and
 * {@link formatOrganizationSummary} to count what an organization holds.
 *
 * ```ts
 * import { createMemoryStores } from '@clawforce/core';
 * import { formatOrganizationSummary, seedDemoCompany, summarizeOrganization } from '@clawforce/core/demo';
 *
 * const stores = createMemoryStores();
 * await seedDemoCompany(stores);
 * console.log(formatOrganizationSummary(await summarizeOrganization(stores)));
 * ```
 */

export { acmeCorp } from './company.js';
export {
  SEED_ENTITIES,
  type SeedEntity,
  type SeedOptions,
  type SeedReport,
  type SeedStores,
  seedDemoCompany,
} from './seed.js';
export {
  formatOrganizationSummary,
  type OrganizationSummary,
  summarizeOrganization,
} from './summary.js';
export type {
  DemoCompany,
  DemoKnowledgeBase,
  DemoKnowledgeDocument,
  DemoSoulTemplates,
} from './types.js';
