import {
  ArnFormat,
  aws_bedrockagentcore as agentcore,
  Duration,
  type aws_dynamodb as dynamodb,
  aws_ec2 as ec2,
  aws_ecr as ecr,
  aws_iam as iam,
  type aws_kms as kms,
  aws_logs as logs,
  Stack,
  type aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from './acknowledge.js';
import { BLOB_PREFIXES, TENANT_TAG } from './data.js';
import type { StandardGuardrail } from './guardrail.js';
import { repositoryName } from './images-stack.js';

export type Tier = 'standard' | 'executive';

export interface AgentRuntimesProps {
  readonly stage: string;
  readonly imageTag: string;
  readonly models: { readonly standard: string; readonly executive: string };
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly key: kms.IKey;
  readonly table: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  readonly guardrail: StandardGuardrail;
  readonly logRetention: logs.RetentionDays;
  readonly sessionIdleTimeoutSeconds: number;
}

/** One tier: its image repository, its roles and its AgentCore runtime. */
export interface TierRuntime {
  readonly tier: Tier;
  readonly repository: ecr.IRepository;
  /** Assumed by AgentCore; pulls the image, writes logs, calls the model, assumes the tenant role. */
  readonly executionRole: iam.Role;
  /** Assumed per session with the `employeeId` session tag; the only role that touches data. */
  readonly tenantRole: iam.Role;
  readonly runtime: agentcore.CfnRuntime;
}

const tag = `\${aws:PrincipalTag/${TENANT_TAG}}`;

/**
 * DynamoDB partition keys (docs/architecture/key-design.md) a tier's tenant role may read. The
 * standard tier sees only its own employee's items; the executive tier also reads the
 * organization, departments, positions, knowledge and aggregate usage.
 */
export const READABLE_PARTITIONS: Record<Tier, readonly string[]> = {
  standard: [`EMP#${tag}`, `SOUL#personal#${tag}`, `USAGE#EMP#${tag}`],
  executive: [
    `EMP#${tag}`,
    `SOUL#personal#${tag}`,
    `USAGE#EMP#${tag}`,
    'ORG',
    'DEPT',
    'POS',
    'KB',
    'KB#*',
    'USAGE#DEPT#*',
    'USAGE#ORG',
  ],
};

/** S3 prefixes a tier's tenant role may read (besides its own workspace, which it may also write). */
export const READABLE_PREFIXES: Record<Tier, readonly string[]> = {
  standard: [],
  executive: [BLOB_PREFIXES.knowledge, BLOB_PREFIXES.executive],
};

/** CDK's one log-retention function per stack (a singleton named `LogRetention<uuid>`). */
function acknowledgeLogRetentionFunction(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('LogRetention')) continue;
    acknowledge(
      child,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's log-retention function writes only its own logs with the AWS basic execution policy",
    );
    acknowledge(
      child,
      'IAM5[Resource::*]',
      "CDK's log-retention function sets retention on log groups whose names AgentCore picks at runtime",
    );
  }
}

/** `us.amazon.nova-2-lite-v1:0` -> its foundation model, for cross-region inference profiles. */
function foundationModelOf(modelId: string): string {
  return modelId.replace(/^(us|eu|apac|us-gov|global)\./, '');
}

/**
 * The two AgentCore runtimes (standard and executive): each session runs in its own Firecracker
 * microVM and scales to zero when idle. Isolation between employees is ABAC: the execution role
 * holds no data permissions; per session the container assumes the tier's tenant role with the
 * session tag `employeeId` (taken from the verified session id), and the tenant role's policies
 * reach S3 and DynamoDB only through `${aws:PrincipalTag/employeeId}`.
 */
export class AgentRuntimes extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly standard: TierRuntime;
  readonly executive: TierRuntime;

  constructor(scope: Construct, id: string, props: AgentRuntimesProps) {
    super(scope, id);
    // The microVMs take no inbound connections at all; they reach AWS APIs over HTTPS.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Clawforce AgentCore runtimes: no inbound, HTTPS out',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs over HTTPS');
    this.standard = this.tier('standard', props);
    this.executive = this.tier('executive', props);
  }

  private tier(tier: Tier, props: AgentRuntimesProps): TierRuntime {
    const scope = new Construct(this, tier === 'standard' ? 'Standard' : 'Executive');
    const stack = Stack.of(this);
    const repository = ecr.Repository.fromRepositoryName(
      scope,
      'Repository',
      repositoryName(props.stage, tier),
    );

    const executionRole = new iam.Role(scope, 'ExecutionRole', {
      description: `Clawforce ${tier} AgentCore runtime (execution)`,
      assumedBy: new iam.ServicePrincipal('bedrock-agentcore.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'bedrock-agentcore',
              resource: '*',
              arnFormat: ArnFormat.NO_RESOURCE_NAME,
            }),
          },
        },
      }),
    });
    repository.grantPull(executionRole);
    const runtimeLogs = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws/bedrock-agentcore/runtimes/*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RuntimeLogs',
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:DescribeLogStreams',
        ],
        resources: [runtimeLogs],
      }),
    );
    acknowledgeWildcardResource(
      executionRole,
      runtimeLogs,
      "AgentCore names a runtime's log groups after the runtime id, known only once it exists; limited to AgentCore runtime log groups",
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RuntimeMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'bedrock-agentcore' } },
      }),
    );
    acknowledge(
      executionRole,
      'IAM5[Resource::*]',
      'ecr:GetAuthorizationToken has no resource-level permissions; cloudwatch:PutMetricData is limited to the bedrock-agentcore namespace by condition',
    );
    const modelId = props.models[tier];
    const foundationModel = stack.formatArn({
      service: 'bedrock',
      region: '*',
      account: '',
      resource: 'foundation-model',
      resourceName: foundationModelOf(modelId),
    });
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeTierModel',
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [
          stack.formatArn({
            service: 'bedrock',
            resource: 'inference-profile',
            resourceName: modelId,
          }),
          foundationModel,
        ],
      }),
    );
    acknowledgeWildcardResource(
      executionRole,
      foundationModel,
      "a cross-region inference profile serves the tier's one model from any region of the profile",
    );
    if (tier === 'standard') {
      executionRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ApplyStandardGuardrail',
          actions: ['bedrock:ApplyGuardrail'],
          resources: [props.guardrail.arn],
        }),
      );
    }

    const tenantRole = this.tenantRole(scope, tier, executionRole, props);
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTenantRoleWithTag',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [tenantRole.roleArn],
      }),
    );

    const environment: Record<string, string> = {
      CLAWFORCE_TIER: tier,
      CLAWFORCE_MODEL: `amazon-bedrock/${modelId}`,
      CLAWFORCE_TENANT_ROLE_ARN: tenantRole.roleArn,
      CLAWFORCE_TENANT_TAG: TENANT_TAG,
      CLAWFORCE_TABLE: props.table.tableName,
      CLAWFORCE_BUCKET: props.bucket.bucketName,
      CLAWFORCE_WORKSPACE_PREFIX: `${BLOB_PREFIXES.workspaces}/`,
      ...(tier === 'standard'
        ? {
            CLAWFORCE_GUARDRAIL_ID: props.guardrail.guardrail.attrGuardrailId,
            CLAWFORCE_GUARDRAIL_VERSION: props.guardrail.version.attrVersion,
          }
        : {}),
    };
    const runtime = new agentcore.CfnRuntime(scope, 'Runtime', {
      agentRuntimeName: `clawforce_${props.stage}_${tier}`,
      description: `Clawforce ${tier} tier: one microVM per session`,
      agentRuntimeArtifact: {
        containerConfiguration: { containerUri: `${repository.repositoryUri}:${props.imageTag}` },
      },
      roleArn: executionRole.roleArn,
      protocolConfiguration: 'HTTP',
      networkConfiguration: {
        networkMode: 'VPC',
        networkModeConfig: {
          securityGroups: [this.securityGroup.securityGroupId],
          subnets: props.vpc.selectSubnets(props.subnets).subnetIds,
        },
      },
      lifecycleConfiguration: {
        idleRuntimeSessionTimeout: props.sessionIdleTimeoutSeconds,
        maxLifetime: Duration.hours(8).toSeconds(),
      },
      environmentVariables: environment,
    });
    // AgentCore checks the image can be pulled when the runtime is created.
    runtime.node.addDependency(executionRole);
    // AgentCore creates the runtime's log group itself, on first use; this sets its retention
    // whether or not it exists yet.
    new logs.LogRetention(scope, 'LogRetention', {
      logGroupName: `/aws/bedrock-agentcore/runtimes/${runtime.attrAgentRuntimeId}-DEFAULT`,
      retention: props.logRetention,
    });
    acknowledgeLogRetentionFunction(stack);
    return { tier, repository, executionRole, tenantRole, runtime };
  }

  private tenantRole(
    scope: Construct,
    tier: Tier,
    executionRole: iam.Role,
    props: AgentRuntimesProps,
  ): iam.Role {
    const role = new iam.Role(scope, 'TenantRole', {
      description: `Clawforce ${tier} tier: one employee's data, by session tag`,
      maxSessionDuration: Duration.hours(1),
      // Only this tier's execution role, only with exactly the employeeId tag set.
      assumedBy: new iam.ArnPrincipal(executionRole.roleArn).withConditions({
        Null: { [`aws:RequestTag/${TENANT_TAG}`]: 'false' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] },
      }),
    });
    role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:TagSession'],
        principals: [new iam.ArnPrincipal(executionRole.roleArn)],
        conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] } },
      }),
    );
    const ownWorkspace = `${BLOB_PREFIXES.workspaces}/${tag}`;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnWorkspaceObjects',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [props.bucket.arnForObjects(`${ownWorkspace}/*`)],
      }),
    );
    acknowledgeWildcardResource(
      role,
      props.bucket.arnForObjects(`${ownWorkspace}/*`),
      "the objects below the session's own workspace prefix, bound by the employeeId session tag (ABAC)",
    );
    const readable = READABLE_PREFIXES[tier];
    if (readable.length > 0) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadTierPrefixes',
          actions: ['s3:GetObject'],
          resources: readable.map((prefix) => props.bucket.arnForObjects(`${prefix}/*`)),
        }),
      );
      for (const prefix of readable) {
        acknowledgeWildcardResource(
          role,
          props.bucket.arnForObjects(`${prefix}/*`),
          `read-only access to the ${prefix}/ area is what sets the ${tier} tier apart`,
        );
      }
    }
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListOwnPrefixes',
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: {
          StringLike: {
            's3:prefix': [
              `${ownWorkspace}/`,
              `${ownWorkspace}/*`,
              ...readable.flatMap((prefix) => [`${prefix}/`, `${prefix}/*`]),
            ],
          },
        },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadOwnItems',
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        // The table only: index queries could list other employees' items.
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...READABLE_PARTITIONS[tier]] },
        },
      }),
    );
    // S3 and DynamoDB encrypt with the stack key: usable only through those two services.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'KeyThroughDataServices',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': [
              `s3.${Stack.of(this).region}.amazonaws.com`,
              `dynamodb.${Stack.of(this).region}.amazonaws.com`,
            ],
          },
        },
      }),
    );
    return role;
  }
}
