// API docs for every published package that has code (`npm run docs` -> docs/api).
// Packages without src/index.ts yet are skipped; a package may refine its entry points in its own
// typedoc.json (core documents its subpath exports that way).
import { existsSync, readdirSync } from 'node:fs';

const packages = readdirSync('packages')
  .map((folder) => `packages/${folder}`)
  .filter((folder) => existsSync(`${folder}/src/index.ts`));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Clawforce',
  entryPointStrategy: 'packages',
  entryPoints: packages,
  packageOptions: { entryPoints: ['src/index.ts'], excludeInternal: true, excludePrivate: true },
  out: 'docs/api',
  readme: 'README.md',
  validation: { notExported: false, invalidLink: true },
  disableSources: true,
};
