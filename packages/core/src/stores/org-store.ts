import { ClawforceError, isClawforceError } from '../errors.js';
import { assertId } from '../ids.js';
import type { AuditLog } from '../ports/audit-log.js';
import {
  type Condition,
  type ItemInput,
  type ItemKey,
  type ItemStore,
  type QueryOptions,
  queryLimit,
  type StoredItem,
  type WriteOperation,
} from '../ports/item-store.js';
import type {
  DeleteOptions,
  DeletionReport,
  MutationOptions,
  OrgStore,
  SoulWrite,
} from '../ports/org-store.js';
import { DepartmentTree } from '../rules/department-tree.js';
import type { Actor, AuditEventInput } from '../schemas/audit.js';
import {
  type KnowledgeAssignment,
  type KnowledgeBase,
  type KnowledgeDocument,
  type KnowledgeTarget,
  knowledgeBaseSchema,
  knowledgeDocumentSchema,
  knowledgeTargetSchema,
} from '../schemas/knowledge.js';
import {
  type Agent,
  agentSchema,
  type Binding,
  bindingSchema,
  type Department,
  departmentSchema,
  type Employee,
  employeeSchema,
  type Organization,
  organizationSchema,
  type Position,
  positionSchema,
  type TwinLink,
  twinLinkSchema,
} from '../schemas/organization.js';
import {
  type Channel,
  channelSchema,
  channelUserIdSchema,
  type JsonObject,
  modelRefSchema,
} from '../schemas/primitives.js';
import { type Runtime, runtimeSchema } from '../schemas/runtime.js';
import { type Skill, skillSchema } from '../schemas/skill.js';
import { type SoulLayer, type SoulLayerRef, soulLayerSchema } from '../schemas/soul.js';
import { type ModelPrice, modelPriceSchema } from '../schemas/usage.js';
import { parse } from '../validation.js';
import { orgKeys as keys, targetKey } from './org-keys.js';

const SYSTEM: Actor = { kind: 'system', id: 'clawforce' };
const MAX_ATTEMPTS = 10;

const asData = (value: object) => value as unknown as JsonObject;
const keyId = (key: ItemKey) => `${key.pk}\u0000${key.sk}`;

function notFound(kind: string, id: string): ClawforceError {
  return new ClawforceError('not_found', `${kind} ${id} not found`, { kind, id });
}

/** Applies a patch: `id` may not change, `null` clears, `undefined` leaves a field alone. */
function applyPatch<T extends object>(
  current: T,
  patch: object,
  label: string,
): Record<string, unknown> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new ClawforceError('validation_failed', `${label} patch must be an object`);
  }
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id' || field === 'createdAt' || field === 'updatedAt' || field === 'kind') {
      throw new ClawforceError('validation_failed', `${label}.${field} cannot be changed`, [
        { path: field, code: 'read_only', message: 'cannot be changed' },
      ]);
    }
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next;
}

interface MutableReport {
  departments: string[];
  positions: string[];
  employees: string[];
  agents: string[];
  bindings: { channel: Channel; channelUserId: string }[];
  twinLinks: string[];
}

/**
 * Folds the operations of a cascade into at most one per key: increments of one key are summed,
 * an increment of a key that is also deleted is dropped, repeated deletes collapse.
 */
function coalesce(operations: readonly WriteOperation[]): WriteOperation[] {
  const byKey = new Map<string, WriteOperation>();
  for (const operation of operations) {
    const id = keyId(operation.type === 'put' ? operation.item : operation.key);
    const previous = byKey.get(id);
    if (!previous) {
      byKey.set(id, operation);
    } else if (operation.type === 'increment' && previous.type === 'increment') {
      const counters = { ...previous.counters };
      for (const [name, amount] of Object.entries(operation.counters))
        counters[name] = (counters[name] ?? 0) + amount;
      byKey.set(id, { ...previous, counters });
    } else if (operation.type === 'delete' && previous.type === 'increment') {
      byKey.set(id, operation);
    } else if (
      !(operation.type === 'increment' && previous.type === 'delete') &&
      !(operation.type === 'delete' && previous.type === 'delete')
    ) {
      throw new ClawforceError(
        'conflict',
        `conflicting changes to ${id.replace('\u0000', ' / ')} in one step`,
      );
    }
  }
  return [...byKey.values()];
}

const emptyReport = (): MutableReport => ({
  departments: [],
  positions: [],
  employees: [],
  agents: [],
  bindings: [],
  twinLinks: [],
});

export interface ItemOrgStoreOptions {
  readonly items: ItemStore;
  /** Every change is recorded here. */
  readonly audit: AuditLog;
  readonly now?: () => number;
}

/** The OrgStore on an ItemStore: see docs/architecture/key-design.md for the key design. */
export function createItemOrgStore(options: ItemOrgStoreOptions): OrgStore {
  const { items, audit } = options;
  const now = options.now ?? Date.now;
  const stamp = () => new Date(now()).toISOString();
  let treeCache: { version: number; tree: DepartmentTree } | undefined;

  const departmentInputSchema = departmentSchema.omit({ createdAt: true, updatedAt: true });
  const positionInputSchema = positionSchema.omit({ createdAt: true, updatedAt: true });
  const employeeInputSchema = employeeSchema.omit({ createdAt: true, updatedAt: true });

  const record = async (
    actor: Actor | undefined,
    type: string,
    summary: string,
    extra: Omit<AuditEventInput, 'type' | 'actor' | 'summary'> = {},
  ) => {
    await audit.append({ type, actor: actor ?? SYSTEM, summary, ...extra });
  };

  const queryAll = async (query: Omit<QueryOptions, 'cursor' | 'limit'>): Promise<StoredItem[]> => {
    const collected: StoredItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await items.query({ ...query, limit: 1_000, ...(cursor ? { cursor } : {}) });
      collected.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return collected;
  };

  /** Runs a transaction; a failed condition becomes the error `explain` picks for that operation. */
  const commit = async (
    operations: readonly WriteOperation[],
    explain: (failedIndex: number) => ClawforceError = () =>
      new ClawforceError('conflict', 'the data changed while this change was being made; retry'),
  ) => {
    try {
      await items.transact(operations);
    } catch (error) {
      if (isClawforceError(error, 'transaction_canceled')) {
        const reasons = ((error.details as { reasons?: string[] } | undefined)?.reasons ??
          []) as string[];
        throw explain(reasons.indexOf('condition_failed'));
      }
      throw error;
    }
  };

  const getData = async <T>(key: ItemKey): Promise<T | undefined> => {
    const item = await items.get(key);
    return item?.data as T | undefined;
  };

  const bumpDepartments: WriteOperation = {
    type: 'increment',
    key: keys.departmentsVersion,
    counters: { version: 1 },
  };
  const present: Condition = { kind: 'present' };
  const absent: Condition = { kind: 'absent' };

  // ---------- departments ----------

  const departmentTree = async (): Promise<DepartmentTree> => {
    const versionItem = await items.get(keys.departmentsVersion);
    const version = versionItem?.counters.version ?? 0;
    if (treeCache && treeCache.version === version) return treeCache.tree;
    const departments = (await queryAll({ partition: keys.departmentsPartition })).map(
      (item) => item.data as unknown as Department,
    );
    const tree = new DepartmentTree(departments);
    treeCache = { version, tree };
    return tree;
  };

  const requirePath = (tree: DepartmentTree, departmentId: string) => {
    const path = tree.path(departmentId);
    if (!path) throw notFound('department', departmentId);
    return path;
  };

  // ---------- employees ----------

  const employeeItem = (employee: Employee, departmentPath: string): ItemInput => ({
    ...keys.employee(employee.id),
    gsi1pk: keys.employeesIndex,
    gsi1sk: keys.employeeIndexSortKey(departmentPath, employee.id),
    data: asData(employee),
  });

  /**
   * The operations that delete an employee and everything attached to them. Counter updates on
   * items in `deleting` are skipped (those items go away in the same transaction).
   */
  const employeeDeletion = async (employeeId: string, deleting: ReadonlySet<string>) => {
    const item = await items.get(keys.employee(employeeId));
    if (!item) throw notFound('employee', employeeId);
    const employee = item.data as unknown as Employee;
    const report = emptyReport();
    const operations: WriteOperation[] = [
      {
        type: 'delete',
        key: keys.employee(employeeId),
        condition: { kind: 'version', version: item.version },
      },
      { type: 'delete', key: keys.uniqueEmail(employee.email) },
      { type: 'delete', key: keys.uniqueEmployeeNumber(employee.employeeNumber) },
      { type: 'delete', key: keys.positionHolder(employee.positionId, employeeId) },
    ];
    report.employees.push(employeeId);
    if (await items.get(keys.agent(employeeId))) {
      operations.push({ type: 'delete', key: keys.agent(employeeId) });
      report.agents.push(employeeId);
    }
    const position = keys.position(employee.positionId);
    if (!deleting.has(keyId(position)))
      operations.push({ type: 'increment', key: position, counters: { holders: -1 } });
    const department = keys.department(employee.departmentId);
    if (!deleting.has(keyId(department)))
      operations.push({ type: 'increment', key: department, counters: { employees: -1 } });
    for (const child of await queryAll({ partition: keys.employeePartition(employeeId) })) {
      if (child.sk === 'EMP') continue;
      operations.push({ type: 'delete', key: { pk: child.pk, sk: child.sk } });
      if (child.sk.startsWith('BIND#')) {
        const channel = child.data.channel as Channel;
        const channelUserId = String(child.data.channelUserId);
        operations.push({ type: 'delete', key: keys.binding(channel, channelUserId) });
        report.bindings.push({ channel, channelUserId });
      } else if (child.sk === 'TWIN') {
        operations.push({ type: 'delete', key: keys.twinToken(String(child.data.tokenHash)) });
        report.twinLinks.push(employeeId);
      }
    }
    for (const soul of await queryAll({
      partition: keys.soulPartition({ scope: 'personal', employeeId }),
    })) {
      operations.push({ type: 'delete', key: { pk: soul.pk, sk: soul.sk } });
    }
    const assignments = await queryAll({
      index: 'gsi1',
      partition: keys.knowledgeAssignmentIndex({ kind: 'employee', employeeId }),
    });
    for (const assignment of assignments)
      operations.push({ type: 'delete', key: { pk: assignment.pk, sk: assignment.sk } });
    return { employee, operations, report };
  };

  const mergeReports = (target: MutableReport, source: DeletionReport) => {
    target.departments.push(...source.departments);
    target.positions.push(...source.positions);
    target.employees.push(...source.employees);
    target.agents.push(...source.agents);
    target.bindings.push(...source.bindings);
    target.twinLinks.push(...source.twinLinks);
  };

  const positionDeletion = async (positionId: string, deleting: ReadonlySet<string>) => {
    const item = await items.get(keys.position(positionId));
    if (!item) throw notFound('position', positionId);
    const position = item.data as unknown as Position;
    const operations: WriteOperation[] = [
      {
        type: 'delete',
        key: keys.position(positionId),
        condition: { kind: 'version', version: item.version },
      },
    ];
    const department = keys.department(position.departmentId);
    if (!deleting.has(keyId(department)))
      operations.push({ type: 'increment', key: department, counters: { positions: -1 } });
    for (const soul of await queryAll({
      partition: keys.soulPartition({ scope: 'position', positionId }),
    })) {
      operations.push({ type: 'delete', key: { pk: soul.pk, sk: soul.sk } });
    }
    for (const assignment of await queryAll({
      index: 'gsi1',
      partition: keys.knowledgeAssignmentIndex({ kind: 'position', positionId }),
    })) {
      operations.push({ type: 'delete', key: { pk: assignment.pk, sk: assignment.sk } });
    }
    return { position, operations };
  };

  const holdersOf = async (positionId: string) =>
    (await queryAll({ partition: keys.positionHoldersPartition(positionId) })).map(
      (item) => item.sk,
    );

  // ---------- soul ----------

  const soulItemToLayer = (item: StoredItem) => item.data as unknown as SoulLayer;
  const checkSoulRef = (ref: SoulLayerRef): SoulLayerRef => {
    if (ref.scope === 'position')
      return { scope: 'position', positionId: assertId(ref.positionId, 'positionId') };
    if (ref.scope === 'personal')
      return { scope: 'personal', employeeId: assertId(ref.employeeId, 'employeeId') };
    if (ref.scope === 'global') return { scope: 'global' };
    throw new ClawforceError(
      'validation_failed',
      'soul scope must be global, position or personal',
    );
  };

  // ---------- bindings & twin ----------

  const bindingOf = (item: StoredItem): Binding => {
    const binding = { ...(item.data as unknown as Binding) };
    return binding;
  };

  /** A twin link with its visit counters, which live on their own item so counting never races enable/disable. */
  const twinOf = (item: StoredItem, stats: StoredItem | undefined): TwinLink => ({
    ...(item.data as unknown as Omit<TwinLink, 'viewCount' | 'chatCount'>),
    viewCount: stats?.counters.views ?? 0,
    chatCount: stats?.counters.chats ?? 0,
  });

  const readTwin = async (employeeId: string): Promise<TwinLink | undefined> => {
    const [item, stats] = await items.getMany([
      keys.twinLink(employeeId),
      keys.twinStats(employeeId),
    ]);
    return item && twinOf(item, stats);
  };

  // ---------- simple collections ----------

  const listPartition = async <T>(partition: string) =>
    (await queryAll({ partition })).map((item) => item.data as T);

  const store: OrgStore = {
    // ---------- organization ----------
    async getOrganization() {
      return getData<Organization>(keys.organization);
    },

    async saveOrganization(input, mutation: MutationOptions = {}) {
      const current = await items.get(keys.organization);
      const timestamp = stamp();
      const createdAt = (current?.data.createdAt as string | undefined) ?? timestamp;
      const organization = parse(
        organizationSchema,
        { ...input, createdAt, updatedAt: timestamp },
        'organization',
      );
      await commit(
        [
          {
            type: 'put',
            item: { ...keys.organization, data: asData(organization) },
            condition: current ? { kind: 'version', version: current.version } : absent,
          },
          { type: 'check', key: keys.runtime(organization.defaultRuntimeId), condition: present },
        ],
        (index) =>
          index === 1
            ? new ClawforceError(
                'validation_failed',
                `runtime ${organization.defaultRuntimeId} does not exist`,
                [{ path: 'defaultRuntimeId', code: 'not_found', message: 'no such runtime' }],
              )
            : new ClawforceError('conflict', 'the organization changed concurrently; retry'),
      );
      await record(
        mutation.actor,
        current ? 'organization.updated' : 'organization.created',
        `Organization ${organization.name} saved`,
        {
          target: { kind: 'organization', id: organization.id },
        },
      );
      return organization;
    },

    // ---------- departments ----------
    async getDepartment(id) {
      return getData<Department>(keys.department(assertId(id, 'departmentId')));
    },

    async listDepartments() {
      return listPartition<Department>(keys.departmentsPartition);
    },

    departmentTree,

    async createDepartment(input, mutation = {}) {
      const timestamp = stamp();
      const department = parse(
        departmentSchema,
        {
          ...parse(departmentInputSchema, input, 'department'),
          createdAt: timestamp,
          updatedAt: timestamp,
        },
        'department',
      );
      const operations: WriteOperation[] = [
        {
          type: 'put',
          item: { ...keys.department(department.id), data: asData(department) },
          condition: absent,
        },
        bumpDepartments,
      ];
      if (department.parentId !== null) {
        operations.push({
          type: 'increment',
          key: keys.department(department.parentId),
          counters: { children: 1 },
          condition: present,
        });
      }
      await commit(operations, (index) =>
        index === 0
          ? new ClawforceError('already_exists', `department ${department.id} already exists`)
          : new ClawforceError(
              'validation_failed',
              `parent department ${department.parentId} does not exist`,
              [{ path: 'parentId', code: 'not_found', message: 'no such department' }],
            ),
      );
      await record(mutation.actor, 'department.created', `Department ${department.name} created`, {
        departmentId: department.id,
        target: { kind: 'department', id: department.id },
      });
      return department;
    },

    async updateDepartment(id, patch, mutation = {}) {
      assertId(id, 'departmentId');
      const item = await items.get(keys.department(id));
      if (!item) throw notFound('department', id);
      const current = item.data as unknown as Department;
      const next = parse(
        departmentSchema,
        { ...applyPatch(current, patch, 'department'), updatedAt: stamp() },
        'department',
      );
      const operations: WriteOperation[] = [
        {
          type: 'put',
          item: { ...keys.department(id), data: asData(next) },
          condition: { kind: 'version', version: item.version },
        },
        bumpDepartments,
      ];
      if (next.parentId !== current.parentId) {
        const tree = await departmentTree();
        if (tree.wouldCreateCycle(id, next.parentId)) {
          throw new ClawforceError(
            'validation_failed',
            `department ${id} cannot move under its own subtree`,
            [{ path: 'parentId', code: 'cycle', message: 'would create a cycle' }],
          );
        }
        if (current.parentId !== null) {
          operations.push({
            type: 'increment',
            key: keys.department(current.parentId),
            counters: { children: -1 },
          });
        }
        if (next.parentId !== null) {
          operations.push({
            type: 'increment',
            key: keys.department(next.parentId),
            counters: { children: 1 },
            condition: present,
          });
        }
        // Re-key every employee of the subtree under the new path.
        const oldPath = requirePath(tree, id);
        const newPath = `${next.parentId === null ? '/' : requirePath(tree, next.parentId)}${id}/`;
        for (const employeeItemStored of await queryAll({
          index: 'gsi1',
          partition: keys.employeesIndex,
          beginsWith: oldPath,
        })) {
          const employee = employeeItemStored.data as unknown as Employee;
          const path = `${newPath}${(employeeItemStored.gsi1sk as string).slice(oldPath.length, -employee.id.length)}`;
          operations.push({
            type: 'put',
            item: employeeItem(employee, path),
            condition: { kind: 'version', version: employeeItemStored.version },
          });
        }
      }
      await commit(operations, (index) =>
        index > 1 && next.parentId !== current.parentId
          ? new ClawforceError(
              'validation_failed',
              `parent department ${next.parentId} does not exist`,
              [{ path: 'parentId', code: 'not_found', message: 'no such department' }],
            )
          : new ClawforceError('conflict', `department ${id} changed concurrently; retry`),
      );
      await record(mutation.actor, 'department.updated', `Department ${next.name} updated`, {
        departmentId: id,
        target: { kind: 'department', id },
        details: { fields: Object.keys(patch) },
      });
      return next;
    },

    async deleteDepartment(id, deletion: DeleteOptions = {}) {
      assertId(id, 'departmentId');
      const item = await items.get(keys.department(id));
      if (!item) throw notFound('department', id);
      const department = item.data as unknown as Department;
      const tree = await departmentTree();
      const subtree = tree.subtree(id);
      const subtreeSet = new Set(subtree);
      const path = requirePath(tree, id);
      const employees = (
        await queryAll({ index: 'gsi1', partition: keys.employeesIndex, beginsWith: path })
      ).map((stored) => stored.data as unknown as Employee);
      const positions = (await listPartition<Position>(keys.positionsPartition)).filter(
        (position) => subtreeSet.has(position.departmentId),
      );
      const blockers: DeletionReport = {
        ...emptyReport(),
        departments: subtree.filter((child) => child !== id),
        positions: positions.map((position) => position.id),
        employees: employees.map((employee) => employee.id),
      };
      if (
        !deletion.force &&
        (blockers.departments.length > 0 ||
          blockers.positions.length > 0 ||
          blockers.employees.length > 0)
      ) {
        throw new ClawforceError(
          'in_use',
          `department ${id} still has ${[
            blockers.departments.length
              ? `sub-departments (${blockers.departments.join(', ')})`
              : '',
            blockers.positions.length ? `positions (${blockers.positions.join(', ')})` : '',
            blockers.employees.length ? `employees (${blockers.employees.join(', ')})` : '',
          ]
            .filter(Boolean)
            .join(', ')}; delete with force to cascade`,
          { blockers },
        );
      }
      // Positions of the subtree held by people outside it would be left dangling: refuse.
      const employeeSet = new Set(employees.map((employee) => employee.id));
      const outsideHolders: string[] = [];
      for (const position of positions) {
        for (const holder of await holdersOf(position.id))
          if (!employeeSet.has(holder)) outsideHolders.push(holder);
      }
      if (outsideHolders.length > 0) {
        throw new ClawforceError(
          'in_use',
          `positions of department ${id} are held by employees outside it (${outsideHolders.join(', ')}); move them first`,
          { blockers: { ...emptyReport(), employees: outsideHolders } },
        );
      }
      const deleting = new Set<string>([
        ...subtree.map((dept) => keyId(keys.department(dept))),
        ...positions.map((p) => keyId(keys.position(p.id))),
      ]);
      const report = emptyReport();
      const operations: WriteOperation[] = [];
      for (const employee of employees) {
        const part = await employeeDeletion(employee.id, deleting);
        operations.push(...part.operations);
        mergeReports(report, part.report);
      }
      for (const position of positions) {
        operations.push(...(await positionDeletion(position.id, deleting)).operations);
        report.positions.push(position.id);
      }
      for (const departmentId of [...subtree].reverse()) {
        const stored = departmentId === id ? item : await items.get(keys.department(departmentId));
        if (!stored) continue;
        operations.push({
          type: 'delete',
          key: keys.department(departmentId),
          condition: { kind: 'version', version: stored.version },
        });
        report.departments.push(departmentId);
      }
      if (department.parentId !== null) {
        operations.push({
          type: 'increment',
          key: keys.department(department.parentId),
          counters: { children: -1 },
        });
      }
      operations.push(bumpDepartments);
      await commit(
        coalesce(operations),
        () =>
          new ClawforceError(
            'conflict',
            `department ${id} changed while it was being deleted; retry`,
          ),
      );
      await record(
        deletion.actor,
        deletion.force &&
          report.departments.length + report.positions.length + report.employees.length > 1
          ? 'department.cascade-deleted'
          : 'department.deleted',
        `Department ${department.name} deleted${deletion.force ? ' with everything in it' : ''}`,
        {
          departmentId: id,
          target: { kind: 'department', id },
          details: asData({ removed: report }),
        },
      );
      return report;
    },

    // ---------- positions ----------
    async getPosition(id) {
      return getData<Position>(keys.position(assertId(id, 'positionId')));
    },

    async listPositions(listOptions = {}) {
      const positions = await listPartition<Position>(keys.positionsPartition);
      if (!listOptions.departmentIds) return positions;
      const wanted = new Set(listOptions.departmentIds);
      return positions.filter((position) => wanted.has(position.departmentId));
    },

    async createPosition(input, mutation = {}) {
      const timestamp = stamp();
      const position = parse(
        positionSchema,
        {
          ...parse(positionInputSchema, input, 'position'),
          createdAt: timestamp,
          updatedAt: timestamp,
        },
        'position',
      );
      const references: { key: ItemKey; field: string; what: string }[] = [
        ...(position.runtimeId
          ? [
              {
                key: keys.runtime(position.runtimeId),
                field: 'runtimeId',
                what: `runtime ${position.runtimeId}`,
              },
            ]
          : []),
        ...position.defaultSkills.map((skill, index) => ({
          key: keys.skill(skill),
          field: `defaultSkills.${index}`,
          what: `skill ${skill}`,
        })),
      ];
      await commit(
        [
          {
            type: 'put',
            item: { ...keys.position(position.id), data: asData(position) },
            condition: absent,
          },
          {
            type: 'increment',
            key: keys.department(position.departmentId),
            counters: { positions: 1 },
            condition: present,
          },
          ...references.map((reference) => ({
            type: 'check' as const,
            key: reference.key,
            condition: present,
          })),
        ],
        (index) => {
          if (index === 0)
            return new ClawforceError('already_exists', `position ${position.id} already exists`);
          const reference =
            index === 1
              ? { field: 'departmentId', what: `department ${position.departmentId}` }
              : references[index - 2];
          return new ClawforceError('validation_failed', `${reference?.what} does not exist`, [
            { path: reference?.field ?? '(root)', code: 'not_found', message: 'does not exist' },
          ]);
        },
      );
      await record(mutation.actor, 'position.created', `Position ${position.name} created`, {
        departmentId: position.departmentId,
        target: { kind: 'position', id: position.id },
      });
      return position;
    },

    async updatePosition(id, patch, mutation = {}) {
      assertId(id, 'positionId');
      const item = await items.get(keys.position(id));
      if (!item) throw notFound('position', id);
      const current = item.data as unknown as Position;
      const next = parse(
        positionSchema,
        { ...applyPatch(current, patch, 'position'), updatedAt: stamp() },
        'position',
      );
      const references: { key: ItemKey; field: string; what: string }[] = [
        ...(next.runtimeId
          ? [
              {
                key: keys.runtime(next.runtimeId),
                field: 'runtimeId',
                what: `runtime ${next.runtimeId}`,
              },
            ]
          : []),
        ...next.defaultSkills.map((skill, index) => ({
          key: keys.skill(skill),
          field: `defaultSkills.${index}`,
          what: `skill ${skill}`,
        })),
      ];
      const operations: WriteOperation[] = [
        {
          type: 'put',
          item: { ...keys.position(id), data: asData(next) },
          condition: { kind: 'version', version: item.version },
        },
        ...references.map((reference) => ({
          type: 'check' as const,
          key: reference.key,
          condition: present,
        })),
      ];
      if (next.departmentId !== current.departmentId) {
        operations.push(
          {
            type: 'increment',
            key: keys.department(current.departmentId),
            counters: { positions: -1 },
          },
          {
            type: 'increment',
            key: keys.department(next.departmentId),
            counters: { positions: 1 },
            condition: present,
          },
        );
      }
      await commit(operations, (index) => {
        if (index === 0)
          return new ClawforceError('conflict', `position ${id} changed concurrently; retry`);
        const reference = references[index - 1] ?? {
          field: 'departmentId',
          what: `department ${next.departmentId}`,
        };
        return new ClawforceError('validation_failed', `${reference.what} does not exist`, [
          { path: reference.field, code: 'not_found', message: 'does not exist' },
        ]);
      });
      await record(mutation.actor, 'position.updated', `Position ${next.name} updated`, {
        departmentId: next.departmentId,
        target: { kind: 'position', id },
        details: { fields: Object.keys(patch) },
      });
      return next;
    },

    async deletePosition(id, deletion: DeleteOptions = {}) {
      assertId(id, 'positionId');
      const holders = await holdersOf(id);
      const item = await items.get(keys.position(id));
      if (!item) throw notFound('position', id);
      const position = item.data as unknown as Position;
      if (holders.length > 0 && !deletion.force) {
        throw new ClawforceError(
          'in_use',
          `position ${id} is held by ${holders.join(', ')}; delete with force to cascade`,
          {
            blockers: { ...emptyReport(), employees: holders },
          },
        );
      }
      const deleting = new Set([keyId(keys.position(id))]);
      const report = emptyReport();
      const operations: WriteOperation[] = [];
      for (const holder of holders) {
        const part = await employeeDeletion(holder, deleting);
        operations.push(...part.operations);
        mergeReports(report, part.report);
      }
      operations.push(...(await positionDeletion(id, deleting)).operations);
      report.positions.push(id);
      await commit(
        coalesce(operations),
        () =>
          new ClawforceError(
            'conflict',
            `position ${id} changed while it was being deleted; retry`,
          ),
      );
      await record(
        deletion.actor,
        holders.length > 0 ? 'position.cascade-deleted' : 'position.deleted',
        `Position ${position.name} deleted`,
        {
          departmentId: position.departmentId,
          target: { kind: 'position', id },
          details: asData({ removed: report }),
        },
      );
      return report;
    },

    async listPositionHolders(positionId) {
      return holdersOf(assertId(positionId, 'positionId'));
    },

    // ---------- employees ----------
    async getEmployee(id) {
      return getData<Employee>(keys.employee(assertId(id, 'employeeId')));
    },

    async getEmployees(ids) {
      const stored = await items.getMany(
        ids.map((id) => keys.employee(assertId(id, 'employeeId'))),
      );
      return stored.map((item) => item?.data as Employee | undefined);
    },

    async listEmployees(listOptions = {}) {
      const limit = queryLimit({
        partition: keys.employeesIndex,
        ...(listOptions.limit === undefined ? {} : { limit: listOptions.limit }),
      });
      let beginsWith: string | undefined;
      if (listOptions.subtreeOf !== undefined)
        beginsWith = requirePath(
          await departmentTree(),
          assertId(listOptions.subtreeOf, 'subtreeOf'),
        );
      const page = await items.query({
        index: 'gsi1',
        partition: keys.employeesIndex,
        ...(beginsWith ? { beginsWith } : {}),
        limit,
        ...(listOptions.cursor ? { cursor: listOptions.cursor } : {}),
      });
      return {
        items: page.items.map((item) => item.data as unknown as Employee),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },

    async createEmployee(input, mutation = {}) {
      const timestamp = stamp();
      const employee = parse(
        employeeSchema,
        {
          ...parse(employeeInputSchema, input, 'employee'),
          createdAt: timestamp,
          updatedAt: timestamp,
        },
        'employee',
      );
      const tree = await departmentTree();
      const path = tree.path(employee.departmentId);
      if (!path) {
        throw new ClawforceError(
          'validation_failed',
          `department ${employee.departmentId} does not exist`,
          [{ path: 'departmentId', code: 'not_found', message: 'no such department' }],
        );
      }
      const agent: Agent = {
        kind: 'personal',
        id: employee.id,
        employeeId: employee.id,
        name: `${employee.name}'s agent`,
        status: 'active',
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      await commit(
        [
          { type: 'put', item: employeeItem(employee, path), condition: absent },
          {
            type: 'put',
            item: { ...keys.uniqueEmail(employee.email), data: { employeeId: employee.id } },
            condition: absent,
          },
          {
            type: 'put',
            item: {
              ...keys.uniqueEmployeeNumber(employee.employeeNumber),
              data: { employeeId: employee.id },
            },
            condition: absent,
          },
          {
            type: 'put',
            item: {
              ...keys.agent(employee.id),
              gsi1pk: keys.agentsIndex,
              gsi1sk: `personal#${employee.id}`,
              data: asData(agent),
            },
            condition: absent,
          },
          {
            type: 'increment',
            key: keys.department(employee.departmentId),
            counters: { employees: 1 },
            condition: present,
          },
          {
            type: 'increment',
            key: keys.position(employee.positionId),
            counters: { holders: 1 },
            condition: present,
          },
          {
            type: 'put',
            item: { ...keys.positionHolder(employee.positionId, employee.id), data: {} },
          },
        ],
        (index) => {
          switch (index) {
            case 0:
              return new ClawforceError('already_exists', `employee ${employee.id} already exists`);
            case 1:
              return new ClawforceError(
                'already_exists',
                `email ${employee.email} is already in use`,
                [{ path: 'email', code: 'duplicate', message: 'already in use' }],
              );
            case 2:
              return new ClawforceError(
                'already_exists',
                `employee number ${employee.employeeNumber} is already in use`,
                [{ path: 'employeeNumber', code: 'duplicate', message: 'already in use' }],
              );
            case 3:
              return new ClawforceError(
                'already_exists',
                `an agent with id ${employee.id} already exists`,
              );
            case 4:
              return new ClawforceError(
                'validation_failed',
                `department ${employee.departmentId} does not exist`,
                [{ path: 'departmentId', code: 'not_found', message: 'no such department' }],
              );
            default:
              return new ClawforceError(
                'validation_failed',
                `position ${employee.positionId} does not exist`,
                [{ path: 'positionId', code: 'not_found', message: 'no such position' }],
              );
          }
        },
      );
      await record(mutation.actor, 'employee.created', `Employee ${employee.name} created`, {
        employeeId: employee.id,
        departmentId: employee.departmentId,
        target: { kind: 'employee', id: employee.id },
      });
      return employee;
    },

    async updateEmployee(id, patch, mutation = {}) {
      assertId(id, 'employeeId');
      for (let attempt = 0; ; attempt += 1) {
        const item = await items.get(keys.employee(id));
        if (!item) throw notFound('employee', id);
        const current = item.data as unknown as Employee;
        const next = parse(
          employeeSchema,
          { ...applyPatch(current, patch, 'employee'), updatedAt: stamp() },
          'employee',
        );
        const tree = await departmentTree();
        const path = tree.path(next.departmentId);
        if (!path) {
          throw new ClawforceError(
            'validation_failed',
            `department ${next.departmentId} does not exist`,
            [{ path: 'departmentId', code: 'not_found', message: 'no such department' }],
          );
        }
        const operations: WriteOperation[] = [
          {
            type: 'put',
            item: employeeItem(next, path),
            condition: { kind: 'version', version: item.version },
          },
        ];
        const explanations: ClawforceError[] = [
          new ClawforceError('conflict', `employee ${id} changed concurrently; retry`),
        ];
        const add = (operation: WriteOperation, explanation: ClawforceError) => {
          operations.push(operation);
          explanations.push(explanation);
        };
        const conflict = explanations[0] as ClawforceError;
        if (next.email.toLowerCase() !== current.email.toLowerCase()) {
          add({ type: 'delete', key: keys.uniqueEmail(current.email) }, conflict);
          add(
            {
              type: 'put',
              item: { ...keys.uniqueEmail(next.email), data: { employeeId: id } },
              condition: absent,
            },
            new ClawforceError('already_exists', `email ${next.email} is already in use`, [
              { path: 'email', code: 'duplicate', message: 'already in use' },
            ]),
          );
        }
        if (next.employeeNumber !== current.employeeNumber) {
          add({ type: 'delete', key: keys.uniqueEmployeeNumber(current.employeeNumber) }, conflict);
          add(
            {
              type: 'put',
              item: { ...keys.uniqueEmployeeNumber(next.employeeNumber), data: { employeeId: id } },
              condition: absent,
            },
            new ClawforceError(
              'already_exists',
              `employee number ${next.employeeNumber} is already in use`,
              [{ path: 'employeeNumber', code: 'duplicate', message: 'already in use' }],
            ),
          );
        }
        if (next.departmentId !== current.departmentId) {
          add(
            {
              type: 'increment',
              key: keys.department(current.departmentId),
              counters: { employees: -1 },
            },
            conflict,
          );
          add(
            {
              type: 'increment',
              key: keys.department(next.departmentId),
              counters: { employees: 1 },
              condition: present,
            },
            new ClawforceError(
              'validation_failed',
              `department ${next.departmentId} does not exist`,
              [{ path: 'departmentId', code: 'not_found', message: 'no such department' }],
            ),
          );
        }
        if (next.positionId !== current.positionId) {
          add({ type: 'delete', key: keys.positionHolder(current.positionId, id) }, conflict);
          add(
            { type: 'put', item: { ...keys.positionHolder(next.positionId, id), data: {} } },
            conflict,
          );
          add(
            {
              type: 'increment',
              key: keys.position(current.positionId),
              counters: { holders: -1 },
            },
            conflict,
          );
          add(
            {
              type: 'increment',
              key: keys.position(next.positionId),
              counters: { holders: 1 },
              condition: present,
            },
            new ClawforceError('validation_failed', `position ${next.positionId} does not exist`, [
              { path: 'positionId', code: 'not_found', message: 'no such position' },
            ]),
          );
        }
        try {
          await commit(operations, (index) => explanations[index] ?? conflict);
        } catch (error) {
          // Another writer got there first: re-read and re-apply the patch, a few times.
          if (isClawforceError(error, 'conflict') && attempt < MAX_ATTEMPTS) continue;
          throw error;
        }
        const changed = Object.keys(patch).filter(
          (field) => (patch as Record<string, unknown>)[field] !== undefined,
        );
        const type = changed.includes('role')
          ? 'employee.role-changed'
          : changed.includes('departmentId') || changed.includes('positionId')
            ? 'employee.moved'
            : 'employee.updated';
        await record(
          mutation.actor,
          type,
          `Employee ${next.name} updated (${changed.join(', ')})`,
          {
            employeeId: id,
            departmentId: next.departmentId,
            target: { kind: 'employee', id },
            details: asData({
              fields: changed,
              ...(type === 'employee.role-changed' ? { from: current.role, to: next.role } : {}),
              ...(type === 'employee.moved'
                ? {
                    from: { departmentId: current.departmentId, positionId: current.positionId },
                    to: { departmentId: next.departmentId, positionId: next.positionId },
                  }
                : {}),
            }),
          },
        );
        return next;
      }
    },

    async deleteEmployee(id, mutation = {}) {
      assertId(id, 'employeeId');
      const { employee, operations, report } = await employeeDeletion(id, new Set());
      await commit(
        operations,
        () =>
          new ClawforceError(
            'conflict',
            `employee ${id} changed while it was being deleted; retry`,
          ),
      );
      await record(mutation.actor, 'employee.deleted', `Employee ${employee.name} deleted`, {
        employeeId: id,
        departmentId: employee.departmentId,
        target: { kind: 'employee', id },
        details: asData({ removed: report }),
      });
      return report;
    },

    // ---------- agents ----------
    async getAgent(id) {
      return getData<Agent>(keys.agent(assertId(id, 'agentId')));
    },

    async listAgents(listOptions = {}) {
      const page = await items.query({
        index: 'gsi1',
        partition: keys.agentsIndex,
        ...(listOptions.kind ? { beginsWith: `${listOptions.kind}#` } : {}),
        ...(listOptions.limit === undefined ? {} : { limit: listOptions.limit }),
        ...(listOptions.cursor ? { cursor: listOptions.cursor } : {}),
      });
      return {
        items: page.items.map((item) => item.data as unknown as Agent),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },

    async saveSharedAgent(input, mutation = {}) {
      const id = assertId((input as { id?: unknown }).id, 'id');
      const current = await items.get(keys.agent(id));
      if (current && current.data.kind !== 'shared') {
        throw new ClawforceError('already_exists', `agent ${id} is a personal agent`);
      }
      const timestamp = stamp();
      const agent = parse(
        agentSchema,
        {
          ...input,
          kind: 'shared',
          createdAt: (current?.data.createdAt as string | undefined) ?? timestamp,
          updatedAt: timestamp,
        },
        'agent',
      );
      if (agent.kind !== 'shared')
        throw new ClawforceError('validation_failed', 'not a shared agent');
      await commit(
        [
          {
            type: 'put',
            item: {
              ...keys.agent(id),
              gsi1pk: keys.agentsIndex,
              gsi1sk: `shared#${id}`,
              data: asData(agent),
            },
            condition: current ? { kind: 'version', version: current.version } : absent,
          },
          { type: 'check', key: keys.runtime(agent.runtimeId), condition: present },
        ],
        (index) =>
          index === 1
            ? new ClawforceError('validation_failed', `runtime ${agent.runtimeId} does not exist`, [
                { path: 'runtimeId', code: 'not_found', message: 'no such runtime' },
              ])
            : new ClawforceError('conflict', `agent ${id} changed concurrently; retry`),
      );
      await record(
        mutation.actor,
        current ? 'agent.updated' : 'agent.created',
        `Shared agent ${agent.name} saved`,
        {
          target: { kind: 'agent', id },
        },
      );
      return agent;
    },

    async updateAgentStatus(id, status, mutation = {}) {
      assertId(id, 'agentId');
      const item = await items.get(keys.agent(id));
      if (!item) throw notFound('agent', id);
      const current = item.data as unknown as Agent;
      const next = parse(agentSchema, { ...current, status, updatedAt: stamp() }, 'agent');
      await items
        .put(
          {
            ...keys.agent(id),
            gsi1pk: keys.agentsIndex,
            gsi1sk: `${next.kind}#${id}`,
            data: asData(next),
          },
          { kind: 'version', version: item.version },
        )
        .catch((error) => {
          throw isClawforceError(error, 'conflict')
            ? new ClawforceError('conflict', `agent ${id} changed concurrently; retry`)
            : error;
        });
      await record(mutation.actor, 'agent.status-changed', `Agent ${next.name} is now ${status}`, {
        ...(next.kind === 'personal' ? { employeeId: next.employeeId } : {}),
        target: { kind: 'agent', id },
        details: { from: current.status, to: status },
      });
      return next;
    },

    async deleteSharedAgent(id, mutation = {}) {
      assertId(id, 'agentId');
      const item = await items.get(keys.agent(id));
      if (!item) throw notFound('agent', id);
      if (item.data.kind !== 'shared') {
        throw new ClawforceError(
          'validation_failed',
          `agent ${id} is a personal agent: delete the employee instead`,
        );
      }
      await items.delete(keys.agent(id), { kind: 'version', version: item.version });
      await record(
        mutation.actor,
        'agent.deleted',
        `Shared agent ${String(item.data.name)} deleted`,
        { target: { kind: 'agent', id } },
      );
    },

    // ---------- runtimes ----------
    async getRuntime(id) {
      return getData<Runtime>(keys.runtime(assertId(id, 'runtimeId')));
    },

    async listRuntimes() {
      return listPartition<Runtime>(keys.runtimesPartition);
    },

    async saveRuntime(input, mutation = {}) {
      const current = await items.get(keys.runtime(assertId((input as { id?: unknown }).id, 'id')));
      const timestamp = stamp();
      const runtime = parse(
        runtimeSchema,
        {
          ...input,
          createdAt: (current?.data.createdAt as string | undefined) ?? timestamp,
          updatedAt: timestamp,
        },
        'runtime',
      );
      await items.put({ ...keys.runtime(runtime.id), data: asData(runtime) });
      await record(
        mutation.actor,
        current ? 'runtime.updated' : 'runtime.created',
        `Runtime ${runtime.name} saved`,
        {
          target: { kind: 'runtime', id: runtime.id },
        },
      );
      return runtime;
    },

    async deleteRuntime(id, mutation = {}) {
      assertId(id, 'runtimeId');
      const organization = await getData<Organization>(keys.organization);
      const positions = (await listPartition<Position>(keys.positionsPartition)).filter(
        (position) => position.runtimeId === id,
      );
      const agents = (
        await queryAll({ index: 'gsi1', partition: keys.agentsIndex, beginsWith: 'shared#' })
      )
        .map((item) => item.data as unknown as Agent)
        .filter((agent) => agent.kind === 'shared' && agent.runtimeId === id);
      if (organization?.defaultRuntimeId === id || positions.length > 0 || agents.length > 0) {
        throw new ClawforceError('in_use', `runtime ${id} is in use`, {
          organizationDefault: organization?.defaultRuntimeId === id,
          positions: positions.map((position) => position.id),
          agents: agents.map((agent) => agent.id),
        });
      }
      if (!(await items.delete(keys.runtime(id)))) throw notFound('runtime', id);
      await record(mutation.actor, 'runtime.deleted', `Runtime ${id} deleted`, {
        target: { kind: 'runtime', id },
      });
    },

    // ---------- skills ----------
    async getSkill(name) {
      return getData<Skill>(keys.skill(assertId(name, 'skill')));
    },

    async listSkills() {
      return listPartition<Skill>(keys.skillsPartition);
    },

    async saveSkill(input, mutation = {}) {
      const skill = parse(skillSchema, { ...input, updatedAt: stamp() }, 'skill');
      const previous = await items.get(keys.skill(skill.name));
      await items.put({ ...keys.skill(skill.name), data: asData(skill) });
      await record(
        mutation.actor,
        previous ? 'skill.updated' : 'skill.created',
        `Skill ${skill.name} ${skill.version} saved`,
        {
          target: { kind: 'skill', id: skill.name },
        },
      );
      return skill;
    },

    async deleteSkill(name, mutation = {}) {
      assertId(name, 'skill');
      const users = (await listPartition<Position>(keys.positionsPartition)).filter((position) =>
        position.defaultSkills.includes(name),
      );
      if (users.length > 0) {
        throw new ClawforceError(
          'in_use',
          `skill ${name} is a default skill of ${users.map((position) => position.id).join(', ')}`,
          {
            positions: users.map((position) => position.id),
          },
        );
      }
      if (!(await items.delete(keys.skill(name)))) throw notFound('skill', name);
      await record(mutation.actor, 'skill.deleted', `Skill ${name} deleted`, {
        target: { kind: 'skill', id: name },
      });
    },

    // ---------- knowledge ----------
    async getKnowledgeBase(id) {
      return getData<KnowledgeBase>(keys.knowledgeBase(assertId(id, 'knowledgeBaseId')));
    },

    async listKnowledgeBases() {
      return listPartition<KnowledgeBase>(keys.knowledgeBasesPartition);
    },

    async saveKnowledgeBase(input, mutation = {}) {
      const current = await items.get(
        keys.knowledgeBase(assertId((input as { id?: unknown }).id, 'id')),
      );
      const timestamp = stamp();
      const base = parse(
        knowledgeBaseSchema,
        {
          ...input,
          createdAt: (current?.data.createdAt as string | undefined) ?? timestamp,
          updatedAt: timestamp,
        },
        'knowledge base',
      );
      await items.put({ ...keys.knowledgeBase(base.id), data: asData(base) });
      await record(
        mutation.actor,
        current ? 'knowledge.updated' : 'knowledge.created',
        `Knowledge base ${base.name} saved`,
        {
          target: { kind: 'knowledge-base', id: base.id },
        },
      );
      return base;
    },

    async deleteKnowledgeBase(id, mutation = {}) {
      assertId(id, 'knowledgeBaseId');
      const item = await items.get(keys.knowledgeBase(id));
      if (!item) throw notFound('knowledge base', id);
      const children = await queryAll({ partition: keys.knowledgePartition(id) });
      await commit([
        {
          type: 'delete',
          key: keys.knowledgeBase(id),
          condition: { kind: 'version', version: item.version },
        },
        ...children.map((child) => ({
          type: 'delete' as const,
          key: { pk: child.pk, sk: child.sk },
        })),
      ]);
      await record(
        mutation.actor,
        'knowledge.deleted',
        `Knowledge base ${String(item.data.name)} deleted`,
        {
          target: { kind: 'knowledge-base', id },
        },
      );
      return children
        .filter((child) => child.sk.startsWith('DOC#'))
        .map((child) => child.data as unknown as KnowledgeDocument);
    },

    async saveKnowledgeDocument(input, mutation = {}) {
      const document = parse(
        knowledgeDocumentSchema,
        { ...input, updatedAt: stamp() },
        'knowledge document',
      );
      const siblings = await queryAll({
        partition: keys.knowledgePartition(document.knowledgeBaseId),
        beginsWith: 'DOC#',
      });
      if (
        siblings.some(
          (sibling) =>
            sibling.data.fileName === document.fileName && sibling.data.id !== document.id,
        )
      ) {
        throw new ClawforceError(
          'already_exists',
          `${document.fileName} already exists in ${document.knowledgeBaseId}`,
          [
            {
              path: 'fileName',
              code: 'duplicate',
              message: 'already exists in this knowledge base',
            },
          ],
        );
      }
      await commit(
        [
          {
            type: 'put',
            item: {
              ...keys.knowledgeDocument(document.knowledgeBaseId, document.id),
              data: asData(document),
            },
          },
          { type: 'check', key: keys.knowledgeBase(document.knowledgeBaseId), condition: present },
        ],
        () => notFound('knowledge base', document.knowledgeBaseId),
      );
      await record(mutation.actor, 'knowledge.document-saved', `Document ${document.title} saved`, {
        target: { kind: 'knowledge-document', id: `${document.knowledgeBaseId}/${document.id}` },
        details: { sha256: document.sha256, sizeBytes: document.sizeBytes },
      });
      return document;
    },

    async listKnowledgeDocuments(knowledgeBaseId) {
      const found = await queryAll({
        partition: keys.knowledgePartition(assertId(knowledgeBaseId, 'knowledgeBaseId')),
        beginsWith: 'DOC#',
      });
      return found.map((item) => item.data as unknown as KnowledgeDocument);
    },

    async deleteKnowledgeDocument(knowledgeBaseId, documentId, mutation = {}) {
      const key = keys.knowledgeDocument(
        assertId(knowledgeBaseId, 'knowledgeBaseId'),
        assertId(documentId, 'documentId'),
      );
      if (!(await items.delete(key)))
        throw notFound('knowledge document', `${knowledgeBaseId}/${documentId}`);
      await record(mutation.actor, 'knowledge.document-deleted', `Document ${documentId} deleted`, {
        target: { kind: 'knowledge-document', id: `${knowledgeBaseId}/${documentId}` },
      });
    },

    async assignKnowledgeBase(knowledgeBaseId, targetInput, mutation = {}) {
      assertId(knowledgeBaseId, 'knowledgeBaseId');
      const target = parse(knowledgeTargetSchema, targetInput, 'target');
      const assignment: KnowledgeAssignment = {
        knowledgeBaseId,
        target,
        assignedAt: stamp(),
        assignedBy: (mutation.actor ?? SYSTEM).id,
      };
      const targetCheck: WriteOperation[] =
        target.kind === 'position'
          ? [{ type: 'check', key: keys.position(target.positionId), condition: present }]
          : target.kind === 'employee'
            ? [{ type: 'check', key: keys.employee(target.employeeId), condition: present }]
            : [];
      await commit(
        [
          {
            type: 'put',
            item: {
              ...keys.knowledgeAssignment(knowledgeBaseId, target),
              gsi1pk: keys.knowledgeAssignmentIndex(target),
              gsi1sk: knowledgeBaseId,
              data: asData(assignment),
            },
          },
          { type: 'check', key: keys.knowledgeBase(knowledgeBaseId), condition: present },
          ...targetCheck,
        ],
        (index) =>
          index === 1
            ? notFound('knowledge base', knowledgeBaseId)
            : notFound(target.kind, targetKey(target).split('#')[1] ?? ''),
      );
      await record(
        mutation.actor,
        'knowledge.assigned',
        `Knowledge base ${knowledgeBaseId} assigned to ${targetKey(target)}`,
        {
          ...(target.kind === 'employee' ? { employeeId: target.employeeId } : {}),
          target: { kind: 'knowledge-base', id: knowledgeBaseId },
          details: asData({ target }),
        },
      );
      return assignment;
    },

    async unassignKnowledgeBase(knowledgeBaseId, targetInput, mutation = {}) {
      const target = parse(knowledgeTargetSchema, targetInput, 'target');
      const removed = await items.delete(
        keys.knowledgeAssignment(assertId(knowledgeBaseId, 'knowledgeBaseId'), target),
      );
      if (removed) {
        await record(
          mutation.actor,
          'knowledge.unassigned',
          `Knowledge base ${knowledgeBaseId} unassigned from ${targetKey(target)}`,
          {
            target: { kind: 'knowledge-base', id: knowledgeBaseId },
            details: asData({ target }),
          },
        );
      }
      return removed !== undefined;
    },

    async listKnowledgeAssignments(knowledgeBaseId) {
      const found = await queryAll({
        partition: keys.knowledgePartition(assertId(knowledgeBaseId, 'knowledgeBaseId')),
        beginsWith: 'ASSIGN#',
      });
      return found.map((item) => item.data as unknown as KnowledgeAssignment);
    },

    async knowledgeBaseIdsFor(employee) {
      const targets: KnowledgeTarget[] = [
        { kind: 'everyone' },
        { kind: 'position', positionId: assertId(employee.positionId, 'positionId') },
        { kind: 'employee', employeeId: assertId(employee.id, 'employeeId') },
      ];
      const found = await Promise.all(
        targets.map((target) =>
          queryAll({ index: 'gsi1', partition: keys.knowledgeAssignmentIndex(target) }),
        ),
      );
      return [...new Set(found.flat().map((item) => item.gsi1sk as string))].sort();
    },

    // ---------- soul ----------
    async getSoulLayer(ref) {
      const checked = checkSoulRef(ref);
      const item = await items.get({
        pk: keys.soulPartition(checked),
        sk: keys.soulCurrentSortKey,
      });
      return item && soulItemToLayer(item);
    },

    async getSoulLayerVersion(ref, version) {
      const checked = checkSoulRef(ref);
      if (!Number.isInteger(version) || version < 1) return undefined;
      const item = await items.get({
        pk: keys.soulPartition(checked),
        sk: keys.soulVersionSortKey(version),
      });
      return item && soulItemToLayer(item);
    },

    async listSoulLayerVersions(ref, listOptions = {}) {
      const checked = checkSoulRef(ref);
      const page = await items.query({
        partition: keys.soulPartition(checked),
        beginsWith: 'V#',
        order: 'desc',
        ...(listOptions.limit === undefined ? {} : { limit: listOptions.limit }),
        ...(listOptions.cursor ? { cursor: listOptions.cursor } : {}),
      });
      return {
        items: page.items.map(soulItemToLayer),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },

    async saveSoulLayer(ref, write: SoulWrite, mutation) {
      const checked = checkSoulRef(ref);
      const partition = keys.soulPartition(checked);
      const currentKey = { pk: partition, sk: keys.soulCurrentSortKey };
      const current = await items.get(currentKey);
      const currentVersion = current ? Number(current.data.version) : 0;
      if (mutation.expectedVersion !== undefined && mutation.expectedVersion !== currentVersion) {
        throw new ClawforceError(
          'conflict',
          `the ${checked.scope} SOUL layer is at version ${currentVersion}, not ${mutation.expectedVersion}`,
          {
            currentVersion,
          },
        );
      }
      if (write.redLines !== undefined && checked.scope !== 'global') {
        throw new ClawforceError('validation_failed', 'only the global layer has red lines', [
          { path: 'redLines', code: 'not_allowed', message: 'global layer only' },
        ]);
      }
      const version = currentVersion + 1;
      const common = {
        content: write.content,
        version,
        author: mutation.author,
        updatedAt: stamp(),
        ...(write.note === undefined ? {} : { note: write.note }),
      };
      const layer = parse(
        soulLayerSchema,
        checked.scope === 'global'
          ? {
              scope: 'global',
              ...common,
              redLines: write.redLines ?? (current?.data.redLines as string[] | undefined) ?? [],
            }
          : { ...checked, ...common },
        'soul layer',
      );
      const operations: WriteOperation[] = [
        {
          type: 'put',
          item: { ...currentKey, data: asData(layer) },
          condition: current ? { kind: 'version', version: current.version } : absent,
        },
        {
          type: 'put',
          item: { pk: partition, sk: keys.soulVersionSortKey(version), data: asData(layer) },
          condition: absent,
        },
      ];
      if (checked.scope === 'position')
        operations.push({
          type: 'check',
          key: keys.position(checked.positionId),
          condition: present,
        });
      if (checked.scope === 'personal')
        operations.push({
          type: 'check',
          key: keys.employee(checked.employeeId),
          condition: present,
        });
      await commit(operations, (index) =>
        index === 2
          ? checked.scope === 'position'
            ? notFound('position', checked.positionId)
            : notFound('employee', (checked as { employeeId: string }).employeeId)
          : new ClawforceError(
              'conflict',
              `the ${checked.scope} SOUL layer changed concurrently; retry`,
            ),
      );
      await record(
        mutation.actor,
        'soul.updated',
        `${checked.scope} SOUL layer saved as version ${version}`,
        {
          ...(checked.scope === 'personal' ? { employeeId: checked.employeeId } : {}),
          target: { kind: 'soul', id: partition.slice('SOUL#'.length) },
          details: { version, length: write.content.length },
        },
      );
      return layer;
    },

    // ---------- bindings ----------
    async getBinding(channel, channelUserId) {
      const item = await items.get(
        keys.binding(
          parse(channelSchema, channel, 'channel'),
          parse(channelUserIdSchema, channelUserId, 'channelUserId'),
        ),
      );
      return item && bindingOf(item);
    },

    async listBindingsByEmployee(employeeId) {
      // The employee's own partition holds a full copy of each binding, kept in step by every
      // write: an agent's session reads its owner's bindings without reaching anyone else's items.
      const copies = await queryAll({
        partition: keys.employeePartition(assertId(employeeId, 'employeeId')),
        beginsWith: 'BIND#',
      });
      const full = copies.filter((copy) => copy.data.pairedAt !== undefined);
      // Copies written before they were full name their binding only.
      const partial = copies.filter((copy) => copy.data.pairedAt === undefined);
      const stored = partial.length
        ? await items.getMany(
            partial.map((copy) =>
              keys.binding(copy.data.channel as Channel, String(copy.data.channelUserId)),
            ),
          )
        : [];
      return [...full, ...stored.filter((item): item is StoredItem => item !== undefined)].map(
        bindingOf,
      );
    },

    async listBindingsByChannel(channel, listOptions = {}) {
      const page = await items.query({
        index: 'gsi1',
        partition: keys.bindingsIndex(parse(channelSchema, channel, 'channel')),
        ...(listOptions.limit === undefined ? {} : { limit: listOptions.limit }),
        ...(listOptions.cursor ? { cursor: listOptions.cursor } : {}),
      });
      return { items: page.items.map(bindingOf), ...(page.cursor ? { cursor: page.cursor } : {}) };
    },

    async createBinding(input, mutation = {}) {
      const binding = parse(bindingSchema, { ...input, sessionCount: 0 }, 'binding');
      const bindingKey = keys.binding(binding.channel, binding.channelUserId);
      await commit(
        [
          {
            type: 'put',
            item: {
              ...bindingKey,
              gsi1pk: keys.bindingsIndex(binding.channel),
              gsi1sk: `${binding.pairedAt}#${binding.channelUserId}`,
              data: asData(binding),
            },
            condition: absent,
          },
          {
            type: 'put',
            item: {
              ...keys.employeeBinding(binding.employeeId, binding.channel, binding.channelUserId),
              data: asData(binding),
            },
          },
          { type: 'check', key: keys.employee(binding.employeeId), condition: present },
        ],
        (index) =>
          index === 0
            ? new ClawforceError(
                'conflict',
                `this ${binding.channel} account is already bound; revoke that binding first`,
                { reason: 'already_bound' },
              )
            : notFound('employee', binding.employeeId),
      );
      await record(mutation.actor, 'binding.created', `${binding.channel} account bound`, {
        employeeId: binding.employeeId,
        target: { kind: 'binding', id: `${binding.channel}:${binding.channelUserId}` },
        details: { channel: binding.channel },
      });
      return binding;
    },

    async deleteBinding(channel, channelUserId, mutation = {}) {
      const bindingKey = keys.binding(
        parse(channelSchema, channel, 'channel'),
        parse(channelUserIdSchema, channelUserId, 'channelUserId'),
      );
      const item = await items.get(bindingKey);
      if (!item) return undefined;
      const binding = bindingOf(item);
      await commit([
        { type: 'delete', key: bindingKey, condition: { kind: 'version', version: item.version } },
        { type: 'delete', key: keys.employeeBinding(binding.employeeId, channel, channelUserId) },
      ]);
      await record(mutation.actor, 'binding.revoked', `${channel} account unbound`, {
        employeeId: binding.employeeId,
        target: { kind: 'binding', id: `${channel}:${channelUserId}` },
        details: { channel },
      });
      return binding;
    },

    async recordBindingActivity(channel, channelUserId, activity) {
      const bindingKey = keys.binding(
        parse(channelSchema, channel, 'channel'),
        parse(channelUserIdSchema, channelUserId, 'channelUserId'),
      );
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const item = await items.get(bindingKey);
        if (!item) return undefined;
        const current = bindingOf(item);
        const next = parse(
          bindingSchema,
          {
            ...current,
            lastActiveAt: activity.at,
            sessionCount: current.sessionCount + (activity.newSession ? 1 : 0),
          },
          'binding',
        );
        try {
          // The employee's copy moves with it (see listBindingsByEmployee).
          await commit([
            {
              type: 'put',
              item: { ...item, data: asData(next) },
              condition: { kind: 'version', version: item.version },
            },
            {
              type: 'put',
              item: {
                ...keys.employeeBinding(next.employeeId, next.channel, next.channelUserId),
                data: asData(next),
              },
              condition: present,
            },
          ]);
          return next;
        } catch (error) {
          if (!isClawforceError(error, 'conflict')) throw error;
        }
      }
      throw new ClawforceError('conflict', 'binding is contended; activity not recorded');
    },

    // ---------- twin links ----------
    async getTwinLink(employeeId) {
      return readTwin(assertId(employeeId, 'employeeId'));
    },

    async enableTwinLink(employeeId, tokenHash, mutation = {}) {
      assertId(employeeId, 'employeeId');
      const current = await items.get(keys.twinLink(employeeId));
      const link = parse(
        twinLinkSchema,
        { employeeId, tokenHash, enabled: true, createdAt: stamp(), viewCount: 0, chatCount: 0 },
        'twin link',
      );
      const { viewCount: _views, chatCount: _chats, ...stored } = link;
      const operations: WriteOperation[] = [
        {
          type: 'put',
          item: { ...keys.twinLink(employeeId), data: asData(stored) },
          condition: current ? { kind: 'version', version: current.version } : absent,
        },
        {
          type: 'put',
          item: { ...keys.twinToken(tokenHash), data: { employeeId } },
          condition: absent,
        },
        { type: 'check', key: keys.employee(employeeId), condition: present },
      ];
      const oldHash = current?.data.tokenHash as string | undefined;
      if (oldHash && oldHash !== tokenHash)
        operations.push({ type: 'delete', key: keys.twinToken(oldHash) });
      await commit(operations, (index) =>
        index === 2
          ? notFound('employee', employeeId)
          : new ClawforceError('conflict', 'twin link changed concurrently; retry'),
      );
      await record(
        mutation.actor,
        current ? 'twin.rotated' : 'twin.enabled',
        'Digital Twin link enabled',
        {
          employeeId,
          target: { kind: 'twin', id: employeeId },
        },
      );
      return (await this.getTwinLink(employeeId)) as TwinLink;
    },

    async disableTwinLink(employeeId, mutation = {}) {
      assertId(employeeId, 'employeeId');
      const current = await items.get(keys.twinLink(employeeId));
      if (current?.data.enabled !== true) return readTwin(employeeId);
      const disabled = { ...current.data, enabled: false, disabledAt: stamp() };
      await commit([
        {
          type: 'put',
          item: { ...keys.twinLink(employeeId), data: disabled },
          condition: { kind: 'version', version: current.version },
        },
        { type: 'delete', key: keys.twinToken(String(current.data.tokenHash)) },
      ]);
      await record(mutation.actor, 'twin.disabled', 'Digital Twin link disabled', {
        employeeId,
        target: { kind: 'twin', id: employeeId },
      });
      return (await this.getTwinLink(employeeId)) as TwinLink;
    },

    async resolveTwinToken(tokenHash) {
      if (typeof tokenHash !== 'string' || !/^[0-9a-f]{64}$/.test(tokenHash)) return undefined;
      const pointer = await items.get(keys.twinToken(tokenHash));
      if (!pointer) return undefined;
      const link = await readTwin(String(pointer.data.employeeId));
      if (link?.enabled !== true || link.tokenHash !== tokenHash) return undefined;
      return link;
    },

    async recordTwinActivity(employeeId, activity) {
      assertId(employeeId, 'employeeId');
      try {
        await items.transact([
          { type: 'check', key: keys.twinLink(employeeId), condition: present },
          {
            type: 'increment',
            key: keys.twinStats(employeeId),
            counters: activity === 'view' ? { views: 1 } : { chats: 1 },
          },
        ]);
      } catch (error) {
        if (isClawforceError(error, 'transaction_canceled')) return undefined;
        throw error;
      }
      return readTwin(employeeId);
    },

    // ---------- prices ----------
    async getModelPrice(model) {
      return getData<ModelPrice>(keys.price(parse(modelRefSchema, model, 'model')));
    },

    async listModelPrices() {
      return listPartition<ModelPrice>(keys.pricesPartition);
    },

    async saveModelPrice(input, mutation = {}) {
      const price = parse(modelPriceSchema, { ...input, updatedAt: stamp() }, 'model price');
      await items.put({ ...keys.price(price.model), data: asData(price) });
      await record(mutation.actor, 'price.updated', `Price of ${price.model} saved`, {
        target: { kind: 'model-price', id: price.model },
        details: {
          inputPerMillionUsd: price.inputPerMillionUsd,
          outputPerMillionUsd: price.outputPerMillionUsd,
        },
      });
      return price;
    },

    async deleteModelPrice(model, mutation = {}) {
      if (!(await items.delete(keys.price(parse(modelRefSchema, model, 'model')))))
        throw notFound('model price', model);
      await record(mutation.actor, 'price.deleted', `Price of ${model} deleted`, {
        target: { kind: 'model-price', id: model },
      });
    },
  };

  return store;
}
