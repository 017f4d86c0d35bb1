// @vitest-environment happy-dom
import { screen } from '@testing-library/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { carol, fakeApi, json, serverSentEvents } from '../../../test/support/fake-api.js';
import { cleanup, keyDown, typeInto } from '../../../test/support/render.js';
import { renderSignedIn } from '../../../test/support/signed-in.js';
import ChatScreen from './chat-screen.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('Chat', () => {
  it('shows the warm-up state, streams the reply and shows its time to first token', async () => {
    fakeApi({
      'GET /api/v1/auth/me': () => json(carol),
      'POST /api/v1/portal/warmup': () =>
        json({ state: 'starting', sessionId: 'emp__emp-carol__x' }),
      'GET /api/v1/portal/history': () => json({ items: [] }),
      'POST /api/v1/portal/chat': ({ body }) => {
        expect(body).toEqual({ message: 'Who are you?' });
        return serverSentEvents([
          [
            'start',
            {
              sessionId: 'emp__emp-carol__x',
              accessPath: 'employee',
              route: { tier: 'default', target: { kind: 'local', runtimeId: 'standard' } },
            },
          ],
          ['text', { text: 'I am the AI agent of ' }],
          ['text', { text: 'Carol Zhang (Finance Analyst).' }],
          ['tool', { name: 'exec', outcome: 'denied' }],
          [
            'done',
            {
              model: 'offline/clawforce-offline',
              inputTokens: 1200,
              outputTokens: 30,
              durationMs: 850,
            },
          ],
        ]);
      },
    });
    renderSignedIn(<ChatScreen />);
    await screen.findByText(/Your agent starts with the first message/);

    const box = screen.getByRole('textbox', { name: 'Message your agent' });
    typeInto(box, 'Who are you?');
    keyDown(box, 'Enter');

    await screen.findByText('I am the AI agent of Carol Zhang (Finance Analyst).');
    await screen.findByText('Your agent is running: replies start right away.');
    expect(screen.getByText('First token')).toBeTruthy();
    expect(document.querySelector('[data-metric="time-to-first-token"]')?.textContent).toMatch(
      /\d/,
    );
    expect(screen.getByText('Tool exec: refused by policy')).toBeTruthy();
    expect(screen.getByText('offline/clawforce-offline')).toBeTruthy();
  });

  it('says so when the server runs no agents, and keeps the box closed', async () => {
    fakeApi({
      'GET /api/v1/auth/me': () => json(carol),
      'POST /api/v1/portal/warmup': () =>
        json(
          {
            error: {
              code: 'not_available',
              message: 'no agent runtime is configured on this server',
              details: null,
            },
          },
          503,
        ),
      'GET /api/v1/portal/history': () => json({ items: [] }),
    });
    renderSignedIn(<ChatScreen />);
    await screen.findByText(/Not available on this server: no agent runtime is configured/);
    expect(
      (screen.getByRole('textbox', { name: 'Message your agent' }) as HTMLTextAreaElement).disabled,
    ).toBe(true);
  });
});
