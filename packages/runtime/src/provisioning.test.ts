import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRuntimeError, resolveOpenClaw } from './index.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-provisioning-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A stand-in install: OpenClaw's manifest and a "node" that reports a version. */
async function fakeInstall(options: {
  openclaw?: string;
  node?: string | false;
  engines?: string;
}) {
  const directory = join(root, 'openclaw');
  if (options.openclaw) {
    await mkdir(join(directory, 'node_modules', 'openclaw'), { recursive: true });
    await writeFile(
      join(directory, 'node_modules', 'openclaw', 'package.json'),
      JSON.stringify({
        name: 'openclaw',
        version: options.openclaw,
        bin: { openclaw: 'openclaw.mjs' },
        engines: { node: options.engines ?? '>=22.14.0' },
      }),
    );
  }
  if (options.node !== false) {
    await mkdir(join(directory, 'node_modules', 'node', 'bin'), { recursive: true });
    const node = join(directory, 'node_modules', 'node', 'bin', 'node');
    await writeFile(node, `#!/bin/sh\necho v${options.node ?? '22.23.3'}\n`);
    await chmod(node, 0o755);
  }
  return directory;
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('resolveOpenClaw', () => {
  it('finds OpenClaw and its Node and reports both versions', async () => {
    const directory = await fakeInstall({ openclaw: '2026.3.24' });
    const installation = await resolveOpenClaw({ directory });
    expect(installation).toMatchObject({
      directory,
      version: '2026.3.24',
      nodeVersion: '22.23.3',
      entry: join(directory, 'node_modules', 'openclaw', 'openclaw.mjs'),
      nodeBinary: join(directory, 'node_modules', 'node', 'bin', 'node'),
    });
  });

  it('reads the directory and the Node binary from the environment', async () => {
    const directory = await fakeInstall({
      openclaw: '2026.9.1',
      engines: '>=24.16.0',
      node: '24.16.1',
    });
    const installation = await resolveOpenClaw({
      version: '2026.9.1',
      env: { CLAWFORCE_OPENCLAW_DIR: directory },
    });
    expect(installation.version).toBe('2026.9.1');
    const otherNode = join(root, 'node24');
    await writeFile(otherNode, '#!/bin/sh\necho v24.17.0\n');
    await chmod(otherNode, 0o755);
    const overridden = await resolveOpenClaw({
      version: '2026.9.1',
      env: { CLAWFORCE_OPENCLAW_DIR: directory, CLAWFORCE_OPENCLAW_NODE: otherNode },
    });
    expect(overridden).toMatchObject({ nodeBinary: otherNode, nodeVersion: '24.17.0' });
  });

  it('names the fix when OpenClaw is missing', async () => {
    const directory = await fakeInstall({ node: false });
    const error = await failure(resolveOpenClaw({ directory }));
    expect(isRuntimeError(error, 'openclaw_not_installed')).toBe(true);
    expect((error as Error).message).toContain('OpenClaw is not installed');
    expect((error as Error).message).toContain(`npm ci --prefix ${directory}`);
  });

  it('refuses another OpenClaw version than the configured one', async () => {
    const directory = await fakeInstall({ openclaw: '2026.3.1' });
    const error = await failure(resolveOpenClaw({ directory, version: '2026.3.24' }));
    expect(isRuntimeError(error, 'openclaw_not_installed')).toBe(true);
    expect((error as Error).message).toMatch(/2026\.3\.1 is installed.*2026\.3\.24 is configured/);
  });

  it('refuses a missing Node and a Node older than OpenClaw needs', async () => {
    const noNode = await fakeInstall({ openclaw: '2026.3.24', node: false });
    expect((await failure(resolveOpenClaw({ directory: noNode }))) as Error).toMatchObject({
      code: 'openclaw_not_installed',
      message: expect.stringContaining('Node binary for OpenClaw is missing'),
    });
    await rm(root, { recursive: true, force: true });
    root = await mkdtemp(join(tmpdir(), 'cf-provisioning-'));
    const oldNode = await fakeInstall({ openclaw: '2026.3.24', node: '20.20.2' });
    expect((await failure(resolveOpenClaw({ directory: oldNode }))) as Error).toMatchObject({
      code: 'openclaw_not_installed',
      message: expect.stringContaining('needs Node >= 22.14.0'),
    });
  });
});
