import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_dynamodb as dynamodb,
  aws_elasticloadbalancingv2 as elbv2,
  type aws_kms as kms,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly stage: string;
  readonly key: kms.IKey;
  readonly email?: string | undefined;
  readonly table: dynamodb.ITableV2;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly models: readonly string[];
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms on errors and throttling, to one SNS topic: API 5xx and unhealthy targets, DynamoDB
 * throttles and system errors, Bedrock throttles and server errors per model, AgentCore runtime
 * throttles and system errors (account-wide, by a Metrics Insights query over AWS/Bedrock-AgentCore).
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `clawforce-${props.stage}-alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
    ) => {
      const created = new cloudwatch.Alarm(this, name, {
        alarmName: `clawforce-${props.stage}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    const balancer = props.loadBalancer.metrics;
    alarm(
      'api-5xx',
      balancer.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      10,
      'The API answered 5xx at least 10 times in 5 minutes',
    );
    alarm(
      'load-balancer-5xx',
      balancer.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      10,
      'The load balancer answered 5xx at least 10 times in 5 minutes (no healthy API task?)',
    );
    alarm(
      'api-unhealthy',
      props.targetGroup.metrics.unhealthyHostCount({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      1,
      'An API task failed its health check',
    );

    const table = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.table.tableName },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      });
    alarm(
      'dynamodb-throttles',
      new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: { reads: table('ReadThrottleEvents'), writes: table('WriteThrottleEvents') },
        period: FIVE_MINUTES,
        label: 'DynamoDB throttle events',
      }),
      1,
      'DynamoDB throttled requests to the items table',
    );
    alarm('dynamodb-errors', table('SystemErrors'), 1, 'DynamoDB returned system errors');

    props.models.forEach((modelId, index) => {
      const bedrockMetric = (metricName: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/Bedrock',
          metricName,
          dimensionsMap: { ModelId: modelId },
          period: FIVE_MINUTES,
          statistic: 'Sum',
        });
      alarm(
        `bedrock-throttles-${index}`,
        bedrockMetric('InvocationThrottles'),
        5,
        `Bedrock throttled ${modelId}`,
      );
      alarm(
        `bedrock-errors-${index}`,
        bedrockMetric('InvocationServerErrors'),
        5,
        `Bedrock server errors for ${modelId}`,
      );
    });

    const agentCore = (metricName: string) =>
      new cloudwatch.MathExpression({
        expression: `SELECT SUM(${metricName}) FROM "AWS/Bedrock-AgentCore"`,
        usingMetrics: {},
        period: FIVE_MINUTES,
        label: `AgentCore ${metricName}`,
      });
    alarm(
      'agentcore-throttles',
      agentCore('Throttles'),
      5,
      'AgentCore throttled runtime invocations',
    );
    alarm('agentcore-errors', agentCore('SystemErrors'), 5, 'AgentCore runtime system errors');
  }
}
