import { aws_ec2 as ec2, aws_logs as logs, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { StackConfig } from './config.js';
import { asInterface } from './interfaces.js';

export interface NetworkProps {
  readonly config: StackConfig;
  readonly key: IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Where everything runs. Compute (Fargate tasks, AgentCore microVMs) lives in private subnets with
 * no inbound route from the internet; only the load balancer sits in public subnets. A new VPC
 * gets flow logs and free gateway endpoints for S3 and DynamoDB; an existing VPC is used as given
 * (by attributes, so `cdk synth` needs no AWS lookups).
 */
export class Network extends Construct {
  readonly vpc: ec2.IVpc;
  readonly privateSubnets: ec2.SubnetSelection;
  readonly publicSubnets: ec2.SubnetSelection;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const existing = props.config.existingVpc;
    if (existing) {
      this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: existing.vpcId,
        availabilityZones: existing.availabilityZones,
        privateSubnetIds: existing.privateSubnetIds,
        publicSubnetIds: existing.publicSubnetIds,
      });
      this.privateSubnets = {
        subnets: existing.privateSubnetIds.map((subnetId, index) =>
          ec2.Subnet.fromSubnetId(this, `Private${index}`, subnetId),
        ),
      };
      this.publicSubnets = {
        subnets: existing.publicSubnetIds.map((subnetId, index) =>
          ec2.Subnet.fromSubnetId(this, `Public${index}`, subnetId),
        ),
      };
      return;
    }
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: props.config.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      restrictDefaultSecurityGroup: true,
      flowLogs: {
        all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) },
      },
    });
    // Traffic to S3 and DynamoDB stays on the AWS network and skips the NAT gateway (and its fee).
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    this.vpc = asInterface<ec2.IVpc>(vpc);
    this.privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    this.publicSubnets = { subnetType: ec2.SubnetType.PUBLIC };
  }
}
