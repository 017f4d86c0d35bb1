/**
 * Routing decision latency: 10,000 employees x 50 positions, rules in the ParamStore and the
 * OrgStore, on core's in-memory and SQLite stores. Prints the cold pass (every employee's first
 * decision, cache empty) and warm decisions (cache filled), with and without the shared
 * generation check. Run: `npm run bench -w @clawforce/router`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, type Stores } from '@clawforce/core';
import { openSqliteStores } from '@clawforce/core/sqlite';
import { createRouter } from '../src/index.js';

const EMPLOYEES = 10_000;
const POSITIONS = 50;
const WARM_DECISIONS = 200_000;
const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/executive_agent-AbCdEf1234';

interface Employee {
  readonly id: string;
  readonly positionId: string;
}

async function seed(stores: Stores): Promise<Employee[]> {
  const { org, params } = stores;
  for (const id of ['standard', 'executive', 'gpu']) {
    await org.saveRuntime({
      id,
      name: id,
      model: 'openai/gpt-4o-mini',
      toolPolicy: {},
      guardrailId: null,
      mode: 'serverless',
    });
  }
  await org.saveOrganization({
    id: 'bench',
    name: 'Bench Corp',
    domain: 'bench.example',
    defaultRuntimeId: 'standard',
    agentDefaults: {
      model: 'openai/gpt-4o-mini',
      contextWindow: 128_000,
      compaction: 'default',
      recentTurnsPreserve: 4,
      maxTokens: 2_048,
      responseLanguage: 'en',
    },
    toolPolicy: {},
  });
  await org.createDepartment({ id: 'all', name: 'All', parentId: null });
  for (let index = 0; index < POSITIONS; index += 1) {
    await org.createPosition({
      id: `pos-${index}`,
      name: `Position ${index}`,
      departmentId: 'all',
      toolPolicy: {},
      defaultSkills: [],
      imChannels: [],
      ...(index % 2 === 0 ? { runtimeId: index % 4 === 0 ? 'executive' : 'gpu' } : {}),
    });
    if (index % 5 === 0) await params.put(`/positions/pos-${index}/runtime-id`, 'standard');
  }
  await params.put('/runtimes/executive/agentcore-arn', ARN);
  await org.saveSharedAgent({
    id: 'helpdesk',
    name: 'Helpdesk',
    description: 'Team agent',
    soul: 'Helpful.',
    members: { everyone: true, departmentIds: [], employeeIds: [] },
    runtimeId: 'standard',
    alwaysOn: true,
    status: 'running',
    channels: [],
  });
  await params.put('/always-on/helpdesk/endpoint', 'https://helpdesk.internal.example');
  const employees: Employee[] = [];
  for (let index = 0; index < EMPLOYEES; index += 1) {
    const employee = { id: `emp-${index}`, positionId: `pos-${index % POSITIONS}` };
    employees.push(employee);
    if (index % 10 === 0) await params.put(`/tenants/${employee.id}/runtime-id`, 'executive');
    if (index % 50 === 1) await params.put(`/tenants/${employee.id}/always-on-agent`, 'helpdesk');
  }
  return employees;
}

function summary(samples: number[]): string {
  const sorted = Float64Array.from(samples).sort();
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] as number;
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const us = (ns: number) => `${(ns / 1_000).toFixed(1)} µs`;
  return `n=${samples.length.toLocaleString('en-US')} mean ${us(mean)}  p50 ${us(at(0.5))}  p99 ${us(at(0.99))}  p99.9 ${us(at(0.999))}`;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - start);
}

async function measure(label: string, stores: Stores, employees: Employee[]) {
  for (const checkGeneration of [true, false]) {
    const router = createRouter({ org: stores.org, params: stores.params, checkGeneration });
    const cold: number[] = [];
    for (const employee of employees) cold.push(await timed(() => router.route(employee)));
    // Let the JIT settle on the warm path before measuring it.
    for (let index = 0; index < 20_000; index += 1) {
      await router.route(employees[index % employees.length] as Employee);
    }
    const warm: number[] = [];
    let seed = 42;
    for (let index = 0; index < WARM_DECISIONS; index += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const employee = employees[seed % employees.length] as Employee;
      warm.push(await timed(() => router.route(employee)));
    }
    const mode = checkGeneration ? 'generation check on ' : 'generation check off';
    console.log(`${label} | ${mode} | cold (first decision per employee): ${summary(cold)}`);
    console.log(`${label} | ${mode} | warm (cache filled):                 ${summary(warm)}`);
  }
}

console.log(
  `Routing decisions: ${EMPLOYEES.toLocaleString('en-US')} employees x ${POSITIONS} positions, ` +
    `10% employee runtime overrides, 2% always-on overrides, Node ${process.version}`,
);
const memory = createMemoryStores();
await measure('memory', memory, await seed(memory));
await memory.close();

const dataDir = await mkdtemp(join(tmpdir(), 'clawforce-router-bench-'));
try {
  const sqlite = await openSqliteStores({ dataDir });
  await measure('sqlite', sqlite, await seed(sqlite));
  await sqlite.close();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
