import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Lays out a stand-in OpenClaw install (fake-openclaw.mjs as `openclaw`, run by this Node) under
 * `root`, for fast tests of everything around OpenClaw. Returns the `openclaw` runner options.
 */
export async function fakeOpenClawInstall(
  root: string,
): Promise<{ directory: string; nodeBinary: string }> {
  const directory = join(root, 'install');
  const packageDirectory = join(directory, 'node_modules', 'openclaw');
  await mkdir(packageDirectory, { recursive: true });
  await copyFile(
    new URL('./fake-openclaw.mjs', import.meta.url),
    join(packageDirectory, 'openclaw.mjs'),
  );
  await writeFile(
    join(packageDirectory, 'package.json'),
    JSON.stringify({
      name: 'openclaw',
      version: '2026.3.24',
      type: 'module',
      bin: { openclaw: 'openclaw.mjs' },
      engines: { node: '>=20.0.0' },
    }),
  );
  return { directory, nodeBinary: process.execPath };
}
