/**
 * The local stack: `npm start` runs the whole platform on one machine — the API and the console on
 * http://localhost:8099, the embedded store (SQLite + filesystem) in the data dir, the demo company
 * loaded on first start. Ctrl-C shuts it down cleanly.
 */

import { readFile } from 'node:fs/promises';
import { parse } from '@clawforce/core';
import type { GuardrailsConfigInput } from '@clawforce/guardrail';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import { channelSettingsSchema } from '@clawforce/pairing';
import { loadJwtSecret } from './auth/jwt-secret.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, readConfig } from './config.js';
import type { Logger } from './context.js';
import { readImSettings } from './im/settings.js';
import { openPlatform } from './platform.js';
import { createApiServer } from './server.js';

export interface RunningStack {
  readonly url: string;
  /** Stops accepting requests, lets running ones finish, flushes sessions, closes the store. */
  stop(): Promise<void>;
}

/** Log lines on stderr: one JSON object each, never a secret. */
const stderrLogger: Logger = (level, message, details) => {
  process.stderr.write(
    `${JSON.stringify({ at: new Date().toISOString(), level, message, ...details })}\n`,
  );
};

export async function startLocalStack(
  environment: NodeJS.ProcessEnv = process.env,
  output: (line: string) => void = console.log,
  log: Logger = stderrLogger,
): Promise<RunningStack> {
  const config = readConfig(environment);
  const guardrails: GuardrailsConfigInput = config.guardrailsFile
    ? (JSON.parse(await readFile(config.guardrailsFile, 'utf8')) as GuardrailsConfigInput)
    : demoGuardrailsConfig;
  const platform = await openPlatform(config, { log });
  const { stores, runtime, runtimeNote } = platform;
  try {
    const secret = await loadJwtSecret({
      fromEnvironment: config.jwtSecret,
      dataDir: config.dataDir,
    });
    const api = await createApiServer({
      stores,
      jwtSecret: secret.secret,
      port: config.port,
      host: config.host,
      publicUrl: config.publicUrl,
      consoleDir: config.consoleDir,
      pairingChannels: parse(channelSettingsSchema, config.pairingChannels, 'pairing channels'),
      guardrails,
      im: readImSettings(environment),
      ...(platform.bedrockGuardrail ? { guardrailAfter: platform.bedrockGuardrail } : {}),
      heartbeat: { intervalMinutes: config.heartbeatMinutes },
      ...(runtime ? { runtime } : {}),
      log,
    });
    const started = await bootstrap({
      stores,
      credentials: api.context.credentials,
      adminPassword: config.adminPassword,
      forcePasswordChange: config.forcePasswordChange,
      agentCore: config.agentCore,
    });
    await api.server.start();
    const url = config.publicUrl;
    output(`Clawforce is running at ${url}`);
    output(`  data: ${config.dataDir}`);
    if (started.seeded) output('  loaded the ACME Corp demo company (first start)');
    output(`  agents: ${runtimeNote}`);
    output('');
    output(
      'Sign in with an employee id, e.g. emp-admin (admin), emp-mike (manager), emp-carol (employee).',
    );
    if (started.initialPassword?.generated) {
      output(
        `Initial password of all ${started.initialPassword.accounts} demo accounts (shown once, write it down): ${started.initialPassword.value}`,
      );
    } else if (started.initialPassword) {
      output(`The demo accounts' initial password is ADMIN_PASSWORD.`);
    } else {
      output('Use the password you set (the initial one was printed on the first start).');
    }
    if (config.forcePasswordChange)
      output('Each account must change its password at first sign-in.');
    output('Press Ctrl-C to stop.');

    let stopping: Promise<void> | undefined;
    return {
      url,
      stop() {
        stopping ??= (async () => {
          await api.server.stop({ timeout: 10_000 });
          await api.settled();
          await platform.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await platform.close();
    throw error;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  startLocalStack().then(
    (stack) => {
      const shutdown = (signal: string) => {
        console.log(`\n${signal}: shutting down…`);
        stack.stop().then(
          () => {
            console.log('Stopped cleanly.');
            process.exit(0);
          },
          (error: unknown) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = error instanceof ConfigError ? 2 : 1;
    },
  );
}
