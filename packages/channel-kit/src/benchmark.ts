import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RawWebhookRequest } from '@clawforce/core';
import { toNodeListener } from './node-http.js';
import type { WebhookHandler } from './webhook.js';

export interface AcknowledgementBenchmarkOptions {
  /** Printed above the table, e.g. "Telegram webhook acknowledgement". */
  readonly label: string;
  readonly handle: WebhookHandler;
  /** A fresh, verified request for a new event each call (distinct event ids). */
  readonly nextRequest: () => RawWebhookRequest;
  /** Waits until every background reply is done. */
  readonly idle: () => Promise<void>;
  /** Requests per back-to-back mode, default 2,000. */
  readonly requests?: number;
  /** The open-loop mode's arrival rate (requests per second), default 50, and its length, default 1,000. */
  readonly ratePerSecond?: number;
  readonly pacedRequests?: number;
  /** The acknowledgement target, default 50 ms p99 (issue 9). */
  readonly targetP99Ms?: number;
}

export interface AcknowledgementBenchmarkResult {
  readonly p99Ms: number;
  readonly passed: boolean;
  readonly requests: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)] ?? Number.NaN;
}

function row(mode: string, samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    mode,
    requests: samples.length,
    'p50 ms': percentile(sorted, 0.5).toFixed(2),
    'p95 ms': percentile(sorted, 0.95).toFixed(2),
    'p99 ms': percentile(sorted, 0.99).toFixed(2),
    'max ms': (sorted.at(-1) ?? Number.NaN).toFixed(2),
  };
}

/**
 * Measures how fast a webhook handler acknowledges (the reply runs in the background on the same event
 * loop, as in production): in process, over loopback HTTP back to back, and over loopback at a fixed
 * arrival rate (open loop). Prints a table, the event-loop delay and load average next to it (other work
 * on the machine shows up there), and the verdict against the target. For `npm run bench` scripts.
 */
export async function benchmarkWebhookAcknowledgement(
  options: AcknowledgementBenchmarkOptions,
): Promise<AcknowledgementBenchmarkResult> {
  const requests = options.requests ?? 2_000;
  const ratePerSecond = options.ratePerSecond ?? 50;
  const pacedRequests = options.pacedRequests ?? 1_000;
  const target = options.targetP99Ms ?? 50;
  const expectOk = (status: number) => {
    if (status !== 200) throw new Error(`unexpected status ${status}`);
  };

  const inProcess: number[] = [];
  for (let index = 0; index < requests; index += 1) {
    const request = options.nextRequest();
    const started = performance.now();
    const response = await options.handle(request);
    inProcess.push(performance.now() - started);
    expectOk(response.status);
  }
  await options.idle();

  const server = createServer(toNodeListener(options.handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  const post = async (request: RawWebhookRequest) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: Object.fromEntries(
        Object.entries(request.headers).flatMap(([name, value]) =>
          value === undefined
            ? []
            : [[name, Array.isArray(value) ? value.join(', ') : String(value)]],
        ),
      ),
      body: request.body,
    });
    await response.arrayBuffer();
    expectOk(response.status);
  };

  const overHttp: number[] = [];
  for (let index = 0; index < requests; index += 1) {
    const request = options.nextRequest();
    const started = performance.now();
    await post(request);
    overHttp.push(performance.now() - started);
  }
  await options.idle();

  const paced: number[] = [];
  const eventLoop = monitorEventLoopDelay({ resolution: 5 });
  eventLoop.enable();
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let index = 0; index < pacedRequests; index += 1) {
    const delay = start + (index * 1_000) / ratePerSecond - performance.now();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const request = options.nextRequest();
    const started = performance.now();
    inFlight.push(post(request).then(() => void paced.push(performance.now() - started)));
  }
  await Promise.all(inFlight);
  await options.idle();
  eventLoop.disable();
  await new Promise<void>((resolve) => server.close(() => resolve()));

  console.log(`${options.label} (replies sent in the background)`);
  console.table([
    row('in-process, back to back', inProcess),
    row('loopback HTTP, back to back', overHttp),
    row(`loopback HTTP, ${ratePerSecond}/s`, paced),
  ]);
  console.log(
    `event-loop delay during the paced run: p99 ${(eventLoop.percentile(99) / 1e6).toFixed(1)} ms, max ${(eventLoop.max / 1e6).toFixed(1)} ms; load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  const p99Ms = Math.max(
    ...[inProcess, overHttp, paced].map((samples) =>
      percentile(
        [...samples].sort((a, b) => a - b),
        0.99,
      ),
    ),
  );
  const passed = p99Ms <= target;
  console.log(
    `ack p99: ${p99Ms.toFixed(2)} ms (target <= ${target} ms): ${passed ? 'PASS' : 'FAIL'}`,
  );
  return { p99Ms, passed, requests: requests * 2 + pacedRequests };
}
