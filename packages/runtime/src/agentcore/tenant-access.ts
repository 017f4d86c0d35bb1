import { STORED_WORKSPACE_ROOTS } from '@clawforce/assembler';
import { SESSION_STATE_PREFIX } from '../session-state.js';

/**
 * What one AgentCore session reaches in AWS, as data: the session tags the API sets when it
 * assumes a tier's tenant role for a session, and the DynamoDB partitions and S3 keys that role
 * may touch. The CDK app turns these into the tenant roles' policies (`{tag}` placeholders become
 * `${aws:PrincipalTag/<tag>}`); the container's tests check that every call a real turn makes
 * falls inside them. Patterns use IAM's `StringLike` globbing (`*`); `{employeeId}` and the other
 * placeholders stand for the session's tags. Knowledge keys are `knowledgeDocumentKey`'s of
 * `@clawforce/core`.
 *
 * A session gets no DynamoDB writes at all: its audit events, usage and preference changes travel
 * back in the turn's reply, and the API writes them (see `writeTurnRecords`).
 */
export const TENANT_SESSION_TAGS = {
  /** The agent's owner: the employee (personal, playground, twin) or the administrator (admin). */
  employeeId: 'employeeId',
  /** The access path's kind: `employee`, `playground`, `twin` or `admin`. */
  accessPath: 'accessPath',
  /** The key segment of the session's stored conversation ({@link sessionStateSegment}). */
  sessionId: 'sessionId',
} as const;

export type TenantSessionTag = keyof typeof TENANT_SESSION_TAGS;

/** The access paths that run in an AgentCore microVM on a tenant role: those with an owner. */
export const TENANT_ACCESS_PATHS = ['employee', 'playground', 'twin', 'admin'] as const;
export type TenantAccessPath = (typeof TENANT_ACCESS_PATHS)[number];

export const TENANT_DATA_ACCESS = {
  items: {
    /** `GetItem`, `BatchGetItem` and `Query` only: a session writes nothing in the table. */
    actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
    /**
     * Table partitions a session reads: the organization's configuration (the same for every
     * employee: tiers, positions, departments, global and position SOUL, skills, prices,
     * knowledge metadata) and the owner's own items (employee record with bindings, personal
     * SOUL, agent). No other employee's partition, no audit, usage, tokens or parameters.
     */
    tablePartitions: [
      'ORG',
      'META',
      'DEPT',
      'POS',
      'RUNTIME',
      'SKILL',
      'PRICE',
      'KB',
      'KB#*',
      'SOUL#global',
      'SOUL#position#*',
      'EMP#{employeeId}',
      'SOUL#personal#{employeeId}',
    ],
    /** On gsi1, queries only (`GetItem` and `BatchGetItem` do not apply to an index). */
    indexActions: ['dynamodb:Query'],
    /** gsi1 partitions a session queries: the knowledge assignments that can concern it. */
    indexPartitions: ['KBASSIGN#everyone', 'KBASSIGN#position#*', 'KBASSIGN#employee#{employeeId}'],
  },
  objects: {
    /** Read by every session: knowledge bodies (assignments decide which are injected). */
    readOnly: ['knowledge/*'],
    /** Read and written by every session: its own stored conversation. */
    session: `${SESSION_STATE_PREFIX}/{sessionId}/*`,
    /** The stored workspace each access path reads and writes: its own owner's only. */
    readWriteByAccessPath: {
      employee: [`${STORED_WORKSPACE_ROOTS.personal}/{employeeId}/*`],
      playground: [],
      twin: [`${STORED_WORKSPACE_ROOTS.twin}/{employeeId}/*`],
      admin: [`${STORED_WORKSPACE_ROOTS.admin}/{employeeId}/*`],
    },
    /** Read only: the playground shows the employee's memory and never writes it back. */
    readOnlyByAccessPath: {
      employee: [],
      playground: [`${STORED_WORKSPACE_ROOTS.personal}/{employeeId}/*`],
      twin: [],
      admin: [],
    },
  },
} as const satisfies {
  items: {
    actions: readonly string[];
    indexActions: readonly string[];
    tablePartitions: readonly string[];
    indexPartitions: readonly string[];
  };
  objects: {
    readOnly: readonly string[];
    session: string;
    readWriteByAccessPath: Record<TenantAccessPath, readonly string[]>;
    readOnlyByAccessPath: Record<TenantAccessPath, readonly string[]>;
  };
};

/**
 * A pattern of {@link TENANT_DATA_ACCESS} with its `{tag}` placeholders replaced: by
 * `${aws:PrincipalTag/<tag>}` for an IAM policy, or by a session's values for a check.
 */
export function fillTenantPattern(
  pattern: string,
  values: Partial<Record<TenantSessionTag, string>> | 'policy-variables',
): string {
  return pattern.replace(/\{(employeeId|accessPath|sessionId)\}/g, (_, name: TenantSessionTag) => {
    if (values === 'policy-variables') return `\${aws:PrincipalTag/${TENANT_SESSION_TAGS[name]}}`;
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}}`);
    return value;
  });
}
