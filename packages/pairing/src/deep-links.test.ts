import { expectClawforceError } from '@clawforce/core/testing';
import { describe, expect, it } from 'vitest';
import { decodeQrSvg } from './__fixtures__/qr.js';
import { pairingLinkFor, renderQrSvg } from './index.js';

const settings = {
  telegram: { botUsername: 'AcmeClawBot' },
  discord: { applicationId: '1234567890123456789' },
  feishu: { appId: 'cli_9c21a4767c305107' },
};

describe('pairingLinkFor', () => {
  it('puts the code in the Telegram deep link', () => {
    expect(pairingLinkFor('telegram', 'ABCDEFGH', settings)).toEqual({
      url: 'https://t.me/AcmeClawBot?start=ABCDEFGH',
      carriesCode: true,
      instruction:
        'Open https://t.me/AcmeClawBot?start=ABCDEFGH and press Start, or send "/start ABCD-EFGH" to @AcmeClawBot on Telegram.',
    });
  });

  it('opens the bot on Discord and Feishu / Lark and asks for /start CODE', () => {
    const discord = pairingLinkFor('discord', 'ABCDEFGH', settings);
    expect(discord).toMatchObject({
      url: 'https://discord.com/users/1234567890123456789',
      carriesCode: false,
    });
    expect(discord.instruction).toContain('"/start ABCD-EFGH"');
    expect(pairingLinkFor('feishu', 'ABCDEFGH', settings).url).toBe(
      'https://applink.feishu.cn/client/bot/open?appId=cli_9c21a4767c305107',
    );
    expect(
      pairingLinkFor('feishu', 'ABCDEFGH', {
        feishu: { appId: 'cli_9c21a4767c305107', domain: 'lark' },
      }).url,
    ).toBe('https://applink.larksuite.com/client/bot/open?appId=cli_9c21a4767c305107');
  });

  it('refuses channels without a bot and malformed bot settings', async () => {
    const error = await expectClawforceError(
      () => pairingLinkFor('discord', 'ABCDEFGH', { telegram: settings.telegram }),
      'validation_failed',
    );
    expect(error.message).toContain('discord');
    for (const bad of [
      { telegram: { botUsername: 'AcmeClaw' } },
      { telegram: { botUsername: 'xbot' } },
      { discord: { applicationId: '12ab' } },
      { feishu: { appId: 'app_1' } },
      { slack: {} },
    ]) {
      await expectClawforceError(
        () => pairingLinkFor('telegram', 'ABCDEFGH', bad as never),
        'validation_failed',
      );
    }
  });
});

describe('renderQrSvg', () => {
  it('renders an SVG that scans back to the link', async () => {
    const url = 'https://t.me/AcmeClawBot?start=ABCDEFGH';
    const svg = await renderQrSvg(url);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(decodeQrSvg(svg)).toBe(url);
    expect(decodeQrSvg(await renderQrSvg('https://example.com/other'))).toBe(
      'https://example.com/other',
    );
  });

  it('refuses empty and oversized text', async () => {
    await expectClawforceError(renderQrSvg(''), 'validation_failed');
    await expectClawforceError(renderQrSvg('x'.repeat(2_000)), 'validation_failed');
  });
});
