import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, rename, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type { OsUser } from './tenant-users.js';

/**
 * One OpenClaw tenant's private directories. Every OpenClaw process the runtime starts gets its own
 * HOME (exec approvals live in `$HOME/.openclaw`), state dir (sessions, transcripts, logs), config
 * file and workspace, all under the runtime's data directory and readable only by this user, or,
 * with per-tenant OS users, only by the tenant's own uid (the root folder itself stays the
 * runtime's, so the tenant cannot move its folders or config file).
 */
export interface InstanceDirectories {
  readonly root: string;
  readonly home: string;
  readonly state: string;
  readonly workspace: string;
  readonly configPath: string;
  readonly logFile: string;
  readonly temp: string;
  /** Node's compile cache of this instance (per-tenant OS users, process mode). */
  readonly compileCache: string;
  /** The OS user the instance's OpenClaw runs as, when tenants have their own (see tenant-users). */
  readonly osUser?: OsUser;
}

export function newInstanceId(): string {
  return `oc-${randomBytes(8).toString('hex')}`;
}

export function instanceDirectoriesOf(
  dataDirectory: string,
  instanceId: string,
  osUser?: OsUser,
): InstanceDirectories {
  const root = join(dataDirectory, 'instances', instanceId);
  const state = join(root, 'state');
  return {
    root,
    home: join(root, 'home'),
    state,
    workspace: join(root, 'workspace'),
    configPath: join(root, 'openclaw.json'),
    logFile: join(state, 'logs', 'openclaw.log'),
    temp: join(root, 'tmp'),
    compileCache: join(root, 'cache'),
    ...(osUser ? { osUser } : {}),
  };
}

/**
 * Creates an instance's directories, owner-only. With an OS user, the folders inside the root
 * belong to that user (0700) and the root stays ours with search permission only (0711), so the
 * tenant reaches its folders but cannot rename them, and other tenants cannot list anything.
 */
export async function createInstanceDirectories(
  dataDirectory: string,
  instanceId: string,
  osUser?: OsUser,
): Promise<InstanceDirectories> {
  const directories = instanceDirectoriesOf(dataDirectory, instanceId, osUser);
  await mkdir(dirname(directories.root), { recursive: true, mode: 0o700 });
  await mkdir(directories.root, { mode: 0o700 });
  if (osUser) {
    await chmod(dirname(directories.root), 0o711);
    await chmod(directories.root, 0o711);
  }
  for (const path of [
    directories.home,
    directories.state,
    directories.workspace,
    directories.temp,
    directories.compileCache,
    dirname(directories.logFile),
  ]) {
    await mkdir(path, { recursive: true, mode: 0o700 });
    if (osUser) await chown(path, osUser.uid, osUser.gid);
  }
  return directories;
}

export async function removeInstanceDirectories(directories: InstanceDirectories): Promise<void> {
  await rm(directories.root, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Writes a file atomically: a reader (OpenClaw's config watcher) sees the old or the new file.
 * The temporary file is created exclusively (never through a link planted at its name) and, with
 * an owner, handed to that user before it takes the file's place.
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  owner?: OsUser,
): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    if (owner) await handle.chown(owner.uid, owner.gid);
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The environment of an OpenClaw process: only what it needs, never this process's own secrets.
 * Node 22's directory comes first on PATH so anything OpenClaw spawns with `node` gets it, and npm's
 * `node_modules/.bin` entries are dropped.
 */
export function openClawEnvironment(options: {
  readonly directories: InstanceDirectories;
  readonly nodeBinary: string;
  readonly gatewayToken?: string;
  /**
   * Node's on-disk compile cache (OpenClaw's code, no tenant data). Absent: no compile cache at
   * all (Node keys its cache by uid, so one shared by tenant users cannot work).
   */
  readonly compileCacheDirectory?: string;
  readonly extra?: Readonly<Record<string, string>>;
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
}): Record<string, string> {
  const parent = options.parentEnv ?? process.env;
  const inherited = (parent.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry.length > 0 && !entry.includes('node_modules'));
  const path = [...new Set([dirname(options.nodeBinary), ...inherited, ...SYSTEM_PATH])];
  const env: Record<string, string> = {
    PATH: path.join(delimiter),
    HOME: options.directories.home,
    TMPDIR: options.directories.temp,
    LANG: parent.LANG ?? 'C.UTF-8',
    SHELL: '/bin/sh',
    NO_COLOR: '1',
    OPENCLAW_STATE_DIR: options.directories.state,
    OPENCLAW_CONFIG_PATH: options.directories.configPath,
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_HIDE_BANNER: '1',
  };
  if (parent.TZ) env.TZ = parent.TZ;
  if (options.compileCacheDirectory) env.NODE_COMPILE_CACHE = options.compileCacheDirectory;
  else env.NODE_DISABLE_COMPILE_CACHE = '1';
  if (options.gatewayToken) env.OPENCLAW_GATEWAY_TOKEN = options.gatewayToken;
  return { ...env, ...options.extra };
}
