import { createHash } from 'node:crypto';
import type { BlobStore } from '@clawforce/core';
import {
  readSessionSnapshot,
  type SessionSnapshot,
  writeSessionSnapshot,
} from './internal/session-files.js';
import type { InstanceContext, RuntimeMode, SessionHooks } from './runner.js';

export interface BlobSessionHooksOptions {
  /** The blob key of a session's stored conversation. Default {@link defaultSessionStateKey}. */
  readonly keyOf?: (sessionKey: string, mode: RuntimeMode) => string;
  /** Restore, but never write back (an admin's playground session). */
  readonly readOnly?: boolean;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._@=+-]{0,199}$/;

/** Where sessions' stored conversations are in the BlobStore. */
export const SESSION_STATE_PREFIX = 'openclaw-sessions';

/** The key segment of a session's stored conversation: its key, or a digest when not key-safe. */
export function sessionStateSegment(sessionKey: string): string {
  return SAFE_SEGMENT.test(sessionKey)
    ? sessionKey
    : `sha256-${createHash('sha256').update(sessionKey).digest('hex')}`;
}

/** `openclaw-sessions/<session>/<mode>.json`; session keys that are not key-safe are hashed. */
export function defaultSessionStateKey(sessionKey: string, mode: RuntimeMode): string {
  return `${SESSION_STATE_PREFIX}/${sessionStateSegment(sessionKey)}/${mode}.json`;
}

function parseSnapshot(body: Uint8Array, mode: RuntimeMode): SessionSnapshot | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as Partial<SessionSnapshot>;
    if (parsed.version !== 1 || parsed.mode !== mode || typeof parsed.transcript !== 'string') {
      return undefined;
    }
    return parsed as SessionSnapshot;
  } catch {
    return undefined;
  }
}

/**
 * Session hooks that keep each session's OpenClaw conversation (transcript and the gateway's index
 * entry) in a BlobStore, as one JSON document per session and mode. Each checkpoint is a single
 * whole-object put, so a crash at any moment leaves the previous or the new conversation, never a
 * mix; unchanged conversations are not written again.
 */
export function blobSessionHooks(
  blobs: BlobStore,
  options: BlobSessionHooksOptions = {},
): SessionHooks {
  const keyOf = options.keyOf ?? defaultSessionStateKey;
  // What each session's stored document hashes to, so an unchanged conversation is not rewritten.
  // Bounded: a long-running server sees many sessions.
  const lastWritten = new Map<string, string>();
  const remember = (key: string, digest: string) => {
    lastWritten.delete(key);
    lastWritten.set(key, digest);
    if (lastWritten.size > 10_000) {
      const oldest = lastWritten.keys().next().value;
      if (oldest !== undefined) lastWritten.delete(oldest);
    }
  };
  const digestOf = (text: string) => createHash('sha256').update(text).digest('hex');
  return {
    async restore(context: InstanceContext) {
      const key = keyOf(context.sessionKey, context.mode);
      const stored = await blobs.get(key);
      // Nothing stored (a new session), or a document this version cannot read: start fresh.
      const snapshot = stored ? parseSnapshot(stored.body, context.mode) : undefined;
      if (!snapshot) return;
      await writeSessionSnapshot(context.sessionsDirectory, snapshot, context.conversationName());
      remember(key, digestOf(JSON.stringify(snapshot)));
    },
    async checkpoint(context: InstanceContext) {
      if (options.readOnly) return;
      const snapshot = await readSessionSnapshot(
        context.sessionsDirectory,
        context.mode,
        context.conversationName(),
      );
      if (!snapshot) return;
      const key = keyOf(context.sessionKey, context.mode);
      const text = JSON.stringify(snapshot);
      const digest = digestOf(text);
      if (lastWritten.get(key) === digest) return;
      await blobs.put(key, text);
      remember(key, digest);
    },
  };
}
