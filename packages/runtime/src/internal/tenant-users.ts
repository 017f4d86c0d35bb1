import {
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { RuntimeError } from '../errors.js';

/**
 * One OS user per OpenClaw instance. When the runtime runs as root on Linux, every OpenClaw
 * process (and every command its shell tool runs) gets its own numeric uid and gid, and its
 * directories are owned by that user with mode 0700: a tenant whose policy allows a shell cannot
 * read another tenant's workspace, transcripts, config or gateway token (the token is in the
 * process environment, which only the same uid can read). Linux needs no /etc/passwd entry.
 *
 * Uids are never reused. They come in blocks of {@link UID_BLOCK_SIZE} claimed in a machine-wide
 * registry directory (one file per block, created with O_EXCL, never deleted), so runtimes with
 * different data directories, in one process or many, never hand out the same uid, and a file
 * a tenant left behind (a setuid binary in /tmp, say) never acts for a later tenant. Ids that
 * name an account in /etc/passwd or a group in /etc/group, or that a running process uses, are
 * skipped. A spare gateway is started under a fresh uid; the session that adopts it keeps it.
 */

/** A numeric OS user and group. */
export interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

export interface TenantUserSettings {
  /**
   * `auto` (default): one OS user per OpenClaw instance when this process runs as root on Linux,
   * otherwise every instance runs as this process's user (with one warning at start). `off`:
   * always this process's user.
   */
  readonly mode?: 'auto' | 'off';
  /** The machine-wide registry of claimed uid blocks. Default `/var/lib/clawforce/tenant-uids`. */
  readonly registryDirectory?: string;
  /** The first uid (and gid) handed out. Default 200000. */
  readonly firstId?: number;
}

export const DEFAULT_REGISTRY_DIRECTORY = '/var/lib/clawforce/tenant-uids';
export const DEFAULT_FIRST_ID = 200_000;
export const UID_BLOCK_SIZE = 1_000;
// (uid_t)-1 means "unchanged" to the kernel; stay well clear of it and of sign issues.
const LAST_USABLE_ID = 2 ** 31 - 2;

export type Isolation =
  | { readonly kind: 'tenant-users'; readonly allocator: TenantUserAllocator }
  | { readonly kind: 'shared-user'; readonly reason: string };

/** The end (exclusive) of the id range mapped into this user namespace that contains `first`. */
export function mappedRangeEnd(idMap: string, first: number): number | undefined {
  for (const line of idMap.split('\n')) {
    const [inside, , count] = line.trim().split(/\s+/).map(Number);
    if (inside === undefined || count === undefined || Number.isNaN(inside + count)) continue;
    if (first >= inside && first < inside + count) return inside + count;
  }
  return undefined;
}

/** The numeric ids (third field) of an /etc/passwd or /etc/group file. */
export function idsOfAccountFile(text: string): Set<number> {
  const ids = new Set<number>();
  for (const line of text.split('\n')) {
    const id = Number(line.split(':')[2]);
    if (Number.isInteger(id)) ids.add(id);
  }
  return ids;
}

async function readOr(path: string, fallback: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Process ids whose real, effective, saved or filesystem uid is `uid` (Linux `/proc`). */
export function processesOfUser(uid: number): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ids = /^Uid:\s+(.*)$/m.exec(status)?.[1]?.split(/\s+/).map(Number) ?? [];
      if (ids.includes(uid)) found.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/**
 * Kills every process of `uid`, including any that left OpenClaw's process group (a daemon
 * the agent started with setsid). A few rounds, in case one forked while we looked.
 */
export function killProcessesOfUser(uid: number): void {
  for (let round = 0; round < 5; round++) {
    const pids = processesOfUser(uid);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** Hands out uids that no other tenant, runtime or account has had (see the module comment). */
export class TenantUserAllocator {
  readonly registryDirectory: string;
  readonly firstId: number;
  readonly lastId: number;
  readonly #dataDirectory: string;
  readonly #taken: Set<number>;
  #next = 0;
  #end = 0;
  #claiming: Promise<void> | undefined;

  constructor(options: {
    registryDirectory: string;
    firstId: number;
    lastId: number;
    dataDirectory: string;
    taken: Set<number>;
  }) {
    this.registryDirectory = options.registryDirectory;
    this.firstId = options.firstId;
    this.lastId = options.lastId;
    this.#dataDirectory = options.dataDirectory;
    this.#taken = options.taken;
  }

  /** A uid (and the same gid) that was never handed out before on this machine. */
  async allocate(): Promise<OsUser> {
    for (;;) {
      while (this.#next < this.#end) {
        const id = this.#next++;
        if (this.#taken.has(id)) continue;
        if (processesOfUser(id).length > 0) continue;
        return { uid: id, gid: id };
      }
      this.#claiming ??= this.#claimBlock().finally(() => {
        this.#claiming = undefined;
      });
      await this.#claiming;
    }
  }

  async #claimBlock(): Promise<void> {
    const blocks = Math.floor((this.lastId + 1 - this.firstId) / UID_BLOCK_SIZE);
    // Blocks are claimed in order, so the number of claims is where the free ones start.
    let index = (await readdir(this.registryDirectory)).length;
    for (; index < blocks; index++) {
      const claim = join(this.registryDirectory, `block-${index}`);
      try {
        const handle = await open(claim, 'wx', 0o600);
        await handle.writeFile(
          `${JSON.stringify({ pid: process.pid, dataDirectory: this.#dataDirectory, claimedAt: new Date().toISOString() })}\n`,
        );
        await handle.close();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      this.#next = this.firstId + index * UID_BLOCK_SIZE;
      this.#end = this.#next + UID_BLOCK_SIZE;
      return;
    }
    throw new RuntimeError(
      'openclaw_start_failed',
      `Every tenant uid from ${this.firstId} to ${this.lastId} has been used (registry ${this.registryDirectory}).`,
    );
  }
}

/**
 * Decides how tenants are isolated on this machine: per-tenant OS users when this process is
 * root on Linux and the uid range is mapped here, else one shared user (the reason says why).
 */
export async function decideIsolation(
  settings: TenantUserSettings,
  dataDirectory: string,
): Promise<Isolation> {
  if (settings.mode === 'off') {
    return { kind: 'shared-user', reason: 'per-tenant OS users are turned off (tenantUsers.mode)' };
  }
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return {
      kind: 'shared-user',
      reason: `the runtime does not run as root on Linux (uid ${process.getuid?.() ?? 'n/a'}, ${process.platform})`,
    };
  }
  const firstId = settings.firstId ?? DEFAULT_FIRST_ID;
  if (!Number.isInteger(firstId) || firstId < 1_000 || firstId > LAST_USABLE_ID - UID_BLOCK_SIZE) {
    throw new RuntimeError('openclaw_start_failed', `tenantUsers.firstId ${firstId} is invalid.`);
  }
  const uidEnd = mappedRangeEnd(await readOr('/proc/self/uid_map', '0 0 4294967295'), firstId);
  const gidEnd = mappedRangeEnd(await readOr('/proc/self/gid_map', '0 0 4294967295'), firstId);
  const lastId = Math.min(LAST_USABLE_ID, (uidEnd ?? 0) - 1, (gidEnd ?? 0) - 1);
  if (lastId - firstId + 1 < UID_BLOCK_SIZE) {
    return {
      kind: 'shared-user',
      reason: `uids ${firstId}+ are not mapped in this user namespace (see /proc/self/uid_map)`,
    };
  }
  const registryDirectory = resolve(settings.registryDirectory ?? DEFAULT_REGISTRY_DIRECTORY);
  await mkdir(registryDirectory, { recursive: true, mode: 0o700 });
  const registry = await lstat(registryDirectory);
  if (!registry.isDirectory() || registry.uid !== 0 || (registry.mode & 0o022) !== 0) {
    throw new RuntimeError(
      'openclaw_start_failed',
      `The tenant uid registry ${registryDirectory} must be a directory owned by root and writable only by root.`,
    );
  }
  const taken = idsOfAccountFile(await readOr('/etc/passwd', ''));
  for (const id of idsOfAccountFile(await readOr('/etc/group', ''))) taken.add(id);
  return {
    kind: 'tenant-users',
    allocator: new TenantUserAllocator({
      registryDirectory,
      firstId,
      lastId,
      dataDirectory: resolve(dataDirectory),
      taken,
    }),
  };
}

/**
 * Lets tenant users reach their directories under the data directory: search permission (x, not
 * r) for others on the data directory and each of its parents, so a path can be followed but no
 * directory listed. Returns the directories changed.
 */
export async function allowTraversal(dataDirectory: string): Promise<string[]> {
  const changed: string[] = [];
  let directory = resolve(dataDirectory);
  for (;;) {
    const info = await stat(directory);
    if ((info.mode & 0o001) === 0) {
      await chmod(directory, (info.mode & 0o7777) | 0o011);
      changed.push(directory);
    }
    const parent = dirname(directory);
    if (parent === directory) return changed;
    directory = parent;
  }
}

/**
 * Checks that a tenant user can run OpenClaw: its Node executable (o+x) and entry readable
 * (o+r), and every folder above them searchable (o+x).
 */
export async function assertReachableByOthers(
  paths: readonly { readonly path: string; readonly need: 'read' | 'execute' }[],
): Promise<void> {
  const refuse = (path: string) =>
    new RuntimeError(
      'openclaw_not_installed',
      `${path} is not reachable by other users, so tenants running under their own uid cannot run OpenClaw. Run \`chmod -R o+rX ${path}\` (or set tenantUsers.mode to "off").`,
      { details: { path } },
    );
  for (const { path, need } of paths) {
    const info = await stat(path);
    if ((info.mode & (need === 'read' ? 0o004 : 0o001)) === 0) throw refuse(path);
    for (let parent = dirname(path); parent !== dirname(parent); parent = dirname(parent)) {
      if (((await stat(parent)).mode & 0o001) === 0) throw refuse(parent);
    }
  }
}

const OPEN_FLAGS =
  constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * Gives `user` what this process (root) wrote inside `root`: every directory and single-link
 * regular file owned by this process's uid. Race-free against a tenant who swaps a folder for a
 * symbolic link meanwhile: each entry is opened relative to its already-opened parent (through
 * `/proc/self/fd`) without following links, and changed through its descriptor. Hard links
 * (a link to a file outside) and anything that is neither a file nor a folder are left alone.
 * Returns how many entries changed owner.
 */
export function adoptTree(root: string, user: OsUser): number {
  const self = process.getuid?.() ?? 0;
  let changed = 0;
  const adopt = (fd: number, depth: number) => {
    const info = fstatSync(fd);
    const ours = info.uid === self;
    if (info.isDirectory()) {
      if (ours) {
        fchownSync(fd, user.uid, user.gid);
        changed++;
      }
      if (depth >= 32) return;
      let names: string[];
      try {
        names = readdirSync(`/proc/self/fd/${fd}`);
      } catch {
        return;
      }
      for (const name of names) {
        let child: number;
        try {
          child = openSync(`/proc/self/fd/${fd}/${name}`, OPEN_FLAGS);
        } catch {
          continue; // a symbolic link (ELOOP), a socket, or gone
        }
        try {
          adopt(child, depth + 1);
        } finally {
          closeSync(child);
        }
      }
    } else if (ours && info.isFile() && info.nlink === 1) {
      fchownSync(fd, user.uid, user.gid);
      changed++;
    }
  };
  let fd: number;
  try {
    fd = openSync(root, OPEN_FLAGS | constants.O_DIRECTORY);
  } catch {
    return 0;
  }
  try {
    adopt(fd, 0);
  } finally {
    closeSync(fd);
  }
  return changed;
}
