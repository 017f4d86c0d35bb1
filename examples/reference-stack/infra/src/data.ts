import { createTableDefinition, ITEM_TABLE_DESIGN } from '@clawforce/core/aws';
import {
  Duration,
  aws_dynamodb as dynamodb,
  aws_iam as iam,
  aws_kms as kms,
  RemovalPolicy,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { asInterface } from './interfaces.js';

/**
 * The stack key for the table and the bucket, usable only through DynamoDB and S3 (`kms:ViaService`):
 * a role that reads or writes encrypted items or objects, and cannot use the key for anything else.
 */
export function keyThroughDataServices(key: kms.IKey, region: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'KeyThroughDataServices',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [key.keyArn],
    conditions: {
      StringEquals: {
        'kms:ViaService': [`s3.${region}.amazonaws.com`, `dynamodb.${region}.amazonaws.com`],
      },
    },
  });
}

export interface DataProps {
  readonly stage: string;
}

/**
 * The S3 key layout the runtime and the assembler write (`STORED_WORKSPACE_ROOTS` of
 * `@clawforce/assembler`, `knowledgeDocumentKey` of `@clawforce/core`, `defaultSessionStateKey` of
 * `@clawforce/runtime`; test/data-layout.test.ts fails when they drift apart).
 */
export const BLOB_PREFIXES = {
  /** `workspaces/{employeeId}/…`: an employee's agent workspace, reached only with a tenant role. */
  workspaces: 'workspaces',
  /** `twin-workspaces/{employeeId}/…`: the Digital Twin's own memory. */
  twinWorkspaces: 'twin-workspaces',
  /** `admin-workspaces/{adminId}/…`: the IT admin assistant of one administrator. */
  adminWorkspaces: 'admin-workspaces',
  /** `shared-workspaces/{agentId}/…`: an always-on team agent's workspace. */
  shared: 'shared-workspaces',
  /** `knowledge/{knowledgeBaseId}/{fileName}`: knowledge document bodies (all departments). */
  knowledge: 'knowledge',
  /** `openclaw-sessions/{session}/{mode}.json`: each session's stored conversation. */
  sessions: 'openclaw-sessions',
} as const;

const attributeType = (type: string | undefined) => {
  if (type === 'S') return dynamodb.AttributeType.STRING;
  if (type === 'N') return dynamodb.AttributeType.NUMBER;
  return dynamodb.AttributeType.BINARY;
};

/**
 * The table props for the ItemStore table, derived from `createTableDefinition` in
 * `@clawforce/core/aws`, so the deployed table always has the key design the adapter expects.
 */
export function itemTableKeys(): Pick<
  dynamodb.TablePropsV2,
  'partitionKey' | 'sortKey' | 'globalSecondaryIndexes' | 'timeToLiveAttribute'
> {
  const definition = createTableDefinition('design');
  const typeOf = (name: string) =>
    attributeType(
      definition.AttributeDefinitions?.find((attribute) => attribute.AttributeName === name)
        ?.AttributeType,
    );
  const keyOf = (schema: typeof definition.KeySchema, kind: string) => {
    const name = schema?.find((entry) => entry.KeyType === kind)?.AttributeName as string;
    return { name, type: typeOf(name) };
  };
  return {
    partitionKey: keyOf(definition.KeySchema, 'HASH'),
    sortKey: keyOf(definition.KeySchema, 'RANGE'),
    globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({
      indexName: index.IndexName as string,
      partitionKey: keyOf(index.KeySchema, 'HASH'),
      sortKey: keyOf(index.KeySchema, 'RANGE'),
      projectionType: dynamodb.ProjectionType.ALL,
    })),
    timeToLiveAttribute: ITEM_TABLE_DESIGN.timeToLiveAttribute,
  };
}

/**
 * The data that outlives every deploy: one customer-managed KMS key, the ItemStore table
 * (organization, audit, usage, tokens), the workspace bucket, and a bucket for access logs.
 * Table and bucket are retained when the stack is deleted.
 */
export class DataStores extends Construct {
  readonly key: kms.Key;
  readonly table: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  readonly logsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/clawforce-${props.stage}`,
      description: 'Clawforce: table, workspaces, logs, secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const table = new dynamodb.TableV2(this, 'Items', {
      tableName: `clawforce-${props.stage}-items`,
      ...itemTableKeys(),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = asInterface<dynamodb.ITableV2>(table);

    // Access logs of the workspace bucket and the load balancer. ALB log delivery only supports
    // SSE-S3, so this bucket does not use the KMS key.
    const logsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logsBucket = asInterface<s3.IBucket>(logsBucket);

    const bucket = new s3.Bucket(this, 'Workspaces', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'workspaces-bucket/',
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = asInterface<s3.IBucket>(bucket);
  }
}
