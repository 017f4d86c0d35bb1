import {
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamoDb, startLocalDynamoDb } from './local-dynamodb.js';

// The wrapper is test infrastructure, but tests of the adapter are only as good as its fidelity:
// these pin down the wire behavior it adds to dynalite, through the real SDK client.
let local: LocalDynamoDb;
beforeAll(async () => {
  local = await startLocalDynamoDb();
});
afterAll(async () => {
  await local.close();
});

const key = (sk: string) => ({ pk: { S: 'P' }, sk: { S: sk } });

describe('local DynamoDB (dynalite + transactions + TTL)', () => {
  it('cancels a transaction with per-item reasons and the failed item, changing nothing', async () => {
    const tableName = await local.createTable();
    const client = local.client();
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key('a'), n: { N: '1' } } }),
    );
    const error = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...key('b'), n: { N: '2' } } } },
            {
              Update: {
                TableName: tableName,
                Key: key('a'),
                UpdateExpression: 'SET n = :two',
                ConditionExpression: 'n = :three',
                ExpressionAttributeValues: { ':two': { N: '2' }, ':three': { N: '3' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      )
      .catch((caught: unknown) => caught as Record<string, unknown>);
    expect(error).toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Item: { ...key('a'), n: { N: '1' } } },
      ],
    });
    expect(String((error as unknown as Error).message)).toContain('[None, ConditionalCheckFailed]');
    const b = await client.send(new GetItemCommand({ TableName: tableName, Key: key('b') }));
    expect(b.Item).toBeUndefined();
  });

  it('applies a transaction whole and rolls back when one write fails', async () => {
    const tableName = await local.createTable();
    const client = local.client();
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...key('x'), n: { N: '1' } } } },
          {
            Update: {
              TableName: tableName,
              Key: key('y'),
              UpdateExpression: 'ADD n :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            },
          },
        ],
      }),
    );
    const read = await client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: tableName, Key: key('x') } },
          { Get: { TableName: tableName, Key: key('y') } },
          { Get: { TableName: tableName, Key: key('z') } },
        ],
      }),
    );
    expect(read.Responses?.map((response) => response.Item?.n?.N)).toEqual(['1', '1', undefined]);
    // The second update adds a number to a string: it fails after the first was applied.
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key('s'), n: { S: 'text' } } }),
    );
    const failure = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Delete: { TableName: tableName, Key: key('x') } },
            {
              Update: {
                TableName: tableName,
                Key: key('s'),
                UpdateExpression: 'ADD n :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              },
            },
          ],
        }),
      )
      .catch((caught: unknown) => caught as Record<string, unknown>);
    expect(failure).toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ValidationError' }],
    });
    const x = await client.send(new GetItemCommand({ TableName: tableName, Key: key('x') }));
    expect(x.Item?.n?.N).toBe('1');
  });

  it('rejects two operations on one item and unused expression values, like DynamoDB', async () => {
    const tableName = await local.createTable();
    const client = local.client();
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: key('d') } },
            { Delete: { TableName: tableName, Key: key('d') } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: tableName,
                Key: key('d'),
                ConditionExpression: 'attribute_not_exists(pk)',
                ExpressionAttributeValues: { ':unused': { N: '1' } },
              },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('returns the stored item with a failed single-item condition when asked', async () => {
    const tableName = await local.createTable();
    const client = local.client();
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key('c'), n: { N: '7' } } }),
    );
    await expect(
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key('c'),
          UpdateExpression: 'SET n = :one',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeValues: { ':one': { N: '1' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      Item: { ...key('c'), n: { N: '7' } },
    });
  });

  it('turns TTL on and sweeps expired items', async () => {
    const tableName = await local.createTable();
    const client = local.client();
    const description = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(description.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...key('old'), expiresAt: { N: '100' } },
      }),
    );
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...key('new'), expiresAt: { N: '300' } },
      }),
    );
    expect(await local.sweepExpired(tableName, 200)).toBe(1);
    expect(
      (await client.send(new GetItemCommand({ TableName: tableName, Key: key('old') }))).Item,
    ).toBeUndefined();
    expect(
      (await client.send(new GetItemCommand({ TableName: tableName, Key: key('new') }))).Item,
    ).toBeDefined();
  });
});
