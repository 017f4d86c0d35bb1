import { type AccessPath, assertId } from '@clawforce/core';

/**
 * Where each agent's stored workspace (its memory) lives in the BlobStore. One prefix per
 * owner; under it, the workspace's relative paths unchanged:
 *
 * ```
 * workspaces/{employeeId}/MEMORY.md              personal agent (emp__/pt__ write, pgnd__ read)
 * workspaces/{employeeId}/HEARTBEAT.md
 * workspaces/{employeeId}/memory/2026-11-02.md
 * twin-workspaces/{employeeId}/…                 the Digital Twin's own, separate memory
 * admin-workspaces/{adminId}/…                   the IT admin assistant of one administrator
 * shared-workspaces/{agentId}/…                  an always-on team agent
 * ```
 *
 * Unpaired IM sessions have no stored workspace. Preferences (USER.md) are not stored here: they
 * are the employee's `preferences` field in the OrgStore.
 */
export const STORED_WORKSPACE_ROOTS = {
  personal: 'workspaces',
  twin: 'twin-workspaces',
  admin: 'admin-workspaces',
  shared: 'shared-workspaces',
} as const;

export interface StoredWorkspaceLocation {
  /** Key prefix ending in `/`, e.g. `workspaces/emp-carol/`. */
  readonly prefix: string;
  /** Whether a checkpoint of this access path writes back to it. */
  readonly writable: boolean;
}

/** The stored workspace an access path reads, and whether it writes back; none for unpaired. */
export function storedWorkspaceLocation(
  accessPath: AccessPath,
): StoredWorkspaceLocation | undefined {
  switch (accessPath.kind) {
    case 'employee':
      return {
        prefix: `${STORED_WORKSPACE_ROOTS.personal}/${assertId(accessPath.employeeId, 'employeeId')}/`,
        writable: true,
      };
    case 'playground':
      return {
        prefix: `${STORED_WORKSPACE_ROOTS.personal}/${assertId(accessPath.employeeId, 'employeeId')}/`,
        writable: false,
      };
    case 'twin':
      return {
        prefix: `${STORED_WORKSPACE_ROOTS.twin}/${assertId(accessPath.employeeId, 'employeeId')}/`,
        writable: true,
      };
    case 'admin':
      return {
        prefix: `${STORED_WORKSPACE_ROOTS.admin}/${assertId(accessPath.adminId, 'adminId')}/`,
        writable: true,
      };
    case 'shared':
      return {
        prefix: `${STORED_WORKSPACE_ROOTS.shared}/${assertId(accessPath.agentId, 'agentId')}/`,
        writable: true,
      };
    case 'unpaired':
      return undefined;
  }
}
