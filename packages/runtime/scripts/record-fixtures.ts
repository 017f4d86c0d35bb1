/**
 * Records the OpenClaw payloads the unit tests read from `src/__fixtures__/`: what OpenClaw
 * 2026.3.24 sends a model (chat-completions requests) and what it writes down (session
 * transcripts), for one agent whose shell is allowed and one whose shell is refused.
 *
 *   npx tsx --conditions=source packages/runtime/scripts/record-fixtures.ts
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenClawRunner, type InstanceContext } from '../src/index.js';
import { startOfflineModel } from '../src/offline-model/index.js';

const fixtures = fileURLToPath(new URL('../src/__fixtures__/', import.meta.url));
const dataDirectory = '/tmp/clawforce-runtime-fixtures';
await rm(dataDirectory, { recursive: true, force: true });
const model = await startOfflineModel({ recordLimit: 100 });
const runner = createOpenClawRunner({
  mode: 'warm',
  dataDirectory,
  spareGateways: 0,
  providers: [{ kind: 'offline', baseUrl: model.baseUrl }],
});

const identity = (name: string, position: string) =>
  `# IDENTITY.md\n\n- **Name:** ${name}\n- **Position:** ${position}\n- **Department:** Finance\n- **Company:** ACME Corp\n`;

async function record(name: string, position: string, shell: 'deny' | 'full') {
  const transcripts: string[] = [];
  const prepare = async (context: InstanceContext) => {
    await writeFile(join(context.directories.workspace, 'IDENTITY.md'), identity(name, position));
    await writeFile(
      join(context.directories.workspace, 'AGENTS.md'),
      '# AGENTS.md\n\n## Knowledge\n- knowledge/finance/expense-policy.md: how expenses are approved\n',
    );
    return {
      agents: { defaults: { model: { primary: 'offline/clawforce-offline' } } },
      tools: {
        exec: { host: 'gateway', security: shell, ask: 'off' },
        fs: { workspaceOnly: true },
        loopDetection: { enabled: true },
      },
    };
  };
  const sessionKey = `fixture-${shell}`;
  for (const message of [
    'Hello, who are you?',
    'run git status',
    'remember that quarterly close is on the 5th',
  ]) {
    await runner.runTurn({ sessionKey, message, prepare });
  }
  const info = await runner.describeSession(sessionKey);
  const context = info?.directories;
  if (!context) throw new Error('no session');
  const index = JSON.parse(
    await readFile(join(context.state, 'agents/main/sessions/sessions.json'), 'utf8'),
  ) as Record<string, { sessionFile: string }>;
  for (const entry of Object.values(index))
    transcripts.push(await readFile(entry.sessionFile, 'utf8'));
  return transcripts.join('');
}

await mkdir(fixtures, { recursive: true });
const denied = await record('Carol Chen', 'Finance Analyst', 'deny');
const allowed = await record('Ryan Park', 'Software Engineer', 'full');
await writeFile(join(fixtures, 'transcript-exec-denied.jsonl'), denied);
await writeFile(join(fixtures, 'transcript-exec-allowed.jsonl'), allowed);
const requests = model.requests().map((request) => ({
  model: request.model,
  stream: request.stream,
  messages: request.messages,
  tools: request.tools.map((name) => ({ type: 'function', function: { name } })),
}));
await writeFile(
  join(fixtures, 'openclaw-chat-requests.json'),
  `${JSON.stringify(requests, null, 2)}\n`,
);
await runner.close();
await model.close();
await rm(dataDirectory, { recursive: true, force: true });
console.log(`recorded ${requests.length} requests into ${fixtures}`);
