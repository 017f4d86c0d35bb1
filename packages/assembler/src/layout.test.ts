import { isClawforceError } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import {
  openclawProfile,
  STORED_WORKSPACE_ROOTS,
  SUPPORTED_OPENCLAW_VERSIONS,
  storedWorkspaceLocation,
} from './index.js';

describe('storedWorkspaceLocation', () => {
  it('maps every access path onto its stored workspace', () => {
    expect(
      storedWorkspaceLocation({ kind: 'employee', employeeId: 'emp-carol', via: 'feishu' }),
    ).toEqual({ prefix: 'workspaces/emp-carol/', writable: true });
    expect(
      storedWorkspaceLocation({
        kind: 'playground',
        employeeId: 'emp-carol',
        operatorId: 'emp-admin',
      }),
    ).toEqual({ prefix: 'workspaces/emp-carol/', writable: false });
    expect(
      storedWorkspaceLocation({ kind: 'twin', employeeId: 'emp-carol', visitorId: 'abcdefgh' }),
    ).toEqual({ prefix: 'twin-workspaces/emp-carol/', writable: true });
    expect(storedWorkspaceLocation({ kind: 'admin', adminId: 'emp-admin' })).toEqual({
      prefix: 'admin-workspaces/emp-admin/',
      writable: true,
    });
    expect(storedWorkspaceLocation({ kind: 'shared', agentId: 'it-helpdesk' })).toEqual({
      prefix: 'shared-workspaces/it-helpdesk/',
      writable: true,
    });
    expect(
      storedWorkspaceLocation({ kind: 'unpaired', channel: 'telegram', channelUserId: '1' }),
    ).toBeUndefined();
    expect(Object.values(STORED_WORKSPACE_ROOTS).sort()).toEqual([
      'admin-workspaces',
      'shared-workspaces',
      'twin-workspaces',
      'workspaces',
    ]);
  });

  it('refuses ids that would leave the prefix', () => {
    expect(() => storedWorkspaceLocation({ kind: 'employee', employeeId: '../emp-ryan' })).toThrow(
      expect.objectContaining({
        code: 'invalid_id',
        message: expect.stringMatching(/^employeeId must be/),
      }),
    );
  });
});

describe('openclawProfile', () => {
  it('describes 2026.3.24: injection order, limits, the denied-tool trap', () => {
    expect(SUPPORTED_OPENCLAW_VERSIONS).toEqual(['2026.3.24']);
    const { profile, exact } = openclawProfile('2026.3.24');
    expect(exact).toBe(true);
    expect(profile.bootstrapFiles).toEqual([
      'AGENTS.md',
      'SOUL.md',
      'TOOLS.md',
      'IDENTITY.md',
      'USER.md',
      'HEARTBEAT.md',
      'BOOTSTRAP.md',
      'MEMORY.md',
    ]);
    expect(profile.announcedWhenMissing).not.toContain('MEMORY.md');
    expect([profile.perFileMaxChars, profile.totalMaxChars]).toEqual([20_000, 60_000]);
    expect(profile.deniedToolIsVisibleToModel).toBe(false);
  });

  it('uses the newest verified profile at or below a version, and refuses older or malformed ones', () => {
    expect(openclawProfile('2026.9.1-beta.2')).toMatchObject({
      exact: false,
      profile: { version: '2026.3.24' },
    });
    for (const version of ['2026.3.23', '2025.12.31', 'latest', '2026.3', '']) {
      expect(() => openclawProfile(version)).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    }
    try {
      openclawProfile('2026.1.1');
    } catch (error) {
      expect(isClawforceError(error, 'validation_failed')).toBe(true);
      expect((error as Error).message).toBe(
        'OpenClaw 2026.1.1 is older than every supported release (2026.3.24)',
      );
    }
  });
});
