import { ITEM_TABLE_DESIGN } from '@clawforce/core/aws';
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
  readonly logRetention: logs.RetentionDays;
  readonly sessionIdleTimeoutSeconds: number;
}

/** One tier: its image repository, its roles and its AgentCore runtime. */
export interface TierRuntime {
  readonly tier: Tier;
  readonly repository: ecr.IRepository;
  /**
   * Assumed by AgentCore, held by the container's process: pulls the image, writes logs, calls the
   * model, assumes the tenant role, and reaches the data of {@link CONTAINER_DATA_ACCESS}.
   */
  readonly executionRole: iam.Role;
  /** Assumed per session with the `employeeId` session tag; the only role that reaches `workspaces/`. */
  readonly tenantRole: iam.Role;
  readonly runtime: agentcore.CfnRuntime;
}

const tag = `\${aws:PrincipalTag/${TENANT_TAG}}`;

/**
 * What an AgentCore container reaches with its execution role, from what
 * `@clawforce/runtime/agentcore` does per turn: the whole ItemStore through the DynamoDB adapter
 * (organization, SOUL layers, knowledge metadata, skills, bindings, prices; audit appends, usage
 * counters, the owner's preferences write-back), and every S3 key outside `workspaces/` through the
 * shared BlobStore. Employees' `workspaces/{employeeId}/` go through the tenant role only.
 */
export const CONTAINER_DATA_ACCESS = {
  /** The adapter's reads (`GetCommand`, `BatchGetCommand`, `QueryCommand`), on the table and gsi1. */
  itemReads: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  /**
   * The adapter's writes: puts and increments are `UpdateItem`, deletes (and clearing an expired
   * item) `DeleteItem`; `TransactWriteItems` is authorized per item as these three.
   */
  itemWrites: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  /**
   * The partitions a turn writes: the audit chain (`AUDIT`), the usage counters (`USAGE#EMP#…`,
   * `USAGE#DEPT#…`, `USAGE#MODEL#…`, `USAGE#ORG`) and the owner's employee item (preferences).
   */
  writablePartitions: ['AUDIT', 'USAGE#*', 'EMP#*'],
  /** Knowledge bodies the assembler puts into the workspace (any tier: assignments decide). */
  readablePrefixes: [BLOB_PREFIXES.knowledge],
  /** Conversations, and the stored workspaces of twins and admin assistants. */
  writablePrefixes: [
    BLOB_PREFIXES.sessions,
    BLOB_PREFIXES.twinWorkspaces,
    BLOB_PREFIXES.adminWorkspaces,
  ],
} as const;

/**
 * The data a runtime container's turns reach ({@link CONTAINER_DATA_ACCESS}): the ItemStore reads,
 * the turn records, knowledge bodies read-only, and the blob prefixes it writes, each with the
 * reason its wildcard is acceptable. For the AgentCore execution roles and the team agents' task
 * roles alike; employee workspaces are never among them (those go through the tenant role).
 */
export function grantContainerDataAccess(
  role: iam.IRole,
  props: {
    readonly table: Pick<dynamodb.ITable, 'tableArn'>;
    readonly bucket: s3.IBucket;
    readonly key: kms.IKey;
    readonly writable: {
      readonly sid: string;
      readonly prefixes: readonly (readonly [prefix: string, reason: string])[];
    };
  },
): void {
  const region = Stack.of(role).region;
  const index = `${props.table.tableArn}/index/${ITEM_TABLE_DESIGN.index.name}`;
  const objects = (prefix: string) => props.bucket.arnForObjects(`${prefix}/*`);
  const grant = (statement: iam.PolicyStatement) => role.addToPrincipalPolicy(statement);
  grant(
    new iam.PolicyStatement({
      sid: 'ReadItems',
      actions: [...CONTAINER_DATA_ACCESS.itemReads],
      // gsi1: the knowledge bases assigned to everyone, a position or an employee.
      resources: [props.table.tableArn, index],
    }),
  );
  grant(
    new iam.PolicyStatement({
      sid: 'WriteTurnRecords',
      actions: [...CONTAINER_DATA_ACCESS.itemWrites],
      resources: [props.table.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': [...CONTAINER_DATA_ACCESS.writablePartitions],
        },
      },
    }),
  );
  grant(
    new iam.PolicyStatement({
      sid: 'ReadKnowledge',
      actions: ['s3:GetObject'],
      resources: CONTAINER_DATA_ACCESS.readablePrefixes.map(objects),
    }),
  );
  grant(
    new iam.PolicyStatement({
      sid: props.writable.sid,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: props.writable.prefixes.map(([prefix]) => objects(prefix)),
    }),
  );
  // S3 answers a GET of a missing key (a new session's transcript, a new memory file) with 404
  // only to a caller allowed to list the bucket, otherwise 403; that request has no s3:prefix,
  // so a prefix condition would turn every new session's first turn into AccessDenied.
  grant(
    new iam.PolicyStatement({
      sid: 'ListForNotFound',
      actions: ['s3:ListBucket'],
      resources: [props.bucket.bucketArn],
    }),
  );
  for (const prefix of CONTAINER_DATA_ACCESS.readablePrefixes) {
    acknowledgeWildcardResource(
      role,
      objects(prefix),
      'knowledge document bodies, read-only: which ones a session gets is decided by the assignments in the OrgStore',
    );
  }
  for (const [prefix, reason] of props.writable.prefixes) {
    acknowledgeWildcardResource(role, objects(prefix), reason);
  }
  // The table and the bucket encrypt with the stack key: usable only through those two services.
  grant(
    new iam.PolicyStatement({
      sid: 'KeyThroughDataServices',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [props.key.keyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': [`s3.${region}.amazonaws.com`, `dynamodb.${region}.amazonaws.com`],
        },
      },
    }),
  );
}

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
 * microVM and scales to zero when idle. Employees' workspaces are isolated by ABAC: the execution
 * role never reaches `workspaces/`; per session the container assumes the tier's tenant role with
 * the session tag `employeeId` (taken from the verified session id), and the tenant role reaches
 * only `workspaces/${aws:PrincipalTag/employeeId}/`. Everything else a turn needs (the ItemStore,
 * knowledge, transcripts) the container reads with the execution role ({@link CONTAINER_DATA_ACCESS}).
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
    // No guardrail here: the API applies each tier's guardrails around every turn (decision 0005),
    // the Bedrock one included, before a message reaches the runtime and before a reply leaves.

    grantContainerDataAccess(executionRole, {
      ...props,
      writable: {
        sid: 'TranscriptsTwinAndAdminMemory',
        prefixes: [
          [
            BLOB_PREFIXES.sessions,
            "session transcripts, keyed by AgentCore's session id, which is known only at runtime",
          ],
          [
            BLOB_PREFIXES.twinWorkspaces,
            "Digital Twins' stored memory, keyed by the employee the twin belongs to",
          ],
          [
            BLOB_PREFIXES.adminWorkspaces,
            "IT admin assistants' stored memory, keyed by the administrator",
          ],
        ],
      },
    });

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
      description: `Clawforce ${tier} tier: one employee's workspace, by session tag`,
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
    // A listing names its prefix, which must be the own workspace. A GET of a missing key carries
    // no s3:prefix: S3 checks s3:ListBucket to answer 404 rather than 403, which the checkpoint of a
    // new memory file needs; the execution role may list the bucket's keys anyway.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListOwnPrefix',
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: {
          StringLikeIfExists: { 's3:prefix': [`${ownWorkspace}/`, `${ownWorkspace}/*`] },
        },
      }),
    );
    // The bucket encrypts with the stack key: usable only through S3.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'KeyThroughS3',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` },
        },
      }),
    );
    return role;
  }
}
