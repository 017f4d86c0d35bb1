import { readFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import { fileSize, readEntriesSince, summarizeTurn } from './transcript.js';

const entriesOf = (name: string): JsonObject[] =>
  readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JsonObject);

describe('summarizeTurn (recorded OpenClaw 2026.3.24 transcripts)', () => {
  it('reads a refused exec as denied, a write as completed, and sums usage over every model call', () => {
    const summary = summarizeTurn(entriesOf('transcript-exec-denied.jsonl'));
    expect(summary.model).toBe('offline/clawforce-offline');
    const exec = summary.toolCalls.find((call) => call.name === 'exec');
    expect(exec).toMatchObject({ outcome: 'denied', arguments: { command: 'git status' } });
    expect(exec?.result).toContain('exec denied: host=gateway security=deny');
    expect(summary.toolCalls.find((call) => call.name === 'write')?.outcome).toBe('completed');
    // 3 user turns: intro (1 call) + git status (2 calls) + remember (2 calls).
    expect(summary.modelCalls).toBe(5);
    expect(summary.usage.inputTokens).toBeGreaterThan(10_000);
    expect(summary.usage.outputTokens).toBeGreaterThan(0);
    expect(summary.replyText).toContain('MEMORY.md');
    expect(summary.error).toBeUndefined();
  });

  it('reads an allowed exec as completed with its output', () => {
    const exec = summarizeTurn(entriesOf('transcript-exec-allowed.jsonl')).toolCalls.find(
      (call) => call.name === 'exec',
    );
    expect(exec?.outcome).toBe('completed');
    expect(exec?.result).toContain('not a git repository');
  });

  it('reads a missing tool as denied, other tool errors as failed, model errors as errors', () => {
    const message = (role: string, extra: JsonObject): JsonObject => ({
      type: 'message',
      message: { role, ...extra },
    });
    const summary = summarizeTurn([
      message('assistant', {
        provider: 'p',
        model: 'm',
        content: [
          { type: 'toolCall', id: 'a', name: 'exec', arguments: { command: 'ls' } },
          { type: 'toolCall', id: 'b', name: 'read', arguments: { path: 'x' } },
        ],
        usage: { input: 5, output: 2, cacheRead: 1, cacheWrite: 0 },
      }),
      message('toolResult', {
        toolCallId: 'a',
        isError: true,
        content: [{ type: 'text', text: 'Tool exec not found' }],
      }),
      message('toolResult', {
        toolCallId: 'b',
        isError: true,
        content: [{ type: 'text', text: 'ENOENT: no such file' }],
      }),
      message('assistant', {
        provider: 'p',
        model: 'm',
        stopReason: 'error',
        errorMessage: 'connection refused',
        content: [],
      }),
    ]);
    expect(summary.toolCalls.map((call) => call.outcome)).toEqual(['denied', 'failed']);
    expect(summary.usage).toEqual({
      inputTokens: 5,
      outputTokens: 2,
      cacheReadTokens: 1,
      cacheWriteTokens: 0,
    });
    expect(summary.error).toBe('connection refused');
    expect(summary.model).toBe('p/m');
  });
});

describe('readEntriesSince', () => {
  it('reads complete lines after an offset and skips a torn last line', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cf-transcript-'));
    try {
      const path = join(directory, 't.jsonl');
      await writeFile(path, '{"type":"a"}\n');
      const offset = await fileSize(path);
      await appendFile(path, '{"type":"b"}\nnot json\n{"type":"c"}\n{"type":"torn"');
      expect((await readEntriesSince(path, offset)).map((entry) => entry.type)).toEqual(['b', 'c']);
      expect(await readEntriesSince(join(directory, 'missing.jsonl'), 0)).toEqual([]);
      expect(await fileSize(undefined)).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
