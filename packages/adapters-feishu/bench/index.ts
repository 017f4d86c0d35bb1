/**
 * Event endpoint acknowledgement latency (issue 9: <= 50 ms p99). Each request is a distinct
 * `im.message.receive_v1` event from a bound account, AES-256-CBC encrypted and signed as Feishu
 * sends it; the handler answers once the signature is checked, the event decrypted and its id
 * claimed, while the reply (pairing lookup, Typing reaction, agent, post to a local fake Open
 * Platform) runs in the background on the same event loop. In-process and over loopback HTTP, SQLite.
 */
import {
  benchmarkWebhookAcknowledgement,
  openSqliteTestStores,
  setUpTestPairing,
} from '@clawforce/channel-kit/testing';
import {
  APP_ID,
  APP_SECRET,
  ENCRYPT_KEY,
  feishuRequest,
  startFakeFeishuApi,
  VERIFICATION_TOKEN,
} from '../src/__fixtures__/fake-feishu-api.js';
import { createFeishuAdapter, createFeishuWebhook } from '../src/index.js';

let failures = 0;

const api = await startFakeFeishuApi();
const stores = await openSqliteTestStores();
// Bind the sender first, so every request goes the whole way: agent, typing, reply.
const pairing = await setUpTestPairing(stores, {
  channel: 'feishu',
  settings: { appId: APP_ID },
  boundSender: {
    channelUserId: 'ou_84aad35d084aa403a838cf73ee18467',
    chatId: 'oc_5ce6d572455d361153b7xx51da133945',
  },
});
const adapter = createFeishuAdapter({
  appId: APP_ID,
  appSecret: APP_SECRET,
  verificationToken: VERIFICATION_TOKEN,
  encryptKey: ENCRYPT_KEY,
  domain: api.domain,
});
const webhook = createFeishuWebhook({
  adapter,
  items: stores.items,
  pairing,
  audit: stores.audit,
  onError: () => {
    failures += 1;
  },
  onMessage: async (message) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return `Echo: **${message.text}**`;
  },
});

let eventNumber = 0;
/** A signed, encrypted `im.message.receive_v1` event with fresh event and message ids. */
const signedEvent = () => {
  eventNumber += 1;
  const id = eventNumber.toString().padStart(32, '0');
  return feishuRequest(
    JSON.stringify({
      schema: '2.0',
      header: {
        event_id: `ev${id}`,
        event_type: 'im.message.receive_v1',
        create_time: String(Date.now()),
        token: VERIFICATION_TOKEN,
        app_id: APP_ID,
        tenant_key: '2ca1d211f64f6438',
      },
      event: {
        sender: {
          sender_id: { open_id: 'ou_84aad35d084aa403a838cf73ee18467' },
          sender_type: 'user',
          tenant_key: '2ca1d211f64f6438',
        },
        message: {
          message_id: `om_${id}`,
          root_id: '',
          parent_id: '',
          create_time: String(Date.now()),
          update_time: String(Date.now()),
          chat_id: 'oc_5ce6d572455d361153b7xx51da133945',
          chat_type: 'p2p',
          message_type: 'text',
          content: JSON.stringify({ text: `question ${eventNumber}` }),
          mentions: [],
        },
      },
    }),
  );
};

const result = await benchmarkWebhookAcknowledgement({
  label: 'Feishu event acknowledgement (SQLite stores)',
  handle: webhook.handle,
  nextRequest: signedEvent,
  idle: () => webhook.dispatcher.idle(),
});
const replies = api.requestsTo('reply').length + api.requestsTo('create').length;
console.log(
  `replies sent: ${replies} of ${result.requests} (each event answered exactly once); failures reported: ${failures}`,
);

await api.close();
await stores.cleanup();
