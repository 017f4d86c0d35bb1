import type {
  DepartmentInput,
  EmployeeInput,
  KnowledgeBaseInput,
  ModelPriceInput,
  OrganizationInput,
  PositionInput,
  RuntimeInput,
  SharedAgentInput,
  SkillInput,
} from '../ports/org-store.js';
import type { KnowledgeTarget } from '../schemas/knowledge.js';

/** One Markdown document of a demo knowledge base; its body goes to the BlobStore. */
export interface DemoKnowledgeDocument {
  readonly id: string;
  readonly title: string;
  /** `lowercase-words.md`, unique inside its base. */
  readonly fileName: string;
  readonly description: string;
  /** The Markdown body. */
  readonly content: string;
}

/** A topic knowledge base with its documents and who gets it. */
export interface DemoKnowledgeBase extends KnowledgeBaseInput {
  readonly kind: 'topic';
  readonly documents: readonly DemoKnowledgeDocument[];
  readonly assignments: readonly KnowledgeTarget[];
}

/** The SOUL templates: the locked global layer and one layer per position that has one. */
export interface DemoSoulTemplates {
  readonly global: { readonly content: string; readonly redLines: readonly string[] };
  readonly positions: readonly { readonly positionId: string; readonly content: string }[];
}

/**
 * A complete demo company as plain, typed data: everything `seedDemoCompany` writes, in the
 * shapes the OrgStore accepts. The dataset must be self-contained: every reference (parent
 * department, position, runtime, skill, assignment target) points at an entity of the same
 * dataset. The company directory is not part of it; it is generated from the stored org data.
 */
export interface DemoCompany {
  readonly organization: OrganizationInput;
  /** Runtime tiers; the organization's `defaultRuntimeId` must be one of them. */
  readonly runtimes: readonly RuntimeInput[];
  /** Departments in any order; `parentId` links them into a tree. */
  readonly departments: readonly DepartmentInput[];
  readonly positions: readonly PositionInput[];
  /** Each employee also gets a personal agent when created. */
  readonly employees: readonly EmployeeInput[];
  /** Always-on team agents. */
  readonly sharedAgents: readonly SharedAgentInput[];
  readonly skills: readonly SkillInput[];
  readonly soul: DemoSoulTemplates;
  readonly knowledgeBases: readonly DemoKnowledgeBase[];
  /** Prices of the models the runtimes and agent configs use. */
  readonly modelPrices: readonly ModelPriceInput[];
}
