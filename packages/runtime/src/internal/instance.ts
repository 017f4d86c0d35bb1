import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

/**
 * One OpenClaw tenant's private directories. Every OpenClaw process the runtime starts gets its own
 * HOME (exec approvals live in `$HOME/.openclaw`), state dir (sessions, transcripts, logs), config
 * file and workspace, all under the runtime's data directory and readable only by this user.
 */
export interface InstanceDirectories {
  readonly root: string;
  readonly home: string;
  readonly state: string;
  readonly workspace: string;
  readonly configPath: string;
  readonly logFile: string;
  readonly temp: string;
  /** The warm-up agent's scratch workspace (warm mode). */
  readonly warmupWorkspace: string;
}

export function newInstanceId(): string {
  return `oc-${randomBytes(8).toString('hex')}`;
}

export function instanceDirectoriesOf(
  dataDirectory: string,
  instanceId: string,
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
    warmupWorkspace: join(root, 'warmup-workspace'),
  };
}

export async function createInstanceDirectories(
  dataDirectory: string,
  instanceId: string,
): Promise<InstanceDirectories> {
  const directories = instanceDirectoriesOf(dataDirectory, instanceId);
  for (const path of [
    directories.home,
    directories.state,
    directories.workspace,
    directories.temp,
    directories.warmupWorkspace,
    dirname(directories.logFile),
  ]) {
    await mkdir(path, { recursive: true, mode: 0o700 });
  }
  return directories;
}

export async function removeInstanceDirectories(directories: InstanceDirectories): Promise<void> {
  await rm(directories.root, { recursive: true, force: true, maxRetries: 3 });
}

/** Writes a file atomically: a reader (OpenClaw's config watcher) sees the old or the new file. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, path);
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
  /** Node's on-disk compile cache, shared by all instances: it holds OpenClaw's code, no tenant data. */
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
  if (options.gatewayToken) env.OPENCLAW_GATEWAY_TOKEN = options.gatewayToken;
  return { ...env, ...options.extra };
}
