import {
  type AccessPath,
  COMPANY_DIRECTORY_FILE_NAME,
  COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
  createMemoryStores,
  isClawforceError,
  knowledgeDocumentKey,
  type Stores,
} from '@clawforce/core';
import { acmeCorp, seedDemoCompany } from '@clawforce/core/demo';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderGolden } from './__fixtures__/golden.js';
import { assembleWorkspace, loadAssemblyInput } from './index.js';

// The assembled workspace of every demo position (its first holder in the demo data) on every
// access path, as readable text under src/__golden__ (.txt, because Biome reformats Markdown and
// goldens must be byte-exact). `npx vitest run packages/assembler -u` rewrites them; review the
// diff like any other change.

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const WORKSPACE = '/var/lib/clawforce/workspaces/golden';
const providers = {
  'amazon-bedrock': {
    api: 'bedrock-converse-stream',
    auth: 'aws-sdk',
    baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
  },
} as const;

let stores: Stores;
beforeAll(async () => {
  stores = createMemoryStores({ now: () => NOW });
  await seedDemoCompany(stores);
  await stores.blobs.put(
    'workspaces/emp-carol/MEMORY.md',
    '# Memory\n\n- Q4 close starts Dec 1; David covers AP.\n',
  );
  await stores.blobs.put(
    'workspaces/emp-carol/memory/2026-11-01.md',
    '- Drafted the travel budget variance note.\n',
  );
});

async function assemble(accessPath: AccessPath, sessionId: string) {
  const input = await loadAssemblyInput(stores, {
    accessPath,
    sessionId,
    workspaceDirectory: WORKSPACE,
    providers,
    openclawVersion: '2026.3.24',
    options: { today: '2026-11-02', portalUrl: 'https://clawforce.acme.example' },
  });
  return assembleWorkspace(input);
}

const positions = acmeCorp.positions.map((position) => {
  const holder = acmeCorp.employees.find((employee) => employee.positionId === position.id);
  if (!holder) throw new Error(`no holder for ${position.id}`);
  return { position, holder };
});
const sharedAgentId = acmeCorp.sharedAgents[0]?.id ?? 'none';

const paths = (employeeId: string): Record<string, AccessPath> => ({
  employee: { kind: 'employee', employeeId, via: 'portal' },
  playground: { kind: 'playground', employeeId, operatorId: 'emp-admin' },
  twin: { kind: 'twin', employeeId, visitorId: 'visitor-0001' },
  admin: { kind: 'admin', adminId: employeeId },
  shared: { kind: 'shared', agentId: sharedAgentId, callerEmployeeId: employeeId },
});
const prefixes: Record<string, string> = {
  employee: 'emp',
  playground: 'pgnd',
  twin: 'twin',
  admin: 'admin',
  shared: 'shared',
};

describe('golden workspaces: every demo position x every access path', () => {
  it('covers the twelve demo positions', () => {
    expect(positions).toHaveLength(acmeCorp.positions.length);
    expect(acmeCorp.positions.length).toBe(12);
  });

  for (const { position, holder } of positions) {
    for (const [name, accessPath] of Object.entries(paths(holder.id))) {
      it(`${position.name} (${holder.name}) on ${name}`, async () => {
        const title = `${position.name} · ${holder.name} · ${name} access path`;
        let text: string;
        try {
          text = renderGolden(
            title,
            await assemble(accessPath, `${prefixes[name]}__${holder.id}__golden`),
          );
        } catch (error) {
          if (!isClawforceError(error)) throw error;
          // Refusals are goldens too: a non-administrator gets no admin assistant.
          text = `# ${title}\n\nRefused (${error.code}): ${error.message}\n`;
        }
        await expect(text).toMatchFileSnapshot(`./__golden__/${position.id}/${name}.txt`);
      });
    }
  }

  it('unpaired IM account (one golden: it has no position)', async () => {
    const plan = await assemble(
      { kind: 'unpaired', channel: 'telegram', channelUserId: '5550123' },
      'tg__5550123__golden',
    );
    await expect(renderGolden('Unpaired Telegram account', plan)).toMatchFileSnapshot(
      './__golden__/unpaired.txt',
    );
  });

  it('the company directory every golden inlines', async () => {
    const blob = await stores.blobs.get(
      knowledgeDocumentKey(COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID, COMPANY_DIRECTORY_FILE_NAME),
    );
    expect(blob).toBeDefined();
    await expect(new TextDecoder().decode(blob?.body)).toMatchFileSnapshot(
      './__golden__/company-directory.txt',
    );
  });
});
