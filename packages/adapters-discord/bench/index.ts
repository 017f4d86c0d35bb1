/**
 * Interactions endpoint acknowledgement latency (issue 9: <= 50 ms p99). Each request is a distinct
 * `/ask` slash command in a DM, Ed25519-signed like Discord signs it, from a bound account; the
 * handler answers with the deferred response once the signature is verified and the interaction id
 * claimed, while the reply (pairing lookup, typing, agent, followup to a local fake REST API) runs
 * in the background on the same event loop. Measured in-process and over loopback HTTP, on SQLite.
 */
import {
  benchmarkWebhookAcknowledgement,
  openSqliteTestStores,
  setUpTestPairing,
} from '@clawforce/channel-kit/testing';
import {
  APPLICATION_ID,
  BOT_TOKEN,
  createInteractionSigner,
  startFakeDiscordApi,
} from '../src/__fixtures__/fake-discord-api.js';
import { createDiscordAdapter, createDiscordWebhook } from '../src/index.js';

let failures = 0;

const api = await startFakeDiscordApi();
const signer = createInteractionSigner();
const stores = await openSqliteTestStores();
// Bind the sender first, so every request goes the whole way: agent, typing, reply.
const pairing = await setUpTestPairing(stores, {
  channel: 'discord',
  settings: { applicationId: APPLICATION_ID },
  boundSender: { channelUserId: '912345678901234567', chatId: '1302222222222222201' },
});
const adapter = createDiscordAdapter({
  botToken: BOT_TOKEN,
  applicationId: APPLICATION_ID,
  publicKey: signer.publicKey,
  apiBaseUrl: api.apiBaseUrl,
});
const webhook = createDiscordWebhook({
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

let interactionId = 1_600_000_000_000_000_000n;
/** A signed `/ask` interaction in the bot's DM, with a fresh id and token. */
const signedInteraction = () => {
  interactionId += 1n;
  const id = interactionId.toString();
  return signer.sign(
    JSON.stringify({
      application_id: APPLICATION_ID,
      channel: { id: '1302222222222222201', type: 1 },
      channel_id: '1302222222222222201',
      context: 1,
      data: {
        id: '1290000000000000103',
        name: 'ask',
        options: [{ name: 'message', type: 3, value: `question ${id}` }],
        type: 1,
      },
      id,
      token: `token-${id}`,
      type: 2,
      user: {
        id: '912345678901234567',
        username: 'bob.seller',
        global_name: 'Bob Seller',
        discriminator: '0',
      },
      version: 1,
    }),
  );
};

const result = await benchmarkWebhookAcknowledgement({
  label: 'Discord interactions acknowledgement (SQLite stores)',
  handle: webhook.handle,
  nextRequest: signedInteraction,
  idle: () => webhook.dispatcher.idle(),
});
const replies = api.requestsTo('editOriginal').length + api.requestsTo('createMessage').length;
console.log(
  `replies sent: ${replies} of ${result.requests} (each interaction answered at most once; back to back, Discord's 50 requests/s per bot runs out and later replies fail as rate_limited after bounded retries); failures reported: ${failures}`,
);

await api.close();
await stores.cleanup();
