import { randomBytes } from 'node:crypto';
import { type Channel, isClawforceError, type ParamStore } from '@clawforce/core';
import type { Logger } from '../context.js';
import type { SecretSeeds } from './settings.js';

/**
 * Where bot credentials live: the secret store (core's ParamStore: SQLite locally, SSM Parameter
 * Store on AWS), one `SecureString` per value under `/secrets/<channel>/<name>`. They are read once
 * at start, handed to the adapter and never logged, audited or returned by the API.
 */
export const SECRET_ROOT = '/secrets';

interface ChannelSecretLayout {
  /** Without every one of these the channel stays off. */
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export const CHANNEL_SECRETS: Readonly<Record<Channel, ChannelSecretLayout>> = {
  // The webhook secret is ours (given to setWebhook, sent back by Telegram): generated if absent.
  telegram: { required: ['bot-token', 'webhook-secret'], optional: [] },
  discord: { required: ['bot-token', 'public-key'], optional: [] },
  // Without an Encrypt Key Feishu sends plain, unsigned events: supported, not recommended.
  feishu: { required: ['app-secret', 'verification-token'], optional: ['encrypt-key'] },
};

export function secretName(channel: Channel, key: string): string {
  return `${SECRET_ROOT}/${channel}/${key}`;
}

export interface ChannelSecrets {
  readonly values: Readonly<Record<string, string>>;
  /** Parameter names of the required secrets that are not set. */
  readonly missing: readonly string[];
}

async function exists(params: ParamStore, name: string): Promise<boolean> {
  return (await params.get(name)) !== undefined;
}

async function putIfAbsent(params: ParamStore, name: string, value: string): Promise<boolean> {
  try {
    await params.put(name, value, { secure: true, overwrite: false });
    return true;
  } catch (error) {
    // Another process seeded it first: theirs stays.
    if (isClawforceError(error, 'conflict') || isClawforceError(error, 'already_exists')) {
      return false;
    }
    throw error;
  }
}

/**
 * Writes secrets from the environment into the secret store where none is stored yet (the first
 * start), and generates the Telegram webhook secret once a bot token exists. A stored secret is
 * never replaced from the environment: a different value there is reported by name (delete the
 * parameter to replace it). Returns the names written.
 */
export async function seedChannelSecrets(
  params: ParamStore,
  seeds: SecretSeeds,
  log: Logger,
): Promise<string[]> {
  const written: string[] = [];
  for (const channel of Object.keys(CHANNEL_SECRETS) as Channel[]) {
    const layout = CHANNEL_SECRETS[channel];
    for (const [key, value] of Object.entries(seeds[channel] ?? {})) {
      if (!layout.required.includes(key) && !layout.optional.includes(key)) continue;
      const name = secretName(channel, key);
      if (!(await exists(params, name))) {
        if (await putIfAbsent(params, name, value)) written.push(name);
        continue;
      }
      const stored = await params.get(name, { withDecryption: true });
      if (stored?.value !== value) {
        log('warn', 'a channel secret from the environment was ignored: the secret store has one', {
          parameter: name,
        });
      }
    }
  }
  const telegramSecret = secretName('telegram', 'webhook-secret');
  if (
    (await exists(params, secretName('telegram', 'bot-token'))) &&
    !(await exists(params, telegramSecret)) &&
    (await putIfAbsent(params, telegramSecret, randomBytes(32).toString('base64url')))
  ) {
    written.push(telegramSecret);
  }
  return written;
}

/** A channel's secrets from the secret store, decrypted. */
export async function readChannelSecrets(
  params: ParamStore,
  channel: Channel,
): Promise<ChannelSecrets> {
  const layout = CHANNEL_SECRETS[channel];
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const key of [...layout.required, ...layout.optional]) {
    const name = secretName(channel, key);
    const parameter = await params.get(name, { withDecryption: true });
    if (parameter?.value !== undefined) values[key] = parameter.value;
    else if (layout.required.includes(key)) missing.push(name);
  }
  return { values, missing };
}
