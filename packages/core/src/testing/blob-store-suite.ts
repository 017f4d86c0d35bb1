import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobInfo, BlobStore } from '../ports/blob-store.js';
import { expectClawforceError } from './expect-error.js';

export type BlobStoreFactory = () => Promise<{ store: BlobStore; cleanup?: () => Promise<void> }>;

async function listAll(store: BlobStore, prefix: string, limit: number): Promise<BlobInfo[]> {
  const all: BlobInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix, limit, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/** The BlobStore contract (memory, filesystem, S3). */
export function describeBlobStore(name: string, factory: BlobStoreFactory): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it('round-trips text and binary bodies byte for byte', async () => {
      const info = await store.put(
        'workspaces/emp-carol/MEMORY.md',
        '# Memory\n- prefers ünïcødé 中文 ✓\n',
      );
      expect(info).toMatchObject({
        key: 'workspaces/emp-carol/MEMORY.md',
        size: Buffer.byteLength('# Memory\n- prefers ünïcødé 中文 ✓\n'),
      });
      const text = await store.get('workspaces/emp-carol/MEMORY.md');
      expect(new TextDecoder().decode(text?.body)).toBe('# Memory\n- prefers ünïcødé 中文 ✓\n');
      const binary = new Uint8Array(randomBytes(1_048_576));
      await store.put('blobs/random.bin', binary);
      const read = await store.get('blobs/random.bin');
      expect(read?.size).toBe(binary.byteLength);
      expect(Buffer.compare(Buffer.from(read?.body ?? new Uint8Array()), Buffer.from(binary))).toBe(
        0,
      );
      expect((await store.put('empty.txt', '')).size).toBe(0);
      expect((await store.get('empty.txt'))?.body.byteLength).toBe(0);
    });

    it('reports metadata with head and changes the etag when the body changes', async () => {
      const first = await store.put('a/b.txt', 'one');
      const head = await store.head('a/b.txt');
      expect(head).toEqual(first);
      const second = await store.put('a/b.txt', 'two, longer');
      expect(second.etag).not.toBe(first.etag);
      expect(second.size).toBe(11);
      expect(Number.isNaN(Date.parse(second.lastModified))).toBe(false);
    });

    it('answers undefined for missing keys and deletes idempotently', async () => {
      expect(await store.get('nope/missing.md')).toBeUndefined();
      expect(await store.head('nope/missing.md')).toBeUndefined();
      await store.put('gone.md', 'x');
      await store.delete('gone.md');
      await store.delete('gone.md');
      expect(await store.get('gone.md')).toBeUndefined();
    });

    it('lists by prefix in key order and pages with cursors', async () => {
      const keys = Array.from(
        { length: 23 },
        (_, index) => `ws/emp-a/memory/${index.toString().padStart(2, '0')}.md`,
      );
      for (const key of keys) await store.put(key, key);
      await store.put('ws/emp-a/MEMORY.md', 'm');
      await store.put('ws/emp-ab/MEMORY.md', 'other employee');
      await store.put('ws/emp-b/MEMORY.md', 'b');
      const memory = await listAll(store, 'ws/emp-a/memory/', 5);
      expect(memory.map((info) => info.key)).toEqual(keys);
      const employee = await listAll(store, 'ws/emp-a/', 1_000);
      expect(employee.map((info) => info.key)).toEqual(['ws/emp-a/MEMORY.md', ...keys]);
      const partialSegment = await listAll(store, 'ws/emp-a', 1_000);
      expect(partialSegment.map((info) => info.key)).toContain('ws/emp-ab/MEMORY.md');
      expect((await store.list({ prefix: 'ws/none/' })).items).toEqual([]);
      const page = await store.list({ prefix: 'ws/emp-a/', limit: 2 });
      await expectClawforceError(
        store.list({ prefix: 'ws/emp-b/', cursor: page.cursor as string }),
        'invalid_cursor',
      );
      await expectClawforceError(store.list({ prefix: 'ws/', limit: 0 }), 'validation_failed');
    });

    it('rejects keys that could escape or confuse a path', async () => {
      for (const key of [
        '../etc/passwd',
        '/abs/path',
        'a//b',
        'a/./b',
        'a/../b',
        'a/b/',
        '',
        'nul\u0000byte',
        'back\\slash',
        `${'x'.repeat(1_025)}`,
        'sp ace',
        '.hidden',
      ]) {
        await expectClawforceError(store.put(key, 'x'), 'invalid_key');
        await expectClawforceError(store.get(key), 'invalid_key');
      }
      await expectClawforceError(store.list({ prefix: '../' }), 'invalid_key');
    });

    it('keeps a key whole under concurrent writers: the last body read is one of the written ones', async () => {
      const bodies = Array.from(
        { length: 20 },
        (_, index) => `${index}:${'x'.repeat(10_000 + index)}`,
      );
      await Promise.all(bodies.map((body) => store.put('race/file.md', body)));
      const final = new TextDecoder().decode((await store.get('race/file.md'))?.body);
      expect(bodies).toContain(final);
      expect((await store.list({ prefix: 'race/' })).items.map((info) => info.key)).toEqual([
        'race/file.md',
      ]);
    });
  });
}
