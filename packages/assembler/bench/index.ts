/**
 * `npm run bench -w @clawforce/assembler`: the two numbers.
 * - Assembly: a demo employee's full workspace (all 14 knowledge documents, the 26-skill catalog)
 *   assembled in process; target p50 <= 5 ms.
 * - Checkpoint diff of a 200-file workspace (hash every file on disk, then decide what flows
 *   back); target p50 <= 10 ms.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import {
  type AssemblyKnowledgeDocument,
  assembleWorkspace,
  loadAssemblyInput,
  materializeWorkspace,
  planCheckpoint,
  snapshotPlan,
  snapshotWorkspace,
} from '../src/index.js';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function time(label: string, runs: number, work: () => unknown | Promise<unknown>) {
  for (let index = 0; index < Math.min(200, runs); index += 1) await work();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  const [p50, p99] = [percentile(samples, 50), percentile(samples, 99)];
  return { label, runs, p50, p99 };
}

const stores = createMemoryStores({ now: () => Date.parse('2026-11-02T09:00:00.000Z') });
await seedDemoCompany(stores);
const accessPath = { kind: 'employee', employeeId: 'emp-ryan', via: 'portal' } as const;
const loaded = await loadAssemblyInput(stores, {
  accessPath,
  sessionId: 'emp__emp-ryan__bench-000000000000000000000000',
  workspaceDirectory: '/var/lib/clawforce/bench/workspace',
  providers: {
    'amazon-bedrock': {
      api: 'bedrock-converse-stream',
      auth: 'aws-sdk',
      baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
    },
  },
  openclawVersion: '2026.3.24',
});
// Every knowledge document of the company, as if all were assigned to this employee.
const knowledge: AssemblyKnowledgeDocument[] = [];
for (const base of await stores.org.listKnowledgeBases()) {
  for (const document of await stores.org.listKnowledgeDocuments(base.id)) {
    const blob = await stores.blobs.get(`knowledge/${base.id}/${document.fileName}`);
    if (blob)
      knowledge.push({
        knowledgeBase: base,
        document,
        content: new TextDecoder().decode(blob.body),
        assignedTo: ['everyone'],
      });
  }
}
const input = {
  ...loaded,
  knowledge,
  storedWorkspace: [
    {
      path: 'MEMORY.md',
      content: `# Memory\n\n${'- a durable fact about ongoing work\n'.repeat(80)}`,
    },
    { path: 'memory/2026-11-01.md', content: '- notes of the day\n'.repeat(40) },
  ],
};
const plan = assembleWorkspace(input);
const knowledgeChars = knowledge.reduce((sum, entry) => sum + entry.content.length, 0);
const assembly = await time('assembly', 2_000, () => assembleWorkspace(input));

// A 200-file workspace: the assembled files plus dated memory notes.
const directory = await mkdtemp(join(tmpdir(), 'assembler-bench-'));
const notes = Array.from({ length: 200 - plan.files.length }, (_, index) => ({
  path: `memory/2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}-${index}.md`,
  content: `- note ${index}\n`.repeat(30),
}));
const big = assembleWorkspace({ ...input, storedWorkspace: [...input.storedWorkspace, ...notes] });
await materializeWorkspace(big, directory);
const before = snapshotPlan(big);
for (let index = 0; index < 10; index += 1)
  await writeFile(join(directory, notes[index]?.path ?? 'MEMORY.md'), `- changed ${index}\n`);
await writeFile(join(directory, 'memory', 'new-note.md'), '- new\n');
const after = await snapshotWorkspace(directory);
const check = planCheckpoint(before, after, accessPath);
const diff = await time('checkpoint diff', 500, async () =>
  planCheckpoint(before, await snapshotWorkspace(directory), accessPath),
);
const planOnly = await time('plan only', 2_000, () => planCheckpoint(before, after, accessPath));
await rm(directory, { recursive: true, force: true });

const ms = (value: number) => `${value.toFixed(3)} ms`;
console.log(`@clawforce/assembler bench (Node ${process.version}, OpenClaw profile 2026.3.24)`);
console.log(
  `assembly: ${knowledge.length} knowledge documents (${knowledgeChars.toLocaleString('en-US')} chars), ${input.skills.length} skills in the catalog (${plan.report.skills.included.length} allowed), ${plan.files.length} files`,
);
console.log(
  `  p50 ${ms(assembly.p50)}  p99 ${ms(assembly.p99)}  (${assembly.runs} runs; target p50 <= 5 ms) ${assembly.p50 <= 5 ? 'OK' : 'OVER'}`,
);
console.log(
  `checkpoint diff: ${Object.keys(after.files).length} files on disk, ${check.changes.length} changes found`,
);
console.log(
  `  snapshot + plan p50 ${ms(diff.p50)}  p99 ${ms(diff.p99)}  (${diff.runs} runs; target p50 <= 10 ms) ${diff.p50 <= 10 ? 'OK' : 'OVER'}`,
);
console.log(
  `  plan only       p50 ${ms(planOnly.p50)}  p99 ${ms(planOnly.p99)}  (${planOnly.runs} runs)`,
);
