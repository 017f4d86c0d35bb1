import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveDataDir, run } from './cli.js';

describe('clawforce CLI', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clawforce-cli-'));
    vi.stubEnv('CLAWFORCE_DATA_DIR', join(directory, 'data'));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(directory, { recursive: true, force: true });
  });

  it('seeds the demo company, prints the counts, and changes nothing on a second run', async () => {
    const first: string[] = [];
    expect(await run(['seed'], (line) => first.push(line))).toBe(0);
    const printed = first.join('\n');
    expect(printed).toMatch(/Loaded the ACME Corp demo company/);
    for (const count of ['27', '15', '12', '29', '26', '14']) expect(printed).toContain(count);
    expect(printed).toMatch(/hash chain verified/);

    const second: string[] = [];
    expect(await run(['seed'], (line) => second.push(line))).toBe(0);
    expect(second.join('\n')).toMatch(/already loaded/);

    const summary: string[] = [];
    expect(await run(['summary'], (line) => summary.push(line))).toBe(0);
    expect(summary.join('\n')).toContain('27');
  }, 60_000);

  it('prints usage for help and refuses unknown commands', async () => {
    const lines: string[] = [];
    expect(await run(['--help'], (line) => lines.push(line))).toBe(0);
    expect(lines.join('\n')).toContain('Usage: clawforce');
    expect(await run(['launch-rockets'], (line) => lines.push(line))).toBe(2);
  });

  it('resolves the data dir from CLAWFORCE_DATA_DIR relative to where npm was started', () => {
    expect(resolveDataDir({ INIT_CWD: '/home/ada/work' })).toBe('/home/ada/work/.clawforce');
    expect(resolveDataDir({ INIT_CWD: '/home/ada/work', CLAWFORCE_DATA_DIR: 'store' })).toBe(
      '/home/ada/work/store',
    );
    expect(
      resolveDataDir({ INIT_CWD: '/home/ada/work', CLAWFORCE_DATA_DIR: '/var/lib/clawforce' }),
    ).toBe('/var/lib/clawforce');
  });
});
