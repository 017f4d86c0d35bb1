import { STORED_WORKSPACE_ROOTS } from '@clawforce/assembler';
import { createTableDefinition } from '@clawforce/core/aws';
import { containerSettingsFromEnvironment } from '@clawforce/runtime/agentcore';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../src/api-service.js';
import { CHANNEL_SECRET_KEYS } from '../src/secrets.js';
import { type Synthesized, synthesize } from './fixtures.js';
import { allows, resolve, roleStatements } from './iam-evaluator.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

let built: Synthesized;
let resources: Record<string, Resource>;
beforeAll(() => {
  built = synthesize();
  resources = built.template.toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

describe('network', () => {
  it('opens nothing but the load balancer to the internet', () => {
    const loadBalancerGroup = built.logicalId(built.stack.api.loadBalancerSecurityGroup);
    const open = (rule: Record<string, unknown>) =>
      rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0';
    for (const [id, group] of ofType('AWS::EC2::SecurityGroup')) {
      const ingress = (group.Properties.SecurityGroupIngress ?? []) as Record<string, unknown>[];
      if (id !== loadBalancerGroup) expect(ingress.filter(open), id).toEqual([]);
    }
    for (const [id, rule] of ofType('AWS::EC2::SecurityGroupIngress')) {
      expect(open(rule.Properties), id).toBe(false);
    }
    const runtimes = resources[built.logicalId(built.stack.runtimes.securityGroup)] as Resource;
    expect(runtimes.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('runs every task and microVM in private subnets without public addresses', () => {
    for (const [, service] of ofType('AWS::ECS::Service')) {
      expect(service.Properties.NetworkConfiguration).toMatchObject({
        AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' },
      });
    }
    const privateSubnets = ofType('AWS::EC2::Subnet')
      .filter(([, subnet]) => subnet.Properties.MapPublicIpOnLaunch === false)
      .map(([id]) => id);
    for (const [, runtime] of ofType('AWS::BedrockAgentCore::Runtime')) {
      const config = runtime.Properties.NetworkConfiguration as {
        NetworkMode: string;
        NetworkModeConfig: { Subnets: { Ref: string }[] };
      };
      expect(config.NetworkMode).toBe('VPC');
      expect(config.NetworkModeConfig.Subnets.map((subnet) => subnet.Ref).sort()).toEqual(
        [...privateSubnets].sort(),
      );
    }
    built.template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });
});

describe('data', () => {
  it('builds the table from the adapter design: keys, gsi1, on demand, PITR, KMS, TTL', () => {
    const definition = createTableDefinition('x');
    built.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: definition.KeySchema,
      AttributeDefinitions: Match.arrayWith(definition.AttributeDefinitions ?? []),
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: definition.GlobalSecondaryIndexes?.[0]?.KeySchema,
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: Match.anyValue() },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('keeps the workspace bucket versioned, KMS-encrypted, private and TLS-only', () => {
    const bucket = resources[built.logicalId(built.stack.data.bucket)] as Resource;
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true },
        ],
      },
    });
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: built.logicalId(built.stack.data.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('encrypts everything at rest with the stack key and keeps logs for a set time', () => {
    const key = { 'Fn::GetAtt': [built.logicalId(built.stack.data.key), 'Arn'] };
    for (const [id, group] of ofType('AWS::Logs::LogGroup')) {
      expect(group.Properties.KmsKeyId, id).toEqual(key);
      expect(group.Properties.RetentionInDays, id).toBe(90);
    }
    for (const [id, secret] of ofType('AWS::SecretsManager::Secret')) {
      expect(secret.Properties.KmsKeyId, id).toEqual(key);
    }
    for (const [id, topic] of ofType('AWS::SNS::Topic')) {
      expect(topic.Properties.KmsMasterKeyId, id).toEqual(key);
    }
    // AgentCore creates its runtimes' log groups itself; their retention is set all the same.
    const retentions = ofType('Custom::LogRetention').map(([, resource]) => resource.Properties);
    expect(retentions).toHaveLength(2);
    for (const retention of retentions) {
      expect(JSON.stringify(retention.LogGroupName)).toContain('/aws/bedrock-agentcore/runtimes/');
      expect(retention.RetentionInDays).toBe(90);
    }
    built.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(
      ofType('AWS::S3::Bucket').every(([, bucket]) => bucket.Properties.BucketEncryption),
    ).toBe(true);
  });
});

describe('image repositories', () => {
  it('keeps one immutable, scanned, encrypted repository per image in a stack deployed first', () => {
    const repositories = built.imagesTemplate.findResources('AWS::ECR::Repository');
    expect(
      Object.values(repositories)
        .map((repository) => repository.Properties.RepositoryName)
        .sort(),
    ).toEqual(['clawforce-prod-api', 'clawforce-prod-executive', 'clawforce-prod-standard']);
    for (const repository of Object.values(repositories)) {
      expect(repository.Properties).toMatchObject({
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
      });
      // No configuration means ECR's default, AES-256; anything else must be KMS.
      expect(repository.Properties.EncryptionConfiguration?.EncryptionType ?? 'AES256').toMatch(
        /^(AES256|KMS)$/,
      );
    }
    expect(built.stack.dependencies).toContain(built.images);
  });
});

describe('agent runtimes', () => {
  const environmentOf = (tier: 'standard' | 'executive') =>
    (resources[built.logicalId(built.stack.runtimes[tier].runtime)] as Resource).Properties
      .EnvironmentVariables as Record<string, unknown>;

  it('runs two AgentCore runtimes with their own images and roles', () => {
    const runtimes = ofType('AWS::BedrockAgentCore::Runtime');
    expect(runtimes).toHaveLength(2);
    const roles = new Set(
      runtimes.map(([, runtime]) => JSON.stringify(runtime.Properties.RoleArn)),
    );
    expect(roles.size).toBe(2);
    for (const tier of ['standard', 'executive'] as const) {
      const runtime = resources[built.logicalId(built.stack.runtimes[tier].runtime)] as Resource;
      expect(JSON.stringify(runtime.Properties.AgentRuntimeArtifact)).toContain(
        `/clawforce-prod-${tier}:0.1.0`,
      );
      expect(environmentOf(tier).CLAWFORCE_TIER).toBe(tier);
    }
  });

  it('gives the API the standard tier’s guardrail, which it applies around turns; runtimes get none', () => {
    built.template.resourceCountIs('AWS::Bedrock::Guardrail', 1);
    built.template.hasResourceProperties('AWS::Bedrock::Guardrail', {
      SensitiveInformationPolicyConfig: {
        PiiEntitiesConfig: Match.arrayWith([
          { Type: 'US_SOCIAL_SECURITY_NUMBER', Action: 'BLOCK' },
          { Type: 'EMAIL', Action: 'ANONYMIZE' },
        ]),
      },
      TopicPolicyConfig: {
        TopicsConfig: Match.arrayWith([
          Match.objectLike({ Name: 'Colleague compensation', Type: 'DENY' }),
        ]),
      },
    });
    const guardrail = built.logicalId(built.stack.guardrail.guardrail);
    // The API applies guardrails around every runtime (decision 0005): the tiers whose runtime
    // record names a guardrail (the demo: standard only) run the local one, then this one.
    const api = built.template.findResources('AWS::ECS::TaskDefinition', {
      Properties: {
        ContainerDefinitions: Match.arrayWith([
          Match.objectLike({
            Environment: Match.arrayWith([Match.objectLike({ Name: 'CLAWFORCE_GUARDRAIL_ID' })]),
          }),
        ]),
      },
    });
    expect(Object.keys(api)).toHaveLength(1);
    expect(JSON.stringify(api)).toContain(guardrail);
    expect(JSON.stringify(api)).toContain('CLAWFORCE_GUARDRAIL_VERSION');
    built.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ApplyStandardGuardrail',
            Action: 'bedrock:ApplyGuardrail',
            Resource: Match.objectLike({ 'Fn::GetAtt': [guardrail, 'GuardrailArn'] }),
          }),
        ]),
      },
    });
    for (const tier of ['standard', 'executive'] as const) {
      expect(Object.keys(environmentOf(tier)).some((name) => name.includes('GUARDRAIL'))).toBe(
        false,
      );
    }
  });
});

describe('API, console and team agents', () => {
  it('puts WAF with per-IP and sign-in rate limits in front of the load balancer', () => {
    built.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitSignIn',
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: RATE_LIMITS.signInPerIp,
              ScopeDownStatement: Match.anyValue(),
            }),
          },
        }),
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: RATE_LIMITS.perIp,
              AggregateKeyType: 'IP',
            }),
          },
        }),
      ]),
    });
    built.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: built.logicalId(built.stack.api.loadBalancer) },
    });
  });

  it('never passes a secret as a plain environment value', () => {
    const secretLike = /SECRET|PASSWORD|TOKEN|KEY/;
    for (const [id, task] of ofType('AWS::ECS::TaskDefinition')) {
      for (const container of task.Properties.ContainerDefinitions as {
        Environment?: { Name: string }[];
        Secrets?: { Name: string; ValueFrom: unknown }[];
      }[]) {
        const plain = (container.Environment ?? []).map((variable) => variable.Name);
        expect(
          plain.filter((name) => secretLike.test(name) && !name.endsWith('_ARN')),
          id,
        ).toEqual([]);
        for (const secret of container.Secrets ?? []) {
          const referenced = [...JSON.stringify(secret.ValueFrom).matchAll(/"Ref":"([^"]+)"/g)].map(
            (match) => match[1],
          );
          expect(
            referenced.map((logicalId) => resources[logicalId as string]?.Type),
            secret.Name,
          ).toEqual(['AWS::SecretsManager::Secret']);
        }
      }
    }
    const api = resources[built.logicalId(built.stack.api.service.taskDefinition)] as Resource;
    const names = (
      api.Properties.ContainerDefinitions as { Secrets: { Name: string }[] }[]
    )[0]?.Secrets.map((secret) => secret.Name);
    expect(names).toEqual(
      expect.arrayContaining(['JWT_SECRET', 'ADMIN_PASSWORD', ...CHANNEL_SECRET_KEYS]),
    );
  });

  it('tells the API each tier’s runtime and tenant role, which it may assume', () => {
    const api = resources[built.logicalId(built.stack.api.service.taskDefinition)] as Resource;
    const [container] = api.Properties.ContainerDefinitions as {
      Environment: { Name: string; Value: unknown }[];
    }[];
    const json = built.template.toJSON();
    const environment = Object.fromEntries(
      (container?.Environment ?? []).map((entry) => [entry.Name, resolve(json, entry.Value)]),
    );
    const apiRole = built.logicalId(built.stack.api.service.taskDefinition.taskRole);
    for (const tier of ['standard', 'executive'] as const) {
      const { runtime, tenantRole } = built.stack.runtimes[tier];
      const name = tier.toUpperCase();
      expect(environment[`CLAWFORCE_AGENTCORE_${name}_ARN`]).toBe(
        `arn:aws:bedrock-agentcore:us-east-1:111111111111:runtime/${built.logicalId(runtime)}`,
      );
      const tenantRoleArn = `arn:aws:iam::111111111111:role/${built.logicalId(tenantRole)}`;
      expect(environment[`CLAWFORCE_AGENTCORE_${name}_TENANT_ROLE_ARN`]).toBe(tenantRoleArn);
      const statements = roleStatements(built.template, apiRole);
      expect(allows(built.template, statements, 'sts:AssumeRole', tenantRoleArn)).toBe(true);
    }
  });

  it('runs each always-on team agent as a Fargate service that registers its endpoint in SSM', () => {
    built.template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/clawforce/prod/always-on/it-helpdesk/endpoint',
      Type: 'String',
      Value: 'http://it-helpdesk.clawforce-prod.internal:8080',
    });
    const [agent] = built.stack.teamAgents.agents;
    const service = resources[built.logicalId(agent?.service as never)] as Resource;
    expect(service.Properties.LaunchType).toBe('FARGATE');
    expect(service.Properties.ServiceRegistries).toHaveLength(1);
    const group = resources[built.logicalId(agent?.securityGroup as never)] as Resource;
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    built.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [built.logicalId(agent?.securityGroup as never), 'GroupId'] },
      SourceSecurityGroupId: {
        'Fn::GetAtt': [built.logicalId(built.stack.api.serviceSecurityGroup), 'GroupId'],
      },
      FromPort: 8080,
    });
  });

  it('gives each team agent the environment its container accepts in team-agent mode', () => {
    const [agent] = built.stack.teamAgents.agents;
    const task = resources[built.logicalId(agent?.service.taskDefinition as never)] as Resource;
    const [container] = task.Properties.ContainerDefinitions as {
      Environment: { Name: string; Value: unknown }[];
      Secrets: { Name: string; ValueFrom: unknown }[];
      PortMappings: { ContainerPort: number }[];
    }[];
    const json = built.template.toJSON();
    const environment = Object.fromEntries(
      (container?.Environment ?? []).map((entry) => [entry.Name, resolve(json, entry.Value)]),
    );
    expect(container?.Secrets.map((secret) => secret.Name)).toEqual(['CLAWFORCE_INVOCATION_TOKEN']);
    expect(environment).not.toHaveProperty('CLAWFORCE_INVOCATION_TOKEN');
    expect(environment.CLAWFORCE_WORKSPACE_PREFIX).toBe(
      `${STORED_WORKSPACE_ROOTS.shared}/it-helpdesk/`,
    );
    // What ECS injects from Secrets Manager: a 48-character token without punctuation.
    const settings = containerSettingsFromEnvironment({
      ...environment,
      CLAWFORCE_INVOCATION_TOKEN: 'A1'.repeat(24),
    });
    expect(settings.teamAgent).toEqual({
      agentId: 'it-helpdesk',
      invocationToken: 'A1'.repeat(24),
    });
    expect(settings.tier).toBe('standard');
    expect(settings.stores).toMatchObject({ kind: 'aws' });
    expect(settings.stores).not.toHaveProperty('tenant');
    expect(container?.PortMappings).toEqual([
      expect.objectContaining({ ContainerPort: settings.port }),
    ]);
    built.template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/clawforce/prod/always-on/it-helpdesk/endpoint',
      Value: `http://it-helpdesk.clawforce-prod.internal:${settings.port}`,
    });
  });

  it("lets a team agent reach its turn data and its own workspace, and no one else's", () => {
    const [agent] = built.stack.teamAgents.agents;
    const role = built.logicalId(agent?.service.taskDefinition.taskRole as never);
    const statements = roleStatements(built.template, role);
    const bucket = `arn:aws:s3:::${built.logicalId(built.stack.data.bucket).toLowerCase()}`;
    const table = `arn:aws:dynamodb:us-east-1:111111111111:table/${built.logicalId(built.stack.data.table)}`;
    const can = (action: string, resource: string, context = {}) =>
      allows(built.template, statements, action, resource, context);
    expect(can('dynamodb:GetItem', table)).toBe(true);
    expect(can('dynamodb:Query', `${table}/index/gsi1`)).toBe(true);
    expect(can('dynamodb:UpdateItem', table, { keys: { 'dynamodb:LeadingKeys': ['AUDIT'] } })).toBe(
      true,
    );
    expect(can('dynamodb:UpdateItem', table, { keys: { 'dynamodb:LeadingKeys': ['ORG'] } })).toBe(
      false,
    );
    expect(can('s3:GetObject', `${bucket}/knowledge/kb-it/vpn.md`)).toBe(true);
    expect(can('s3:PutObject', `${bucket}/knowledge/kb-it/vpn.md`)).toBe(false);
    expect(
      can('s3:PutObject', `${bucket}/openclaw-sessions/shared__it-helpdesk__x/warm.json`),
    ).toBe(true);
    expect(can('s3:PutObject', `${bucket}/shared-workspaces/it-helpdesk/MEMORY.md`)).toBe(true);
    for (const key of [
      'shared-workspaces/hr-onboarding/MEMORY.md',
      'workspaces/emp-carol/MEMORY.md',
      'twin-workspaces/emp-carol/MEMORY.md',
      'admin-workspaces/emp-root/MEMORY.md',
    ]) {
      expect(can('s3:GetObject', `${bucket}/${key}`), key).toBe(false);
      expect(can('s3:PutObject', `${bucket}/${key}`), key).toBe(false);
    }
    expect(can('sts:AssumeRole', 'arn:aws:iam::111111111111:role/any')).toBe(false);
  });

  it('alarms on errors and throttling', () => {
    const names = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) =>
      String(alarm.Properties.AlarmName),
    );
    for (const expected of [
      'clawforce-prod-api-5xx',
      'clawforce-prod-api-unhealthy',
      'clawforce-prod-dynamodb-throttles',
      'clawforce-prod-dynamodb-errors',
      'clawforce-prod-bedrock-throttles-0',
      'clawforce-prod-agentcore-throttles',
      'clawforce-prod-agentcore-errors',
    ]) {
      expect(names).toContain(expected);
    }
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([
        { Ref: built.logicalId(built.stack.alarms.topic) },
      ]);
    }
  });
});

describe('parameters: existing VPC, domain, models, region', () => {
  let custom: Synthesized;
  beforeAll(() => {
    custom = synthesize({
      stage: 'test',
      region: 'eu-west-1',
      existingVpc: {
        vpcId: 'vpc-0123456789abcdef0',
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
        publicSubnetIds: ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2'],
      },
      domain: {
        name: 'agents.acme.example',
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        hostedZoneName: 'acme.example',
      },
      models: {
        standard: 'eu.amazon.nova-2-lite-v1:0',
        executive: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      },
      teamAgents: ['it-helpdesk', 'hr-onboarding'],
    });
  });

  it('deploys into the given VPC and subnets without creating one', () => {
    custom.template.resourceCountIs('AWS::EC2::VPC', 0);
    const runtime = custom.template.findResources('AWS::BedrockAgentCore::Runtime');
    for (const resource of Object.values(runtime)) {
      expect(resource.Properties.NetworkConfiguration.NetworkModeConfig.Subnets).toEqual([
        'subnet-0aaaaaaaaaaaaaaa1',
        'subnet-0aaaaaaaaaaaaaaa2',
      ]);
    }
    expect(custom.stack.region).toBe('eu-west-1');
  });

  it('serves HTTPS on the domain with a validated certificate and redirects HTTP', () => {
    custom.template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'agents.acme.example',
      ValidationMethod: 'DNS',
    });
    custom.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
    });
    custom.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
    custom.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'agents.acme.example.',
      Type: 'A',
    });
  });

  it('uses the given model ids and one service per team agent', () => {
    expect(JSON.stringify(custom.template.toJSON())).toContain('eu.amazon.nova-2-lite-v1:0');
    custom.template.resourceCountIs('AWS::ECS::Service', 3);
    custom.template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/clawforce/test/always-on/hr-onboarding/endpoint',
    });
  });
});
