/**
 * Prints the console's JavaScript sizes (gzip) from a build: `npm run build -w @clawforce/console`
 * then `npm run size -w @clawforce/console`. The budget: initial JavaScript <= 150 KB.
 */
import { fileURLToPath } from 'node:url';
import { measureBundle } from './bundle-size.js';
import { INITIAL_JAVASCRIPT_BUDGET_BYTES } from './measure-bundle-budget.js';

const outDir = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
const report = await measureBundle(outDir);
const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `initial JavaScript: ${kilobytes(report.initialJavaScriptGzipBytes)} gzip (budget ${kilobytes(INITIAL_JAVASCRIPT_BUDGET_BYTES)})`,
);
console.log(`  files: ${report.initialFiles.join(', ')}`);
console.log(
  `heaviest first screen (${report.heaviestScreen.name}): ${kilobytes(report.heaviestScreen.gzipBytes)} gzip`,
);
console.log(`all JavaScript: ${kilobytes(report.totalJavaScriptGzipBytes)} gzip`);
if (report.initialJavaScriptGzipBytes > INITIAL_JAVASCRIPT_BUDGET_BYTES) process.exitCode = 1;
