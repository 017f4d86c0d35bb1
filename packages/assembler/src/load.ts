import {
  type AccessPath,
  accessPathSchema,
  type BlobStore,
  ClawforceError,
  type Department,
  type Employee,
  type KnowledgeAssignment,
  knowledgeDocumentKey,
  type OrgStore,
  type Position,
  parse,
  type SoulLayer,
} from '@clawforce/core';
import { isWorkspacePath } from './internal/paths.js';
import { isStoredWorkspacePath } from './internal/write-back.js';
import { storedWorkspaceLocation } from './layout.js';
import type {
  AssemblyInput,
  AssemblyKnowledgeDocument,
  AssemblyOptions,
  CallerIdentity,
  KnowledgeAssignee,
  ProviderSettings,
  SharedAgent,
  StoredWorkspaceFile,
} from './types.js';

/** What the runtime knows about one session when it asks for its workspace. */
export interface AssemblyRequest {
  readonly accessPath: AccessPath;
  readonly sessionId: string;
  readonly workspaceDirectory: string;
  readonly providers: Readonly<Record<string, ProviderSettings>>;
  readonly openclawVersion: string;
  /** The runtime tier routing chose; defaults to the position's, then the organization's. */
  readonly runtimeId?: string;
  readonly heartbeat?: { readonly every: string };
  readonly options?: AssemblyOptions;
}

export interface AssemblyStores {
  readonly org: OrgStore;
  readonly blobs: BlobStore;
}

/** Stored workspaces larger than this are refused rather than half-loaded. */
export const MAX_STORED_FILES = 5_000;
export const MAX_STORED_BYTES = 20 * 1_048_576;

const notFound = (what: string) => new ClawforceError('not_found', `${what} not found`);
const decoder = new TextDecoder('utf-8', { fatal: true });

async function departmentChain(org: OrgStore, departmentId: string): Promise<Department[]> {
  const tree = await org.departmentTree();
  const ids = [...tree.ancestors(departmentId)].reverse().concat(departmentId);
  return ids.map((id) => {
    const department = tree.get(id);
    if (!department) throw notFound(`department ${id}`);
    return department;
  });
}

async function callerOf(
  org: OrgStore,
  employee: Employee,
  known?: { position?: Position; departments?: readonly Department[] },
): Promise<CallerIdentity> {
  const position = known?.position ?? (await org.getPosition(employee.positionId));
  const department = known?.departments?.at(-1) ?? (await org.getDepartment(employee.departmentId));
  return {
    employeeId: employee.id,
    name: employee.name,
    employeeNumber: employee.employeeNumber,
    ...(position ? { positionName: position.name } : {}),
    ...(department ? { departmentName: department.name } : {}),
  };
}

function assigneesOf(
  assignments: readonly KnowledgeAssignment[],
  employee: Employee | undefined,
): KnowledgeAssignee[] {
  const result = new Set<KnowledgeAssignee>();
  for (const { target } of assignments) {
    if (target.kind === 'everyone') result.add('everyone');
    else if (target.kind === 'position' && target.positionId === employee?.positionId)
      result.add('position');
    else if (target.kind === 'employee' && target.employeeId === employee?.id)
      result.add('employee');
  }
  return [...result].sort();
}

async function loadKnowledge(
  stores: AssemblyStores,
  knowledgeBaseIds: readonly string[],
  employee: Employee | undefined,
  notes: string[],
): Promise<AssemblyKnowledgeDocument[]> {
  const result: AssemblyKnowledgeDocument[] = [];
  for (const id of [...knowledgeBaseIds].sort()) {
    const knowledgeBase = await stores.org.getKnowledgeBase(id);
    if (!knowledgeBase) continue;
    const assignedTo = assigneesOf(await stores.org.listKnowledgeAssignments(id), employee);
    for (const document of await stores.org.listKnowledgeDocuments(id)) {
      const blob = await stores.blobs.get(knowledgeDocumentKey(id, document.fileName));
      if (!blob) {
        notes.push(`knowledge/${id}/${document.fileName} has no body in the store; left out`);
        continue;
      }
      let content: string;
      try {
        content = decoder.decode(blob.body);
      } catch {
        notes.push(`knowledge/${id}/${document.fileName} is not UTF-8 text; left out`);
        continue;
      }
      result.push({ knowledgeBase, document, content, assignedTo });
    }
  }
  return result;
}

async function everyoneKnowledgeBaseIds(org: OrgStore): Promise<string[]> {
  const ids: string[] = [];
  for (const base of await org.listKnowledgeBases()) {
    const assignments = await org.listKnowledgeAssignments(base.id);
    if (assignments.some((assignment) => assignment.target.kind === 'everyone')) ids.push(base.id);
  }
  return ids;
}

async function loadStoredWorkspace(
  blobs: BlobStore,
  prefix: string,
  notes: string[],
): Promise<StoredWorkspaceFile[]> {
  const files: StoredWorkspaceFile[] = [];
  let bytes = 0;
  let cursor: string | undefined;
  do {
    const page = await blobs.list({ prefix, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const path = item.key.slice(prefix.length);
      if (!isWorkspacePath(path) || !isStoredWorkspacePath(path)) {
        notes.push(`stored file ${item.key} is not a workspace memory file; left out`);
        continue;
      }
      if (files.length >= MAX_STORED_FILES || bytes + item.size > MAX_STORED_BYTES) {
        throw new ClawforceError(
          'limit_exceeded',
          `the stored workspace ${prefix} is larger than ${MAX_STORED_FILES} files or ${MAX_STORED_BYTES} bytes`,
        );
      }
      const blob = await blobs.get(item.key);
      if (!blob) continue;
      try {
        files.push({ path, content: decoder.decode(blob.body) });
        bytes += blob.body.byteLength;
      } catch {
        notes.push(`stored file ${item.key} is not UTF-8 text; left out`);
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return files;
}

/**
 * Reads everything one session's workspace needs from the stores: the organization, the agent
 * and its owner, the runtime tier, the three SOUL layers, the knowledge this agent gets (with
 * bodies), the skill catalog, the owner's IM bindings, the stored workspace the access path
 * reads and the verified caller. Throws `not_found` for a missing employee, position, runtime
 * or shared agent; the result is ready for `assembleWorkspace`.
 */
export async function loadAssemblyInput(
  stores: AssemblyStores,
  request: AssemblyRequest,
): Promise<AssemblyInput> {
  const accessPath = parse(accessPathSchema, request.accessPath, 'accessPath');
  const { org } = stores;
  const organization = await org.getOrganization();
  if (!organization) throw notFound('organization');
  const notes: string[] = [];

  let employee: Employee | undefined;
  let position: Position | undefined;
  let departments: Department[] | undefined;
  let sharedAgent: SharedAgent | undefined;
  const ownerId =
    accessPath.kind === 'admin'
      ? accessPath.adminId
      : accessPath.kind === 'employee' ||
          accessPath.kind === 'playground' ||
          accessPath.kind === 'twin'
        ? accessPath.employeeId
        : undefined;
  if (ownerId) {
    employee = await org.getEmployee(ownerId);
    if (!employee) throw notFound(`employee ${ownerId}`);
    position = await org.getPosition(employee.positionId);
    if (!position) throw notFound(`position ${employee.positionId}`);
    departments = await departmentChain(org, employee.departmentId);
  }
  if (accessPath.kind === 'shared') {
    const agent = await org.getAgent(accessPath.agentId);
    if (agent?.kind !== 'shared') throw notFound(`shared agent ${accessPath.agentId}`);
    sharedAgent = agent;
  }

  const runtimeId =
    request.runtimeId ??
    sharedAgent?.runtimeId ??
    position?.runtimeId ??
    organization.defaultRuntimeId;
  const runtime = await org.getRuntime(runtimeId);
  if (!runtime) throw notFound(`runtime ${runtimeId}`);

  const ownAgent =
    accessPath.kind === 'employee' ||
    accessPath.kind === 'playground' ||
    accessPath.kind === 'twin';
  const soul: { global?: SoulLayer; position?: SoulLayer; personal?: SoulLayer } = {};
  const global = await org.getSoulLayer({ scope: 'global' });
  if (global) soul.global = global;
  if (ownAgent && position && employee) {
    const positionLayer = await org.getSoulLayer({ scope: 'position', positionId: position.id });
    if (positionLayer) soul.position = positionLayer;
    const personal = await org.getSoulLayer({ scope: 'personal', employeeId: employee.id });
    if (personal) soul.personal = personal;
  }

  // Twin and unpaired sessions get no knowledge (see the assembler); do not even read it.
  let knowledge: AssemblyKnowledgeDocument[] = [];
  if (
    employee &&
    (accessPath.kind === 'employee' ||
      accessPath.kind === 'playground' ||
      accessPath.kind === 'admin')
  ) {
    knowledge = await loadKnowledge(
      stores,
      await org.knowledgeBaseIdsFor(employee),
      employee,
      notes,
    );
  } else if (accessPath.kind === 'shared') {
    knowledge = await loadKnowledge(stores, await everyoneKnowledgeBaseIds(org), undefined, notes);
  }

  const bindings =
    employee && accessPath.kind !== 'twin' ? await org.listBindingsByEmployee(employee.id) : [];
  const location = storedWorkspaceLocation(accessPath);
  const storedWorkspace = location
    ? await loadStoredWorkspace(stores.blobs, location.prefix, notes)
    : [];

  let caller: CallerIdentity | undefined;
  if ((accessPath.kind === 'employee' || accessPath.kind === 'admin') && employee) {
    caller = await callerOf(org, employee, {
      ...(position ? { position } : {}),
      ...(departments ? { departments } : {}),
    });
  } else if (accessPath.kind === 'playground') {
    const operator = await org.getEmployee(accessPath.operatorId);
    if (!operator) throw notFound(`operator ${accessPath.operatorId}`);
    caller = await callerOf(org, operator);
  } else if (accessPath.kind === 'shared' && accessPath.callerEmployeeId) {
    const calling = await org.getEmployee(accessPath.callerEmployeeId);
    if (!calling) throw notFound(`employee ${accessPath.callerEmployeeId}`);
    caller = await callerOf(org, calling);
  }

  return {
    openclawVersion: request.openclawVersion,
    workspaceDirectory: request.workspaceDirectory,
    sessionId: request.sessionId,
    accessPath,
    organization,
    ...(employee ? { employee } : {}),
    ...(position ? { position } : {}),
    ...(departments ? { departments } : {}),
    ...(sharedAgent ? { sharedAgent } : {}),
    runtime,
    soul,
    knowledge,
    skills: await org.listSkills(),
    bindings,
    storedWorkspace,
    ...(caller ? { caller } : {}),
    providers: request.providers,
    ...(request.heartbeat ? { heartbeat: request.heartbeat } : {}),
    ...(request.options ? { options: request.options } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}
