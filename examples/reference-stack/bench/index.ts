/**
 * `npm run bench -w @clawforce/reference-stack`: the API's throughput, measured with autocannon on
 * loopback against the server running in its own process (bench/server.ts: SQLite store, the ACME
 * demo company plus 200 generated employees so that a page of 50 is full, the no-op runtime).
 *
 * - list: GET /api/v1/employees?limit=50 as an admin (auth, RBAC, store query, JSON): >= 3,000 req/s;
 * - chat: POST /api/v1/portal/chat as Carol (auth, RBAC, budget check, routing with
 *   @clawforce/router, the input and output guardrail of her standard tier with
 *   @clawforce/guardrail, the no-op runtime, the conversation log, SSE framing): >= 1,000 msg/s.
 * - IM: POST /im/telegram acknowledged in <= 50 ms p99 (bench/im-webhook.ts, also alone with
 *   `npm run bench:im`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchmarkTelegramWebhook } from './im-webhook.js';

const PASSWORD = 'bench-password-123';
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Rounds per scenario: the machine is shared, so the median of several runs is reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function startServer(): Promise<{ child: ChildProcess; port: number; lines: string[] }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      fileURLToPath(new URL('./server.ts', import.meta.url)),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    reader.on('line', (line) => {
      lines.push(line);
      const ready = /^READY (\d+)$/.exec(line);
      if (ready) resolve({ child, port: Number(ready[1]), lines });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { connections: CONNECTIONS, duration: DURATION_SECONDS, ...options },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function rounds(options: autocannon.Options): Promise<autocannon.Result[]> {
  const results: autocannon.Result[] = [];
  for (let round = 0; round < ROUNDS; round += 1) results.push(await run(options));
  return results;
}

function report(name: string, results: autocannon.Result[], target: number, unit: string): boolean {
  const sorted = [...results].sort((a, b) => a.requests.average - b.requests.average);
  const median = sorted[Math.floor(sorted.length / 2)] as autocannon.Result;
  const rate = median.requests.average;
  const failures = results.reduce(
    (sum, result) => sum + result.non2xx + result.errors + result.timeouts,
    0,
  );
  const total = results.reduce((sum, result) => sum + result.requests.total, 0);
  const ok = rate >= target && failures === 0;
  console.log(
    `${name.padEnd(48)} median ${rate.toFixed(0).padStart(5)} ${unit} (rounds: ${results.map((result) => result.requests.average.toFixed(0)).join(', ')})  target >= ${target}  p50 ${median.latency.p50} ms  p99 ${median.latency.p99} ms  ${failures}/${total} failed  ${ok ? 'PASS' : 'FAIL'}`,
  );
  return ok;
}

async function main() {
  const { child, port, lines } = await startServer();
  const base = `http://127.0.0.1:${port}`;
  try {
    const login = async (employeeId: string) => {
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ employeeId, password: PASSWORD }),
      });
      if (!response.ok)
        throw new Error(`login failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { tokens: { accessToken: string } }).tokens.accessToken;
    };
    const admin = await login('emp-admin');
    const carol = await login('emp-carol');
    const page = await fetch(`${base}/api/v1/employees?limit=50`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const items = ((await page.json()) as { items: unknown[] }).items.length;
    const chat = await fetch(`${base}/api/v1/portal/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${carol}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'warm-up' }),
    });
    const framing = await chat.text();
    if (!framing.includes('event: done')) throw new Error(`chat did not complete: ${framing}`);

    const list = await rounds({
      url: `${base}/api/v1/employees?limit=50`,
      headers: { authorization: `Bearer ${admin}` },
    });
    const messages = await rounds({
      url: `${base}/api/v1/portal/chat`,
      method: 'POST',
      headers: { authorization: `Bearer ${carol}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'What is on my calendar today?' }),
    });
    console.log(
      `\nautocannon ${CONNECTIONS} connections, ${ROUNDS} rounds x ${DURATION_SECONDS} s, loopback, server in its own process, SQLite, Node ${process.version}, load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
    );
    const listOk = report(
      `GET /api/v1/employees?limit=50 (${items} per page)`,
      list,
      3_000,
      'req/s',
    );
    const chatOk = report(
      'POST /api/v1/portal/chat (SSE, no-op runtime)',
      messages,
      1_000,
      'msg/s',
    );
    console.log(
      'chat path: JWT auth, RBAC plugin, budget check (UsageLedger), routing (@clawforce/router), input and output guardrail (@clawforce/guardrail acme-standard on the standard tier), no-op runtime, conversation log (SQLite), SSE',
    );
    process.exitCode = listOk && chatOk ? 0 : 1;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const turns = lines.find((line) => line.startsWith('TURNS '));
    if (turns) console.log(`turns the no-op runtime ran: ${turns.slice(6)}`);
  }
}

main()
  .then(async () => {
    // IM channels (issue 9): POST /im/telegram acknowledgement p99 <= 50 ms (bench/im-webhook.ts).
    console.log('');
    if (!(await benchmarkTelegramWebhook())) process.exitCode = 1;
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
