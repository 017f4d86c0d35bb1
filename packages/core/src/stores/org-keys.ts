import type { ItemKey } from '../ports/item-store.js';
import type { KnowledgeTarget } from '../schemas/knowledge.js';
import type { Channel } from '../schemas/primitives.js';
import type { SoulLayerRef } from '../schemas/soul.js';

/**
 * The single-table key design of the organization (docs/architecture/key-design.md).
 * Every access pattern is a get by key or a query on one partition (table or gsi1).
 */
export const orgKeys = {
  organization: { pk: 'ORG', sk: 'ORG' } as ItemKey,
  /** Bumped in every transaction that changes a department, so tree caches can revalidate. */
  departmentsVersion: { pk: 'META', sk: 'DEPARTMENTS' } as ItemKey,
  department: (id: string): ItemKey => ({ pk: 'DEPT', sk: id }),
  departmentsPartition: 'DEPT',
  position: (id: string): ItemKey => ({ pk: 'POS', sk: id }),
  positionsPartition: 'POS',
  /** One small item per holder, so "who holds this position" is one query. */
  positionHolder: (positionId: string, employeeId: string): ItemKey => ({
    pk: `POSHOLDER#${positionId}`,
    sk: employeeId,
  }),
  positionHoldersPartition: (positionId: string) => `POSHOLDER#${positionId}`,
  employee: (id: string): ItemKey => ({ pk: `EMP#${id}`, sk: 'EMP' }),
  employeePartition: (id: string) => `EMP#${id}`,
  /** gsi1: all employees ordered by department path, so a subtree is one prefix query. */
  employeesIndex: 'EMPS',
  employeeIndexSortKey: (departmentPath: string, employeeId: string) =>
    `${departmentPath}${employeeId}`,
  uniqueEmail: (email: string): ItemKey => ({
    pk: `UNIQUE#EMAIL#${email.toLowerCase()}`,
    sk: 'UNIQUE',
  }),
  uniqueEmployeeNumber: (number: string): ItemKey => ({
    pk: `UNIQUE#EMPNO#${number}`,
    sk: 'UNIQUE',
  }),
  agent: (id: string): ItemKey => ({ pk: `AGENT#${id}`, sk: 'AGENT' }),
  agentsIndex: 'AGENTS',
  binding: (channel: Channel, channelUserId: string): ItemKey => ({
    pk: `BIND#${channel}#${channelUserId}`,
    sk: 'BIND',
  }),
  bindingsIndex: (channel: Channel) => `BINDS#${channel}`,
  /** The employee-side copy of a binding's key, under the employee's partition. */
  employeeBinding: (employeeId: string, channel: Channel, channelUserId: string): ItemKey => ({
    pk: `EMP#${employeeId}`,
    sk: `BIND#${channel}#${channelUserId}`,
  }),
  twinLink: (employeeId: string): ItemKey => ({ pk: `EMP#${employeeId}`, sk: 'TWIN' }),
  /** Visit counters, apart from the link so that counting never changes the link's version. */
  twinStats: (employeeId: string): ItemKey => ({ pk: `EMP#${employeeId}`, sk: 'TWINSTATS' }),
  twinToken: (tokenHash: string): ItemKey => ({ pk: `TWINTOKEN#${tokenHash}`, sk: 'TWIN' }),
  soulPartition: (ref: SoulLayerRef) =>
    ref.scope === 'global'
      ? 'SOUL#global'
      : ref.scope === 'position'
        ? `SOUL#position#${ref.positionId}`
        : `SOUL#personal#${ref.employeeId}`,
  soulCurrentSortKey: 'CURRENT',
  soulVersionSortKey: (version: number) => `V#${version.toString().padStart(8, '0')}`,
  runtime: (id: string): ItemKey => ({ pk: 'RUNTIME', sk: id }),
  runtimesPartition: 'RUNTIME',
  skill: (name: string): ItemKey => ({ pk: 'SKILL', sk: name }),
  skillsPartition: 'SKILL',
  price: (model: string): ItemKey => ({ pk: 'PRICE', sk: model }),
  pricesPartition: 'PRICE',
  knowledgeBase: (id: string): ItemKey => ({ pk: 'KB', sk: id }),
  knowledgeBasesPartition: 'KB',
  knowledgePartition: (id: string) => `KB#${id}`,
  knowledgeDocument: (baseId: string, documentId: string): ItemKey => ({
    pk: `KB#${baseId}`,
    sk: `DOC#${documentId}`,
  }),
  knowledgeAssignment: (baseId: string, target: KnowledgeTarget): ItemKey => ({
    pk: `KB#${baseId}`,
    sk: `ASSIGN#${targetKey(target)}`,
  }),
  knowledgeAssignmentIndex: (target: KnowledgeTarget) => `KBASSIGN#${targetKey(target)}`,
};

export function targetKey(target: KnowledgeTarget): string {
  switch (target.kind) {
    case 'everyone':
      return 'everyone';
    case 'position':
      return `position#${target.positionId}`;
    case 'employee':
      return `employee#${target.employeeId}`;
  }
}
