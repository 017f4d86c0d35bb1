import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RuntimeError } from '../errors.js';

const execFileAsync = promisify(execFile);

/** The OpenClaw version enterprise deployments pin; a setting everywhere it matters. */
export const DEFAULT_OPENCLAW_VERSION = '2026.3.24';

/** Where OpenClaw and its Node were found, and what they are. */
export interface OpenClawInstallation {
  /** The separately pinned install (its own package.json and lockfile). */
  readonly directory: string;
  /** OpenClaw's CLI entry (`openclaw.mjs`), run with {@link OpenClawInstallation.nodeBinary}. */
  readonly entry: string;
  readonly nodeBinary: string;
  readonly version: string;
  readonly nodeVersion: string;
}

export interface ResolveOpenClawOptions {
  /** Default: env `CLAWFORCE_OPENCLAW_DIR`, else `openclaw/` inside this package. */
  readonly directory?: string;
  /** Default: env `CLAWFORCE_OPENCLAW_NODE`, else the `node` package inside `directory`. */
  readonly nodeBinary?: string;
  /** The OpenClaw version that must be installed. Default {@link DEFAULT_OPENCLAW_VERSION}. */
  readonly version?: string;
  /** Where to read `CLAWFORCE_OPENCLAW_DIR` / `CLAWFORCE_OPENCLAW_NODE`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

let packageRootPromise: Promise<string> | undefined;

/** This package's root: the nearest folder above this module whose package.json is ours. */
export function runtimePackageRoot(): Promise<string> {
  packageRootPromise ??= (async () => {
    let directory = dirname(fileURLToPath(import.meta.url));
    for (;;) {
      try {
        const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as {
          name?: string;
        };
        if (manifest.name === '@clawforce/runtime') return directory;
      } catch {
        // not here; keep walking up
      }
      const parent = dirname(directory);
      if (parent === directory)
        throw new Error('cannot locate the @clawforce/runtime package root');
      directory = parent;
    }
  })();
  return packageRootPromise;
}

/** The directory that `resolveOpenClaw` looks in when nothing else is configured. */
export async function defaultOpenClawDirectory(): Promise<string> {
  return join(await runtimePackageRoot(), 'openclaw');
}

function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere !== '' && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : path;
}

function notInstalled(directory: string, problem: string): RuntimeError {
  const fix = `npm ci --prefix ${displayPath(directory)}`;
  return new RuntimeError(
    'openclaw_not_installed',
    `${problem} Run \`${fix}\` (the project's install step does this), or point CLAWFORCE_OPENCLAW_DIR at an install of the pinned openclaw and node packages.`,
    { details: { directory, fix } },
  );
}

/** Compares dotted numeric versions (`22.14.0`); pre-release tags are ignored. */
export function compareVersions(left: string, right: string): number {
  const parts = (version: string) =>
    version
      .replace(/^v/, '')
      .split('-')[0]
      ?.split('.')
      .map((part) => Number.parseInt(part, 10) || 0) ?? [];
  const a = parts(left);
  const b = parts(right);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** The lowest Node version an `engines.node` range such as `>=22.14.0` admits. */
export function minimumNodeVersion(range: string | undefined): string | undefined {
  return range?.match(/>=\s*v?(\d+(?:\.\d+){0,2})/)?.[1];
}

async function readManifest(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function resolveUncached(
  directory: string,
  nodeOverride: string | undefined,
  version: string,
): Promise<OpenClawInstallation> {
  const packageDirectory = join(directory, 'node_modules', 'openclaw');
  const manifest = await readManifest(join(packageDirectory, 'package.json'));
  if (!manifest || typeof manifest.version !== 'string') {
    throw notInstalled(directory, `OpenClaw is not installed in ${displayPath(directory)}.`);
  }
  if (manifest.version !== version) {
    throw notInstalled(
      directory,
      `OpenClaw ${manifest.version} is installed in ${displayPath(directory)}, but version ${version} is configured.`,
    );
  }
  const bin = manifest.bin;
  const binPath =
    typeof bin === 'string'
      ? bin
      : bin &&
          typeof bin === 'object' &&
          typeof (bin as Record<string, unknown>).openclaw === 'string'
        ? ((bin as Record<string, unknown>).openclaw as string)
        : 'openclaw.mjs';
  const entry = join(packageDirectory, binPath);

  const nodeBinary = nodeOverride ?? join(directory, 'node_modules', 'node', 'bin', 'node');
  try {
    await access(nodeBinary, constants.X_OK);
  } catch {
    throw notInstalled(
      directory,
      `The Node binary for OpenClaw is missing at ${displayPath(nodeBinary)} (the node package's install script must be allowed).`,
    );
  }
  let nodeVersion: string;
  try {
    const { stdout } = await execFileAsync(nodeBinary, ['--version'], { timeout: 15_000 });
    nodeVersion = stdout.trim().replace(/^v/, '');
  } catch {
    throw notInstalled(directory, `The Node binary at ${displayPath(nodeBinary)} does not run.`);
  }
  const engines = manifest.engines as Record<string, unknown> | undefined;
  const minimum = minimumNodeVersion(typeof engines?.node === 'string' ? engines.node : undefined);
  if (minimum && compareVersions(nodeVersion, minimum) < 0) {
    throw notInstalled(
      directory,
      `OpenClaw ${version} needs Node >= ${minimum}, but ${displayPath(nodeBinary)} is ${nodeVersion}.`,
    );
  }
  return { directory, entry, nodeBinary, version, nodeVersion };
}

const cache = new Map<string, Promise<OpenClawInstallation>>();

/**
 * Finds OpenClaw and the Node that runs it, checks both versions and returns where they are.
 * Nothing is downloaded or installed here: a missing or wrong install is a `RuntimeError`
 * (`openclaw_not_installed`) whose message names the command that fixes it.
 */
export function resolveOpenClaw(
  options: ResolveOpenClawOptions = {},
): Promise<OpenClawInstallation> {
  const env = options.env ?? process.env;
  const version = options.version ?? DEFAULT_OPENCLAW_VERSION;
  const nodeOverride = options.nodeBinary ?? (env.CLAWFORCE_OPENCLAW_NODE || undefined);
  const directoryPromise = (async () => {
    const configured = options.directory ?? (env.CLAWFORCE_OPENCLAW_DIR || undefined);
    return configured ? resolve(configured) : defaultOpenClawDirectory();
  })();
  return directoryPromise.then((directory) => {
    const key = JSON.stringify([directory, nodeOverride ?? '', version]);
    let pending = cache.get(key);
    if (!pending) {
      pending = resolveUncached(directory, nodeOverride && resolve(nodeOverride), version);
      // A failed lookup is not remembered: the operator may fix the install and retry.
      pending.catch(() => cache.delete(key));
      cache.set(key, pending);
    }
    return pending;
  });
}
