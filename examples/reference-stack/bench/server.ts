/**
 * The server under benchmark, in its own process (so that autocannon does not share its event
 * loop): SQLite in a temporary data dir, the demo company plus 200 generated employees, the no-op
 * runtime, the demo company's guardrails. Prints `READY <port>` when listening; stops on SIGTERM.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStores } from '@clawforce/core/sqlite';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import { bootstrap } from '../src/bootstrap.js';
import { createApiServer } from '../src/server.js';
import { createNoopRuntime } from '../src/testing/noop-runtime.js';

export const BENCH_PASSWORD = 'bench-password-123';

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'clawforce-bench-'));
  const stores = await openSqliteStores({ dataDir });
  const runtime = createNoopRuntime({ reply: 'Hello from the no-op runtime.' });
  const api = await createApiServer({
    stores,
    jwtSecret: 'bench-secret-bench-secret-bench-secret-0123',
    runtime,
    guardrails: demoGuardrailsConfig,
    port: 0,
    host: '127.0.0.1',
  });
  await bootstrap({
    stores,
    credentials: api.context.credentials,
    adminPassword: BENCH_PASSWORD,
    forcePasswordChange: false,
  });
  for (let index = 0; index < 200; index += 1) {
    const id = `emp-bench-${String(index).padStart(3, '0')}`;
    await stores.org.createEmployee({
      id,
      employeeNumber: `BENCH-${index}`,
      name: `Bench Person ${index}`,
      email: `${id}@acme.example`,
      role: 'employee',
      departmentId: index % 2 === 0 ? 'backend' : 'smb-sales',
      positionId: index % 2 === 0 ? 'pos-software-engineer' : 'pos-account-executive',
      status: 'active',
      flags: [],
      preferences: 'Short answers, tables over prose, and always name the source document.',
    });
  }
  await api.settled();
  await api.server.start();
  process.stdout.write(`READY ${api.server.info.port}\n`);
  process.once('SIGTERM', async () => {
    process.stdout.write(`TURNS ${runtime.turns.length}\n`);
    await api.server.stop();
    await stores.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
