import {
  ArnFormat,
  aws_certificatemanager as acm,
  Duration,
  type aws_dynamodb as dynamodb,
  aws_ec2 as ec2,
  aws_ecr as ecr,
  aws_ecs as ecs,
  aws_elasticloadbalancingv2 as elbv2,
  aws_iam as iam,
  type aws_kms as kms,
  aws_logs as logs,
  RemovalPolicy,
  aws_route53 as route53,
  aws_route53_targets as route53Targets,
  Stack,
  type aws_s3 as s3,
  aws_wafv2 as wafv2,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from './acknowledge.js';
import type { AgentRuntimes } from './agent-runtimes.js';
import type { StackConfig } from './config.js';
import type { StandardGuardrail } from './guardrail.js';
import { repositoryName } from './images-stack.js';
import type { PlatformSecrets } from './secrets.js';

export interface ApiServiceProps {
  readonly config: StackConfig;
  readonly vpc: ec2.IVpc;
  readonly privateSubnets: ec2.SubnetSelection;
  readonly publicSubnets: ec2.SubnetSelection;
  readonly cluster: ecs.ICluster;
  readonly key: kms.IKey;
  readonly table: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  readonly logsBucket: s3.IBucket;
  readonly runtimes: AgentRuntimes;
  readonly guardrail: StandardGuardrail;
  readonly secrets: PlatformSecrets;
  readonly parameterPrefix: string;
  readonly logRetention: logs.RetentionDays;
  /** The tasks' role, made by the stack: the runtimes' tenant roles trust it. */
  readonly taskRole: iam.IRole;
}

export const API_PORT = 8099;

/** Requests per 5 minutes from one IP address, for everything and for sign-in. */
export const RATE_LIMITS = { perIp: 2_000, signInPerIp: 100 } as const;

/**
 * The API and the admin console (one hapi service that also serves the console) on ECS Fargate
 * in private subnets, behind an internet-facing Application Load Balancer with AWS WAF: managed
 * rule sets plus per-IP rate limits, stricter on sign-in. Secrets reach the container through
 * ECS `secrets` (fetched from Secrets Manager at start), never as plain environment values.
 */
export class ApiService extends Construct {
  readonly repository: ecr.IRepository;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  readonly serviceSecurityGroup: ec2.SecurityGroup;
  readonly webAcl: wafv2.CfnWebACL;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);

    this.repository = ecr.Repository.fromRepositoryName(
      this,
      'Repository',
      repositoryName(config.stage, 'api'),
    );

    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: 'Clawforce load balancer: HTTPS (and HTTP redirect) from the internet',
      allowAllOutbound: false,
    });
    this.serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: props.vpc,
      description: 'Clawforce API tasks: only from the load balancer',
      allowAllOutbound: true,
    });
    this.serviceSecurityGroup.addIngressRule(
      this.loadBalancerSecurityGroup,
      ec2.Port.tcp(API_PORT),
      'from the load balancer only',
    );
    this.loadBalancerSecurityGroup.addEgressRule(
      this.serviceSecurityGroup,
      ec2.Port.tcp(API_PORT),
      'to the API tasks',
    );

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: props.publicSubnets,
      internetFacing: true,
      securityGroup: this.loadBalancerSecurityGroup,
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(props.logsBucket, 'load-balancer');

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      taskRole: props.taskRole,
      cpu: 1024,
      memoryLimitMiB: 2048,
      runtimePlatform: {
        // The images are built for arm64, as AgentCore requires; Graviton is also cheaper.
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const domain = config.domain;
    this.publicUrl = domain
      ? `https://${domain.name}`
      : `http://${this.loadBalancer.loadBalancerDnsName}`;
    taskDefinition.addContainer('api', {
      image: ecs.ContainerImage.fromEcrRepository(this.repository, config.imageTag),
      portMappings: [{ containerPort: API_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'api', logGroup }),
      // Configuration only. Every secret is in `secrets` below.
      environment: {
        PORT: String(API_PORT),
        HOST: '0.0.0.0',
        PUBLIC_URL: this.publicUrl,
        AWS_REGION: stack.region,
        CLAWFORCE_STORE: 'aws',
        CLAWFORCE_TABLE: props.table.tableName,
        CLAWFORCE_BUCKET: props.bucket.bucketName,
        CLAWFORCE_PARAMETER_PREFIX: props.parameterPrefix,
        CLAWFORCE_RUNTIME: 'agentcore',
        CLAWFORCE_AGENTCORE_STANDARD_ARN: props.runtimes.standard.runtime.attrAgentRuntimeArn,
        CLAWFORCE_AGENTCORE_EXECUTIVE_ARN: props.runtimes.executive.runtime.attrAgentRuntimeArn,
        CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: props.runtimes.standard.tenantRole.roleArn,
        CLAWFORCE_AGENTCORE_EXECUTIVE_TENANT_ROLE_ARN: props.runtimes.executive.tenantRole.roleArn,
        CLAWFORCE_GUARDRAIL_ID: props.guardrail.guardrail.attrGuardrailId,
        CLAWFORCE_GUARDRAIL_VERSION: props.guardrail.version.attrVersion,
        BEDROCK_MODELS: [config.models.standard, config.models.executive].join(','),
      },
      secrets: props.secrets.containerSecrets(),
    });

    acknowledge(
      taskDefinition,
      'ECS2',
      'only non-secret configuration is in environment variables; secrets come from Secrets Manager through ECS secrets',
    );
    acknowledge(
      taskDefinition,
      'IAM5[Resource::*]',
      'the task execution role needs ecr:GetAuthorizationToken, which has no resource-level permissions',
    );

    const taskRole = taskDefinition.taskRole;
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'Items',
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DescribeTable',
        ],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/*`],
      }),
    );
    acknowledgeWildcardResource(
      taskRole,
      `${props.table.tableArn}/index/*`,
      'the API queries gsi1 (department subtrees, bindings by channel, audit by employee)',
    );
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'Workspaces',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [props.bucket.arnForObjects('*')],
      }),
    );
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListWorkspaces',
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
      }),
    );
    acknowledgeWildcardResource(
      taskRole,
      props.bucket.arnForObjects('*'),
      'the API provisions every workspace and knowledge document; agents get narrower roles',
    );
    props.key.grant(
      taskRole,
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:DescribeKey',
    );
    const parameters = stack.formatArn({
      service: 'ssm',
      resource: 'parameter',
      resourceName: `${props.parameterPrefix.replace(/^\//, '')}/*`,
    });
    acknowledgeWildcardResource(
      taskRole,
      parameters,
      "the platform's own parameter tree (routing rules, endpoints)",
    );
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PlatformParameters',
        actions: [
          'ssm:GetParameter',
          'ssm:GetParameters',
          'ssm:GetParametersByPath',
          'ssm:PutParameter',
          'ssm:DeleteParameter',
        ],
        resources: [parameters],
      }),
    );
    const runtimeArns = [props.runtimes.standard, props.runtimes.executive].flatMap(
      ({ runtime }) => [
        runtime.attrAgentRuntimeArn,
        `${runtime.attrAgentRuntimeArn}/runtime-endpoint/*`,
      ],
    );
    for (const { runtime } of [props.runtimes.standard, props.runtimes.executive]) {
      acknowledgeWildcardResource(
        taskRole,
        `${runtime.attrAgentRuntimeArn}/runtime-endpoint/*`,
        "InvokeAgentRuntime is authorized on the runtime's endpoints (DEFAULT and published versions)",
      );
    }
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeAgentRuntimes',
        actions: ['bedrock-agentcore:InvokeAgentRuntime', 'bedrock-agentcore:StopRuntimeSession'],
        resources: runtimeArns,
      }),
    );
    // Per invocation, with the session's tags; the tenant roles' trust policies check the tags.
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTenantRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [props.runtimes.standard, props.runtimes.executive].map(
          ({ tenantRole }) => tenantRole.roleArn,
        ),
      }),
    );
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ApplyStandardGuardrail',
        actions: ['bedrock:ApplyGuardrail'],
        resources: [props.guardrail.arn],
      }),
    );

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: 2,
      vpcSubnets: props.privateSubnets,
      securityGroups: [this.serviceSecurityGroup],
      assignPublicIp: false,
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      vpc: props.vpc,
      port: API_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [this.service],
      healthCheck: { path: '/healthz', healthyHttpCodes: '200', interval: Duration.seconds(15) },
      deregistrationDelay: Duration.seconds(30),
    });

    if (domain) {
      const zone =
        domain.hostedZoneId && domain.hostedZoneName
          ? route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
              hostedZoneId: domain.hostedZoneId,
              zoneName: domain.hostedZoneName,
            })
          : undefined;
      const certificate = domain.certificateArn
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn)
        : new acm.Certificate(this, 'Certificate', {
            domainName: domain.name,
            validation: acm.CertificateValidation.fromDns(zone),
          });
      this.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
      this.loadBalancerSecurityGroup.addIngressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcp(80),
        'redirect to HTTPS',
      );
      this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [certificate],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultTargetGroups: [this.targetGroup],
        open: false,
      });
      this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: false });
      if (zone) {
        new route53.ARecord(this, 'Alias', {
          zone,
          recordName: domain.name,
          target: route53.RecordTarget.fromAlias(
            new route53Targets.LoadBalancerTarget(this.loadBalancer),
          ),
        });
      }
    } else {
      this.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP');
      this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultTargetGroups: [this.targetGroup],
        open: false,
      });
    }

    acknowledge(
      this.loadBalancerSecurityGroup,
      'EC23',
      'the internet-facing load balancer accepts HTTP(S) from anywhere, behind AWS WAF with rate limits; the tasks accept only the load balancer',
    );

    this.webAcl = this.firewall(config.stage, props);
    new wafv2.CfnWebACLAssociation(this, 'FirewallAssociation', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
  }

  private firewall(stage: string, props: ApiServiceProps): wafv2.CfnWebACL {
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (name: string, priority: number) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });
    const webAcl = new wafv2.CfnWebACL(this, 'Firewall', {
      name: `clawforce-${stage}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`clawforce-${stage}`),
      rules: [
        {
          name: 'RateLimitSignIn',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: RATE_LIMITS.signInPerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/api/v1/auth/',
                  textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('RateLimitSignIn'),
        },
        {
          name: 'RateLimitPerIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: RATE_LIMITS.perIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managed('AWSManagedRulesAmazonIpReputationList', 2),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
        managed('AWSManagedRulesCommonRuleSet', 4),
      ],
    });
    // WAF only logs to groups named aws-waf-logs-*.
    const wafLogs = new logs.LogGroup(this, 'FirewallLogs', {
      logGroupName: `aws-waf-logs-clawforce-${stage}`,
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new wafv2.CfnLoggingConfiguration(this, 'FirewallLogging', {
      resourceArn: webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: wafLogs.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    return webAcl;
  }
}
