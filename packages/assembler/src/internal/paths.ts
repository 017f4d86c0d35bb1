import { ClawforceError } from '@clawforce/core';

/**
 * Workspace paths are relative POSIX paths whose segments are also valid BlobStore key segments,
 * so that every file the assembler writes, and every file a checkpoint stores, maps one to one
 * onto a key under the workspace's prefix. Nothing here touches the filesystem.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._@=+-]*$/;
export const WORKSPACE_PATH_MAX_LENGTH = 512;
export const WORKSPACE_SEGMENT_MAX_LENGTH = 128;

/** Why `path` is not a safe workspace path, or undefined when it is one. */
export function workspacePathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return `must be a string, got ${typeof path}`;
  if (path.length === 0) return 'must not be empty';
  if (path.length > WORKSPACE_PATH_MAX_LENGTH)
    return `must be at most ${WORKSPACE_PATH_MAX_LENGTH} characters, got ${path.length}`;
  if (path.includes('\0')) return 'must not contain NUL characters';
  if (path.includes('\\')) return 'must use "/" as the separator, not "\\"';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative, not absolute';
  for (const segment of path.split('/')) {
    if (segment === '') return 'must not contain empty segments ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return `must not contain a "${segment}" segment`;
    if (segment.length > WORKSPACE_SEGMENT_MAX_LENGTH)
      return `segments must be at most ${WORKSPACE_SEGMENT_MAX_LENGTH} characters`;
    if (!SEGMENT.test(segment))
      return `segment ${JSON.stringify(segment.slice(0, 40))} may only use letters, digits and ._@=+- (not starting with . or -)`;
  }
  return undefined;
}

/** True when `path` is a safe workspace path. */
export function isWorkspacePath(path: unknown): path is string {
  return workspacePathProblem(path) === undefined;
}

/** Shows untrusted text in an error message: quoted, bounded, control characters escaped. */
export function shown(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const quoted = JSON.stringify(value.slice(0, 80));
  return value.length > 80 ? `${quoted}… (${value.length} characters)` : quoted;
}

/** Returns `path` when it is a safe workspace path; throws `validation_failed` naming `field`. */
export function assertWorkspacePath(path: unknown, field: string): string {
  const problem = workspacePathProblem(path);
  if (problem === undefined) return path as string;
  throw new ClawforceError(
    'validation_failed',
    `${field} ${shown(path)} is not a safe workspace path: it ${problem}`,
    [{ path: field, code: 'unsafe_path', message: problem }],
  );
}
