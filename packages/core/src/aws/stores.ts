import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { createStores, type Stores } from '../stores/index.js';
import { createDynamoItemStore } from './dynamodb/item-store.js';
import { createS3BlobStore, type S3ServerSideEncryption } from './s3/blob-store.js';
import { createSsmParamStore } from './ssm/param-store.js';

export interface AwsStoresOptions {
  readonly dynamoDb: { readonly client: DynamoDBClient; readonly tableName: string };
  readonly s3: {
    readonly client: S3Client;
    readonly bucket: string;
    readonly prefix?: string;
    readonly serverSideEncryption?: S3ServerSideEncryption;
  };
  /** Parameters in SSM Parameter Store; without it they live in the DynamoDB table. */
  readonly ssm?: {
    readonly client: SSMClient;
    readonly prefix?: string;
    readonly cacheTtlMs?: number;
    readonly kmsKeyId?: string;
  };
  readonly now?: () => number;
}

/**
 * Every store on AWS: organization, audit, usage and tokens in one DynamoDB table, files in S3,
 * parameters in SSM (or the table). The clients stay the caller's; `close()` does not destroy them.
 */
export function createAwsStores(options: AwsStoresOptions): Stores {
  const now = options.now ?? Date.now;
  const items = createDynamoItemStore({ ...options.dynamoDb, now });
  const blobs = createS3BlobStore(options.s3);
  const stores = createStores({ items, blobs, now });
  return options.ssm ? { ...stores, params: createSsmParamStore({ ...options.ssm, now }) } : stores;
}
