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

  it('keeps executive and knowledge data away from the standard tier', () => {
    for (const key of [
      'executive/board/2026-q4.pdf',
      'knowledge/finance/budget.md',
      'shared/it-helpdesk/MEMORY.md',
    ]) {
      expect(can('standard', 's3:GetObject', `${bucketArn()}/${key}`)).toBe(false);
    }
    expect(can('executive', 's3:GetObject', `${bucketArn()}/executive/board/2026-q4.pdf`)).toBe(
      true,
    );
    expect(can('executive', 's3:GetObject', `${bucketArn()}/knowledge/finance/budget.md`)).toBe(
      true,
    );
    expect(can('executive', 's3:PutObject', `${bucketArn()}/knowledge/finance/budget.md`)).toBe(
      false,
    );
    expect(can('executive', 's3:GetObject', `${bucketArn()}/workspaces/emp-bob/MEMORY.md`)).toBe(
      false,
    );
  });

  it('lists only the own prefix', () => {
    const list = (tier: 'standard' | 'executive', prefix: string) =>
      can(tier, 's3:ListBucket', bucketArn(), { ...alice, keys: { 's3:prefix': prefix } });
    expect(list('standard', 'workspaces/emp-alice/')).toBe(true);
    expect(list('standard', 'workspaces/emp-alice/memory/')).toBe(true);
    expect(list('standard', 'workspaces/')).toBe(false);
    expect(list('standard', 'workspaces/emp-bob/')).toBe(false);
    expect(list('standard', 'knowledge/')).toBe(false);
    expect(list('executive', 'knowledge/')).toBe(true);
  });

  it('reads only the own DynamoDB items on the standard tier (dynamodb:LeadingKeys)', () => {
    const read = (tier: 'standard' | 'executive', partitions: string[], resource = tableArn()) =>
      can(tier, 'dynamodb:Query', resource, {
        ...alice,
        keys: { 'dynamodb:LeadingKeys': partitions },
      });
    expect(read('standard', ['EMP#emp-alice'])).toBe(true);
    expect(read('standard', ['USAGE#EMP#emp-alice'])).toBe(true);
    expect(read('standard', ['EMP#emp-bob'])).toBe(false);
    expect(read('standard', ['ORG'])).toBe(false);
    expect(read('standard', ['AUDIT'])).toBe(false);
    expect(read('standard', ['EMP#emp-alice'], `${tableArn()}/index/gsi1`)).toBe(false);
    expect(read('executive', ['ORG'])).toBe(true);
    expect(read('executive', ['USAGE#DEPT#finance'])).toBe(true);
    expect(read('executive', ['EMP#emp-bob'])).toBe(false);
    expect(read('executive', ['AUDIT'])).toBe(false);
    for (const tier of ['standard', 'executive'] as const) {
      expect(
        can(tier, 'dynamodb:PutItem', tableArn(), {
          ...alice,
          keys: { 'dynamodb:LeadingKeys': ['EMP#emp-alice'] },
        }),
      ).toBe(false);
    }
  });

  it('gives the execution roles no data access, only their own tenant role to assume', () => {
    for (const tier of ['standard', 'executive'] as const) {
      expect(
        can(
          tier,
          's3:GetObject',
          `${bucketArn()}/workspaces/emp-alice/MEMORY.md`,
          alice,
          'executionRole',
        ),
      ).toBe(false);
      expect(can(tier, 'dynamodb:GetItem', tableArn(), alice, 'executionRole')).toBe(false);
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
