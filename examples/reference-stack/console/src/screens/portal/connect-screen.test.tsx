// @vitest-environment happy-dom
import { screen } from '@testing-library/dom';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { carol, fakeApi, json } from '../../../test/support/fake-api.js';
import { cleanup, click } from '../../../test/support/render.js';
import { renderSignedIn } from '../../../test/support/signed-in.js';
import ConnectScreen from './connect-screen.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('Connect IM', () => {
  it('shows the QR code, link and code, then updates by itself when pairing completes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let paired = false;
    const binding = {
      channel: 'telegram',
      channelUserId: 'tg-4242',
      employeeId: 'emp-carol',
      pairedAt: '2026-11-26T11:00:00.000Z',
      sessionCount: 0,
    };
    const { requests } = fakeApi({
      'GET /api/v1/auth/me': () => json(carol),
      'GET /api/v1/portal/bindings': () => json({ items: paired ? [binding] : [] }),
      'POST /api/v1/portal/pairing': ({ body }) => {
        expect(body).toEqual({ channel: 'telegram' });
        return json(
          {
            code: 'K7P2Q9',
            displayCode: 'K7P-2Q9',
            channel: 'telegram',
            expiresAt: '2099-01-01T00:00:00.000Z',
            link: {
              url: 'https://t.me/acme_clawforce_bot?start=K7P2Q9',
              carriesCode: true,
              instruction: 'Open the bot and press Start.',
            },
            qrSvg:
              '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
          },
          201,
        );
      },
      'GET /api/v1/portal/pairing': () =>
        json(
          paired
            ? { pending: [], bound: [binding] }
            : {
                pending: [{ channel: 'telegram', expiresAt: '2099-01-01T00:00:00.000Z' }],
                bound: [],
              },
        ),
    });
    renderSignedIn(<ConnectScreen />);
    await screen.findByText('No IM account is connected yet.');

    click(screen.getByRole('button', { name: 'Connect Telegram' }));
    const qr = await screen.findByRole('img', { name: 'QR code to connect Telegram' });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByText('K7P-2Q9')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open Telegram' }).getAttribute('href')).toContain(
      'start=K7P2Q9',
    );

    // The bot has not seen the code yet: the page keeps waiting.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_000);
    });
    expect(screen.getByText(/Waiting for you to send the code/)).toBeTruthy();

    paired = true;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_000);
    });
    await screen.findByText('Telegram is connected. Messages you send there reach your agent.');
    await screen.findByText('tg-4242');
    expect(screen.queryByRole('img', { name: 'QR code to connect Telegram' })).toBeNull();
    expect(requests.filter((request) => request === 'GET /api/v1/portal/pairing')).toHaveLength(2);
  });

  it('says why the server refused to start pairing', async () => {
    fakeApi({
      'GET /api/v1/auth/me': () => json(carol),
      'GET /api/v1/portal/bindings': () => json({ items: [] }),
      'POST /api/v1/portal/pairing': () =>
        json(
          {
            error: {
              code: 'forbidden',
              message: 'position pos-finance-analyst does not offer discord',
              details: null,
            },
          },
          403,
        ),
    });
    renderSignedIn(<ConnectScreen />);
    click(await screen.findByLabelText('Discord'));
    click(screen.getByRole('button', { name: 'Connect Discord' }));
    expect((await screen.findByRole('alert')).textContent).toContain('does not offer discord');
  });
});
