import { lstat, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { assertBlobKey, type BlobStore, ClawforceError } from '@clawforce/core';
import {
  assertAbsoluteDirectory,
  ensureParents,
  isInside,
  prepareRoot,
  writeFileAtomic,
} from './internal/fs-safe.js';
import { assertWorkspacePath } from './internal/paths.js';
import type { WorkspacePlan } from './types.js';

/** The marker file that makes a directory a Clawforce workspace (and safe to clean). */
export const WORKSPACE_MARKER = '.clawforce-workspace';

export interface MaterializeOptions {
  /**
   * Remove files and folders that are not in the plan (default true), so the directory is
   * exactly the plan: what a turn left behind and did not checkpoint is gone. Entries at the
   * root whose name starts with a dot (OpenClaw's own state) are kept. Only done in a directory
   * that is new, empty or carries the Clawforce marker file.
   */
  readonly clean?: boolean;
  /**
   * Flush every file to disk before it replaces the old one (default true). A runtime that
   * rebuilds the workspace from the store for every session passes `false`: writes stay atomic
   * (temporary file and rename), only the fsync is skipped, which is most of their cost.
   */
  readonly durable?: boolean;
}

export interface MaterializeResult {
  readonly directory: string;
  readonly written: number;
  readonly removed: readonly string[];
}

async function listTree(
  root: string,
  relative = '',
): Promise<{ files: string[]; folders: string[] }> {
  const files: string[] = [];
  const folders: string[] = [];
  const entries = await readdir(relative ? join(root, relative) : root, { withFileTypes: true });
  for (const entry of entries) {
    if (!relative && entry.name.startsWith('.')) continue;
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !entry.isSymbolicLink()) {
      const inner = await listTree(root, path);
      files.push(...inner.files);
      folders.push(...inner.folders, path);
    } else {
      files.push(path);
    }
  }
  return { files, folders };
}

/**
 * Writes a plan's files into `directory` (created if missing) and nowhere else: every path is
 * validated, no parent may be a symbolic link, and each file is written to a temporary name and
 * renamed into place. Files are written owner-only (0600). Returns what was written and removed.
 */
export async function materializeWorkspace(
  plan: WorkspacePlan,
  directory: string,
  options: MaterializeOptions = {},
): Promise<MaterializeResult> {
  const requested = assertAbsoluteDirectory(directory, 'directory');
  for (const [index, file] of plan.files.entries())
    assertWorkspacePath(file.path, `plan.files.${index}.path`);
  const root = await prepareRoot(requested);
  const clean = options.clean ?? true;
  const durability = { durable: options.durable ?? true };

  let marked = true;
  try {
    await lstat(join(root, WORKSPACE_MARKER));
  } catch {
    marked = false;
  }
  const existing = clean ? await listTree(root) : { files: [], folders: [] };
  if (clean && !marked && existing.files.length + existing.folders.length > 0) {
    throw new ClawforceError(
      'conflict',
      `${root} is not empty and is not a Clawforce workspace (no ${WORKSPACE_MARKER}); refusing to clean it`,
    );
  }
  await writeFileAtomic(
    join(root, WORKSPACE_MARKER),
    'This directory is a Clawforce workspace, rebuilt for every session.\n',
    durability,
  );

  // Clean first: whatever a turn left behind (a symbolic link where a folder should be, say)
  // must be gone before anything is written.
  const removed: string[] = [];
  if (clean) {
    const wanted = new Set(plan.files.map((file) => file.path));
    const keptFolders = new Set(
      plan.files.flatMap((file) => {
        const parts = file.path.split('/');
        return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
      }),
    );
    for (const path of existing.files) {
      if (wanted.has(path)) continue;
      await rm(join(root, ...path.split('/')), { force: true });
      removed.push(path);
    }
    // Folders are listed children first, so emptied folders go bottom-up.
    for (const folder of existing.folders) {
      if (keptFolders.has(folder)) continue;
      await rmdir(join(root, ...folder.split('/'))).catch(() => undefined);
      removed.push(`${folder}/`);
    }
  }

  for (const file of plan.files) {
    const target = await ensureParents(root, file.path.split('/'));
    if (!isInside(root, target))
      throw new ClawforceError('validation_failed', `${file.path} escapes the workspace`);
    await writeFileAtomic(target, file.content, durability);
  }
  return { directory: root, written: plan.files.length, removed: removed.sort() };
}

export interface WriteConfigOptions {
  /** Where OpenClaw reads its config (the tenant's `OPENCLAW_CONFIG_PATH`). */
  readonly configPath: string;
  /**
   * The tenant's `HOME`. Needed when the plan limits the shell to an allowlist: OpenClaw reads
   * exec allowlists from `$HOME/.openclaw/exec-approvals.json`, not from its config.
   */
  readonly homeDirectory?: string;
}

/**
 * Writes the plan's OpenClaw config as JSON (owner-only, atomically: OpenClaw hot-reloads it)
 * and, when given a home directory, the exec approvals file (see {@link writeExecApprovals}).
 */
export async function writeConfig(
  plan: WorkspacePlan,
  options: WriteConfigOptions,
): Promise<{ readonly configPath: string; readonly execApprovalsPath?: string }> {
  const configPath = assertAbsoluteDirectory(options.configPath, 'configPath');
  if (plan.execApprovals && options.homeDirectory === undefined) {
    throw new ClawforceError(
      'validation_failed',
      'homeDirectory is required: this plan limits the shell to an allowlist, which OpenClaw reads from $HOME/.openclaw/exec-approvals.json',
      [{ path: 'homeDirectory', code: 'required', message: 'required for an exec allowlist' }],
    );
  }
  const homeDirectory =
    options.homeDirectory === undefined
      ? undefined
      : assertAbsoluteDirectory(options.homeDirectory, 'homeDirectory');
  const configDirectory = await prepareRoot(dirname(configPath));
  await writeFileAtomic(
    join(configDirectory, basename(configPath)),
    `${JSON.stringify(plan.config, null, 2)}\n`,
  );
  if (homeDirectory === undefined) return { configPath };
  const { path } = await writeExecApprovals(plan, homeDirectory);
  return path ? { configPath, execApprovalsPath: path } : { configPath };
}

/**
 * Writes the plan's exec allowlist where OpenClaw reads it, `$HOME/.openclaw/exec-approvals.json`
 * under the tenant's `homeDirectory` (owner-only, atomically), for callers that write the
 * OpenClaw config themselves. When the plan has no allowlist, a stale file is removed, so an old
 * allowlist never outlives a policy change. The approval socket path and token that OpenClaw adds
 * to the file are kept across rewrites. Returns the file's path, or undefined when there is none.
 */
export async function writeExecApprovals(
  plan: WorkspacePlan,
  homeDirectory: string,
): Promise<{ readonly path: string | undefined }> {
  const home = await prepareRoot(assertAbsoluteDirectory(homeDirectory, 'homeDirectory'));
  const target = await ensureParents(home, ['.openclaw', 'exec-approvals.json']);
  if (!plan.execApprovals) {
    await rm(target, { force: true });
    return { path: undefined };
  }
  let socket: unknown;
  try {
    socket = (JSON.parse(await readFile(target, 'utf8')) as { socket?: unknown }).socket;
  } catch {
    socket = undefined;
  }
  const body =
    socket && typeof socket === 'object' ? { ...plan.execApprovals, socket } : plan.execApprovals;
  await writeFileAtomic(target, `${JSON.stringify(body, null, 2)}\n`);
  return { path: target };
}

/**
 * Writes a plan's files under a BlobStore prefix (for a console preview or a runtime that
 * fetches workspaces from the store), and with `clean` removes keys under the prefix that are
 * not in the plan.
 */
export async function materializeWorkspaceToBlobStore(
  plan: WorkspacePlan,
  blobs: BlobStore,
  prefix: string,
  options: MaterializeOptions = {},
): Promise<{ readonly written: number; readonly removed: readonly string[] }> {
  if (typeof prefix !== 'string' || !prefix.endsWith('/'))
    throw new ClawforceError('invalid_key', 'prefix must end with "/"');
  assertBlobKey(prefix.slice(0, -1));
  for (const [index, file] of plan.files.entries())
    assertWorkspacePath(file.path, `plan.files.${index}.path`);
  for (const file of plan.files) await blobs.put(`${prefix}${file.path}`, file.content);
  const removed: string[] = [];
  if (options.clean ?? true) {
    const wanted = new Set(plan.files.map((file) => `${prefix}${file.path}`));
    let cursor: string | undefined;
    do {
      const page = await blobs.list({ prefix, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) if (!wanted.has(item.key)) removed.push(item.key);
      cursor = page.cursor;
    } while (cursor);
    for (const key of removed) await blobs.delete(key);
  }
  return { written: plan.files.length, removed };
}
