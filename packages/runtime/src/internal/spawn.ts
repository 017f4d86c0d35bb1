import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { trackProcessGroup } from './data-directory.js';
import type { OpenClawInstallation } from './provisioning.js';
import type { OsUser } from './tenant-users.js';

export interface SpawnedOpenClaw {
  readonly child: ChildProcess;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KB of stdout and stderr, for error messages. */
  output(): { stdout: string; stderr: string };
}

const KEEP_BYTES = 64 * 1024;
const NO_RESPAWN_FLAG = '--disable-warning=ExperimentalWarning';

function appendBounded(current: string, chunk: string): string {
  const next = current + chunk;
  return next.length > KEEP_BYTES ? next.slice(next.length - KEEP_BYTES) : next;
}

/**
 * Starts `openclaw <args>` with the pinned Node, in its own process group (so that everything it
 * starts can be stopped together), with exactly the environment given and, when `user` is given,
 * as that uid and gid with no supplementary groups (Node's spawn drops them).
 */
export function spawnOpenClaw(
  installation: OpenClawInstallation,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; keepFullStdout?: boolean; user?: OsUser },
): SpawnedOpenClaw {
  // OpenClaw's CLI re-executes itself once only to add this flag; passing it saves that second
  // Node process (about 100 MB and a Node start-up per OpenClaw process).
  const child = spawn(installation.nodeBinary, [NO_RESPAWN_FLAG, installation.entry, ...args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = options.keepFullStdout ? stdout + chunk : appendBounded(stdout, chunk);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = options.keepFullStdout ? stderr + chunk : appendBounded(stderr, chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid !== undefined) trackProcessGroup(child.pid, exited);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Sends `signal` to the process group of `child` (falls back to the process alone). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs` if the process is still there. */
export async function stopProcess(spawned: SpawnedOpenClaw, graceMs: number): Promise<void> {
  signalGroup(spawned.child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signalGroup(spawned.child, 'SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([spawned.exited, killed]);
  clearTimeout(timer);
  await spawned.exited;
  // Commands the agent started (exec) share the group; none may outlive the tenant's process.
  if (spawned.child.pid !== undefined) {
    try {
      process.kill(-spawned.child.pid, 'SIGKILL');
    } catch {
      // the group is empty
    }
  }
}

/** The last lines of some output, for an error message. */
export function tail(text: string, characters = 800): string {
  const trimmed = text.trim();
  return trimmed.length > characters ? `…${trimmed.slice(trimmed.length - characters)}` : trimmed;
}

/**
 * Resident memory of every process in a process group, in bytes (Linux `/proc`); undefined where
 * there is no `/proc`. OpenClaw's CLI re-executes itself, so the group is the honest measure.
 */
export async function processGroupResidentBytes(groupId: number): Promise<number | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  let total = 0;
  let found = false;
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (pid) => {
        try {
          const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
          // Fields after the parenthesised command: state ppid pgrp ...
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          if (Number(fields[2]) !== groupId) return;
          const status = await readFile(`/proc/${pid}/status`, 'utf8');
          const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
          if (kilobytes) {
            total += Number(kilobytes) * 1024;
            found = true;
          }
        } catch {
          // the process ended while we looked
        }
      }),
  );
  return found ? total : undefined;
}
