import { describe, expect, it } from 'vitest';
import { createTableDefinition, ITEM_TABLE_DESIGN, timeToLiveDefinition } from './table.js';

describe('table definition', () => {
  it('describes the single-table design: pk/sk, gsi1 over gsi1pk/gsi1sk, on demand, TTL on expiresAt', () => {
    const definition = createTableDefinition('clawforce-items');
    expect(definition).toMatchObject({
      TableName: 'clawforce-items',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      SSESpecification: { Enabled: true, SSEType: 'KMS' },
    });
    expect(definition.AttributeDefinitions).toHaveLength(4);
    expect(timeToLiveDefinition('clawforce-items').TimeToLiveSpecification).toEqual({
      AttributeName: ITEM_TABLE_DESIGN.timeToLiveAttribute,
      Enabled: true,
    });
  });
});
