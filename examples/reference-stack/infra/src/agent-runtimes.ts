import { ITEM_TABLE_DESIGN } from '@clawforce/core/aws';
import {
  fillTenantPattern,
  TENANT_ACCESS_PATHS,
  TENANT_DATA_ACCESS,
  TENANT_SESSION_TAGS,
  type TenantAccessPath,
} from '@clawforce/runtime/agentcore';
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
import { BLOB_PREFIXES, keyThroughDataServices } from './data.js';
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
  /**
   * The API's task role: the one principal the tenant roles trust. It assumes a tier's tenant role
   * for each invocation, with the session's tags, outside the microVM.
   */
  readonly apiRole: iam.IRole;
}

/** One tier: its image repository, its roles and its AgentCore runtime. */
export interface TierRuntime {
  readonly tier: Tier;
  readonly repository: ecr.IRepository;
  /**
   * Assumed by AgentCore, held by the container's process: pulls the image, writes the runtime's
   * logs and metrics, calls the tier's model. No table, no bucket, no key, no other role: a shell
   * in the microVM gets nothing more from it.
   */
  readonly executionRole: iam.Role;
  /**
   * Assumed by the API for each invocation with the session tags ({@link TENANT_SESSION_TAGS});
   * the invocation carries its temporary credentials, the container's only way to DynamoDB and S3.
   * Reaches what `TENANT_DATA_ACCESS` of `@clawforce/runtime/agentcore` names, for the tags' owner,
   * access path and session only.
   */
  readonly tenantRole: iam.Role;
  readonly runtime: agentcore.CfnRuntime;
}

/** The session tag keys, in the order of {@link TENANT_SESSION_TAGS}. */
const SESSION_TAG_KEYS: readonly string[] = Object.values(TENANT_SESSION_TAGS);

/**
 * The conditions under which the API may assume a tenant role: every session tag set, no other
 * tag, an access path that runs on a tenant role, and no tag value with a `/` (session tag values
 * may contain one, and `{employeeId}/*` must never name a key below another owner's prefix).
 */
function tenantTrustConditions(): Record<string, Record<string, unknown>> {
  return {
    Null: Object.fromEntries(SESSION_TAG_KEYS.map((key) => [`aws:RequestTag/${key}`, 'false'])),
    'ForAllValues:StringEquals': { 'aws:TagKeys': [...SESSION_TAG_KEYS] },
    StringEquals: {
      [`aws:RequestTag/${TENANT_SESSION_TAGS.accessPath}`]: [...TENANT_ACCESS_PATHS],
    },
    StringNotLike: {
      [`aws:RequestTag/${TENANT_SESSION_TAGS.employeeId}`]: '*/*',
      [`aws:RequestTag/${TENANT_SESSION_TAGS.sessionId}`]: '*/*',
    },
  };
}

/** A pattern of `TENANT_DATA_ACCESS` as IAM reads it: `${aws:PrincipalTag/<tag>}` per placeholder. */
const policyPattern = (pattern: string) => fillTenantPattern(pattern, 'policy-variables');

/** The `s3:prefix` values of a listing below a key pattern: `a/b/*` lists as `a/b/` or `a/b/…`. */
function listPrefixesOf(pattern: string): string[] {
  return pattern.endsWith('/*') ? [pattern.slice(0, -1), pattern] : [pattern];
}

/** `twin` -> `Twin`, for statement ids. */
const titleOf = (path: TenantAccessPath) => `${path.charAt(0).toUpperCase()}${path.slice(1)}`;

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
 * microVM and scales to zero when idle. Tenants are isolated by ABAC: for every invocation the API
 * assumes the tier's tenant role with the session's tags (owner, access path, session) and passes
 * the temporary credentials in the payload; the container reaches DynamoDB and S3 with those only.
 * The execution role the container's process holds reaches no data at all, and the container
 * writes nothing to the table: audit events, usage and preferences travel back in the reply and
 * the API writes them with its own role.
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

    const tenantRole = this.tenantRole(scope, tier, props);

    const environment: Record<string, string> = {
      CLAWFORCE_TIER: tier,
      CLAWFORCE_MODEL: `amazon-bedrock/${modelId}`,
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

  private tenantRole(scope: Construct, tier: Tier, props: AgentRuntimesProps): iam.Role {
    const api = new iam.ArnPrincipal(props.apiRole.roleArn);
    const trust = tenantTrustConditions();
    const role = new iam.Role(scope, 'TenantRole', {
      description: `Clawforce ${tier} tier: one session's data, by session tags (assumed by the API)`,
      maxSessionDuration: Duration.hours(1),
      // The API only, never an execution role: the role that picks the tags stays outside the microVM.
      assumedBy: api.withConditions(trust),
    });
    role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:TagSession'],
        principals: [api],
        conditions: trust,
      }),
    );
    const grant = (statement: iam.PolicyStatement) => role.addToPolicy(statement);

    const { items, objects } = TENANT_DATA_ACCESS;
    // ForAllValues is true of an empty set, so a request naming no partition would pass it: Null
    // requires the key. BatchGetItem carries every item's partition; one foreign key refuses all.
    const partitions = (patterns: readonly string[]) => ({
      Null: { 'dynamodb:LeadingKeys': 'false' },
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns.map(policyPattern) },
    });
    grant(
      new iam.PolicyStatement({
        sid: 'ReadOrganizationAndOwnItems',
        actions: [...items.actions],
        resources: [props.table.tableArn],
        conditions: partitions(items.tablePartitions),
      }),
    );
    // A query of gsi1 names gsi1's partition (the only key IAM sees before the query runs).
    grant(
      new iam.PolicyStatement({
        sid: 'QueryKnowledgeAssignments',
        actions: [...items.indexActions],
        resources: [`${props.table.tableArn}/index/${ITEM_TABLE_DESIGN.index.name}`],
        conditions: partitions(items.indexPartitions),
      }),
    );

    const objectArn = (pattern: string) => props.bucket.arnForObjects(policyPattern(pattern));
    const readWrite = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    grant(
      new iam.PolicyStatement({
        sid: 'ReadKnowledgeBodies',
        actions: ['s3:GetObject'],
        resources: objects.readOnly.map(objectArn),
      }),
    );
    for (const pattern of objects.readOnly) {
      acknowledgeWildcardResource(
        role,
        objectArn(pattern),
        'knowledge document bodies, read-only: which ones a session gets is decided by the assignments in the OrgStore',
      );
    }
    grant(
      new iam.PolicyStatement({
        sid: 'OwnStoredConversation',
        actions: readWrite,
        resources: [objectArn(objects.session)],
      }),
    );
    acknowledgeWildcardResource(
      role,
      objectArn(objects.session),
      "the objects of the session's own stored conversation, bound by the sessionId session tag (ABAC)",
    );
    // S3 answers a GET of a missing key (a new session's conversation, a new memory file) with 404
    // only to a caller allowed to list the bucket, otherwise 403. That check carries no s3:prefix;
    // a real listing does, and must name one of the session's own prefixes.
    const listing = (sid: string, patterns: readonly string[], conditions = {}) =>
      new iam.PolicyStatement({
        sid,
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: {
          ...conditions,
          StringLikeIfExists: { 's3:prefix': patterns.map(policyPattern).flatMap(listPrefixesOf) },
        },
      });
    grant(listing('ListOwnPrefixes', [...objects.readOnly, objects.session]));

    for (const path of TENANT_ACCESS_PATHS) {
      const onPath = {
        StringEquals: { [`aws:PrincipalTag/${TENANT_SESSION_TAGS.accessPath}`]: path },
      };
      const writable = objects.readWriteByAccessPath[path];
      const readable = objects.readOnlyByAccessPath[path];
      const reason =
        "the objects below the session owner's own prefix, bound by the employeeId session tag; only the access paths that use the prefix reach it (accessPath tag condition)";
      if (writable.length > 0) {
        grant(
          new iam.PolicyStatement({
            sid: `${titleOf(path)}PathReadWrite`,
            actions: readWrite,
            resources: writable.map(objectArn),
            conditions: onPath,
          }),
        );
      }
      if (readable.length > 0) {
        grant(
          new iam.PolicyStatement({
            sid: `${titleOf(path)}PathReadOnly`,
            actions: ['s3:GetObject'],
            resources: readable.map(objectArn),
            conditions: onPath,
          }),
        );
      }
      for (const pattern of [...writable, ...readable]) {
        acknowledgeWildcardResource(role, objectArn(pattern), reason);
      }
      if (writable.length + readable.length > 0) {
        grant(listing(`${titleOf(path)}PathList`, [...writable, ...readable], onPath));
      }
    }

    grant(keyThroughDataServices(props.key, Stack.of(this).region));
    return role;
  }
}
