/**
 * @packageDocumentation
 * `@clawforce/core/aws`: the storage ports on AWS managed services. A DynamoDB single-table
 * `ItemStore` (every domain store runs on it), an S3 `BlobStore` and an SSM Parameter Store
 * `ParamStore`; each passes the same conformance suites as the in-memory and SQLite adapters.
 * Needs the AWS SDK v3 clients it uses (`@aws-sdk/client-dynamodb`, `@aws-sdk/lib-dynamodb`,
 * `@aws-sdk/util-dynamodb`, `@aws-sdk/client-s3`, `@aws-sdk/lib-storage`, `@aws-sdk/client-ssm`).
 */
export {
  createDynamoItemStore,
  DYNAMODB_MAX_TRANSACTION_ITEMS,
  type DynamoItemStoreOptions,
} from './dynamodb/item-store.js';
export {
  createTableDefinition,
  ITEM_TABLE_DESIGN,
  type ProvisionTableOptions,
  provisionTable,
  timeToLiveDefinition,
} from './dynamodb/table.js';
export {
  createS3BlobStore,
  type S3BlobStore,
  type S3BlobStoreOptions,
  type S3ServerSideEncryption,
} from './s3/blob-store.js';
export {
  createSsmParamStore,
  type SsmParamStore,
  type SsmParamStoreOptions,
} from './ssm/param-store.js';
export { type AwsStoresOptions, createAwsStores } from './stores.js';
