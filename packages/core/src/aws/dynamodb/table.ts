import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  type UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ClawforceError } from '../../errors.js';
import { sleep } from '../internal/retry.js';
import { serviceErrorName, unexpectedServiceError } from '../internal/service-errors.js';

/**
 * The physical design of the one table every ItemStore item lives in (docs/architecture/key-design.md).
 * The CDK app builds its TableV2 from the same definition.
 */
export const ITEM_TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  index: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** DynamoDB TTL attribute (epoch seconds); the adapter also hides expired items on every read. */
  timeToLiveAttribute: 'expiresAt',
} as const;

/**
 * The CreateTable input for an ItemStore table: string keys pk/sk, one global secondary index `gsi1`
 * (gsi1pk/gsi1sk, all attributes projected), on-demand capacity, encryption with the account's
 * DynamoDB KMS key. TTL is a separate call: {@link timeToLiveDefinition}.
 */
export function createTableDefinition(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, index } = ITEM_TABLE_DESIGN;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [partitionKey, sortKey, index.partitionKey, index.sortKey].map(
      (name) => ({ AttributeName: name, AttributeType: 'S' as const }),
    ),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    SSESpecification: { Enabled: true, SSEType: 'KMS' },
  };
}

/** The UpdateTimeToLive input that makes DynamoDB delete expired items (`expiresAt`). */
export function timeToLiveDefinition(tableName: string): UpdateTimeToLiveCommandInput {
  return {
    TableName: tableName,
    TimeToLiveSpecification: {
      AttributeName: ITEM_TABLE_DESIGN.timeToLiveAttribute,
      Enabled: true,
    },
  };
}

export interface ProvisionTableOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** How long to wait for the table to become ACTIVE; default 120 s. */
  readonly timeoutMs?: number;
}

/**
 * Creates the table when it does not exist, waits until it is ACTIVE and turns TTL on. Idempotent:
 * for development accounts and tests; production tables come from the CDK app.
 */
export async function provisionTable(options: ProvisionTableOptions): Promise<void> {
  const { client, tableName } = options;
  try {
    await client.send(new CreateTableCommand(createTableDefinition(tableName)));
  } catch (error) {
    if (serviceErrorName(error) !== 'ResourceInUseException') {
      throw unexpectedServiceError(error, 'DynamoDB', 'CreateTable');
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (let attempt = 0; ; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') break;
    if (Date.now() > deadline) {
      throw new ClawforceError('unavailable', `table ${tableName} did not become ACTIVE in time`);
    }
    await sleep(Math.min(2_000, 100 * 2 ** attempt));
  }
  try {
    await client.send(new UpdateTimeToLiveCommand(timeToLiveDefinition(tableName)));
  } catch (error) {
    // Enabling TTL twice is a ValidationException ("TimeToLive is already enabled").
    const alreadyEnabled =
      serviceErrorName(error) === 'ValidationException' &&
      /already enabled/i.test((error as Error).message);
    if (!alreadyEnabled) {
      throw unexpectedServiceError(error, 'DynamoDB', 'UpdateTimeToLive');
    }
  }
}
