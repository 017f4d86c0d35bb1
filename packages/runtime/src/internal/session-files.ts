import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './instance.js';
import { OPENCLAW_SESSION_NAME, TENANT_AGENT_ID } from './openclaw-config.js';

/**
 * OpenClaw's own files for one conversation, moved between an instance and storage. Process mode
 * keeps the conversation in `sessions/<name>.jsonl`; the gateway keeps an index (`sessions.json`,
 * session key -> session id and stats) next to `<session id>.jsonl`.
 */

export function gatewaySessionKey(user: string): string {
  return `agent:${TENANT_AGENT_ID}:openai-user:${user}`;
}

/** A conversation as stored: mode-neutral, one JSON document. */
export interface SessionSnapshot {
  readonly version: 1;
  readonly mode: 'process' | 'warm';
  /** The transcript (JSONL). */
  readonly transcript: string;
  /** The gateway's index entry (warm mode), without paths and caches. */
  readonly entry?: Record<string, unknown>;
}

type SessionIndex = Record<string, Record<string, unknown>>;

async function readIndex(sessionsDirectory: string): Promise<SessionIndex> {
  try {
    const parsed = JSON.parse(
      await readFile(join(sessionsDirectory, 'sessions.json'), 'utf8'),
    ) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as SessionIndex)
      : {};
  } catch {
    return {};
  }
}

async function writeIndex(sessionsDirectory: string, index: SessionIndex): Promise<void> {
  await writeFileAtomic(
    join(sessionsDirectory, 'sessions.json'),
    `${JSON.stringify(index, null, 2)}\n`,
  );
}

// Absolute paths and caches that OpenClaw rebuilds, and the state of the last run (a checkpoint
// taken right after a turn can catch it mid-update): none of it travels to another instance.
const INSTANCE_BOUND_FIELDS = [
  'sessionFile',
  'skillsSnapshot',
  'systemPromptReport',
  'status',
  'startedAt',
  'endedAt',
  'runtimeMs',
  'abortedLastRun',
];

function portableEntry(entry: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...entry };
  for (const field of INSTANCE_BOUND_FIELDS) delete copy[field];
  return copy;
}

function transcriptFileOf(
  sessionsDirectory: string,
  entry: Record<string, unknown>,
): string | undefined {
  if (typeof entry.sessionFile === 'string')
    return join(sessionsDirectory, basename(entry.sessionFile));
  if (typeof entry.sessionId === 'string')
    return join(sessionsDirectory, `${basename(entry.sessionId)}.jsonl`);
  return undefined;
}

/** The transcript file of the instance's conversation (it may not exist yet). */
export async function currentTranscriptPath(
  sessionsDirectory: string,
  mode: 'process' | 'warm',
  user: string,
): Promise<string | undefined> {
  if (mode === 'process') return join(sessionsDirectory, `${OPENCLAW_SESSION_NAME}.jsonl`);
  const entry = (await readIndex(sessionsDirectory))[gatewaySessionKey(user)];
  return entry ? transcriptFileOf(sessionsDirectory, entry) : undefined;
}

/** Reads the instance's conversation, or undefined when there is none yet. */
export async function readSessionSnapshot(
  sessionsDirectory: string,
  mode: 'process' | 'warm',
  user: string,
): Promise<SessionSnapshot | undefined> {
  if (mode === 'process') {
    try {
      const transcript = await readFile(
        join(sessionsDirectory, `${OPENCLAW_SESSION_NAME}.jsonl`),
        'utf8',
      );
      return { version: 1, mode, transcript };
    } catch {
      return undefined;
    }
  }
  const entry = (await readIndex(sessionsDirectory))[gatewaySessionKey(user)];
  const file = entry ? transcriptFileOf(sessionsDirectory, entry) : undefined;
  if (!entry || !file) return undefined;
  try {
    const transcript = await readFile(file, 'utf8');
    return { version: 1, mode, transcript, entry: portableEntry(entry) };
  } catch {
    return undefined;
  }
}

/** The session id a transcript declares in its header line. */
function headerSessionId(transcript: string): string | undefined {
  const firstLine = transcript.slice(
    0,
    transcript.indexOf('\n') === -1 ? undefined : transcript.indexOf('\n'),
  );
  try {
    const header = JSON.parse(firstLine) as { type?: unknown; id?: unknown };
    return header.type === 'session' &&
      typeof header.id === 'string' &&
      /^[A-Za-z0-9._-]{1,128}$/.test(header.id)
      ? header.id
      : undefined;
  } catch {
    return undefined;
  }
}

/** Puts a stored conversation into a fresh instance, as OpenClaw expects to find it. */
export async function writeSessionSnapshot(
  sessionsDirectory: string,
  snapshot: SessionSnapshot,
  user: string,
): Promise<void> {
  await mkdir(sessionsDirectory, { recursive: true, mode: 0o700 });
  if (snapshot.mode === 'process') {
    await writeFileAtomic(
      join(sessionsDirectory, `${OPENCLAW_SESSION_NAME}.jsonl`),
      snapshot.transcript,
    );
    return;
  }
  const sessionId = headerSessionId(snapshot.transcript) ?? randomUUID();
  const file = join(sessionsDirectory, `${sessionId}.jsonl`);
  await writeFileAtomic(file, snapshot.transcript);
  const index = await readIndex(sessionsDirectory);
  index[gatewaySessionKey(user)] = { ...snapshot.entry, sessionId, sessionFile: file };
  await writeIndex(sessionsDirectory, index);
}

/**
 * Waits until OpenClaw has stopped writing its session index. The gateway finishes a turn's
 * bookkeeping (status, token counts) some milliseconds after the streamed reply has ended, with
 * unlocked read-modify-writes that would undo an edit made meanwhile. Returns false on timeout.
 */
export async function waitForQuietIndex(
  sessionsDirectory: string,
  quietMs = 200,
  timeoutMs = 3_000,
): Promise<boolean> {
  const path = join(sessionsDirectory, 'sessions.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let modified: number;
    try {
      modified = (await stat(path)).mtimeMs;
    } catch {
      return true;
    }
    const quietFor = Date.now() - modified;
    if (quietFor >= quietMs) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quietFor + 5, 50)));
  }
}

/**
 * Moves the gateway's conversation to a new session key with the same history. The gateway caches
 * the workspace files it injects per session key for its whole life, so this is how a changed
 * SOUL, IDENTITY or MEMORY reaches the prompt of a session that stays warm.
 */
export async function rotateGatewaySession(
  sessionsDirectory: string,
  fromUser: string,
  toUser: string,
): Promise<void> {
  await waitForQuietIndex(sessionsDirectory);
  const index = await readIndex(sessionsDirectory);
  const fromKey = gatewaySessionKey(fromUser);
  const entry = index[fromKey];
  if (!entry) return;
  const oldFile = transcriptFileOf(sessionsDirectory, entry);
  const sessionId = randomUUID();
  const newFile = join(sessionsDirectory, `${sessionId}.jsonl`);
  if (oldFile) {
    try {
      const transcript = await readFile(oldFile, 'utf8');
      // The header carries the session id; keep it consistent with the new file.
      const newline = transcript.indexOf('\n');
      const header = newline === -1 ? transcript : transcript.slice(0, newline);
      let rewritten = transcript;
      try {
        const parsed = JSON.parse(header) as Record<string, unknown>;
        if (parsed.type === 'session') {
          rewritten = `${JSON.stringify({ ...parsed, id: sessionId })}${newline === -1 ? '' : transcript.slice(newline)}`;
        }
      } catch {
        // keep the transcript as it is
      }
      await writeFileAtomic(newFile, rewritten);
    } catch {
      await copyFile(oldFile, newFile).catch(() => undefined);
    }
  }
  delete index[fromKey];
  index[gatewaySessionKey(toUser)] = { ...portableEntry(entry), sessionId, sessionFile: newFile };
  await writeIndex(sessionsDirectory, index);
  if (oldFile) await rm(oldFile, { force: true });
}

/**
 * Removes conversations (index entries and transcripts) from a gateway's session files: a spare's
 * throwaway warm-up turns. Only safe once OpenClaw is done writing its index (it rewrites it
 * shortly after a turn from what it read before): wait for a quiet index first. Returns whether
 * anything was there to remove.
 */
export async function forgetGatewaySessions(
  sessionsDirectory: string,
  users: readonly string[],
): Promise<boolean> {
  const index = await readIndex(sessionsDirectory);
  let changed = false;
  for (const user of users) {
    const key = gatewaySessionKey(user);
    const entry = index[key];
    if (!entry) continue;
    const file = transcriptFileOf(sessionsDirectory, entry);
    delete index[key];
    changed = true;
    if (file) await rm(file, { force: true });
  }
  if (changed) await writeIndex(sessionsDirectory, index);
  return changed;
}
