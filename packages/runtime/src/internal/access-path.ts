import type { AccessPath } from '@clawforce/core';

/**
 * Whose agent a session is, for usage and audit: the employee of a personal, playground or twin
 * session, the admin of an admin-assistant session, the calling member of a team agent's session;
 * none for an unpaired channel user.
 */
export function ownerIdOf(accessPath: AccessPath): string | undefined {
  switch (accessPath.kind) {
    case 'employee':
    case 'playground':
    case 'twin':
      return accessPath.employeeId;
    case 'admin':
      return accessPath.adminId;
    case 'shared':
      return accessPath.callerEmployeeId;
    case 'unpaired':
      return undefined;
  }
}
