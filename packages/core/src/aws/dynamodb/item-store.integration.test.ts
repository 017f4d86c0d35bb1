import { createItemParamStore } from '../../stores/param-store.js';
import { createItemTokenStore } from '../../stores/token-store.js';
import { createItemUsageLedger } from '../../stores/usage-ledger.js';
import {
  describeItemStore,
  describeParamStore,
  describeTokenStore,
  describeUsageLedger,
} from '../../testing/index.js';
import { useLocalDynamoItemStores } from '../testing-support/dynamo-suite-setup.js';

// The same conformance suites as the memory and SQLite adapters, against dynalite in process.
const dynamoItems = useLocalDynamoItemStores();

describeItemStore('dynamodb (dynalite)', async ({ now }) => dynamoItems({ now }));
describeParamStore('dynamodb (dynalite)', async () => ({
  store: createItemParamStore({ items: await dynamoItems() }),
}));
describeTokenStore('dynamodb (dynalite)', async ({ now }) => ({
  store: createItemTokenStore({ items: await dynamoItems({ now }), now }),
}));
describeUsageLedger('dynamodb (dynalite)', async () => ({
  ledger: createItemUsageLedger({ items: await dynamoItems() }),
}));
