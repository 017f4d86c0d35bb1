import {
  CfnOutput,
  aws_ecs as ecs,
  aws_iam as iam,
  type aws_logs as logs,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AgentRuntimes } from './agent-runtimes.js';
import { Alarms } from './alarms.js';
import { ApiService } from './api-service.js';
import type { StackConfig } from './config.js';
import { DataStores } from './data.js';
import { StandardGuardrail } from './guardrail.js';
import { asInterface } from './interfaces.js';
import { Network } from './network.js';
import { PlatformSecrets } from './secrets.js';
import { TeamAgents } from './team-agents.js';

export interface ClawforceStackProps extends StackProps {
  readonly config: StackConfig;
}

/**
 * The Clawforce reference stack on AWS: the API and console on Fargate behind a WAF-protected
 * load balancer, employees' agents in Bedrock AgentCore (standard and executive tiers), team agents
 * always on, DynamoDB + S3 + SSM for state, everything encrypted with one customer-managed key.
 */
export class ClawforceStack extends Stack {
  readonly config: StackConfig;
  readonly data: DataStores;
  readonly network: Network;
  readonly guardrail: StandardGuardrail;
  readonly runtimes: AgentRuntimes;
  readonly secrets: PlatformSecrets;
  readonly api: ApiService;
  readonly teamAgents: TeamAgents;
  readonly alarms: Alarms;
  /** Where the platform's SSM parameters live (routing rules, endpoints). */
  readonly parameterPrefix: string;

  constructor(scope: Construct, id: string, props: ClawforceStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    this.parameterPrefix = `/clawforce/${config.stage}`;

    this.data = new DataStores(this, 'Data', { stage: config.stage });
    const key = this.data.key;
    // Log groups and the alarm topic are encrypted with the stack key; their services need it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsToTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.network = new Network(this, 'Network', { config, key, logRetention });
    const cluster = asInterface<ecs.ICluster>(
      new ecs.Cluster(this, 'Cluster', {
        vpc: this.network.vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
      }),
    );
    this.guardrail = new StandardGuardrail(this, 'Guardrail', { stage: config.stage });
    // Made here rather than by the API's task definition: the runtimes' tenant roles trust it, and
    // the API needs the runtimes (their ARNs and tenant roles) in turn.
    const apiTaskRole = new iam.Role(this, 'ApiTaskRole', {
      description:
        'Clawforce API tasks: the platform data, and a tenant role per AgentCore session',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    this.runtimes = new AgentRuntimes(this, 'Runtimes', {
      stage: config.stage,
      imageTag: config.imageTag,
      models: config.models,
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      key,
      table: this.data.table,
      bucket: this.data.bucket,
      logRetention,
      sessionIdleTimeoutSeconds: config.sessionIdleTimeoutSeconds,
      apiRole: apiTaskRole,
    });
    this.secrets = new PlatformSecrets(this, 'Secrets', { stage: config.stage, key });
    this.api = new ApiService(this, 'Api', {
      config,
      taskRole: apiTaskRole,
      vpc: this.network.vpc,
      privateSubnets: this.network.privateSubnets,
      publicSubnets: this.network.publicSubnets,
      cluster,
      key,
      table: this.data.table,
      bucket: this.data.bucket,
      logsBucket: this.data.logsBucket,
      runtimes: this.runtimes,
      guardrail: this.guardrail,
      secrets: this.secrets,
      parameterPrefix: this.parameterPrefix,
      logRetention,
    });
    this.teamAgents = new TeamAgents(this, 'TeamAgents', {
      stage: config.stage,
      agentIds: config.teamAgents,
      imageTag: config.imageTag,
      model: config.models.standard,
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      cluster,
      repository: this.runtimes.standard.repository,
      key,
      table: this.data.table,
      bucket: this.data.bucket,
      callers: this.api.serviceSecurityGroup,
      callerRole: this.api.service.taskDefinition.taskRole,
      parameterPrefix: this.parameterPrefix,
      logRetention,
    });
    this.alarms = new Alarms(this, 'Alarms', {
      stage: config.stage,
      key,
      email: config.alarmEmail,
      table: this.data.table,
      loadBalancer: this.api.loadBalancer,
      targetGroup: this.api.targetGroup,
      models: [config.models.standard, config.models.executive],
    });

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output('Url', this.api.publicUrl, 'The console and API');
    output('TableName', this.data.table.tableName, 'The ItemStore table');
    output('BucketName', this.data.bucket.bucketName, 'Workspaces and knowledge');
    output('ParameterPrefix', this.parameterPrefix, 'SSM parameters of this stage');
    output(
      'StandardRuntimeArn',
      this.runtimes.standard.runtime.attrAgentRuntimeArn,
      'AgentCore, standard tier',
    );
    output(
      'ExecutiveRuntimeArn',
      this.runtimes.executive.runtime.attrAgentRuntimeArn,
      'AgentCore, executive tier',
    );
    output('AdminPasswordSecret', this.secrets.adminPassword.secretName, 'First admin password');
    output('ChannelsSecret', this.secrets.channels.secretName, 'IM channel credentials to fill in');
  }
}
