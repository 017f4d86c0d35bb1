import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBlobStore } from '@clawforce/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blobSessionHooks,
  defaultSessionStateKey,
  type InstanceContext,
  type RuntimeMode,
} from './index.js';
import { instanceDirectoriesOf } from './internal/instance.js';
import { currentTranscriptPath, gatewaySessionKey } from './internal/session-files.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-session-state-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function contextFor(
  instanceId: string,
  mode: RuntimeMode,
  conversation = 'clawforce',
): InstanceContext {
  const directories = instanceDirectoriesOf(root, instanceId);
  const sessionsDirectory = join(directories.state, 'agents', 'main', 'sessions');
  return {
    sessionKey: 'emp__emp-ryan__portal',
    mode,
    directories,
    sessionsDirectory,
    conversationName: () => conversation,
    transcriptPath: () => currentTranscriptPath(sessionsDirectory, mode, conversation),
  };
}

const transcript = (id: string) =>
  `${JSON.stringify({ type: 'session', version: 3, id, cwd: '/w' })}\n${JSON.stringify({ type: 'message', message: { role: 'user', content: [{ type: 'text', text: 'hi' }] } })}\n`;

async function writeGatewaySession(context: InstanceContext, sessionId: string) {
  await mkdir(context.sessionsDirectory, { recursive: true });
  const file = join(context.sessionsDirectory, `${sessionId}.jsonl`);
  await writeFile(file, transcript(sessionId));
  await writeFile(
    join(context.sessionsDirectory, 'sessions.json'),
    JSON.stringify({
      [gatewaySessionKey('clawforce')]: {
        sessionId,
        updatedAt: 1_795_000_000_000,
        sessionFile: file,
        skillsSnapshot: { prompt: '/old/instance/path' },
        inputTokens: 10,
      },
      'agent:clawforce-warmup:openai-user:warmup-0': { sessionId: 'other' },
    }),
  );
}

describe('blobSessionHooks', () => {
  it('carries a warm conversation to a new instance with its index entry made local', async () => {
    const blobs = createMemoryBlobStore();
    const hooks = blobSessionHooks(blobs);
    const first = contextFor('oc-first', 'warm');
    await writeGatewaySession(first, 'aaaaaaaa-1111-2222-3333-444444444444');
    await hooks.checkpoint?.(first, 'turn');

    const stored = await blobs.get(defaultSessionStateKey(first.sessionKey, 'warm'));
    const document = JSON.parse(Buffer.from(stored?.body ?? []).toString('utf8'));
    expect(document.entry).toEqual({
      sessionId: 'aaaaaaaa-1111-2222-3333-444444444444',
      updatedAt: 1_795_000_000_000,
      inputTokens: 10,
    });
    expect(JSON.stringify(document)).not.toContain('/old/instance/path');

    const second = contextFor('oc-second', 'warm');
    await hooks.restore?.(second);
    const index = JSON.parse(
      await readFile(join(second.sessionsDirectory, 'sessions.json'), 'utf8'),
    );
    const entry = index[gatewaySessionKey('clawforce')];
    expect(entry.sessionFile).toBe(
      join(second.sessionsDirectory, 'aaaaaaaa-1111-2222-3333-444444444444.jsonl'),
    );
    expect(await readFile(entry.sessionFile, 'utf8')).toBe(
      transcript('aaaaaaaa-1111-2222-3333-444444444444'),
    );
    expect(Object.keys(index)).toEqual([gatewaySessionKey('clawforce')]);
  });

  it('carries a process-mode transcript and writes nothing when nothing changed', async () => {
    const blobs = createMemoryBlobStore();
    let puts = 0;
    const counting = {
      ...blobs,
      put: (key: string, body: Uint8Array | string) => {
        puts += 1;
        return blobs.put(key, body);
      },
    };
    const hooks = blobSessionHooks(counting);
    const first = contextFor('oc-1', 'process');
    await hooks.checkpoint?.(first, 'turn');
    expect(puts).toBe(0);
    await mkdir(first.sessionsDirectory, { recursive: true });
    await writeFile(join(first.sessionsDirectory, 'clawforce.jsonl'), transcript('clawforce'));
    await hooks.checkpoint?.(first, 'turn');
    await hooks.checkpoint?.(first, 'idle');
    expect(puts).toBe(1);
    const second = contextFor('oc-2', 'process');
    await hooks.restore?.(second);
    expect(await readFile(join(second.sessionsDirectory, 'clawforce.jsonl'), 'utf8')).toBe(
      transcript('clawforce'),
    );
  });

  it('never writes in read-only mode and starts fresh from an unreadable document', async () => {
    const blobs = createMemoryBlobStore();
    const first = contextFor('oc-a', 'warm');
    await writeGatewaySession(first, 'bbbbbbbb-1111-2222-3333-444444444444');
    await blobSessionHooks(blobs, { readOnly: true }).checkpoint?.(first, 'turn');
    expect((await blobs.list()).items).toEqual([]);

    await blobs.put(defaultSessionStateKey(first.sessionKey, 'warm'), '{"version": 99}');
    const fresh = contextFor('oc-b', 'warm');
    await blobSessionHooks(blobs).restore?.(fresh);
    await expect(readdir(fresh.sessionsDirectory)).rejects.toThrow();
  });

  it('keys sessions safely', () => {
    expect(defaultSessionStateKey('emp__emp-ryan__portal', 'warm')).toBe(
      'openclaw-sessions/emp__emp-ryan__portal/warm.json',
    );
    expect(defaultSessionStateKey('../../etc/passwd', 'process')).toMatch(
      /^openclaw-sessions\/sha256-[0-9a-f]{64}\/process\.json$/,
    );
  });
});
