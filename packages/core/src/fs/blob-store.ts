import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { blobListLimit, decodeBlobCursor, pageOf } from '../internal/blob-listing.js';
import { compareKeys } from '../internal/keys.js';
import {
  assertBlobKey,
  assertBlobPrefix,
  type BlobInfo,
  type BlobStore,
  toBytes,
} from '../ports/blob-store.js';

const TEMP_SUFFIX = '.cf-tmp';

function etagOf(size: number, mtimeMs: number, inode: number): string {
  // Cheap and changes on every rewrite (each write is a new inode via rename).
  return `${inode.toString(16)}-${size.toString(16)}-${Math.trunc(mtimeMs * 1_000).toString(16)}`;
}

async function walk(
  root: string,
  directory: string,
  prefix: string,
  into: string[],
): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const key = path
      .slice(root.length + 1)
      .split(sep)
      .join('/');
    if (entry.isDirectory()) {
      if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`))
        await walk(root, path, prefix, into);
    } else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX) && key.startsWith(prefix)) {
      into.push(key);
    }
  }
}

/**
 * A BlobStore on the local filesystem under `root`. Writes go to a temporary file in the same
 * directory, are flushed, then renamed over the target, so a crash leaves the old or the new body
 * and never a torn file. Keys are validated before they touch a path, so nothing escapes `root`.
 */
export function createFileSystemBlobStore(options: { root: string }): BlobStore {
  const root = options.root.replace(/[\\/]+$/, '');
  const pathOf = (key: string) => join(root, ...assertBlobKey(key).split('/'));

  const info = async (key: string): Promise<BlobInfo | undefined> => {
    try {
      const stats = await stat(pathOf(key));
      if (!stats.isFile()) return undefined;
      return {
        key,
        size: stats.size,
        etag: etagOf(stats.size, stats.mtimeMs, stats.ino),
        lastModified: stats.mtime.toISOString(),
      };
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code === 'ENOENT' ||
        (error as NodeJS.ErrnoException).code === 'ENOTDIR'
      ) {
        return undefined;
      }
      throw error;
    }
  };

  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(toBytes(body));
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return (await info(key)) as BlobInfo;
    },

    async get(key) {
      const path = pathOf(key);
      const meta = await info(key);
      if (!meta) return undefined;
      try {
        const body = new Uint8Array(await readFile(path));
        return { ...meta, size: body.byteLength, body };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    head: info,

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async list(listOptions = {}) {
      const prefix = assertBlobPrefix(listOptions.prefix);
      const limit = blobListLimit(listOptions);
      const after =
        listOptions.cursor === undefined ? undefined : decodeBlobCursor(prefix, listOptions.cursor);
      const keys: string[] = [];
      await walk(root, root, prefix, keys);
      const selected = keys
        .filter((key) => after === undefined || compareKeys(key, after) > 0)
        .sort(compareKeys)
        .slice(0, limit + 1);
      const infos = (await Promise.all(selected.map(info))).filter(
        (item): item is BlobInfo => item !== undefined,
      );
      return pageOf(infos, prefix, limit);
    },
  };
}
