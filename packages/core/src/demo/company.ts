import { knowledgeBases } from './knowledge/index.js';
import { departments, modelPrices, organization, runtimes } from './organization.js';
import { employees, sharedAgents } from './people.js';
import { positions } from './positions.js';
import { skills } from './skills.js';
import { soul } from './soul.js';
import type { DemoCompany } from './types.js';

/**
 * ACME Corp, the demo company: 15 departments (7 top-level, 8 sub-departments), 12 positions,
 * 27 employees (each with a personal agent) and 2 always-on shared agents, 26 skills, 11 topic
 * knowledge bases with 13 documents (the company directory is generated at seeding as the 14th),
 * 1 global and 11 position SOUL layers, 2 runtime tiers and the prices of the 2 models they use.
 */
export const acmeCorp: DemoCompany = {
  organization,
  runtimes,
  departments,
  positions,
  employees,
  sharedAgents,
  skills,
  soul,
  knowledgeBases,
  modelPrices,
};
