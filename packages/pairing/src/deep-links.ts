import { type Channel, ClawforceError, parse } from '@clawforce/core';
import { z } from 'zod';
import { formatPairingCode } from './codes.js';

/**
 * The bots employees pair with, per channel. A channel without settings cannot be paired.
 *
 * - Telegram: the bot's username; the deep link `https://t.me/<bot>?start=<code>` makes the client
 *   send `/start <code>` by itself.
 * - Discord: the application (bot user) id; Discord links carry no start payload, so the link opens
 *   the bot's profile (`https://discord.com/users/<id>`, "Send Message") and the person sends
 *   `/start <code>` in the DM.
 * - Feishu / Lark: the app id (`cli_…`); the AppLink `…/client/bot/open?appId=<id>` opens the bot's
 *   chat and the person sends `/start <code>` (AppLink has no start payload either).
 */
export const channelSettingsSchema = z.strictObject({
  telegram: z
    .strictObject({
      botUsername: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]$/, {
        error: 'must be a Telegram bot username (5-32 characters ending in "bot")',
      }),
    })
    .optional(),
  discord: z
    .strictObject({
      applicationId: z.string().regex(/^\d{17,20}$/, { error: 'must be a Discord snowflake' }),
    })
    .optional(),
  feishu: z
    .strictObject({
      appId: z.string().regex(/^cli_[a-z0-9]{8,32}$/, { error: 'must be a Feishu app id (cli_…)' }),
      /** `feishu` (China, default) or `lark` (international). */
      domain: z.enum(['feishu', 'lark']).optional(),
    })
    .optional(),
});
export type ChannelSettings = z.input<typeof channelSettingsSchema>;

export interface PairingLink {
  /** What to open: a deep link carrying the code (Telegram) or a link to the bot's chat. */
  readonly url: string;
  /** Whether opening `url` sends the code by itself. */
  readonly carriesCode: boolean;
  /** One sentence telling the person what to do, with the code as they should type it. */
  readonly instruction: string;
}

/** The link and instruction for pairing `code` on `channel`; throws when the channel is not set up. */
export function pairingLinkFor(
  channel: Channel,
  code: string,
  settings: ChannelSettings,
): PairingLink {
  const parsed = parse(channelSettingsSchema, settings, 'channel settings');
  const typed = `/start ${formatPairingCode(code)}`;
  switch (channel) {
    case 'telegram': {
      if (!parsed.telegram) break;
      const bot = parsed.telegram.botUsername;
      const url = `https://t.me/${bot}?start=${code}`;
      return {
        url,
        carriesCode: true,
        instruction: `Open ${url} and press Start, or send "${typed}" to @${bot} on Telegram.`,
      };
    }
    case 'discord': {
      if (!parsed.discord) break;
      const url = `https://discord.com/users/${parsed.discord.applicationId}`;
      return {
        url,
        carriesCode: false,
        instruction: `Open ${url}, choose "Send Message" and send "${typed}" to the bot on Discord.`,
      };
    }
    case 'feishu': {
      if (!parsed.feishu) break;
      const host = parsed.feishu.domain === 'lark' ? 'applink.larksuite.com' : 'applink.feishu.cn';
      const url = `https://${host}/client/bot/open?appId=${parsed.feishu.appId}`;
      return {
        url,
        carriesCode: false,
        instruction: `Open ${url} and send "${typed}" to the bot.`,
      };
    }
  }
  throw new ClawforceError('validation_failed', `pairing on ${String(channel)} is not set up`, [
    { path: 'channel', code: 'not_configured', message: 'no bot configured for this channel' },
  ]);
}
