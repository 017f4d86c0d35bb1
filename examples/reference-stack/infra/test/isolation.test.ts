import {
  fillTenantPattern,
  TENANT_ACCESS_PATHS,
  TENANT_DATA_ACCESS,
  TENANT_SESSION_TAGS,
  type TenantAccessPath,
} from '@clawforce/runtime/agentcore';
import { beforeAll, describe, expect, it } from 'vitest';
import { adapterActions } from './adapter-actions.js';
import { resourceArns, type Synthesized, synthesize } from './fixtures.js';
import {
  allows,
  REGION,
  type RequestContext,
  resolve,
  roleStatements,
  type Statement,
  trusts,
} from './iam-evaluator.js';

/**
 * Tenant isolation on AgentCore: the API assumes a tier's tenant role per invocation with the
 * session tags (employeeId, accessPath, sessionId), and the container reaches DynamoDB and S3 with
 * those credentials only. These tests ask the synthesized policies what one session may do.
 */
let built: Synthesized;
beforeAll(() => {
  built = synthesize();
});

type Tier = 'standard' | 'executive';
const TIERS: readonly Tier[] = ['standard', 'executive'];
const WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
  'dynamodb:Scan',
];

type Tags = { employeeId: string; accessPath: string; sessionId: string };
const sessionOf = (accessPath: TenantAccessPath, employeeId = 'emp-alice'): Tags => ({
  employeeId,
  accessPath,
  sessionId: `emp__${employeeId}__x`,
});
const alice = sessionOf('employee');

const { bucketArn, object, tableArn, indexArn, keyArn, roleArn } = resourceArns(() => built);
const tenantRoleId = (tier: Tier) => built.logicalId(built.stack.runtimes[tier].tenantRole);
const apiRoleId = () => built.logicalId(built.stack.api.service.taskDefinition.taskRole);
const tenantStatements = (tier: Tier) => roleStatements(built.template, tenantRoleId(tier));

/** May a session with `tags` on `tier`'s tenant role do this? */
function can(
  tier: Tier,
  tags: Tags | Record<string, never>,
  action: string,
  resource: string,
  keys: RequestContext['keys'] = {},
): boolean {
  return allows(built.template, tenantStatements(tier), action, resource, {
    principalTags: tags,
    keys,
  });
}
const partitions = (...pks: string[]) => ({ 'dynamodb:LeadingKeys': pks });
const readItem = (tier: Tier, tags: Tags, pk: string, action = 'dynamodb:GetItem') =>
  can(tier, tags, action, tableArn(), partitions(pk));
const queryIndex = (tier: Tier, tags: Tags, pk: string) =>
  can(tier, tags, 'dynamodb:Query', indexArn(), partitions(pk));

describe('a tenant session’s items (DynamoDB, read only)', () => {
  it('reads the organization and its owner’s own items', () => {
    for (const tier of TIERS) {
      for (const pk of [
        'ORG',
        'POS',
        'SOUL#global',
        'SOUL#position#p1',
        'EMP#emp-alice',
        'SOUL#personal#emp-alice',
        'KB#hr',
      ]) {
        for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']) {
          expect(readItem(tier, alice, pk, action), `${tier} ${action} ${pk}`).toBe(true);
        }
      }
      for (const pk of [
        'KBASSIGN#everyone',
        'KBASSIGN#position#p1',
        'KBASSIGN#employee#emp-alice',
      ]) {
        expect(queryIndex(tier, alice, pk), pk).toBe(true);
      }
    }
  });

  it('reads no other employee’s items, no audit, usage, tokens, parameters or bindings', () => {
    for (const tier of TIERS) {
      for (const pk of [
        'EMP#emp-bob',
        'SOUL#personal#emp-bob',
        'EMP#emp-alice-2',
        'AUDIT',
        'USAGE#EMP#emp-alice',
        'TOKEN#x',
        'PARAM',
        'BIND#telegram#1',
        'POSHOLDER#p1',
        'TWINTOKEN#x',
      ]) {
        expect(readItem(tier, alice, pk), pk).toBe(false);
        expect(readItem(tier, alice, pk, 'dynamodb:Query'), pk).toBe(false);
      }
      for (const pk of ['KBASSIGN#employee#emp-bob', 'EMPS', 'AUDIT#EMP#emp-alice', 'ORG']) {
        expect(queryIndex(tier, alice, pk), pk).toBe(false);
      }
      // The table's partitions are not the index's, nor the other way round.
      expect(readItem(tier, alice, 'KBASSIGN#everyone', 'dynamodb:Query')).toBe(false);
      expect(
        can(tier, alice, 'dynamodb:Query', `${tableArn()}/index/other`, partitions('ORG')),
      ).toBe(false);
    }
  });

  it('writes nothing and scans nothing, in any partition', () => {
    for (const tier of TIERS) {
      for (const action of WRITES) {
        for (const resource of [tableArn(), indexArn()]) {
          for (const pk of ['EMP#emp-alice', 'AUDIT', 'USAGE#EMP#emp-alice', 'ORG']) {
            expect(can(tier, alice, action, resource, partitions(pk)), `${action} ${pk}`).toBe(
              false,
            );
          }
          expect(can(tier, alice, action, resource), action).toBe(false);
        }
      }
    }
  });

  it('allows the ItemStore adapter’s reads and none of its writes (read from its source)', () => {
    const reads: readonly string[] = TENANT_DATA_ACCESS.items.actions;
    for (const action of adapterActions()) {
      expect(readItem('standard', alice, 'EMP#emp-alice', action), action).toBe(
        reads.includes(action),
      );
    }
  });

  it('refuses a request mixing an own and a foreign partition, and one naming none', () => {
    for (const tier of TIERS) {
      for (const action of ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']) {
        expect(
          can(tier, alice, action, tableArn(), partitions('EMP#emp-alice', 'EMP#emp-bob')),
        ).toBe(false);
        expect(can(tier, alice, action, tableArn(), partitions('EMP#emp-alice', 'ORG'))).toBe(true);
        // ForAllValues holds for an empty set: the Null guard is what refuses these.
        expect(can(tier, alice, action, tableArn()), action).toBe(false);
        expect(can(tier, alice, action, tableArn(), partitions()), action).toBe(false);
        expect(can(tier, alice, action, indexArn()), action).toBe(false);
      }
      // Without session tags the own partitions match nothing.
      expect(can(tier, {}, 'dynamodb:GetItem', tableArn(), partitions('EMP#emp-alice'))).toBe(
        false,
      );
    }
  });
});

describe('a tenant session’s objects (S3)', () => {
  const readWrite = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
  const canAll = (tier: Tier, tags: Tags, key: string, actions = readWrite) =>
    actions.every((action) => can(tier, tags, action, object(key)));
  const canAny = (tier: Tier, tags: Tags, key: string, actions = readWrite) =>
    actions.some((action) => can(tier, tags, action, object(key)));

  it('employee path: own workspace and conversation read-write, knowledge read-only, nothing else', () => {
    for (const tier of TIERS) {
      expect(canAll(tier, alice, 'workspaces/emp-alice/MEMORY.md')).toBe(true);
      expect(canAll(tier, alice, 'workspaces/emp-alice/memory/2026-11-26.md')).toBe(true);
      expect(canAll(tier, alice, 'openclaw-sessions/emp__emp-alice__x/warm.json')).toBe(true);
      expect(can(tier, alice, 's3:GetObject', object('knowledge/hr/leave.md'))).toBe(true);
      for (const action of ['s3:PutObject', 's3:DeleteObject']) {
        expect(can(tier, alice, action, object('knowledge/hr/leave.md'))).toBe(false);
      }
      for (const key of [
        'workspaces/emp-bob/MEMORY.md',
        'workspaces/emp-alice-2/MEMORY.md',
        'workspaces/MEMORY.md',
        'openclaw-sessions/emp__emp-bob__x/warm.json',
        'openclaw-sessions/emp__emp-alice__y/warm.json',
        'twin-workspaces/emp-alice/MEMORY.md',
        'admin-workspaces/emp-alice/MEMORY.md',
        'shared-workspaces/it-helpdesk/MEMORY.md',
      ]) {
        expect(canAny(tier, alice, key), key).toBe(false);
      }
      // Without session tags nothing matches at all.
      expect(can(tier, {}, 's3:GetObject', object('workspaces/emp-alice/MEMORY.md'))).toBe(false);
    }
  });

  it('playground path: reads the employee’s workspace and never writes it back', () => {
    const playground = sessionOf('playground');
    for (const tier of TIERS) {
      expect(can(tier, playground, 's3:GetObject', object('workspaces/emp-alice/MEMORY.md'))).toBe(
        true,
      );
      for (const action of ['s3:PutObject', 's3:DeleteObject']) {
        expect(can(tier, playground, action, object('workspaces/emp-alice/MEMORY.md'))).toBe(false);
      }
      expect(canAny(tier, playground, 'workspaces/emp-bob/MEMORY.md')).toBe(false);
      expect(canAll(tier, playground, 'openclaw-sessions/emp__emp-alice__x/warm.json')).toBe(true);
    }
  });

  it('twin path: the twin’s own memory, not the employee’s workspace', () => {
    const twin = sessionOf('twin');
    for (const tier of TIERS) {
      expect(canAll(tier, twin, 'twin-workspaces/emp-alice/MEMORY.md')).toBe(true);
      expect(canAny(tier, twin, 'twin-workspaces/emp-bob/MEMORY.md')).toBe(false);
      expect(canAny(tier, twin, 'workspaces/emp-alice/MEMORY.md')).toBe(false);
    }
  });

  it('admin path: the administrator’s own assistant memory only', () => {
    const admin = sessionOf('admin', 'emp-root');
    for (const tier of TIERS) {
      expect(canAll(tier, admin, 'admin-workspaces/emp-root/memory/2026-11-26.md')).toBe(true);
      expect(canAny(tier, admin, 'admin-workspaces/emp-alice/MEMORY.md')).toBe(false);
      expect(canAny(tier, admin, 'workspaces/emp-root/MEMORY.md')).toBe(false);
    }
  });

  it('lists only the session’s own prefixes, and lets S3 answer 404 for a missing own key', () => {
    const list = (tier: Tier, tags: Tags, prefix?: string) =>
      can(
        tier,
        tags,
        's3:ListBucket',
        bucketArn(),
        prefix === undefined ? {} : { 's3:prefix': prefix },
      );
    for (const tier of TIERS) {
      expect(list(tier, alice, 'workspaces/emp-alice/')).toBe(true);
      expect(list(tier, alice, 'workspaces/emp-alice/memory/')).toBe(true);
      expect(list(tier, alice, 'openclaw-sessions/emp__emp-alice__x/')).toBe(true);
      expect(list(tier, alice, 'knowledge/hr/')).toBe(true);
      for (const prefix of [
        'workspaces/',
        'workspaces/emp-bob/',
        'openclaw-sessions/',
        'twin-workspaces/emp-alice/',
        '',
      ]) {
        expect(list(tier, alice, prefix), prefix).toBe(false);
      }
      expect(list(tier, sessionOf('twin'), 'twin-workspaces/emp-alice/')).toBe(true);
      // The implicit ListBucket check of a GET of a missing key carries no s3:prefix.
      expect(list(tier, alice)).toBe(true);
    }
  });

  it('uses the stack key only through S3 and DynamoDB', () => {
    for (const tier of TIERS) {
      for (const service of ['s3', 'dynamodb']) {
        const via = { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` };
        expect(can(tier, alice, 'kms:Decrypt', keyArn(), via)).toBe(true);
        expect(can(tier, alice, 'kms:GenerateDataKey', keyArn(), via)).toBe(true);
      }
      expect(can(tier, alice, 'kms:Decrypt', keyArn())).toBe(false);
      expect(
        can(tier, alice, 'kms:Decrypt', keyArn(), {
          'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com`,
        }),
      ).toBe(false);
    }
  });
});

describe('who may become a tenant session', () => {
  const request = (tags: Record<string, string>): RequestContext => ({
    keys: {
      ...Object.fromEntries(
        Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value]),
      ),
      'aws:TagKeys': Object.keys(tags),
    },
  });
  const assume = (tier: Tier, principal: string, context: RequestContext) =>
    ['sts:AssumeRole', 'sts:TagSession'].every((action) =>
      trusts(built.template, tenantRoleId(tier), principal, action, context),
    );

  it('trusts the API task role with the three tags, only those, and a tenant access path', () => {
    const api = roleArn(apiRoleId());
    for (const tier of TIERS) {
      for (const path of TENANT_ACCESS_PATHS) {
        expect(assume(tier, api, request(sessionOf(path))), path).toBe(true);
      }
      const { sessionId: _, ...withoutSession } = alice;
      for (const [name, tags] of Object.entries({
        'no tags': {},
        'no sessionId': withoutSession,
        'an extra tag': { ...alice, department: 'finance' },
        'a shared path': { ...alice, accessPath: 'shared' },
        'an unknown path': { ...alice, accessPath: 'Employee' },
        'an owner with a slash': { ...alice, employeeId: 'emp-bob/x' },
        'a session with a slash': { ...alice, sessionId: 'emp__emp-alice__x/../y' },
      })) {
        expect(assume(tier, api, request(tags)), name).toBe(false);
      }
    }
  });

  it('trusts no execution role, no team agent, no other tier’s tenant session', () => {
    for (const tier of TIERS) {
      const strangers = [
        ...TIERS.map((other) => built.stack.runtimes[other].executionRole),
        ...TIERS.map((other) => built.stack.runtimes[other].tenantRole),
        ...built.stack.teamAgents.agents.map((agent) => agent.service.taskDefinition.taskRole),
      ];
      for (const stranger of strangers) {
        const principal = roleArn(built.logicalId(stranger));
        expect(assume(tier, principal, request(alice)), principal).toBe(false);
      }
      expect(assume(tier, 'bedrock-agentcore.amazonaws.com', request(alice))).toBe(false);
    }
  });

  it('lets the API assume both tenant roles, and a tenant session assume nothing', () => {
    const apiCan = (action: string, resource: string) =>
      allows(built.template, roleStatements(built.template, apiRoleId()), action, resource);
    for (const tier of TIERS) {
      expect(apiCan('sts:AssumeRole', roleArn(tenantRoleId(tier)))).toBe(true);
      expect(apiCan('sts:TagSession', roleArn(tenantRoleId(tier)))).toBe(true);
      const executionRole = roleArn(built.logicalId(built.stack.runtimes[tier].executionRole));
      expect(apiCan('sts:AssumeRole', executionRole)).toBe(false);
      const other = tier === 'standard' ? 'executive' : 'standard';
      for (const action of ['sts:AssumeRole', 'sts:TagSession', 'iam:PassRole']) {
        expect(can(tier, alice, action, roleArn(tenantRoleId(other)))).toBe(false);
        expect(can(tier, alice, action, roleArn(tenantRoleId(tier)))).toBe(false);
      }
      const services = new Set(
        tenantStatements(tier).flatMap((statement) =>
          [statement.Action ?? []].flat().map((action) => action.split(':')[0]),
        ),
      );
      expect([...services].sort()).toEqual(['dynamodb', 'kms', 's3']);
    }
  });

  it('limits a tenant session to one hour', () => {
    for (const tier of TIERS) {
      built.template.hasResourceProperties('AWS::IAM::Role', {
        Description: `Clawforce ${tier} tier: one session's data, by session tags (assumed by the API)`,
        MaxSessionDuration: 3600,
      });
    }
  });
});

describe('the tenant roles are TENANT_DATA_ACCESS of @clawforce/runtime/agentcore', () => {
  const policy = (pattern: string) => fillTenantPattern(pattern, 'policy-variables');
  const conditionOf = (statement: Statement) =>
    statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
  const resourcesOf = (statement: Statement) =>
    [statement.Resource ?? []].flat().map((resource) => resolve(built.template.toJSON(), resource));

  it('names exactly its partitions and actions, on the table and on gsi1', () => {
    const { items } = TENANT_DATA_ACCESS;
    for (const tier of TIERS) {
      const dynamodb = tenantStatements(tier).filter((statement) =>
        [statement.Action].flat().some((action) => String(action).startsWith('dynamodb:')),
      );
      expect(dynamodb).toHaveLength(2);
      const table = dynamodb.find((statement) => resourcesOf(statement).includes(tableArn()));
      const index = dynamodb.find((statement) => resourcesOf(statement).includes(indexArn()));
      expect(resourcesOf(table as Statement)).toEqual([tableArn()]);
      expect(resourcesOf(index as Statement)).toEqual([indexArn()]);
      expect(conditionOf(table as Statement)).toEqual(items.tablePartitions.map(policy));
      expect(conditionOf(index as Statement)).toEqual(items.indexPartitions.map(policy));
      expect([table?.Action].flat().sort()).toEqual([...items.actions].sort());
      expect([index?.Action].flat().sort()).toEqual([...items.indexActions].sort());
      for (const statement of dynamodb) {
        expect(statement.Condition?.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
      }
    }
  });

  it('grants every object pattern to the sessions it names, and no object beyond them', () => {
    const { objects } = TENANT_DATA_ACCESS;
    const everyPattern = new Set<string>([...objects.readOnly, objects.session]);
    for (const path of TENANT_ACCESS_PATHS) {
      for (const pattern of objects.readWriteByAccessPath[path]) everyPattern.add(pattern);
      for (const pattern of objects.readOnlyByAccessPath[path]) everyPattern.add(pattern);
    }
    // A key below a pattern, for a session's tags.
    const keyFor = (pattern: string, tags: Tags) =>
      fillTenantPattern(pattern, tags).replace('*', 'drift-check/file.md');
    for (const tier of TIERS) {
      const granted = new Set(
        tenantStatements(tier)
          .filter((statement) =>
            [statement.Action].flat().some((action) => String(action).endsWith('Object')),
          )
          .flatMap(resourcesOf),
      );
      expect([...granted].sort()).toEqual(
        [...everyPattern].map((pattern) => `${bucketArn()}/${policy(pattern)}`).sort(),
      );
      for (const path of TENANT_ACCESS_PATHS) {
        const tags = sessionOf(path);
        const writable = new Set<string>([objects.session, ...objects.readWriteByAccessPath[path]]);
        const readable = new Set<string>([
          ...writable,
          ...objects.readOnly,
          ...objects.readOnlyByAccessPath[path],
        ]);
        for (const pattern of everyPattern) {
          const key = object(keyFor(pattern, tags));
          expect(can(tier, tags, 's3:GetObject', key), `${path} get ${pattern}`).toBe(
            readable.has(pattern),
          );
          for (const action of ['s3:PutObject', 's3:DeleteObject']) {
            expect(can(tier, tags, action, key), `${path} ${action} ${pattern}`).toBe(
              writable.has(pattern),
            );
          }
        }
      }
    }
  });

  it('trusts on exactly its session tag keys and access paths', () => {
    for (const tier of TIERS) {
      const [assume] = built.template.toJSON().Resources[tenantRoleId(tier)].Properties
        .AssumeRolePolicyDocument.Statement as Statement[];
      expect(assume?.Condition?.['ForAllValues:StringEquals']).toEqual({
        'aws:TagKeys': Object.values(TENANT_SESSION_TAGS),
      });
      expect(assume?.Condition?.StringEquals).toEqual({
        [`aws:RequestTag/${TENANT_SESSION_TAGS.accessPath}`]: [...TENANT_ACCESS_PATHS],
      });
    }
  });
});
