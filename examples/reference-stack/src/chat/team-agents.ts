import {
  type AccessPath,
  type Agent,
  ClawforceError,
  type Employee,
  type OrgStore,
} from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';

export type SharedAgent = Extract<Agent, { kind: 'shared' }>;

/**
 * Always-on team agents: one `shared__{agentId}` session each, pinned in the runtime while the
 * agent runs, reached by the employees its `members` admit, each turn naming its caller.
 */

/** The team session of an agent: every member talks to the same instance. */
export function teamSessionOf(agentId: string): string {
  return formatSessionId({ kind: 'shared', agentId });
}

/** Whether `members` admits the employee: everyone, one of the employees, or in a department's subtree. */
export async function admits(
  org: Pick<OrgStore, 'departmentTree'>,
  agent: SharedAgent,
  employee: Pick<Employee, 'id' | 'departmentId'>,
): Promise<boolean> {
  const { members } = agent;
  if (members.everyone || members.employeeIds.includes(employee.id)) return true;
  if (members.departmentIds.length === 0) return false;
  const tree = await org.departmentTree();
  return members.departmentIds.some((departmentId) =>
    tree.contains(departmentId, employee.departmentId),
  );
}

/**
 * The team agent a caller may chat with now, or the reason why not: `not_found` for an unknown
 * agent, `conflict` for a stopped one, `forbidden` for an employee its members do not admit.
 */
export async function teamAgentFor(
  org: Pick<OrgStore, 'getAgent' | 'departmentTree'>,
  agentId: string,
  employee: Pick<Employee, 'id' | 'departmentId'>,
): Promise<SharedAgent> {
  const agent = await org.getAgent(agentId);
  if (agent?.kind !== 'shared')
    throw new ClawforceError('not_found', `team agent ${agentId} not found`);
  if (!(await admits(org, agent, employee))) {
    throw new ClawforceError('forbidden', `${agent.name} does not serve ${employee.id}`);
  }
  if (agent.status !== 'running') {
    throw new ClawforceError('conflict', `${agent.name} is stopped; an administrator can start it`);
  }
  return agent;
}

/** The access path and session of a member's turn with a team agent. */
export function teamTurnOf(
  agent: SharedAgent,
  employee: Pick<Employee, 'id'>,
): { accessPath: AccessPath; sessionId: string } {
  return {
    accessPath: { kind: 'shared', agentId: agent.id, callerEmployeeId: employee.id },
    sessionId: teamSessionOf(agent.id),
  };
}
