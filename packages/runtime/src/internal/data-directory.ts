import { mkdir, open, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ClawforceError } from '@clawforce/core';

/**
 * A runner owns its data directory: a lock file names the owning process, and what a previous
 * owner left behind when it died without cleaning up (instance directories, OpenClaw processes
 * still running in them) is removed before anything new starts.
 */

const inThisProcess = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes (Linux `/proc`) whose working directory is inside `directory`. */
async function processesInside(directory: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = await readlink(`/proc/${entry}/cwd`);
      if (cwd === directory || cwd.startsWith(`${directory}${sep}`)) found.push(Number(entry));
    } catch {
      // not ours to read, or gone
    }
  }
  return found;
}

export interface DataDirectoryLock {
  release(): Promise<void>;
}

export async function claimDataDirectory(dataDirectory: string): Promise<DataDirectoryLock> {
  const directory = resolve(dataDirectory);
  if (inThisProcess.has(directory)) {
    throw new ClawforceError(
      'conflict',
      `the data directory ${directory} is already used by another runtime in this process`,
    );
  }
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const lockPath = join(directory, 'runtime.lock');
  try {
    const previous = Number((await readFile(lockPath, 'utf8')).trim());
    if (Number.isInteger(previous) && previous !== process.pid && alive(previous)) {
      throw new ClawforceError(
        'conflict',
        `the data directory ${directory} is in use by process ${previous}; give each runtime its own`,
      );
    }
  } catch (error) {
    if (error instanceof ClawforceError) throw error;
  }
  inThisProcess.add(directory);
  const handle = await open(lockPath, 'w', 0o600);
  await handle.writeFile(`${process.pid}\n`);
  await handle.close();

  // Leftovers of an owner that died: its OpenClaw processes and their directories.
  const instances = join(directory, 'instances');
  for (const pid of await processesInside(instances)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
  await rm(instances, { recursive: true, force: true, maxRetries: 3 });

  return {
    async release() {
      inThisProcess.delete(directory);
      await rm(lockPath, { force: true });
    },
  };
}

const livePids = new Set<number>();
let exitHookInstalled = false;

/**
 * Remembers an OpenClaw process group so that it is killed if this process exits without closing
 * its runners (an uncaught exception, `process.exit`): OpenClaw would otherwise keep running.
 */
export function trackProcessGroup(pid: number, exited: Promise<unknown>): void {
  livePids.add(pid);
  void exited.then(() => livePids.delete(pid));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const group of livePids) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  });
}
