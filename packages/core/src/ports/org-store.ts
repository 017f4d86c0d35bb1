import type { DepartmentTree } from '../rules/department-tree.js';
import type { Actor } from '../schemas/audit.js';
import type {
  KnowledgeAssignment,
  KnowledgeBase,
  KnowledgeDocument,
  KnowledgeTarget,
} from '../schemas/knowledge.js';
import type {
  Agent,
  Binding,
  Department,
  Employee,
  Organization,
  Position,
  TwinLink,
} from '../schemas/organization.js';
import type { Channel } from '../schemas/primitives.js';
import type { Runtime } from '../schemas/runtime.js';
import type { Skill } from '../schemas/skill.js';
import type { SoulLayer, SoulLayerRef } from '../schemas/soul.js';
import type { ModelPrice } from '../schemas/usage.js';
import type { Page } from './item-store.js';

export type Stamped = 'createdAt' | 'updatedAt';
export type OrganizationInput = Omit<Organization, Stamped>;
export type DepartmentInput = Omit<Department, Stamped>;
export type PositionInput = Omit<Position, Stamped>;
export type EmployeeInput = Omit<Employee, Stamped>;
export type SharedAgentInput = Omit<
  Extract<Agent, { kind: 'shared' }>,
  Stamped | 'kind' | 'lastActiveAt'
>;
export type RuntimeInput = Omit<Runtime, Stamped>;
export type SkillInput = Omit<Skill, 'updatedAt'>;
export type KnowledgeBaseInput = Omit<KnowledgeBase, Stamped>;
export type KnowledgeDocumentInput = Omit<KnowledgeDocument, 'updatedAt'>;
export type ModelPriceInput = Omit<ModelPrice, 'updatedAt'>;

/**
 * A patch: listed fields replace, `null` clears an optional field, `id` cannot change.
 * Every patched entity is validated whole before anything is written.
 */
export type Patch<T> = { readonly [K in keyof T]?: T[K] | (undefined extends T[K] ? null : never) };

export interface MutationOptions {
  /** Who is making the change, for the audit trail. Defaults to the system. */
  readonly actor?: Actor;
}

export interface DeleteOptions extends MutationOptions {
  /** Delete what depends on the target too (audited as a cascade). */
  readonly force?: boolean;
}

/** What a delete removed (or, when refused, what blocks it). */
export interface DeletionReport {
  readonly departments: readonly string[];
  readonly positions: readonly string[];
  readonly employees: readonly string[];
  readonly agents: readonly string[];
  readonly bindings: readonly { readonly channel: Channel; readonly channelUserId: string }[];
  readonly twinLinks: readonly string[];
}

export interface ListOptions {
  readonly cursor?: string;
  readonly limit?: number;
}

export interface SoulWrite {
  readonly content: string;
  /** Global layer only. */
  readonly redLines?: readonly string[];
  readonly note?: string;
}

/**
 * The organization: departments, positions, employees and everything attached to them. Writes
 * are validated, conditional and atomic (a multi-item change is one transaction); integrity rules
 * hold (no dangling references, guarded deletes); every change is audited.
 */
export interface OrgStore {
  getOrganization(): Promise<Organization | undefined>;
  saveOrganization(input: OrganizationInput, options?: MutationOptions): Promise<Organization>;

  getDepartment(id: string): Promise<Department | undefined>;
  listDepartments(): Promise<Department[]>;
  /** The department tree, cached and revalidated against a version item on every call. */
  departmentTree(): Promise<DepartmentTree>;
  createDepartment(input: DepartmentInput, options?: MutationOptions): Promise<Department>;
  updateDepartment(
    id: string,
    patch: Patch<Omit<DepartmentInput, 'id'>>,
    options?: MutationOptions,
  ): Promise<Department>;
  deleteDepartment(id: string, options?: DeleteOptions): Promise<DeletionReport>;

  getPosition(id: string): Promise<Position | undefined>;
  listPositions(options?: { departmentIds?: readonly string[] }): Promise<Position[]>;
  createPosition(input: PositionInput, options?: MutationOptions): Promise<Position>;
  updatePosition(
    id: string,
    patch: Patch<Omit<PositionInput, 'id'>>,
    options?: MutationOptions,
  ): Promise<Position>;
  deletePosition(id: string, options?: DeleteOptions): Promise<DeletionReport>;
  /** Employee ids holding a position. */
  listPositionHolders(positionId: string): Promise<string[]>;

  getEmployee(id: string): Promise<Employee | undefined>;
  getEmployees(ids: readonly string[]): Promise<(Employee | undefined)[]>;
  /** Employees ordered by department path; `subtreeOf` limits to a department subtree. */
  listEmployees(options?: ListOptions & { subtreeOf?: string }): Promise<Page<Employee>>;
  /** Creates the employee and their personal agent in one step. */
  createEmployee(input: EmployeeInput, options?: MutationOptions): Promise<Employee>;
  updateEmployee(
    id: string,
    patch: Patch<Omit<EmployeeInput, 'id'>>,
    options?: MutationOptions,
  ): Promise<Employee>;
  /** Removes the employee, their agent, bindings, twin link, personal SOUL and assignments atomically. */
  deleteEmployee(id: string, options?: MutationOptions): Promise<DeletionReport>;

  getAgent(id: string): Promise<Agent | undefined>;
  listAgents(options?: ListOptions & { kind?: Agent['kind'] }): Promise<Page<Agent>>;
  saveSharedAgent(input: SharedAgentInput, options?: MutationOptions): Promise<Agent>;
  updateAgentStatus(id: string, status: Agent['status'], options?: MutationOptions): Promise<Agent>;
  deleteSharedAgent(id: string, options?: MutationOptions): Promise<void>;

  getRuntime(id: string): Promise<Runtime | undefined>;
  listRuntimes(): Promise<Runtime[]>;
  saveRuntime(input: RuntimeInput, options?: MutationOptions): Promise<Runtime>;
  /** Refused while the organization or a position uses it. */
  deleteRuntime(id: string, options?: MutationOptions): Promise<void>;

  getSkill(name: string): Promise<Skill | undefined>;
  listSkills(): Promise<Skill[]>;
  saveSkill(input: SkillInput, options?: MutationOptions): Promise<Skill>;
  deleteSkill(name: string, options?: MutationOptions): Promise<void>;

  getKnowledgeBase(id: string): Promise<KnowledgeBase | undefined>;
  listKnowledgeBases(): Promise<KnowledgeBase[]>;
  saveKnowledgeBase(input: KnowledgeBaseInput, options?: MutationOptions): Promise<KnowledgeBase>;
  /** Deletes the base with its document records and assignments (bodies are the caller's BlobStore). */
  deleteKnowledgeBase(id: string, options?: MutationOptions): Promise<KnowledgeDocument[]>;
  saveKnowledgeDocument(
    input: KnowledgeDocumentInput,
    options?: MutationOptions,
  ): Promise<KnowledgeDocument>;
  listKnowledgeDocuments(knowledgeBaseId: string): Promise<KnowledgeDocument[]>;
  deleteKnowledgeDocument(
    knowledgeBaseId: string,
    documentId: string,
    options?: MutationOptions,
  ): Promise<void>;
  assignKnowledgeBase(
    knowledgeBaseId: string,
    target: KnowledgeTarget,
    options?: MutationOptions,
  ): Promise<KnowledgeAssignment>;
  unassignKnowledgeBase(
    knowledgeBaseId: string,
    target: KnowledgeTarget,
    options?: MutationOptions,
  ): Promise<boolean>;
  listKnowledgeAssignments(knowledgeBaseId: string): Promise<KnowledgeAssignment[]>;
  /** The bases an employee gets: assigned to everyone, to their position or to them. */
  knowledgeBaseIdsFor(employee: Pick<Employee, 'id' | 'positionId'>): Promise<string[]>;

  getSoulLayer(ref: SoulLayerRef): Promise<SoulLayer | undefined>;
  getSoulLayerVersion(ref: SoulLayerRef, version: number): Promise<SoulLayer | undefined>;
  /** Versions newest first. */
  listSoulLayerVersions(ref: SoulLayerRef, options?: ListOptions): Promise<Page<SoulLayer>>;
  /** Writes the next version; with `expectedVersion`, a concurrent edit is a `conflict`. */
  saveSoulLayer(
    ref: SoulLayerRef,
    write: SoulWrite,
    options: MutationOptions & { author: string; expectedVersion?: number },
  ): Promise<SoulLayer>;

  getBinding(channel: Channel, channelUserId: string): Promise<Binding | undefined>;
  listBindingsByEmployee(employeeId: string): Promise<Binding[]>;
  listBindingsByChannel(channel: Channel, options?: ListOptions): Promise<Page<Binding>>;
  /** A channel account already bound (to anyone) is a `conflict`. */
  createBinding(
    binding: Omit<Binding, 'sessionCount' | 'lastActiveAt'>,
    options?: MutationOptions,
  ): Promise<Binding>;
  deleteBinding(
    channel: Channel,
    channelUserId: string,
    options?: MutationOptions,
  ): Promise<Binding | undefined>;
  recordBindingActivity(
    channel: Channel,
    channelUserId: string,
    activity: { at: string; newSession: boolean },
  ): Promise<Binding | undefined>;

  getTwinLink(employeeId: string): Promise<TwinLink | undefined>;
  /** Enables (or rotates) the twin link to a new token digest; the old token stops resolving at once. */
  enableTwinLink(
    employeeId: string,
    tokenHash: string,
    options?: MutationOptions,
  ): Promise<TwinLink>;
  disableTwinLink(employeeId: string, options?: MutationOptions): Promise<TwinLink | undefined>;
  /** The enabled twin link behind a token digest. */
  resolveTwinToken(tokenHash: string): Promise<TwinLink | undefined>;
  recordTwinActivity(employeeId: string, activity: 'view' | 'chat'): Promise<TwinLink | undefined>;

  getModelPrice(model: string): Promise<ModelPrice | undefined>;
  listModelPrices(): Promise<ModelPrice[]>;
  saveModelPrice(input: ModelPriceInput, options?: MutationOptions): Promise<ModelPrice>;
  deleteModelPrice(model: string, options?: MutationOptions): Promise<void>;
}
