import type { DemoKnowledgeBase } from '../types.js';
import { companyStrategyBase } from './company-strategy.js';
import { employeeHandbook } from './employee-handbook.js';
import { engineeringHandbook } from './engineering.js';
import { financePoliciesBase } from './finance.js';
import { itSecurity } from './it-security.js';
import { legalPlaybookBase } from './legal.js';
import { peopleOperationsBase } from './people-operations.js';
import { platformRunbooks } from './platform-runbooks.js';
import { customerSuccessBase, productCatalogBase, salesPlaybookBase } from './revenue.js';

/** The 11 topic knowledge bases (13 documents); the company directory is generated separately. */
export const knowledgeBases: readonly DemoKnowledgeBase[] = [
  employeeHandbook,
  itSecurity,
  engineeringHandbook,
  platformRunbooks,
  salesPlaybookBase,
  productCatalogBase,
  customerSuccessBase,
  financePoliciesBase,
  legalPlaybookBase,
  peopleOperationsBase,
  companyStrategyBase,
];
