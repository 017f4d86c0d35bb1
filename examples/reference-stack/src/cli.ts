/**
 * The Clawforce command line of the reference stack.
 *
 *   clawforce seed     load the ACME demo company into the embedded store (idempotent) and summarize it
 *   clawforce summary  summarize what the store holds
 *
 * The store lives in CLAWFORCE_DATA_DIR (default `.clawforce` in the directory you ran the command from):
 * SQLite for the organization, audit and usage, the filesystem for workspaces and knowledge documents.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatOrganizationSummary,
  seedDemoCompany,
  summarizeOrganization,
} from '@clawforce/core/demo';
import { openSqliteStores } from '@clawforce/core/sqlite';

const USAGE = `Usage: clawforce <command>

Commands:
  seed       Load the ACME Corp demo company into the store (safe to re-run) and print a summary
  summary    Print what the store holds

Environment:
  CLAWFORCE_DATA_DIR   where the store lives (default: ./.clawforce)
`;

/** The data dir: CLAWFORCE_DATA_DIR, else `.clawforce` where the user ran npm (INIT_CWD), else here. */
export function resolveDataDir(environment: NodeJS.ProcessEnv = process.env): string {
  const base = environment.INIT_CWD ?? process.cwd();
  return resolve(base, environment.CLAWFORCE_DATA_DIR ?? '.clawforce');
}

export async function run(
  argv: readonly string[],
  output: (line: string) => void = console.log,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0] ?? 'seed';
  if (values.help || command === 'help') {
    output(USAGE);
    return 0;
  }
  if (command !== 'seed' && command !== 'summary') {
    output(`Unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  const dataDir = resolveDataDir();
  const stores = await openSqliteStores({ dataDir });
  try {
    if (command === 'seed') {
      const started = Date.now();
      const report = await seedDemoCompany(stores);
      const created = Object.values(report.created as Record<string, number>).reduce(
        (sum, count) => sum + count,
        0,
      );
      output(
        created === 0
          ? `ACME Corp demo company already loaded in ${dataDir} (nothing to add, ${Date.now() - started} ms).`
          : `Loaded the ACME Corp demo company into ${dataDir}: ${created} records created in ${Date.now() - started} ms.`,
      );
    }
    output('');
    output(formatOrganizationSummary(await summarizeOrganization(stores)));
    const verification = await stores.audit.verify();
    output('');
    output(
      verification.ok
        ? `Audit trail: ${verification.checked} events, hash chain verified.`
        : `Audit trail BROKEN at event ${verification.brokenAt}: ${verification.reason}`,
    );
    return verification.ok ? 0 : 1;
  } finally {
    await stores.close();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
