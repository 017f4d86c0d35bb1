import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A chunk in Vite's build manifest (`dist/.vite/manifest.json`). */
interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly isDynamicEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}

type Manifest = Readonly<Record<string, ManifestChunk>>;

export interface BundleReport {
  /** JavaScript the first load fetches: the entry and everything it imports statically. */
  readonly initialJavaScriptGzipBytes: number;
  readonly initialFiles: readonly string[];
  /** The entry plus the heaviest screen (the most JavaScript any first page needs). */
  readonly heaviestScreen: { readonly name: string; readonly gzipBytes: number };
  readonly totalJavaScriptGzipBytes: number;
}

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(manifest, imported, seen);
  return seen;
}

/** Measures a console build: gzip sizes of what the first load and each screen fetch. */
export async function measureBundle(outDir: string): Promise<BundleReport> {
  const manifest = JSON.parse(
    await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Manifest;
  const sizes = new Map<string, number>();
  const gzipSize = async (file: string) => {
    const known = sizes.get(file);
    if (known !== undefined) return known;
    const size = gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
    sizes.set(file, size);
    return size;
  };
  const sum = async (keys: Iterable<string>) => {
    let total = 0;
    for (const key of keys) {
      const chunk = manifest[key];
      if (chunk?.file.endsWith('.js')) total += await gzipSize(chunk.file);
    }
    return total;
  };
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error(`no entry chunk in ${outDir}/.vite/manifest.json`);
  const initial = staticClosure(manifest, entry);
  const initialBytes = await sum(initial);
  let heaviest = { name: 'none', gzipBytes: initialBytes };
  for (const key of Object.keys(manifest)) {
    if (!manifest[key]?.isDynamicEntry || !/screen/.test(key)) continue;
    const bytes = await sum(new Set([...initial, ...staticClosure(manifest, key)]));
    if (bytes > heaviest.gzipBytes) heaviest = { name: key, gzipBytes: bytes };
  }
  const everything = await sum(Object.keys(manifest));
  return {
    initialJavaScriptGzipBytes: initialBytes,
    initialFiles: [...initial].map((key) => manifest[key]?.file ?? key),
    heaviestScreen: heaviest,
    totalJavaScriptGzipBytes: everything,
  };
}
