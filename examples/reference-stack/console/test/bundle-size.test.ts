import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleReport, measureBundle } from '../scripts/bundle-size.js';
import { INITIAL_JAVASCRIPT_BUDGET_BYTES } from '../scripts/measure-bundle-budget.js';
import { buildConsole } from './support/build-console.js';

describe('the console build', () => {
  let outDir: string;
  let report: BundleReport;
  beforeAll(async () => {
    outDir = await buildConsole();
    report = await measureBundle(outDir);
    const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `console bundle: initial JavaScript ${kilobytes(report.initialJavaScriptGzipBytes)} gzip; heaviest first screen ${kilobytes(report.heaviestScreen.gzipBytes)} (${report.heaviestScreen.name}); all ${kilobytes(report.totalJavaScriptGzipBytes)}`,
    );
  }, 120_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('keeps the initial JavaScript within 150 KB gzip', () => {
    expect(report.initialJavaScriptGzipBytes).toBeGreaterThan(1_000);
    expect(report.initialJavaScriptGzipBytes).toBeLessThanOrEqual(INITIAL_JAVASCRIPT_BUDGET_BYTES);
  });

  it('keeps even the heaviest screen, with the initial load, within the budget', () => {
    expect(report.heaviestScreen.gzipBytes).toBeLessThanOrEqual(INITIAL_JAVASCRIPT_BUDGET_BYTES);
  });

  it('loads the chart library only with a chart (it is not in the initial files)', () => {
    expect(report.initialFiles.some((file) => /uPlot/i.test(file))).toBe(false);
  });
});
