import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AccessPath,
  createMemoryBlobStore,
  createMemoryStores,
  isClawforceError,
} from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputFor } from './__fixtures__/company.js';
import {
  applyCheckpoint,
  assembleWorkspace,
  type CheckpointPlan,
  materializeWorkspace,
  planCheckpoint,
  preferencesOf,
  snapshotPlan,
  snapshotWorkspace,
  type WorkspaceSnapshot,
} from './index.js';

const carol: AccessPath = { kind: 'employee', employeeId: 'emp-carol' };
const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');
const entry = (content: string) => ({
  sha256: sha256(content),
  size: Buffer.byteLength(content),
  content,
});
const snapshot = (files: Record<string, string>): WorkspaceSnapshot => ({
  files: Object.fromEntries(Object.entries(files).map(([path, content]) => [path, entry(content)])),
  skipped: [],
});

describe('planCheckpoint', () => {
  const before = snapshot({
    'MEMORY.md': '# Memory\n',
    'memory/2026-11-01.md': 'old\n',
    'SOUL.md': 'soul\n',
    'USER.md':
      'header\n<!-- Preferences: everything below this line is saved to the employee profile when it changes. -->\nShort answers.\n',
  });
  const after = snapshot({
    'MEMORY.md': '# Memory\n- new fact\n',
    'memory/2026-11-02.md': 'today\n',
    'SOUL.md': 'soul, edited by the agent\n',
    'notes.txt': 'scratch\n',
    'USER.md':
      'header\n<!-- Preferences: everything below this line is saved to the employee profile when it changes. -->\nShort answers. Use EUR.\n',
  });

  it('emp__: changed memory files (writes and deletes) and preferences; nothing generated', () => {
    const plan = planCheckpoint(before, after, carol);
    expect(plan.storedAt).toBe('workspaces/emp-carol/');
    expect(plan.changes.map(({ path, kind, key }) => ({ path, kind, key }))).toEqual([
      { path: 'MEMORY.md', kind: 'write', key: 'workspaces/emp-carol/MEMORY.md' },
      {
        path: 'memory/2026-11-01.md',
        kind: 'delete',
        key: 'workspaces/emp-carol/memory/2026-11-01.md',
      },
      {
        path: 'memory/2026-11-02.md',
        kind: 'write',
        key: 'workspaces/emp-carol/memory/2026-11-02.md',
      },
    ]);
    expect(plan.changes[0]?.base?.content).toBe('# Memory\n');
    expect(plan.changes[2]?.base).toBeNull();
    expect(plan.preferences).toEqual({
      employeeId: 'emp-carol',
      preferences: 'Short answers. Use EUR.',
      basePreferences: 'Short answers.',
    });
    expect(plan.ignored).toEqual([
      { path: 'SOUL.md', reason: 'generated for every session; edits are not kept' },
      {
        path: 'notes.txt',
        reason: 'not part of the stored workspace (MEMORY.md, HEARTBEAT.md, memory/)',
      },
    ]);
  });

  it('pgnd__: nothing', () => {
    const plan = planCheckpoint(before, after, {
      kind: 'playground',
      employeeId: 'emp-carol',
      operatorId: 'emp-admin',
    });
    expect(plan.changes).toEqual([]);
    expect(plan.preferences).toBeUndefined();
    expect(plan.ignored.map((item) => item.reason)).toContain(
      'read-only session (playground): nothing is written back',
    );
  });

  it('twin__: memory to the separate twin workspace only, never the preferences', () => {
    const plan = planCheckpoint(before, after, {
      kind: 'twin',
      employeeId: 'emp-carol',
      visitorId: 'visitor-0001',
    });
    expect(
      plan.changes.every((change) => change.key.startsWith('twin-workspaces/emp-carol/')),
    ).toBe(true);
    expect(plan.changes).toHaveLength(3);
    expect(plan.preferences).toBeUndefined();
  });

  it('unpaired: nothing; shared and admin: their own workspaces', () => {
    expect(
      planCheckpoint(before, after, { kind: 'unpaired', channel: 'discord', channelUserId: '42' })
        .changes,
    ).toEqual([]);
    expect(
      planCheckpoint(before, after, { kind: 'shared', agentId: 'it-help-desk' }).storedAt,
    ).toBe('shared-workspaces/it-help-desk/');
    expect(planCheckpoint(before, after, { kind: 'admin', adminId: 'emp-admin' }).storedAt).toBe(
      'admin-workspaces/emp-admin/',
    );
  });

  it('decides by content hash: rewriting the same bytes is no change', () => {
    expect(
      planCheckpoint(before, snapshot({ 'MEMORY.md': '# Memory\n' }), carol).changes.filter(
        (c) => c.kind === 'write',
      ),
    ).toEqual([]);
  });

  it('never deletes a file it could not read', () => {
    const unreadable: WorkspaceSnapshot = {
      files: {},
      skipped: [{ path: 'MEMORY.md', reason: 'larger than 1048576 bytes' }],
    };
    const plan = planCheckpoint(snapshot({ 'MEMORY.md': 'x' }), unreadable, carol);
    expect(plan.changes).toEqual([]);
    expect(plan.ignored).toEqual([
      { path: 'MEMORY.md', reason: 'not read: larger than 1048576 bytes' },
    ]);
  });

  it('refuses preferences without the marker or over 4,000 characters', () => {
    const lost = planCheckpoint(before, snapshot({ 'USER.md': 'rewritten entirely' }), carol);
    expect(lost.preferences).toBeUndefined();
    expect(lost.ignored).toContainEqual({
      path: 'USER.md',
      reason: 'USER.md lost its preferences marker; not saved',
    });
    expect(
      preferencesOf(
        `x\n<!-- Preferences: everything below this line is saved to the employee profile when it changes. -->\n${'y'.repeat(10)}\n\n`,
      ),
    ).toBe('y'.repeat(10));
  });
});

describe('applyCheckpoint', () => {
  const write = (
    path: string,
    content: string,
    base: string | null,
  ): CheckpointPlan['changes'][number] => ({
    path,
    key: `workspaces/emp-carol/${path}`,
    kind: 'write',
    content,
    base: base === null ? null : { sha256: sha256(base), content: base },
  });
  const plan = (...changes: CheckpointPlan['changes']): CheckpointPlan => ({
    accessPath: 'employee',
    storedAt: 'workspaces/emp-carol/',
    changes,
    ignored: [],
  });
  const text = async (blobs: ReturnType<typeof createMemoryBlobStore>, key: string) => {
    const blob = await blobs.get(key);
    return blob ? new TextDecoder().decode(blob.body) : undefined;
  };

  it('writes, and running the same plan again changes nothing (safe to retry after a crash)', async () => {
    const blobs = createMemoryBlobStore();
    await blobs.put('workspaces/emp-carol/MEMORY.md', 'a\n');
    const checkpoint = plan(
      write('MEMORY.md', 'a\nb\n', 'a\n'),
      write('memory/2026-11-02.md', 'n\n', null),
    );
    expect((await applyCheckpoint(checkpoint, blobs)).files.map((f) => f.outcome)).toEqual([
      'written',
      'written',
    ]);
    expect((await applyCheckpoint(checkpoint, blobs)).files.map((f) => f.outcome)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(await text(blobs, 'workspaces/emp-carol/MEMORY.md')).toBe('a\nb\n');
  });

  it('merges two channels’ turns on one file without losing either write, in either order', async () => {
    const base = '# Memory\n- one\n';
    const telegram = plan(write('MEMORY.md', `${base}- from telegram\n`, base));
    const portal = plan(write('MEMORY.md', `${base}- from the portal\n`, base));
    const results: string[] = [];
    for (const order of [
      [telegram, portal],
      [portal, telegram],
    ]) {
      const blobs = createMemoryBlobStore();
      await blobs.put('workspaces/emp-carol/MEMORY.md', base);
      const outcomes = [];
      for (const checkpoint of order)
        outcomes.push(
          ...(await applyCheckpoint(checkpoint as CheckpointPlan, blobs)).files.map(
            (f) => f.outcome,
          ),
        );
      expect(outcomes).toEqual(['written', 'merged']);
      results.push((await text(blobs, 'workspaces/emp-carol/MEMORY.md')) as string);
    }
    expect(results[0]).toBe(results[1]);
    expect(results[0]).toContain('- from telegram');
    expect(results[0]).toContain('- from the portal');
  });

  it('runs concurrent checkpoints of one file one at a time', async () => {
    const blobs = createMemoryBlobStore();
    const base = 'x\n';
    await blobs.put('workspaces/emp-carol/MEMORY.md', base);
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((line) =>
        applyCheckpoint(plan(write('MEMORY.md', `${base}${line}\n`, base)), blobs),
      ),
    );
    const merged = (await text(blobs, 'workspaces/emp-carol/MEMORY.md')) as string;
    for (const line of ['a', 'b', 'c', 'd']) expect(merged.split('\n')).toContain(line);
  });

  it('deletes only what nobody changed meanwhile', async () => {
    const blobs = createMemoryBlobStore();
    await blobs.put('workspaces/emp-carol/memory/a.md', 'changed by the other turn\n');
    await blobs.put('workspaces/emp-carol/memory/b.md', 'as before\n');
    const checkpoint = plan(
      {
        path: 'memory/a.md',
        key: 'workspaces/emp-carol/memory/a.md',
        kind: 'delete',
        base: { sha256: sha256('as before\n'), content: 'as before\n' },
      },
      {
        path: 'memory/b.md',
        key: 'workspaces/emp-carol/memory/b.md',
        kind: 'delete',
        base: { sha256: sha256('as before\n'), content: 'as before\n' },
      },
    );
    expect((await applyCheckpoint(checkpoint, blobs)).files.map((f) => f.outcome)).toEqual([
      'kept-concurrent',
      'deleted',
    ]);
    expect(await text(blobs, 'workspaces/emp-carol/memory/b.md')).toBeUndefined();
  });

  it('refuses a forged plan that writes outside its stored workspace', async () => {
    const blobs = createMemoryBlobStore();
    const forged: CheckpointPlan = {
      ...plan(write('MEMORY.md', 'x', null)),
      storedAt: 'workspaces/emp-ryan/',
    };
    await expect(applyCheckpoint(forged, blobs)).rejects.toSatisfy((error) =>
      isClawforceError(error, 'validation_failed'),
    );
    const generated: CheckpointPlan = plan({
      ...write('MEMORY.md', 'x', null),
      path: 'SOUL.md',
      key: 'workspaces/emp-carol/SOUL.md',
    });
    await expect(applyCheckpoint(generated, blobs)).rejects.toSatisfy((error) =>
      isClawforceError(error, 'validation_failed'),
    );
    expect((await blobs.list()).items).toEqual([]);
  });

  it('saves preferences to the profile through the OrgStore, merging a concurrent change', async () => {
    const stores = createMemoryStores();
    await seedDemoCompany(stores);
    await stores.org.updateEmployee('emp-carol', { preferences: 'Short answers.' });
    const change = (preferences: string): CheckpointPlan => ({
      ...plan(),
      preferences: { employeeId: 'emp-carol', preferences, basePreferences: 'Short answers.' },
    });
    expect(
      (await applyCheckpoint(change('Short answers.\nUse EUR.'), stores.blobs)).preferences,
    ).toBe('skipped: no OrgStore given');
    expect(
      (await applyCheckpoint(change('Short answers.\nUse EUR.'), stores.blobs, { org: stores.org }))
        .preferences,
    ).toBe('updated');
    expect((await stores.org.getEmployee('emp-carol'))?.preferences).toBe(
      'Short answers.\nUse EUR.',
    );
    expect(
      (await applyCheckpoint(change('Short answers.\nUse EUR.'), stores.blobs, { org: stores.org }))
        .preferences,
    ).toBe('unchanged');
    // A turn on another channel started from the same preferences and adds its own line.
    expect(
      (
        await applyCheckpoint(change('Short answers.\nNo emojis.'), stores.blobs, {
          org: stores.org,
        })
      ).preferences,
    ).toBe('merged');
    const merged = (await stores.org.getEmployee('emp-carol'))?.preferences.split('\n');
    expect(merged).toEqual(expect.arrayContaining(['Short answers.', 'Use EUR.', 'No emojis.']));
  });
});

describe('snapshotWorkspace', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assembler-snapshot-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('hashes files, keeps memory text, skips symlinks, dot folders, unstorable names and oversized files', async () => {
    await mkdir(join(directory, 'memory'));
    await mkdir(join(directory, '.openclaw'));
    await writeFile(join(directory, '.openclaw', 'workspace-state.json'), '{}');
    await writeFile(join(directory, 'MEMORY.md'), '# Memory\n');
    await writeFile(join(directory, 'SOUL.md'), 'soul\n');
    await writeFile(join(directory, 'memory', 'big.md'), 'x'.repeat(2_000));
    await writeFile(join(directory, 'memory', 'has space.md'), 'x');
    await symlink('/etc/hostname', join(directory, 'memory', 'link.md'));
    const result = await snapshotWorkspace(directory, { maxFileBytes: 1_000 });
    expect(Object.keys(result.files).sort()).toEqual(['MEMORY.md', 'SOUL.md']);
    expect(result.files['MEMORY.md']).toEqual(entry('# Memory\n'));
    expect(result.files['SOUL.md']?.content).toBeUndefined();
    expect(result.skipped.map((item) => [item.path, item.reason.split(':')[0]])).toEqual([
      ['memory/big.md', 'larger than 1000 bytes'],
      ['memory/has space.md', 'name cannot be stored'],
      ['memory/link.md', 'symbolic link'],
    ]);
  });

  it('refuses a relative directory and too many files', async () => {
    await expect(snapshotWorkspace('relative/dir')).rejects.toSatisfy((error) =>
      isClawforceError(error, 'validation_failed'),
    );
    for (let index = 0; index < 5; index += 1)
      await writeFile(join(directory, `f${index}.md`), 'x');
    await expect(snapshotWorkspace(directory, { maxFiles: 3 })).rejects.toSatisfy((error) =>
      isClawforceError(error, 'limit_exceeded'),
    );
  });

  it('round trip: materialize, a turn edits, snapshot, plan, apply, assemble again', async () => {
    const blobs = createMemoryBlobStore();
    const first = assembleWorkspace(inputFor(carol));
    await materializeWorkspace(first, directory);
    const before = snapshotPlan(first);
    expect(await snapshotWorkspace(directory)).toEqual(before);
    await writeFile(
      join(directory, 'MEMORY.md'),
      '# Memory\n\n- Q4 close is on Dec 3.\n- Carol prefers EUR now.\n',
    );
    await writeFile(join(directory, 'memory', '2026-11-02.md'), '- Talked about EUR.\n');
    await writeFile(join(directory, 'TOOLS.md'), 'I may run any shell command.\n');
    const checkpoint = planCheckpoint(before, await snapshotWorkspace(directory), carol);
    expect(checkpoint.changes.map((change) => change.path)).toEqual([
      'MEMORY.md',
      'memory/2026-11-02.md',
    ]);
    expect(checkpoint.ignored.map((item) => item.path)).toEqual(['TOOLS.md']);
    await applyCheckpoint(checkpoint, blobs);
    const stored = (await blobs.list({ prefix: 'workspaces/emp-carol/' })).items.map(
      (item) => item.key,
    );
    expect(stored).toEqual([
      'workspaces/emp-carol/MEMORY.md',
      'workspaces/emp-carol/memory/2026-11-02.md',
    ]);
  });
});
