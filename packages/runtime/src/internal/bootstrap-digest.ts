import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The workspace files OpenClaw 2026.3.24 injects into the system prompt. */
export const INJECTED_FILES = [
  'AGENTS.md',
  'SOUL.md',
  'TOOLS.md',
  'IDENTITY.md',
  'USER.md',
  'HEARTBEAT.md',
  'BOOTSTRAP.md',
  'MEMORY.md',
  'memory.md',
] as const;

async function signature(path: string): Promise<string> {
  try {
    const info = await stat(path, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch {
    return 'missing';
  }
}

/**
 * A fingerprint of what a workspace puts into OpenClaw's system prompt: the injected files and the
 * skills' SKILL.md files. Files are identified by inode, size and modification time: every writer
 * here (the assembler, OpenClaw's write tool) replaces or rewrites a file, which changes them, and
 * a stat is far cheaper than reading the file on every turn.
 */
export async function bootstrapDigest(workspace: string): Promise<string> {
  let skills: string[] = [];
  try {
    skills = (await readdir(join(workspace, 'skills'))).sort();
  } catch {
    skills = [];
  }
  const paths = [
    ...INJECTED_FILES.map((name) => join(workspace, name)),
    ...skills.map((skill) => join(workspace, 'skills', skill, 'SKILL.md')),
  ];
  const signatures = await Promise.all(paths.map(signature));
  const hash = createHash('sha256');
  paths.forEach((path, index) => {
    hash.update(`${path}\u0000${signatures[index]}\u0000`);
  });
  return hash.digest('hex');
}
