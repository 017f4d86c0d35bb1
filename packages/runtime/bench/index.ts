/**
 * The runtime's numbers (issue 6), side by side in one run, on real OpenClaw with the offline
 * model at zero latency and the embedded stores (SQLite + filesystem blobs):
 *
 * - `process` mode: a cold turn (one `openclaw agent --local` per turn);
 * - `warm` mode: the first reply of a new session with a spare gateway in the pool;
 * - `warm` mode: a warm turn end to end, and the platform's own share of it (assembly,
 *   checkpoint, guardrail, audit and usage);
 * - resident memory per warm session.
 *
 *   npm run bench -w @clawforce/runtime
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Employee, Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { openSqliteStores } from '@clawforce/core/sqlite';
import { createGuardrailResolver } from '@clawforce/guardrail';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import { createRuntime, type Runtime, type TurnOutput } from '../src/index.js';
import { startOfflineModel } from '../src/offline-model/index.js';

const SAMPLES = {
  processCold: Number(process.env.BENCH_PROCESS_SAMPLES ?? 5),
  firstReply: Number(process.env.BENCH_FIRST_REPLY_SAMPLES ?? 5),
  warmTurns: Number(process.env.BENCH_WARM_TURNS ?? 40),
  residentSessions: 4,
};

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const ms = (value: number) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`;
const line = (label: string, values: readonly number[], target?: string) =>
  console.log(
    `${label.padEnd(58)} p50 ${ms(percentile(values, 0.5)).padStart(9)}  p90 ${ms(percentile(values, 0.9)).padStart(9)}  (n=${values.length})${target ? `  target ${target}` : ''}`,
  );

async function employee(stores: Stores, id: string): Promise<Employee> {
  const found = await stores.org.getEmployee(id);
  if (!found) throw new Error(`demo employee ${id} missing`);
  return found;
}

const root = await mkdtemp(join(tmpdir(), 'cf-runtime-bench-'));
const stores = await openSqliteStores({ dataDir: join(root, 'stores') });
await seedDemoCompany(stores);
const model = await startOfflineModel();
const ryan = await employee(stores, 'emp-ryan');
const turnOf = (target: Runtime, session: string, message: string) =>
  target.runTurn({
    employee: ryan,
    accessPath: { kind: 'employee', employeeId: ryan.id },
    session,
    message,
  });

console.log(
  `@clawforce/runtime bench — OpenClaw 2026.3.24, offline model (0 ms), SQLite stores, ${new Date().toISOString()}`,
);

try {
  // process mode: every turn is a cold OpenClaw process.
  const processRuntime = await createRuntime({
    stores,
    dataDirectory: join(root, 'process'),
    mode: 'process',
    offlineModel: model,
  });
  const processCold: number[] = [];
  for (let index = 0; index < SAMPLES.processCold; index++) {
    const output = await turnOf(
      processRuntime,
      `emp__emp-ryan__bench-process-${index}-00000000000`,
      'Hello, who are you?',
    );
    processCold.push(output.durationMs);
  }
  await processRuntime.close();

  // warm mode: a new session finds a spare gateway (the pool is refilled between samples).
  // Ryan is on the standard tier, whose guardrail (the local engine) checks every turn.
  const warmRuntime = await createRuntime({
    stores,
    dataDirectory: join(root, 'warm'),
    mode: 'warm',
    offlineModel: model,
    spareGateways: 1,
    guardrails: createGuardrailResolver(demoGuardrailsConfig),
  });
  const firstReply: number[] = [];
  const firstReplyOpenClaw: number[] = [];
  const firstReplyConfig: number[] = [];
  for (let index = 0; index < SAMPLES.firstReply; index++) {
    await warmRuntime.ready();
    const session = `emp__emp-ryan__bench-first-${index}-000000000000`;
    const output = await turnOf(warmRuntime, session, 'Hello, who are you?');
    if (!output.coldStart) throw new Error('expected a new session');
    firstReply.push(output.durationMs);
    firstReplyOpenClaw.push(output.timings.openclawMs);
    firstReplyConfig.push(output.timings.configMs);
    await warmRuntime.release(session);
  }

  // warm turns on one session.
  await warmRuntime.ready();
  const session = 'emp__emp-ryan__bench-warm-00000000000000000';
  await turnOf(warmRuntime, session, 'Hello, who are you?');
  const warmTurn: number[] = [];
  const platform: number[] = [];
  const parts: Record<string, number[]> = {
    assemblyMs: [],
    workspaceCheckpointMs: [],
    recordMs: [],
    transcriptMs: [],
    guardrailMs: [],
    configMs: [],
  };
  const openclawParts: Record<string, number[]> = { openclawMs: [] };
  let last: TurnOutput | undefined;
  for (let index = 0; index < SAMPLES.warmTurns; index++) {
    const started = performance.now();
    last = await turnOf(warmRuntime, session, `Hello again (${index})`);
    warmTurn.push(performance.now() - started);
    platform.push(last.timings.platformMs);
    for (const key of Object.keys(parts))
      parts[key]?.push(last.timings[key as keyof TurnOutput['timings']]);
    for (const key of Object.keys(openclawParts))
      openclawParts[key]?.push(last.timings[key as keyof TurnOutput['timings']]);
  }

  // resident memory per warm session.
  const sessions = [session];
  for (let index = 1; index < SAMPLES.residentSessions; index++) {
    const extra = `emp__emp-ryan__bench-rss-${index}-000000000000000`;
    await turnOf(warmRuntime, extra, 'Hello');
    sessions.push(extra);
  }
  const resident: number[] = [];
  for (const key of sessions) {
    const info = await warmRuntime.describeSession(key);
    if (info?.residentBytes) resident.push(info.residentBytes / 1024 / 1024);
  }
  await warmRuntime.close();

  console.log('');
  line('process mode: cold turn (one openclaw agent --local)', processCold);
  line('warm mode: first reply of a new session, spare in pool', firstReply, '<= 1500 ms p50');
  line('  of which the spare applying the tenant config (hot reload)', firstReplyConfig);
  line('  of which the turn in OpenClaw', firstReplyOpenClaw);
  line('warm mode: warm turn, end to end', warmTurn, '<= 100 ms p50');
  line(
    '  platform work (assembly, checkpoint, guardrail, audit, config)',
    platform,
    '<= 20 ms p50',
  );
  for (const [key, values] of Object.entries(parts)) line(`    ${key}`, values);
  line('  OpenClaw: the turn over HTTP (openclawMs)', openclawParts.openclawMs ?? []);
  console.log(
    `${'warm mode: resident memory per session (gateway processes)'.padEnd(58)} mean ${(resident.reduce((a, b) => a + b, 0) / Math.max(1, resident.length)).toFixed(0)} MiB  (min ${Math.min(...resident).toFixed(0)}, max ${Math.max(...resident).toFixed(0)}, n=${resident.length})`,
  );
  console.log(
    `  machine load average at the end: ${(await import('node:os'))
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} (${(await import('node:os')).cpus().length} cores)`,
  );
} finally {
  await model.close();
  await stores.close();
  await rm(root, { recursive: true, force: true });
}
