import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { parseStackConfig } from '../src/config.js';

describe('cdk-nag (AwsSolutions)', () => {
  it('finds nothing that is not acknowledged, and every acknowledgment says why', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'clawforce-cdk-'));
    try {
      const { app, stack, images } = createApp({
        outdir,
        config: parseStackConfig({ account: '111111111111', region: 'us-east-1' }),
      });
      const started = performance.now();
      app.synth();
      const elapsed = performance.now() - started;
      let report: { pluginReports: { violations: unknown[] }[] } = { pluginReports: [] };
      try {
        report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
      } catch {
        // No report: no plugin found anything.
      }
      const violations = report.pluginReports.flatMap((plugin) => plugin.violations);
      expect(violations).toEqual([]);

      const reasons: string[] = [];
      const visit = (construct: IConstruct) => {
        for (const entry of construct.node.metadata) {
          if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
            reasons.push(...Object.values(entry.data as Record<string, string>));
          }
        }
        for (const child of construct.node.children) visit(child);
      };
      visit(stack);
      visit(images);
      expect(reasons.length).toBeGreaterThan(10);
      for (const reason of reasons) expect(reason.length).toBeGreaterThan(30);
      // Not a hard bound here (the machine's load varies); reported for the record.
      console.info(`synth with cdk-nag: ${Math.round(elapsed)} ms`);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
