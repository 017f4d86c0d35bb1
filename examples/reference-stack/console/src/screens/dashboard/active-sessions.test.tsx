// @vitest-environment happy-dom
import { screen } from '@testing-library/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../../test/support/fake-api.js';
import { cleanup, render } from '../../../test/support/render.js';
import { ActiveSessions } from './active-sessions.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('Active sessions (dashboard)', () => {
  it('lists each session with its employee and department, access path, times and pin', async () => {
    fakeApi({
      'GET /api/v1/runtime/sessions': () =>
        json({
          source: 'live',
          items: [
            {
              sessionId: 'emp__emp-carol__x',
              accessPath: 'employee',
              employee: {
                id: 'emp-carol',
                name: 'Carol Zhang',
                departmentId: 'finance',
                departmentName: 'Finance',
              },
              sharedAgent: null,
              runtimeId: 'standard',
              pid: 4242,
              startedAt: minutesAgo(10),
              lastActiveAt: minutesAgo(2),
              pinned: false,
              turns: 3,
              residentBytes: 450 * 1024 * 1024,
            },
            {
              sessionId: 'shared__it-helpdesk',
              accessPath: 'shared',
              employee: null,
              sharedAgent: { id: 'it-helpdesk', name: 'IT Help Desk' },
              runtimeId: null,
              pid: 4343,
              startedAt: minutesAgo(60),
              lastActiveAt: minutesAgo(60),
              pinned: true,
              turns: 0,
              residentBytes: null,
            },
          ],
        }),
    });
    render(<ActiveSessions />);
    const carolRow = (await screen.findByText('Carol Zhang (Finance)')).closest('tr');
    expect(carolRow?.textContent).toContain('Portal and IM');
    expect(carolRow?.textContent).toContain('10 minutes ago');
    expect(carolRow?.textContent).toContain('2 minutes ago');
    const teamRow = screen.getByText('IT Help Desk').closest('tr');
    expect(teamRow?.textContent).toContain('Team agent');
    expect(teamRow?.textContent).toContain('Pinned');
    expect(teamRow?.querySelector('time')?.getAttribute('datetime')).toMatch(/T/);
  });

  it('says so when nothing runs, and when the runtime cannot tell', async () => {
    fakeApi({ 'GET /api/v1/runtime/sessions': () => json({ source: 'live', items: [] }) });
    render(<ActiveSessions />);
    await screen.findByText('No agent is running right now.');
    cleanup();
    fakeApi({
      'GET /api/v1/runtime/sessions': () =>
        json({ source: 'unknown', items: [], detail: 'this agent runtime does not report' }),
    });
    render(<ActiveSessions />);
    await screen.findByText('The agent runtime does not report its sessions.');
  });

  it('explains a list that is only what this server invoked recently (AgentCore)', async () => {
    const detail = 'AgentCore cannot list its sessions: these are the ones this API server invoked';
    fakeApi({
      'GET /api/v1/runtime/sessions': () =>
        json({
          source: 'recent',
          detail,
          items: [
            {
              sessionId: 'emp__emp-david__x',
              accessPath: 'twin',
              employee: {
                id: 'emp-david',
                name: 'David Li',
                departmentId: 'finance',
                departmentName: 'Finance',
              },
              sharedAgent: null,
              runtimeId: 'standard',
              pid: null,
              startedAt: minutesAgo(5),
              lastActiveAt: minutesAgo(1),
              pinned: false,
              turns: 1,
              residentBytes: null,
            },
          ],
        }),
    });
    render(<ActiveSessions />);
    await screen.findByText(detail);
    expect(screen.getByText('David Li (Finance)').closest('tr')?.textContent).toContain(
      'Digital Twin',
    );
  });
});
