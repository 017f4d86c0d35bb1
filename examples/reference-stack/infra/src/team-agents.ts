import { ITEM_TABLE_DESIGN } from '@clawforce/core/aws';
import {
  type aws_dynamodb as dynamodb,
  aws_ec2 as ec2,
  type aws_ecr as ecr,
  aws_ecs as ecs,
  aws_iam as iam,
  type aws_kms as kms,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  type aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
  aws_servicediscovery as servicediscovery,
  aws_ssm as ssm,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from './acknowledge.js';
import { BLOB_PREFIXES, keyThroughDataServices } from './data.js';
import { asInterface } from './interfaces.js';

/**
 * The port of a team agent's runtime container (`POST /invocations`, `GET /ping`): the container
 * contract's 8080, as on AgentCore.
 */
export const TEAM_AGENT_PORT = 8080;

export interface TeamAgentsProps {
  readonly stage: string;
  readonly agentIds: readonly string[];
  readonly imageTag: string;
  readonly model: string;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly cluster: ecs.ICluster;
  readonly repository: ecr.IRepository;
  readonly key: kms.IKey;
  readonly table: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  /** Only this security group (the API's) may call the agents. */
  readonly callers: ec2.ISecurityGroup;
  /** Granted read of each agent's bearer token. */
  readonly callerRole: iam.IGrantable;
  readonly parameterPrefix: string;
  readonly logRetention: logs.RetentionDays;
}

export interface TeamAgent {
  readonly agentId: string;
  readonly service: ecs.FargateService;
  readonly securityGroup: ec2.SecurityGroup;
  readonly endpointParameter: ssm.StringParameter;
}

/**
 * What an always-on team agent's container reaches with its task role, from what
 * `@clawforce/runtime/agentcore` does per turn in team-agent mode: the ItemStore through the
 * DynamoDB adapter (organization, SOUL layers, knowledge metadata, skills, bindings, prices; audit
 * appends, usage counters, the preferences write-back), knowledge bodies, its sessions' stored
 * conversations and its own shared workspace. A team workspace belongs to no employee, so there
 * is no tenant role here; employees' agents run on AgentCore with tenant roles instead
 * (agent-runtimes.ts).
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
  /** Knowledge bodies the assembler puts into the workspace (assignments decide which). */
  readablePrefixes: [BLOB_PREFIXES.knowledge],
} as const;

/**
 * The data a team agent's turns reach ({@link CONTAINER_DATA_ACCESS}): the ItemStore reads, the
 * turn records, knowledge bodies read-only, and the blob prefixes it writes (`writable`), each with
 * the reason its wildcard is acceptable. Employees' workspaces are never among them.
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
  grant(keyThroughDataServices(props.key, region));
}

/**
 * Always-on team agents (`shared__{agent}` sessions): the standard runtime image in team-agent
 * mode (`CLAWFORCE_TEAM_AGENT_ID`), one Fargate service each in private subnets reachable only
 * from the API. The container pins the agent's team session at start (warm OpenClaw, restarted
 * if it dies), serves that session only and requires the agent's bearer token. Each registers its
 * endpoint in SSM (`{prefix}/always-on/{agentId}/endpoint`, a stable Cloud Map DNS name) where the
 * router finds it, next to the ARN of the secret holding the token (`…/token-secret-arn`).
 */
export class TeamAgents extends Construct {
  readonly namespace: servicediscovery.PrivateDnsNamespace;
  readonly agents: TeamAgent[] = [];

  constructor(scope: Construct, id: string, props: TeamAgentsProps) {
    super(scope, id);
    this.namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', {
      name: `clawforce-${props.stage}.internal`,
      vpc: props.vpc,
      description: 'Clawforce always-on team agents',
    });
    for (const agentId of props.agentIds) this.agents.push(this.agent(agentId, props));
  }

  private agent(agentId: string, props: TeamAgentsProps): TeamAgent {
    const scope = new Construct(this, agentId);
    const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Clawforce team agent ${agentId}: only from the API`,
      allowAllOutbound: true,
    });
    securityGroup.addIngressRule(props.callers, ec2.Port.tcp(TEAM_AGENT_PORT), 'from the API only');

    const token = new secretsmanager.Secret(scope, 'GatewayToken', {
      secretName: `clawforce/${props.stage}/team-agents/${agentId}/gateway-token`,
      description: `Bearer token of the ${agentId} team agent (POST /invocations)`,
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    token.grantRead(props.callerRole);
    acknowledge(
      token,
      'SMG4',
      'a bearer token between the API and this team agent only; rotate it by a new deploy (the agent reads it at start, the API again after a refusal)',
    );

    const taskDefinition = new ecs.FargateTaskDefinition(scope, 'Task', {
      cpu: 1024,
      memoryLimitMiB: 2048,
      // The standard image is built for arm64 (AgentCore's platform).
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The assembler's layout (STORED_WORKSPACE_ROOTS.shared): the container checks it.
    const sharedPrefix = `${BLOB_PREFIXES.shared}/${agentId}`;
    taskDefinition.addContainer('agent', {
      image: ecs.ContainerImage.fromEcrRepository(props.repository, props.imageTag),
      portMappings: [{ containerPort: TEAM_AGENT_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: agentId, logGroup }),
      environment: {
        CLAWFORCE_TEAM_AGENT_ID: agentId,
        CLAWFORCE_TIER: 'standard',
        CLAWFORCE_MODEL: `amazon-bedrock/${props.model}`,
        CLAWFORCE_TABLE: props.table.tableName,
        CLAWFORCE_BUCKET: props.bucket.bucketName,
        CLAWFORCE_WORKSPACE_PREFIX: `${sharedPrefix}/`,
        // One pinned session: no spare gateway to keep warm for sessions that never come here.
        CLAWFORCE_SPARE_GATEWAYS: '0',
        PORT: String(TEAM_AGENT_PORT),
        AWS_REGION: Stack.of(this).region,
      },
      secrets: {
        CLAWFORCE_INVOCATION_TOKEN: ecs.Secret.fromSecretsManager(
          asInterface<secretsmanager.ISecret>(token),
        ),
      },
    });
    acknowledge(
      taskDefinition,
      'ECS2',
      'only non-secret configuration is in environment variables; the bearer token comes from Secrets Manager',
    );
    acknowledge(
      taskDefinition,
      'IAM5[Resource::*]',
      'the task execution role needs ecr:GetAuthorizationToken, which has no resource-level permissions',
    );
    const stack = Stack.of(this);
    const taskRole = taskDefinition.taskRole;
    // A team workspace belongs to no employee: no tenant role, the task role holds the turn's data.
    grantContainerDataAccess(taskRole, {
      ...props,
      writable: {
        sid: 'TranscriptsAndSharedWorkspace',
        prefixes: [
          [
            BLOB_PREFIXES.sessions,
            'session transcripts, keyed by the session id, known only at runtime',
          ],
          [sharedPrefix, "the objects of this agent's own shared workspace"],
        ],
      },
    });
    const foundationModel = stack.formatArn({
      service: 'bedrock',
      region: '*',
      account: '',
      resource: 'foundation-model',
      resourceName: props.model.replace(/^(us|eu|apac|us-gov|global)\./, ''),
    });
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeTeamModel',
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [
          stack.formatArn({
            service: 'bedrock',
            resource: 'inference-profile',
            resourceName: props.model,
          }),
          foundationModel,
        ],
      }),
    );
    acknowledgeWildcardResource(
      taskRole,
      foundationModel,
      'a cross-region inference profile serves the one model from any region of the profile',
    );

    const service = new ecs.FargateService(scope, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: 1,
      vpcSubnets: props.subnets,
      securityGroups: [securityGroup],
      assignPublicIp: false,
      circuitBreaker: { rollback: true },
      // One gateway per agent: two at once would both write the shared workspace.
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      cloudMapOptions: {
        name: agentId,
        cloudMapNamespace: this.namespace,
        dnsRecordType: servicediscovery.DnsRecordType.A,
      },
    });

    const endpointParameter = new ssm.StringParameter(scope, 'Endpoint', {
      parameterName: `${props.parameterPrefix}/always-on/${agentId}/endpoint`,
      stringValue: `http://${agentId}.${this.namespace.namespaceName}:${TEAM_AGENT_PORT}`,
      description: `Where the router reaches the always-on agent ${agentId}`,
    });
    new ssm.StringParameter(scope, 'TokenSecret', {
      parameterName: `${props.parameterPrefix}/always-on/${agentId}/token-secret-arn`,
      stringValue: token.secretArn,
      description: `The secret holding the bearer token of ${agentId}`,
    });
    return { agentId, service, securityGroup, endpointParameter };
  }
}
