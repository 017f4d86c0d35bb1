/**
 * `npm run bench -w @clawforce/core`: the SQLite store on a synthetic org of 10,000 employees in
 * 1,000 departments. Prints employee read p50, a manager's subtree list p50 and audit append rate.
 * Targets (issue 2): read p50 <= 50 µs; subtree list p50 <= 5 ms; audit >= 20,000 events/s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmployeeInput, Stores } from '@clawforce/core';
import { openSqliteStores } from '@clawforce/core/sqlite';

const DEPARTMENTS_PER_LEVEL = [10, 9, 10]; // 10 + 90 + 900 = 1,000 departments
const EMPLOYEES = 10_000;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function time<T>(action: () => Promise<T>): Promise<number> {
  const start = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - start) / 1_000;
}

const format = (microseconds: number) =>
  microseconds >= 1_000
    ? `${(microseconds / 1_000).toFixed(2)} ms`
    : `${microseconds.toFixed(1)} µs`;

async function buildOrg(stores: Stores): Promise<{ departments: string[]; topLevel: string[] }> {
  const { org } = stores;
  await org.saveRuntime({
    id: 'standard',
    name: 'Standard',
    model: 'openai/gpt-4o-mini',
    toolPolicy: {},
    guardrailId: null,
    mode: 'serverless',
  });
  const departments: string[] = [];
  let level: (string | null)[] = [null];
  for (const [depth, fanOut] of DEPARTMENTS_PER_LEVEL.entries()) {
    const next: string[] = [];
    for (const parentId of level) {
      for (let index = 0; index < fanOut; index += 1) {
        const id = parentId === null ? `d${index}` : `${parentId}-${index}`;
        await org.createDepartment({ id, name: `Department ${id}`, parentId });
        next.push(id);
        departments.push(id);
      }
    }
    level = next;
    if (depth === 0) continue;
  }
  await org.createPosition({
    id: 'pos-staff',
    name: 'Staff',
    departmentId: 'd0',
    toolPolicy: {},
    defaultSkills: [],
    imChannels: [],
  });
  for (let index = 0; index < EMPLOYEES; index += 1) {
    const employee: EmployeeInput = {
      id: `emp-${index}`,
      employeeNumber: `E${index}`,
      name: `Employee ${index}`,
      email: `employee${index}@bench.example`,
      role: 'employee',
      departmentId: departments[index % departments.length] as string,
      positionId: 'pos-staff',
      status: 'active',
      flags: [],
      preferences: '',
    };
    await org.createEmployee(employee);
  }
  return { departments, topLevel: departments.slice(0, DEPARTMENTS_PER_LEVEL[0]) };
}

async function main() {
  const directory = await mkdtemp(join(tmpdir(), 'clawforce-bench-'));
  const stores = await openSqliteStores({ dataDir: directory });
  try {
    const buildStart = Date.now();
    const { departments, topLevel } = await buildOrg(stores);
    console.log(
      `synthetic org: ${EMPLOYEES.toLocaleString('en')} employees in ${departments.length.toLocaleString('en')} departments (built in ${((Date.now() - buildStart) / 1_000).toFixed(1)} s)\n`,
    );

    // Employee reads by id, random order.
    const reads: number[] = [];
    for (let index = 0; index < 50_000; index += 1) {
      const id = `emp-${Math.floor(Math.random() * EMPLOYEES)}`;
      reads.push(await time(() => stores.org.getEmployee(id)));
    }
    console.log(
      `employee read                 p50 ${format(percentile(reads, 50))}  p99 ${format(percentile(reads, 99))}   (target p50 <= 50 µs)`,
    );

    // A manager of a top-level department: ~100 departments, ~1,000 employees in the subtree.
    const subtreeSize = (await stores.org.listEmployees({ subtreeOf: 'd3', limit: 1_000 })).items
      .length;
    const fullLists: number[] = [];
    const firstPages: number[] = [];
    for (let round = 0; round < 300; round += 1) {
      const root = topLevel[round % topLevel.length] as string;
      fullLists.push(
        await time(async () => {
          let cursor: string | undefined;
          do {
            const page = await stores.org.listEmployees({
              subtreeOf: root,
              limit: 1_000,
              ...(cursor ? { cursor } : {}),
            });
            cursor = page.cursor;
          } while (cursor);
        }),
      );
      firstPages.push(await time(() => stores.org.listEmployees({ subtreeOf: root, limit: 50 })));
    }
    console.log(
      `subtree list, all ${subtreeSize} people  p50 ${format(percentile(fullLists, 50))}  p99 ${format(percentile(fullLists, 99))}   (target p50 <= 5 ms)`,
    );
    console.log(
      `subtree list, page of 50       p50 ${format(percentile(firstPages, 50))}  p99 ${format(percentile(firstPages, 99))}`,
    );

    // Audit appends: sustained, with many appenders in flight (as under load), and one at a time.
    const event = (index: number) => ({
      type: 'agent.turn',
      actor: { kind: 'employee' as const, id: `emp-${index % EMPLOYEES}` },
      employeeId: `emp-${index % EMPLOYEES}`,
      departmentId: departments[index % departments.length] as string,
      summary: `turn ${index}`,
      details: { tokens: index % 977, model: 'openai/gpt-4o-mini' },
    });
    const total = 100_000;
    const inFlight = 256;
    let next = 0;
    const concurrentStart = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          next += 1;
          await stores.audit.append(event(next));
        }
      }),
    );
    const concurrentSeconds = Number(process.hrtime.bigint() - concurrentStart) / 1e9;
    const sequentialStart = process.hrtime.bigint();
    for (let index = 0; index < 5_000; index += 1) await stores.audit.append(event(index));
    const sequentialSeconds = Number(process.hrtime.bigint() - sequentialStart) / 1e9;
    console.log(
      `audit append, ${inFlight} in flight     ${Math.round(total / concurrentSeconds).toLocaleString('en')} events/s over ${total.toLocaleString('en')} events   (target >= 20,000/s)`,
    );
    console.log(
      `audit append, one at a time    ${Math.round(5_000 / sequentialSeconds).toLocaleString('en')} events/s`,
    );
    const verifyStart = Date.now();
    const verification = await stores.audit.verify();
    console.log(
      `audit chain verify             ${verification.ok ? 'ok' : 'BROKEN'}, ${verification.checked.toLocaleString('en')} events in ${((Date.now() - verifyStart) / 1_000).toFixed(2)} s`,
    );
  } finally {
    await stores.close();
    await rm(directory, { recursive: true, force: true });
  }
}

await main();
