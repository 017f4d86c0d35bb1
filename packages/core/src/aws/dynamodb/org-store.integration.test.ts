import { createItemAuditLog } from '../../stores/audit-log.js';
import { createItemOrgStore } from '../../stores/org-store.js';
import { describeOrgStore } from '../../testing/index.js';
import { useLocalDynamoItemStores } from '../testing-support/dynamo-suite-setup.js';

const dynamoItems = useLocalDynamoItemStores();

describeOrgStore('dynamodb (dynalite)', async ({ now }) => {
  const items = await dynamoItems({ now });
  const audit = createItemAuditLog({ items, now });
  return { items, audit, org: createItemOrgStore({ items, audit, now }) };
});
