/**
 * The stack's `POST /im/telegram` acknowledgement latency (issue 9: <= 50 ms p99), measured with the
 * adapters' harness (`benchmarkWebhookAcknowledgement`). The stack runs as `npm start` wires it —
 * hapi, SQLite, the demo company, the demo guardrails — with the Telegram channel on (credentials in
 * the secret store) against the adapters' fake Bot API, and the no-op agent runtime. Every request
 * is a new, verified update from a bound account, so each one goes the whole way in the
 * background: claim, binding activity, budget check, routing, guardrails, the turn, the reply.
 *
 * The handle under test is a real HTTP POST to the listening stack. The harness's "in-process" row
 * is therefore one loopback hop to hapi; its two "loopback HTTP" rows put its own node:http front
 * before that (two hops): an upper bound.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchmarkWebhookAcknowledgement } from '@clawforce/channel-kit/testing';
import { openSqliteStores } from '@clawforce/core/sqlite';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import {
  BOT_TOKEN,
  BOT_USERNAME,
  startFakeTelegramApi,
} from '../../../packages/adapters-telegram/src/__fixtures__/fake-telegram-api.js';
import { bootstrap } from '../src/bootstrap.js';
import { createApiServer } from '../src/server.js';
import { createNoopRuntime } from '../src/testing/noop-runtime.js';

const SECRET = 'bench-webhook-secret_0123456789';
const SENDER = 5_093_117_722;

export async function benchmarkTelegramWebhook(): Promise<boolean> {
  const telegram = await startFakeTelegramApi();
  const dataDir = await mkdtemp(join(tmpdir(), 'clawforce-im-bench-'));
  const stores = await openSqliteStores({ dataDir });
  const runtime = createNoopRuntime({ reply: 'Noted, **thanks**.' });
  let failures = 0;
  const api = await createApiServer({
    stores,
    jwtSecret: 'bench-secret-bench-secret-bench-secret-0123',
    runtime,
    guardrails: demoGuardrailsConfig,
    port: 0,
    host: '127.0.0.1',
    pairingChannels: { telegram: { botUsername: BOT_USERNAME } },
    im: {
      seeds: { telegram: { 'bot-token': BOT_TOKEN, 'webhook-secret': SECRET } },
      telegramApiRoot: telegram.apiRoot,
    },
    log: (level) => {
      if (level === 'error') failures += 1;
    },
  });
  try {
    await bootstrap({
      stores,
      credentials: api.context.credentials,
      adminPassword: 'bench-password-123',
      forcePasswordChange: false,
    });
    await stores.org.createBinding({
      channel: 'telegram',
      channelUserId: String(SENDER),
      chatId: String(SENDER),
      employeeId: 'emp-emma',
      pairedAt: new Date().toISOString(),
    });
    await api.server.start();
    const url = `http://127.0.0.1:${api.server.info.port}/im/telegram`;

    let updateId = 900_000_000;
    const headers = {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': SECRET,
    };
    const nextRequest = () => {
      updateId += 1;
      const body = JSON.stringify({
        update_id: updateId,
        message: {
          message_id: updateId,
          from: { id: SENDER, is_bot: false, first_name: 'Emma' },
          chat: { id: SENDER, first_name: 'Emma', type: 'private' },
          date: Math.floor(Date.now() / 1_000),
          text: `Reminder ${updateId}: follow up with the customer`,
        },
      });
      return { headers, body: new TextEncoder().encode(body) };
    };

    const result = await benchmarkWebhookAcknowledgement({
      label: 'Reference stack POST /im/telegram acknowledgement (hapi, SQLite, no-op agent)',
      handle: async (request) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: request.headers as Record<string, string>,
          body: Buffer.from(request.body),
        });
        return {
          status: response.status,
          headers: {},
          body: await response.text(),
        };
      },
      nextRequest,
      idle: () => api.im.idle(),
    });
    const replies = telegram.callsOf('sendMessage').length;
    console.log(
      `agent turns: ${runtime.turns.length}, replies sent: ${replies} of ${result.requests} (each update answered once); errors logged: ${failures}`,
    );
    return result.passed && replies === result.requests && failures === 0;
  } finally {
    await api.server.stop();
    await stores.close();
    await telegram.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  benchmarkTelegramWebhook().then(
    (passed) => {
      process.exitCode = passed ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
