import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isClawforceError } from '@clawforce/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDataDirectory } from './data-directory.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-data-dir-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('claimDataDirectory', () => {
  it('refuses a second runtime on the same directory, in this process or another live one', async () => {
    const lock = await claimDataDirectory(root);
    expect((await readFile(join(root, 'runtime.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await expect(claimDataDirectory(root)).rejects.toSatisfy((error) =>
      isClawforceError(error, 'conflict'),
    );
    await lock.release();

    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await writeFile(join(root, 'runtime.lock'), `${other.pid}\n`);
      await expect(claimDataDirectory(root)).rejects.toThrow(/in use by process/);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('cleans up after an owner that died: its OpenClaw processes and instance directories', async () => {
    const leftover = join(root, 'instances', 'oc-0123456789abcdef', 'workspace');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(root, 'runtime.lock'), '999999999\n');
    const orphan = spawn('sleep', ['30'], { cwd: leftover, detached: true, stdio: 'ignore' });
    const exited = new Promise((resolve) =>
      orphan.once('exit', (_code, signal) => resolve(signal)),
    );
    const lock = await claimDataDirectory(root);
    try {
      expect(await exited).toBe('SIGKILL');
      await expect(stat(join(root, 'instances'))).rejects.toThrow();
    } finally {
      await lock.release();
    }
    await expect(stat(join(root, 'runtime.lock'))).rejects.toThrow();
  });
});
