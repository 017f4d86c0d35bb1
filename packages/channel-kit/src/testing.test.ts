import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryStores, setUpTestPairing, type TestStores } from './testing.js';

describe('setUpTestPairing', () => {
  const opened: TestStores[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((stores) => stores.cleanup()));
  });

  it('seeds bob and sets pairing up for the one channel given', async () => {
    const stores = await openMemoryStores();
    opened.push(stores);
    const pairing = await setUpTestPairing(stores, {
      channel: 'telegram',
      settings: { botUsername: 'AcmeClawforceBot' },
    });
    const { link } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
    expect(link.url).toMatch(/^https:\/\/t\.me\/AcmeClawforceBot\?start=/);
    await expect(pairing.startPairing({ employeeId: 'bob', channel: 'discord' })).rejects.toThrow(
      'pairing on discord is not set up',
    );
    expect(await stores.org.getBinding('telegram', '5093117722')).toBeUndefined();
  });

  it('binds the given sender to bob up front', async () => {
    const stores = await openMemoryStores();
    opened.push(stores);
    await setUpTestPairing(stores, {
      channel: 'feishu',
      settings: { appId: 'cli_a1b2c3d4e5f60718' },
      boundSender: { channelUserId: 'ou_84aad35d084aa403a838cf73ee18467', chatId: 'oc_chat' },
    });
    expect(
      await stores.org.getBinding('feishu', 'ou_84aad35d084aa403a838cf73ee18467'),
    ).toMatchObject({ employeeId: 'bob', chatId: 'oc_chat' });
  });
});
