import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCompany } from '../demo/index.js';
import { createTableDefinition, provisionTable } from './dynamodb/table.js';
import { createAwsStores } from './stores.js';
import { type LocalDynamoDb, startLocalDynamoDb } from './testing-support/local-dynamodb.js';
import { type LocalS3, startLocalS3 } from './testing-support/local-s3.js';
import { type LocalSsm, startLocalSsm } from './testing-support/local-ssm.js';

let dynamoDb: LocalDynamoDb;
let s3: LocalS3;
let ssm: LocalSsm;
beforeAll(async () => {
  [dynamoDb, s3, ssm] = await Promise.all([startLocalDynamoDb(), startLocalS3(), startLocalSsm()]);
});
afterAll(async () => {
  await Promise.all([dynamoDb.close(), s3.close(), ssm.close()]);
});

describe('createAwsStores', () => {
  it('runs the whole platform on DynamoDB, S3 and SSM: the demo company seeds and reads back', async () => {
    const tableName = await dynamoDb.createTable();
    // Provisioning again is a no-op.
    await provisionTable({ client: dynamoDb.client(), tableName });
    const stores = createAwsStores({
      dynamoDb: { client: dynamoDb.client(), tableName },
      s3: { client: s3.client(), bucket: await s3.createBucket(), prefix: 'acme/' },
      ssm: { client: ssm.client(), prefix: '/clawforce/acme' },
    });
    const report = await seedDemoCompany(stores);
    expect(report.created.employees).toBeGreaterThan(0);
    const again = await seedDemoCompany(stores);
    expect(again.created.employees).toBe(0);
    expect(again.present.employees).toBe(report.created.employees);
    expect(await stores.audit.verify()).toMatchObject({ ok: true });
    expect((await stores.blobs.list({ prefix: 'knowledge/' })).items.length).toBeGreaterThan(0);

    await stores.params.put('/routing/default-runtime', 'standard');
    expect(ssm.stored('/clawforce/acme/routing/default-runtime')?.value).toBe('standard');
    expect(await stores.items.get({ pk: 'PARAM', sk: '/routing/default-runtime' })).toBeUndefined();
    await stores.close();
  });

  it('keeps parameters in the table when no SSM client is given', async () => {
    const tableName = 'items-params-in-table';
    await provisionTable({ client: dynamoDb.client(), tableName });
    expect(createTableDefinition(tableName).TableName).toBe(tableName);
    const stores = createAwsStores({
      dynamoDb: { client: dynamoDb.client(), tableName },
      s3: { client: s3.client(), bucket: await s3.createBucket() },
    });
    await stores.params.put('/routing/default-runtime', 'executive');
    expect(
      (await stores.items.get({ pk: 'PARAM', sk: '/routing/default-runtime' }))?.data.value,
    ).toBe('executive');
  });
});
