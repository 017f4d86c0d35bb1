import { readFileSync } from 'node:fs';
import { STORED_WORKSPACE_ROOTS } from '@clawforce/assembler';
import { knowledgeDocumentKey } from '@clawforce/core';
import { ITEM_TABLE_DESIGN } from '@clawforce/core/aws';
import { defaultSessionStateKey } from '@clawforce/runtime';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOB_PREFIXES } from '../src/data.js';
import { type Synthesized, synthesize } from './fixtures.js';
import { allows, REGION, type RequestContext, roleStatements } from './iam-evaluator.js';

/**
 * What the AgentCore container does on its execution role (packages/runtime/src/agentcore and the
 * DynamoDB/S3 adapters of @clawforce/core/aws), turned into "may it?" questions: every operation a
 * turn needs must be allowed, and no employee workspace may be.
 */
let built: Synthesized;
beforeAll(() => {
  built = synthesize();
});

type Tier = 'standard' | 'executive';
const TIERS: readonly Tier[] = ['standard', 'executive'];

const bucketArn = () => `arn:aws:s3:::${built.logicalId(built.stack.data.bucket).toLowerCase()}`;
const object = (key: string) => `${bucketArn()}/${key}`;
const tableArn = () =>
  `arn:aws:dynamodb:us-east-1:111111111111:table/${built.logicalId(built.stack.data.table)}`;
const keyArn = () =>
  `arn:aws:kms:us-east-1:111111111111:key/${built.logicalId(built.stack.data.key)}`;
const executionCan = (tier: Tier, action: string, resource: string, context: RequestContext = {}) =>
  allows(
    built.template,
    roleStatements(built.template, built.logicalId(built.stack.runtimes[tier].executionRole)),
    action,
    resource,
    context,
  );
const partition = (pk: string): RequestContext => ({ keys: { 'dynamodb:LeadingKeys': [pk] } });

/** The lib-dynamodb commands a source file imports (`GetCommand`, …), without `Command`. */
function importedCommands(relativePath: string, from: string): string[] {
  const source = readFileSync(new URL(relativePath, import.meta.url), 'utf8');
  const block = new RegExp(`import\\s*{([^}]*)}\\s*from\\s*'${from}'`).exec(source)?.[1] ?? '';
  return [...block.matchAll(/\b(\w+)Command\b/g)].map((match) => match[1] as string);
}

/** The IAM actions DynamoDB authorizes for each document-client command. */
const DYNAMODB_ACTIONS: Record<string, readonly string[]> = {
  Get: ['dynamodb:GetItem'],
  BatchGet: ['dynamodb:BatchGetItem'],
  Query: ['dynamodb:Query'],
  Put: ['dynamodb:PutItem'],
  Update: ['dynamodb:UpdateItem'],
  Delete: ['dynamodb:DeleteItem'],
  // No action of its own: each item is authorized as the operation it is (see below).
  TransactWrite: [],
};
const TRANSACTION_ITEM_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

describe('the execution role holds what the container does per turn', () => {
  it('allows every DynamoDB call the ItemStore adapter makes (read from its source)', () => {
    const commands = importedCommands(
      '../../../../packages/core/src/aws/dynamodb/item-store.ts',
      '@aws-sdk/lib-dynamodb',
    ).filter((name) => name !== 'DynamoDBDocumentClient' && name !== 'DynamoDBDocument');
    expect(commands).toContain('TransactWrite');
    const expressions = readFileSync(
      new URL(
        '../../../../packages/core/src/aws/dynamodb/internal/expressions.ts',
        import.meta.url,
      ),
      'utf8',
    );
    const transactionItems = [
      ...(/export type CompiledWrite\s*=([^;]*);/.exec(expressions)?.[1] ?? '').matchAll(
        /readonly (\w+):/g,
      ),
    ].map((match) => match[1] as string);
    expect(transactionItems.length).toBeGreaterThan(0);
    const actions = new Set<string>();
    for (const command of commands) {
      const mapped = DYNAMODB_ACTIONS[command];
      if (!mapped) throw new Error(`map the adapter's new ${command}Command to its IAM actions`);
      for (const action of mapped) actions.add(action);
    }
    for (const item of transactionItems) {
      const action = TRANSACTION_ITEM_ACTIONS[item];
      if (!action) throw new Error(`map the transaction item ${item} to its IAM action`);
      actions.add(action);
    }
    for (const tier of TIERS) {
      for (const action of actions) {
        // Writes go to the partitions a turn writes; every partition below is one of them.
        expect(executionCan(tier, action, tableArn(), partition('AUDIT')), action).toBe(true);
      }
    }
  });

  it('reads the organization from the table and gsi1', () => {
    const index = `${tableArn()}/index/${ITEM_TABLE_DESIGN.index.name}`;
    for (const tier of TIERS) {
      for (const pk of ['ORG', 'META', 'DEPT', 'POS', 'EMP#emp-bob', 'SOUL#global', 'KB#hr']) {
        expect(executionCan(tier, 'dynamodb:GetItem', tableArn(), partition(pk))).toBe(true);
        expect(executionCan(tier, 'dynamodb:Query', tableArn(), partition(pk))).toBe(true);
      }
      expect(executionCan(tier, 'dynamodb:BatchGetItem', tableArn())).toBe(true);
      expect(executionCan(tier, 'dynamodb:Query', index, partition('KBASSIGN#everyone'))).toBe(
        true,
      );
      expect(executionCan(tier, 'dynamodb:Scan', tableArn())).toBe(false);
      expect(executionCan(tier, 'dynamodb:Query', `${tableArn()}/index/other`)).toBe(false);
    }
  });

  it('writes audit, usage and the owner preferences, and nothing else in the table', () => {
    for (const tier of TIERS) {
      for (const pk of [
        'AUDIT',
        'USAGE#EMP#emp-alice',
        'USAGE#DEPT#finance',
        'USAGE#MODEL#us.amazon.nova-2-lite-v1:0',
        'USAGE#ORG',
        'EMP#emp-alice',
      ]) {
        for (const action of ['UpdateItem', 'DeleteItem', 'ConditionCheckItem']) {
          expect(executionCan(tier, `dynamodb:${action}`, tableArn(), partition(pk))).toBe(true);
        }
      }
      for (const pk of ['ORG', 'POS', 'DEPT', 'RUNTIME', 'SOUL#global', 'KB', 'TWINTOKEN#x']) {
        expect(executionCan(tier, 'dynamodb:UpdateItem', tableArn(), partition(pk)), pk).toBe(
          false,
        );
      }
      // A transaction naming a foreign partition next to an allowed one is refused as a whole.
      expect(
        executionCan(tier, 'dynamodb:UpdateItem', tableArn(), {
          keys: { 'dynamodb:LeadingKeys': ['AUDIT', 'ORG'] },
        }),
      ).toBe(false);
    }
  });

  it('reads knowledge bodies on every tier (assignments, not tiers, decide who gets which)', () => {
    for (const tier of TIERS) {
      expect(
        executionCan(tier, 's3:GetObject', object(knowledgeDocumentKey('hr', 'leave.md'))),
      ).toBe(true);
      expect(
        executionCan(tier, 's3:PutObject', object(knowledgeDocumentKey('hr', 'leave.md'))),
      ).toBe(false);
    }
  });

  it('restores and saves transcripts, twin and admin memory; S3 may answer 404', () => {
    for (const tier of TIERS) {
      const transcript = object(defaultSessionStateKey('emp__alice__01jd', 'warm'));
      expect(executionCan(tier, 's3:GetObject', transcript)).toBe(true);
      expect(executionCan(tier, 's3:PutObject', transcript)).toBe(true);
      for (const key of [
        `${STORED_WORKSPACE_ROOTS.twin}/emp-alice/MEMORY.md`,
        `${STORED_WORKSPACE_ROOTS.admin}/emp-root/memory/2026-11-26.md`,
      ]) {
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
          expect(executionCan(tier, action, object(key))).toBe(true);
        }
      }
      expect(executionCan(tier, 's3:ListBucket', bucketArn())).toBe(true);
      expect(
        executionCan(tier, 's3:GetObject', object('shared-workspaces/it-helpdesk/MEMORY.md')),
      ).toBe(false);
    }
  });

  it('never reaches an employee workspace: those go through the tenant role', () => {
    for (const tier of TIERS) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:*']) {
        for (const key of ['workspaces/emp-alice/MEMORY.md', 'workspaces/emp-bob/memory/x.md']) {
          expect(executionCan(tier, action, object(key))).toBe(false);
        }
      }
      const statements = roleStatements(
        built.template,
        built.logicalId(built.stack.runtimes[tier].executionRole),
      );
      const resources = JSON.stringify(statements.map((statement) => statement.Resource));
      expect(resources).not.toContain(`/${BLOB_PREFIXES.workspaces}/`);
      expect(resources).not.toMatch(/"\/\*"/);
    }
  });

  it('uses the stack key only through S3 and DynamoDB', () => {
    for (const tier of TIERS) {
      for (const service of ['s3', 'dynamodb']) {
        const via = { keys: { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` } };
        expect(executionCan(tier, 'kms:Decrypt', keyArn(), via)).toBe(true);
        expect(executionCan(tier, 'kms:GenerateDataKey', keyArn(), via)).toBe(true);
      }
      expect(executionCan(tier, 'kms:Decrypt', keyArn())).toBe(false);
      expect(
        executionCan(tier, 'kms:Decrypt', keyArn(), {
          keys: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` },
        }),
      ).toBe(false);
    }
  });

  it('states the write partitions as a LeadingKeys condition on the table only', () => {
    built.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: built.logicalId(built.stack.runtimes.standard.executionRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'WriteTurnRecords',
            // CDK sorts actions.
            Action: ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
            Resource: { 'Fn::GetAtt': [built.logicalId(built.stack.data.table), 'Arn'] },
            Condition: {
              'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT', 'USAGE#*', 'EMP#*'] },
            },
          }),
        ]),
      },
    });
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

  it("gives the runtime the workspace prefix the container's tenant store expects", () => {
    for (const tier of TIERS) {
      built.template.hasResourceProperties('AWS::BedrockAgentCore::Runtime', {
        AgentRuntimeName: `clawforce_prod_${tier}`,
        EnvironmentVariables: Match.objectLike({
          CLAWFORCE_WORKSPACE_PREFIX: `${STORED_WORKSPACE_ROOTS.personal}/`,
        }),
      });
    }
  });
});
