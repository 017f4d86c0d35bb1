import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synthesize } from './fixtures.js';
import { allows, roleStatements } from './iam-evaluator.js';

let built: Synthesized;
beforeAll(() => {
  built = synthesize();
});

const alice = { principalTags: { employeeId: 'emp-alice' } };

function bucketArn(): string {
  return `arn:aws:s3:::${built.logicalId(built.stack.data.bucket).toLowerCase()}`;
}
function tableArn(): string {
  return `arn:aws:dynamodb:us-east-1:111111111111:table/${built.logicalId(built.stack.data.table)}`;
}
function statementsOf(tier: 'standard' | 'executive', role: 'tenantRole' | 'executionRole') {
  return roleStatements(built.template, built.logicalId(built.stack.runtimes[tier][role]));
}
function can(
  tier: 'standard' | 'executive',
  action: string,
  resource: string,
  context: Parameters<typeof allows>[4] = alice,
  role: 'tenantRole' | 'executionRole' = 'tenantRole',
) {
  return allows(built.template, statementsOf(tier, role), action, resource, context);
}

describe('tenant isolation (ABAC on the employeeId session tag)', () => {
  it('lets the standard tier read and write only its own workspace prefix', () => {
    const object = (key: string) => `${bucketArn()}/${key}`;
    expect(can('standard', 's3:GetObject', object('workspaces/emp-alice/MEMORY.md'))).toBe(true);
    expect(
      can('standard', 's3:PutObject', object('workspaces/emp-alice/memory/2026-11-26.md')),
    ).toBe(true);
    expect(can('standard', 's3:GetObject', object('workspaces/emp-bob/MEMORY.md'))).toBe(false);
    expect(can('standard', 's3:GetObject', object('workspaces/emp-alice-2/MEMORY.md'))).toBe(false);
    expect(can('standard', 's3:GetObject', object('workspaces/MEMORY.md'))).toBe(false);
    // Without the session tag nothing matches at all.
    expect(can('standard', 's3:GetObject', object('workspaces/emp-alice/MEMORY.md'), {})).toBe(
      false,
    );
  });

  it('gives the tenant roles nothing but the own workspace: no other prefix, no table', () => {
    for (const tier of ['standard', 'executive'] as const) {
      for (const key of [
        'knowledge/finance/budget.md',
        'openclaw-sessions/emp__bob__01/warm.json',
        'twin-workspaces/emp-bob/MEMORY.md',
        'shared-workspaces/it-helpdesk/MEMORY.md',
        'workspaces/emp-bob/MEMORY.md',
      ]) {
        expect(can(tier, 's3:GetObject', `${bucketArn()}/${key}`)).toBe(false);
      }
      for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']) {
        expect(
          can(tier, action, tableArn(), {
            ...alice,
            keys: { 'dynamodb:LeadingKeys': ['EMP#emp-alice'] },
          }),
        ).toBe(false);
      }
    }
  });

  it('lists only the own prefix, and lets S3 answer 404 for a missing own file', () => {
    const list = (tier: 'standard' | 'executive', prefix: string) =>
      can(tier, 's3:ListBucket', bucketArn(), { ...alice, keys: { 's3:prefix': prefix } });
    for (const tier of ['standard', 'executive'] as const) {
      expect(list(tier, 'workspaces/emp-alice/')).toBe(true);
      expect(list(tier, 'workspaces/emp-alice/memory/')).toBe(true);
      expect(list(tier, 'workspaces/')).toBe(false);
      expect(list(tier, 'workspaces/emp-bob/')).toBe(false);
      expect(list(tier, 'knowledge/')).toBe(false);
      // The implicit ListBucket check of a GET of a missing key carries no s3:prefix.
      expect(can(tier, 's3:ListBucket', bucketArn())).toBe(true);
    }
  });

  it('never lets the execution roles reach a workspace, only their own tenant role', () => {
    for (const tier of ['standard', 'executive'] as const) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
        for (const key of ['workspaces/emp-alice/MEMORY.md', 'workspaces/emp-bob/memory/x.md']) {
          expect(can(tier, action, `${bucketArn()}/${key}`, alice, 'executionRole')).toBe(false);
          expect(can(tier, action, `${bucketArn()}/${key}`, {}, 'executionRole')).toBe(false);
        }
      }
    }
    const roleArn = (tier: 'standard' | 'executive') =>
      `arn:aws:iam::111111111111:role/${built.logicalId(built.stack.runtimes[tier].tenantRole)}`;
    expect(can('standard', 'sts:AssumeRole', roleArn('standard'), {}, 'executionRole')).toBe(true);
    expect(can('standard', 'sts:AssumeRole', roleArn('executive'), {}, 'executionRole')).toBe(
      false,
    );
    expect(can('executive', 'sts:AssumeRole', roleArn('standard'), {}, 'executionRole')).toBe(
      false,
    );
  });

  it('lets each tenant role be assumed only by its tier, only with exactly the employeeId tag', () => {
    for (const tier of ['standard', 'executive'] as const) {
      const role =
        built.template.toJSON().Resources[built.logicalId(built.stack.runtimes[tier].tenantRole)];
      const statements = role.Properties.AssumeRolePolicyDocument.Statement as {
        Action: string;
        Principal: { AWS: { 'Fn::GetAtt': [string, string] } };
        Condition: Record<string, Record<string, unknown>>;
      }[];
      const trusted = new Set(
        statements.map((statement) => statement.Principal.AWS['Fn::GetAtt'][0]),
      );
      expect([...trusted]).toEqual([built.logicalId(built.stack.runtimes[tier].executionRole)]);
      const assume = statements.find((statement) => statement.Action === 'sts:AssumeRole');
      expect(assume?.Condition).toEqual({
        Null: { 'aws:RequestTag/employeeId': 'false' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['employeeId'] },
      });
    }
  });

  it('gives the model to each tier only (standard cannot call the executive model)', () => {
    const profile = (id: string) =>
      `arn:aws:bedrock:us-east-1:111111111111:inference-profile/${id}`;
    const { standard, executive } = built.stack.config.models;
    expect(can('standard', 'bedrock:InvokeModel', profile(standard), {}, 'executionRole')).toBe(
      true,
    );
    expect(can('standard', 'bedrock:InvokeModel', profile(executive), {}, 'executionRole')).toBe(
      false,
    );
    expect(can('executive', 'bedrock:InvokeModel', profile(executive), {}, 'executionRole')).toBe(
      true,
    );
  });
});
