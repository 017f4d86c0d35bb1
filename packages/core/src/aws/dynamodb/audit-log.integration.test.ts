import { createItemAuditLog } from '../../stores/audit-log.js';
import { describeAuditLog } from '../../testing/index.js';
import { useLocalDynamoItemStores } from '../testing-support/dynamo-suite-setup.js';

const dynamoItems = useLocalDynamoItemStores();

describeAuditLog('dynamodb (dynalite), two clients', async ({ now }) => {
  const items = await dynamoItems({ now });
  // A second store on the same table through another client, as a second process would have.
  const second = await dynamoItems({ now, tableName: items.tableName });
  return {
    items,
    audit: createItemAuditLog({ items, now }),
    other: createItemAuditLog({ items: second, now }),
  };
});
