/**
 * Webhook acknowledgement latency (issue 9: <= 50 ms p99). Each request is a distinct, verified
 * update from a bound account; the handler answers once the update id is claimed, while the reply
 * (pairing lookup, "typing…", agent, sendMessage to a local fake Bot API) runs in the background on
 * the same event loop, as in production. Measured in-process and over loopback HTTP, on SQLite.
 */
import {
  benchmarkWebhookAcknowledgement,
  openSqliteTestStores,
  setUpTestPairing,
} from '@clawforce/channel-kit/testing';
import {
  BOT_TOKEN,
  BOT_USERNAME,
  startFakeTelegramApi,
} from '../src/__fixtures__/fake-telegram-api.js';
import { createTelegramAdapter, createTelegramWebhook } from '../src/index.js';

let failures = 0;
const SECRET = 'bench-secret_0123456789';

const api = await startFakeTelegramApi();
const stores = await openSqliteTestStores();
// Bind the sender first, so every request goes the whole way: agent, typing, reply.
const pairing = await setUpTestPairing(stores, {
  channel: 'telegram',
  settings: { botUsername: BOT_USERNAME },
  boundSender: { channelUserId: '5093117722', chatId: '5093117722' },
});
const adapter = createTelegramAdapter({
  botToken: BOT_TOKEN,
  botUsername: BOT_USERNAME,
  webhookSecret: SECRET,
  apiRoot: api.apiRoot,
});
const webhook = createTelegramWebhook({
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

let updateId = 1_000_000;
const body = () => {
  updateId += 1;
  return new TextEncoder().encode(
    JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        from: { id: 5093117722, is_bot: false, first_name: 'Bob' },
        chat: { id: 5093117722, first_name: 'Bob', type: 'private' },
        date: Math.floor(Date.now() / 1_000),
        text: `message ${updateId}`,
      },
    }),
  );
};
const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };

const result = await benchmarkWebhookAcknowledgement({
  label: 'Telegram webhook acknowledgement (SQLite stores)',
  handle: webhook.handle,
  nextRequest: () => ({ headers, body: body() }),
  idle: () => webhook.dispatcher.idle(),
});
const replies = api.callsOf('sendMessage').length;
console.log(
  `replies sent: ${replies} of ${result.requests} (each update answered exactly once); failures reported: ${failures}`,
);

await api.close();
await stores.cleanup();
