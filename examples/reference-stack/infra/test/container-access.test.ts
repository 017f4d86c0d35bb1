import { STORED_WORKSPACE_ROOTS } from '@clawforce/assembler';
import { knowledgeDocumentKey } from '@clawforce/core';
import { defaultSessionStateKey } from '@clawforce/runtime';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOB_PREFIXES } from '../src/data.js';
import { adapterActions } from './adapter-actions.js';
import { resourceArns, type Synthesized, synthesize } from './fixtures.js';
import {
  ACCOUNT,
  allows,
  REGION,
  type RequestContext,
  roleStatements,
  type Statement,
} from './iam-evaluator.js';

/**
 * What the processes that run turns hold: the AgentCore execution roles (nothing of the data; the
 * container reaches DynamoDB and S3 only with the tenant credentials of its invocation, see
 * isolation.test.ts) and the always-on team agents' task roles (the turn's data, read from the
 * DynamoDB adapter's source, and the agent's own shared workspace).
 */
let built: Synthesized;
beforeAll(() => {
  built = synthesize();
});

type Tier = 'standard' | 'executive';
const TIERS: readonly Tier[] = ['standard', 'executive'];

const { bucketArn, object, tableArn, indexArn, keyArn, roleArn } = resourceArns(() => built);
const executionStatements = (tier: Tier) =>
  roleStatements(built.template, built.logicalId(built.stack.runtimes[tier].executionRole));
const executionCan = (tier: Tier, action: string, resource: string, context: RequestContext = {}) =>
  allows(built.template, executionStatements(tier), action, resource, context);
const partition = (pk: string): RequestContext => ({ keys: { 'dynamodb:LeadingKeys': [pk] } });

/** The service prefixes (`s3`, `dynamodb`, …) of every action a role's statements name. */
const servicesOf = (statements: readonly Statement[]) =>
  [
    ...new Set(
      statements.flatMap((statement) =>
        (Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? '']).map(
          (action) => action.split(':')[0],
        ),
      ),
    ),
  ].sort();

describe('the AgentCore execution roles hold no data', () => {
  it('name only ECR, logs, metrics and Bedrock: no DynamoDB, S3, KMS or STS action at all', () => {
    for (const tier of TIERS) {
      expect(servicesOf(executionStatements(tier))).toEqual([
        'bedrock',
        'cloudwatch',
        'ecr',
        'logs',
      ]);
    }
  });

  it('refuse every data operation on the table, the bucket, the key and the tenant roles', () => {
    const tenantRoles = TIERS.map((tier) =>
      roleArn(built.logicalId(built.stack.runtimes[tier].tenantRole)),
    );
    for (const tier of TIERS) {
      for (const action of ['GetItem', 'Query', 'BatchGetItem', 'UpdateItem', 'PutItem', 'Scan']) {
        for (const pk of ['ORG', 'AUDIT', 'EMP#emp-alice', 'USAGE#ORG']) {
          expect(executionCan(tier, `dynamodb:${action}`, tableArn(), partition(pk))).toBe(false);
        }
        expect(executionCan(tier, `dynamodb:${action}`, indexArn())).toBe(false);
      }
      for (const key of [
        knowledgeDocumentKey('hr', 'leave.md'),
        defaultSessionStateKey('emp__emp-alice__01jd', 'warm'),
        `${STORED_WORKSPACE_ROOTS.personal}/emp-alice/MEMORY.md`,
        `${STORED_WORKSPACE_ROOTS.twin}/emp-alice/MEMORY.md`,
        `${STORED_WORKSPACE_ROOTS.admin}/emp-root/MEMORY.md`,
      ]) {
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
          expect(executionCan(tier, action, object(key)), `${action} ${key}`).toBe(false);
        }
      }
      expect(executionCan(tier, 's3:ListBucket', bucketArn())).toBe(false);
      for (const service of ['s3', 'dynamodb']) {
        const via = { keys: { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` } };
        expect(executionCan(tier, 'kms:Decrypt', keyArn(), via)).toBe(false);
        expect(executionCan(tier, 'kms:GenerateDataKey', keyArn(), via)).toBe(false);
      }
      for (const tenantRole of tenantRoles) {
        expect(executionCan(tier, 'sts:AssumeRole', tenantRole)).toBe(false);
        expect(executionCan(tier, 'sts:TagSession', tenantRole)).toBe(false);
      }
    }
  });

  it('still pull their image, write their logs and metrics, and call their own tier’s model', () => {
    const profile = (id: string) => `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${id}`;
    const models = built.stack.config.models;
    for (const tier of TIERS) {
      const repository = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/clawforce-prod-${tier}`;
      expect(executionCan(tier, 'ecr:BatchGetImage', repository)).toBe(true);
      expect(executionCan(tier, 'ecr:GetDownloadUrlForLayer', repository)).toBe(true);
      expect(executionCan(tier, 'ecr:GetAuthorizationToken', '*')).toBe(true);
      const other = tier === 'standard' ? 'executive' : 'standard';
      expect(
        executionCan(
          tier,
          'ecr:BatchGetImage',
          `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/clawforce-prod-${other}`,
        ),
      ).toBe(false);
      const logStream = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/bedrock-agentcore/runtimes/rt-1-DEFAULT:log-stream:x`;
      expect(executionCan(tier, 'logs:PutLogEvents', logStream)).toBe(true);
      expect(
        executionCan(
          tier,
          'logs:PutLogEvents',
          `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/other:log-stream:x`,
        ),
      ).toBe(false);
      const metrics = (namespace: string) => ({ keys: { 'cloudwatch:namespace': namespace } });
      expect(
        executionCan(tier, 'cloudwatch:PutMetricData', '*', metrics('bedrock-agentcore')),
      ).toBe(true);
      expect(executionCan(tier, 'cloudwatch:PutMetricData', '*', metrics('AWS/EC2'))).toBe(false);
      expect(executionCan(tier, 'bedrock:InvokeModel', profile(models[tier]))).toBe(true);
      expect(
        executionCan(tier, 'bedrock:InvokeModelWithResponseStream', profile(models[tier])),
      ).toBe(true);
      expect(executionCan(tier, 'bedrock:InvokeModel', profile(models[other]))).toBe(false);
    }
  });

  it('give the runtimes no tenant role or tag to assume, only the data locations', () => {
    for (const tier of TIERS) {
      built.template.hasResourceProperties('AWS::BedrockAgentCore::Runtime', {
        AgentRuntimeName: `clawforce_prod_${tier}`,
        EnvironmentVariables: {
          CLAWFORCE_TIER: tier,
          CLAWFORCE_MODEL: `amazon-bedrock/${built.stack.config.models[tier]}`,
          CLAWFORCE_TABLE: Match.anyValue(),
          CLAWFORCE_BUCKET: Match.anyValue(),
          CLAWFORCE_WORKSPACE_PREFIX: `${STORED_WORKSPACE_ROOTS.personal}/`,
        },
      });
    }
  });
});

describe('the team agents’ task roles hold what a team turn does', () => {
  const teamAgentCan = (action: string, resource: string, context: RequestContext = {}) => {
    const [agent] = built.stack.teamAgents.agents;
    const role = built.logicalId(agent?.service.taskDefinition.taskRole as never);
    return allows(built.template, roleStatements(built.template, role), action, resource, context);
  };

  it('allows every DynamoDB call the ItemStore adapter makes (read from its source)', () => {
    for (const action of adapterActions()) {
      // Writes go to the partitions a turn writes; AUDIT is one of them.
      expect(teamAgentCan(action, tableArn(), partition('AUDIT')), action).toBe(true);
    }
  });

  it('reads the organization from the table and gsi1, and writes only the turn records', () => {
    for (const pk of ['ORG', 'META', 'DEPT', 'POS', 'EMP#emp-bob', 'SOUL#global', 'KB#hr']) {
      expect(teamAgentCan('dynamodb:GetItem', tableArn(), partition(pk))).toBe(true);
      expect(teamAgentCan('dynamodb:Query', tableArn(), partition(pk))).toBe(true);
    }
    expect(teamAgentCan('dynamodb:Query', indexArn(), partition('KBASSIGN#everyone'))).toBe(true);
    expect(teamAgentCan('dynamodb:Scan', tableArn())).toBe(false);
    expect(teamAgentCan('dynamodb:Query', `${tableArn()}/index/other`)).toBe(false);
    for (const pk of ['AUDIT', 'USAGE#EMP#emp-alice', 'USAGE#ORG', 'EMP#emp-alice']) {
      for (const action of ['UpdateItem', 'DeleteItem', 'ConditionCheckItem']) {
        expect(teamAgentCan(`dynamodb:${action}`, tableArn(), partition(pk))).toBe(true);
      }
    }
    for (const pk of ['ORG', 'POS', 'DEPT', 'RUNTIME', 'SOUL#global', 'KB', 'TWINTOKEN#x']) {
      expect(teamAgentCan('dynamodb:UpdateItem', tableArn(), partition(pk)), pk).toBe(false);
    }
    // A transaction naming a foreign partition next to an allowed one is refused as a whole.
    expect(
      teamAgentCan('dynamodb:UpdateItem', tableArn(), {
        keys: { 'dynamodb:LeadingKeys': ['AUDIT', 'ORG'] },
      }),
    ).toBe(false);
  });

  it('uses the stack key only through S3 and DynamoDB', () => {
    for (const service of ['s3', 'dynamodb']) {
      const via = { keys: { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` } };
      expect(teamAgentCan('kms:Decrypt', keyArn(), via)).toBe(true);
    }
    expect(teamAgentCan('kms:Decrypt', keyArn())).toBe(false);
  });
});

describe('the S3 key layout of the CDK app is the packages’ layout', () => {
  it('matches the assembler, the knowledge store and the transcript store', () => {
    expect(BLOB_PREFIXES.workspaces).toBe(STORED_WORKSPACE_ROOTS.personal);
    expect(BLOB_PREFIXES.twinWorkspaces).toBe(STORED_WORKSPACE_ROOTS.twin);
    expect(BLOB_PREFIXES.adminWorkspaces).toBe(STORED_WORKSPACE_ROOTS.admin);
    expect(BLOB_PREFIXES.shared).toBe(STORED_WORKSPACE_ROOTS.shared);
    expect(knowledgeDocumentKey('hr', 'leave.md').startsWith(`${BLOB_PREFIXES.knowledge}/`)).toBe(
      true,
    );
    expect(
      defaultSessionStateKey('emp__alice__01', 'process').startsWith(`${BLOB_PREFIXES.sessions}/`),
    ).toBe(true);
  });
});
