/**
 * Which workspace files belong to whom. Generated files are rebuilt from the organization on
 * every assembly and never flow back; stored files are the agent's own (its memory) and are what
 * a checkpoint writes back, per access path.
 */

/** Files the assembler generates at the workspace root. */
export const GENERATED_ROOT_FILES: readonly string[] = [
  'AGENTS.md',
  'SOUL.md',
  'TOOLS.md',
  'IDENTITY.md',
  'USER.md',
  'SESSION_CONTEXT.md',
  'CHANNELS.md',
];

/** Folders whose whole content is generated (knowledge bases, skills). */
export const GENERATED_FOLDERS: readonly string[] = ['knowledge/', 'skills/'];

/** The stored workspace: memory files that persist between sessions. */
export function isStoredWorkspacePath(path: string): boolean {
  return path === 'MEMORY.md' || path === 'HEARTBEAT.md' || path.startsWith('memory/');
}

/** True for files the assembler generates (they never flow back). */
export function isGeneratedPath(path: string): boolean {
  return (
    GENERATED_ROOT_FILES.includes(path) ||
    GENERATED_FOLDERS.some((folder) => path.startsWith(folder))
  );
}

/** USER.md carries the employee's preferences below this marker line. */
export const PREFERENCES_MARKER =
  '<!-- Preferences: everything below this line is saved to the employee profile when it changes. -->';
