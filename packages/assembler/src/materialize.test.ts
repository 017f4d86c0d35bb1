import {
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBlobStore, isClawforceError } from '@clawforce/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inputFor } from './__fixtures__/company.js';
import {
  assembleWorkspace,
  materializeWorkspace,
  materializeWorkspaceToBlobStore,
  WORKSPACE_MARKER,
  type WorkspacePlan,
  writeConfig,
  writeExecApprovals,
} from './index.js';

const carolPlan = assembleWorkspace(inputFor({ kind: 'employee', employeeId: 'emp-carol' }));
const ryanPlan = assembleWorkspace(inputFor({ kind: 'employee', employeeId: 'emp-ryan' }));
const rejects = (promise: Promise<unknown>, code: string, message?: RegExp) =>
  expect(promise).rejects.toSatisfy(
    (error) =>
      isClawforceError(error, code as never) &&
      (!message || message.test((error as Error).message)),
  );

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'assembler-materialize-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('materializeWorkspace', () => {
  it('writes every file owner-only, with the marker, and nothing else', async () => {
    const directory = join(root, 'workspace');
    const result = await materializeWorkspace(carolPlan, directory);
    expect(result.written).toBe(carolPlan.files.length);
    for (const file of carolPlan.files) {
      expect(await readFile(join(directory, file.path), 'utf8')).toBe(file.content);
    }
    expect((await stat(join(directory, 'SOUL.md'))).mode & 0o777).toBe(0o600);
    expect((await readdir(directory)).sort()).toContain(WORKSPACE_MARKER);
    expect(await readdir(join(directory, 'memory'))).toEqual(['2026-11-01.md']);
  });

  it('cleans what the previous session left behind, keeping OpenClaw dot folders', async () => {
    const directory = join(root, 'workspace');
    await materializeWorkspace(ryanPlan, directory);
    await writeFile(join(directory, 'scratch.txt'), 'left behind');
    await mkdir(join(directory, '.openclaw'));
    await writeFile(join(directory, '.openclaw', 'workspace-state.json'), '{}');
    const result = await materializeWorkspace(carolPlan, directory);
    expect(result.removed).toEqual(
      expect.arrayContaining(['scratch.txt', 'skills/code-review/SKILL.md', 'skills/code-review/']),
    );
    expect(await readdir(join(directory, 'skills'))).toEqual([
      'expense-report',
      'knowledge-search',
    ]);
    expect(await readFile(join(directory, '.openclaw', 'workspace-state.json'), 'utf8')).toBe('{}');
    const kept = await materializeWorkspace(carolPlan, directory, { clean: false });
    expect(kept.removed).toEqual([]);
  });

  it('replaces a symbolic link planted where a folder should be, and never writes through it', async () => {
    const directory = join(root, 'workspace');
    const outside = join(root, 'outside');
    await mkdir(outside);
    await materializeWorkspace(carolPlan, directory);
    await rm(join(directory, 'memory'), { recursive: true });
    await symlink(outside, join(directory, 'memory'));
    await materializeWorkspace(carolPlan, directory);
    expect((await lstat(join(directory, 'memory'))).isDirectory()).toBe(true);
    expect(await readdir(outside)).toEqual([]);
    // Without cleaning, the link is refused rather than followed.
    await rm(join(directory, 'memory'), { recursive: true });
    await symlink(outside, join(directory, 'memory'));
    await rejects(
      materializeWorkspace(carolPlan, directory, { clean: false }),
      'conflict',
      /memory is a symbolic link/,
    );
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses to clean a directory that is not a Clawforce workspace', async () => {
    await writeFile(join(root, 'precious.txt'), 'do not delete');
    await rejects(materializeWorkspace(carolPlan, root), 'conflict', /not a Clawforce workspace/);
    expect(await readFile(join(root, 'precious.txt'), 'utf8')).toBe('do not delete');
  });

  it('rejects paths that would escape, before writing anything', async () => {
    const directory = join(root, 'workspace');
    for (const path of [
      '../escape.md',
      '/etc/passwd',
      'memory/../../x',
      'a\0b',
      `${'a'.repeat(10_000)}.md`,
    ]) {
      const forged: WorkspacePlan = {
        ...carolPlan,
        files: [...carolPlan.files, { path, content: 'x', origin: 'stored', injected: false }],
      };
      await rejects(
        materializeWorkspace(forged, directory),
        'validation_failed',
        /is not a safe workspace path/,
      );
    }
    await expect(readdir(directory)).rejects.toThrow();
    await rejects(
      materializeWorkspace(carolPlan, 'relative/path'),
      'validation_failed',
      /absolute/,
    );
  });
});

describe('materializeWorkspace durability', () => {
  /** Counts fsyncs of file handles while `run` runs. */
  const countSyncs = async (run: () => Promise<unknown>) => {
    const probe = await open(join(root, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const spy = vi.spyOn(prototype, 'sync');
    try {
      await run();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  };

  it('flushes every file by default, and none with durable: false, writing the same files', async () => {
    const durable = join(root, 'durable');
    const fast = join(root, 'fast');
    expect(await countSyncs(() => materializeWorkspace(carolPlan, durable))).toBe(
      carolPlan.files.length + 1,
    );
    expect(await countSyncs(() => materializeWorkspace(carolPlan, fast, { durable: false }))).toBe(
      0,
    );
    for (const file of carolPlan.files) {
      expect(await readFile(join(fast, file.path), 'utf8')).toBe(file.content);
      expect((await stat(join(fast, file.path))).mode & 0o777).toBe(0o600);
    }
    // Still atomic and still cleaning: no temporary file or stale file is left behind.
    await writeFile(join(fast, 'left-behind.md'), 'x');
    const again = await materializeWorkspace(ryanPlan, fast, { durable: false });
    expect(again.removed).toContain('left-behind.md');
    const names = await readdir(fast, { recursive: true });
    expect(names.filter((name) => String(name).includes('cf-tmp'))).toEqual([]);
  });
});

describe('writeExecApprovals', () => {
  it('writes only the allowlist under the home directory, keeps the socket, removes a stale one', async () => {
    const home = join(root, 'home');
    const approvals = join(home, '.openclaw', 'exec-approvals.json');
    expect(await writeExecApprovals(ryanPlan, home)).toEqual({ path: approvals });
    expect(JSON.parse(await readFile(approvals, 'utf8'))).toEqual(ryanPlan.execApprovals);
    expect((await stat(approvals)).mode & 0o777).toBe(0o600);
    // No config file was written anywhere.
    expect(await readdir(root)).toEqual(['home']);

    const socket = { path: '/tmp/s.sock', token: 't' };
    await writeFile(approvals, JSON.stringify({ ...ryanPlan.execApprovals, socket }));
    await writeExecApprovals(ryanPlan, home);
    expect(JSON.parse(await readFile(approvals, 'utf8')).socket).toEqual(socket);

    expect(await writeExecApprovals(carolPlan, home)).toEqual({ path: undefined });
    await expect(stat(approvals)).rejects.toThrow();
  });

  it('refuses a relative home and a symbolic link on the way', async () => {
    await rejects(writeExecApprovals(ryanPlan, 'home'), 'validation_failed', /absolute/);
    const home = join(root, 'home');
    await mkdir(home);
    await mkdir(join(root, 'elsewhere'));
    await symlink(join(root, 'elsewhere'), join(home, '.openclaw'));
    await rejects(writeExecApprovals(ryanPlan, home), 'conflict', /symbolic link/);
    expect(await readdir(join(root, 'elsewhere'))).toEqual([]);
  });
});

describe('writeConfig', () => {
  it('writes openclaw.json owner-only, and the exec approvals for an allowlisted shell', async () => {
    const configPath = join(root, 'state', 'openclaw.json');
    const home = join(root, 'home');
    const result = await writeConfig(ryanPlan, { configPath, homeDirectory: home });
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual(ryanPlan.config);
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    expect(result.execApprovalsPath).toBe(join(home, '.openclaw', 'exec-approvals.json'));
    expect(
      JSON.parse(await readFile(join(home, '.openclaw', 'exec-approvals.json'), 'utf8')),
    ).toEqual(ryanPlan.execApprovals);
  });

  it("keeps OpenClaw's approval socket across rewrites and removes a stale allowlist", async () => {
    const configPath = join(root, 'openclaw.json');
    const approvals = join(root, 'home', '.openclaw', 'exec-approvals.json');
    await writeConfig(ryanPlan, { configPath, homeDirectory: join(root, 'home') });
    const withSocket = {
      ...JSON.parse(await readFile(approvals, 'utf8')),
      socket: { path: '/tmp/s.sock', token: 't' },
    };
    await writeFile(approvals, JSON.stringify(withSocket));
    await writeConfig(ryanPlan, { configPath, homeDirectory: join(root, 'home') });
    expect(JSON.parse(await readFile(approvals, 'utf8')).socket).toEqual({
      path: '/tmp/s.sock',
      token: 't',
    });
    await writeConfig(carolPlan, { configPath, homeDirectory: join(root, 'home') });
    await expect(stat(approvals)).rejects.toThrow();
  });

  it('needs the home directory for an allowlisted shell', async () => {
    await rejects(
      writeConfig(ryanPlan, { configPath: join(root, 'openclaw.json') }),
      'validation_failed',
      /homeDirectory is required/,
    );
    await writeConfig(carolPlan, { configPath: join(root, 'openclaw.json') });
  });
});

describe('materializeWorkspaceToBlobStore', () => {
  it('writes under the prefix and removes keys that are not in the plan', async () => {
    const blobs = createMemoryBlobStore();
    await blobs.put('previews/emp-carol/stale.md', 'old');
    await blobs.put('previews/emp-carolyn/keep.md', 'other agent');
    const result = await materializeWorkspaceToBlobStore(carolPlan, blobs, 'previews/emp-carol/');
    expect(result.removed).toEqual(['previews/emp-carol/stale.md']);
    const keys = (await blobs.list({ prefix: 'previews/' })).items.map((item) => item.key);
    expect(keys).toHaveLength(carolPlan.files.length + 1);
    expect(keys).toContain('previews/emp-carolyn/keep.md');
    await rejects(materializeWorkspaceToBlobStore(carolPlan, blobs, '../x/'), 'invalid_key');
    await rejects(materializeWorkspaceToBlobStore(carolPlan, blobs, 'no-slash'), 'invalid_key');
  });
});
