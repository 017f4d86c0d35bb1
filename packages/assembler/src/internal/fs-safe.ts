import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { ClawforceError } from '@clawforce/core';

/**
 * Filesystem writes that stay inside a root directory. Paths are validated workspace paths
 * before they get here; on top of that, every parent directory is checked with lstat so that a
 * symbolic link planted inside the root (by an agent with a shell, say) can never redirect a
 * write outside it, and files are written to a temporary name and renamed over the target, so
 * a crash leaves the old or the new file, never a torn one.
 */

export function assertAbsoluteDirectory(directory: unknown, field: string): string {
  if (
    typeof directory !== 'string' ||
    directory.length === 0 ||
    directory.includes('\0') ||
    !isAbsolute(directory)
  ) {
    throw new ClawforceError('validation_failed', `${field} must be an absolute directory path`, [
      {
        path: field,
        code: 'invalid_path',
        message: 'must be an absolute path without NUL characters',
      },
    ]);
  }
  return resolve(directory);
}

/** Creates `root` if needed and returns its real path. */
export async function prepareRoot(root: string): Promise<string> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  return realpath(root);
}

/** Creates the parent directories of `segments` under `root`, refusing symlinks and files in the way. */
export async function ensureParents(root: string, segments: readonly string[]): Promise<string> {
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    current = join(current, segment);
    let stats: import('node:fs').Stats | undefined;
    try {
      stats = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (!stats) await mkdir(current, { mode: 0o700 });
    else if (!stats.isDirectory())
      throw new ClawforceError(
        'conflict',
        `${current.slice(root.length + 1)} is ${stats.isSymbolicLink() ? 'a symbolic link' : 'not a directory'}; refusing to write through it`,
      );
  }
  return join(root, ...segments);
}

/**
 * Writes `body` to `target` atomically (temporary file in the same directory, fsync, rename).
 * With `durable: false` the fsync is skipped: the rename still makes the write atomic for
 * readers, but a power loss may leave an empty file (fine for files rebuilt from a store).
 */
export async function writeFileAtomic(
  target: string,
  body: string | Uint8Array,
  options: { readonly mode?: number; readonly durable?: boolean } = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const existing = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing?.isDirectory()) throw new ClawforceError('conflict', `${target} is a directory`);
  const temporary = `${target}.${randomBytes(6).toString('hex')}.cf-tmp`;
  const handle = await open(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode,
  );
  try {
    await handle.writeFile(body);
    if (options.durable ?? true) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // rename replaces a symlink at `target` itself; it never writes through it.
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** True when `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}
