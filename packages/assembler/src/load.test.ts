import {
  type AccessPath,
  createMemoryStores,
  isClawforceError,
  knowledgeDocumentKey,
  type Stores,
} from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AssemblyRequest, assembleWorkspace, loadAssemblyInput } from './index.js';

let stores: Stores;
beforeAll(async () => {
  stores = createMemoryStores({ now: () => Date.parse('2026-11-02T09:00:00.000Z') });
  await seedDemoCompany(stores);
  await stores.blobs.put('workspaces/emp-carol/MEMORY.md', '# Carol memory\n');
  await stores.blobs.put('workspaces/emp-carol/memory/2026-11-01.md', '- note\n');
  await stores.blobs.put('twin-workspaces/emp-carol/MEMORY.md', '# Twin memory\n');
  await stores.blobs.put('shared-workspaces/it-helpdesk/MEMORY.md', '# Help desk\n');
  await stores.org.createBinding({
    channel: 'telegram',
    channelUserId: '5550001',
    employeeId: 'emp-carol',
    pairedAt: '2026-11-01T08:00:00.000Z',
  });
});

const request = (
  accessPath: AccessPath,
  extra: Partial<AssemblyRequest> = {},
): AssemblyRequest => ({
  accessPath,
  sessionId: 'session-0001',
  workspaceDirectory: '/var/lib/clawforce/ws',
  providers: {},
  openclawVersion: '2026.3.24',
  ...extra,
});

describe('loadAssemblyInput', () => {
  it("reads an employee's whole input: org, chain, runtime, SOUL, knowledge with bodies, skills, bindings, memory, caller", async () => {
    const input = await loadAssemblyInput(
      stores,
      request({ kind: 'employee', employeeId: 'emp-carol' }),
    );
    expect(input.employee?.id).toBe('emp-carol');
    expect(input.position?.id).toBe('pos-finance-analyst');
    expect(input.departments?.map((department) => department.id)).toEqual(['finance']);
    expect(input.runtime.id).toBe('standard');
    expect(Object.keys(input.soul).sort()).toEqual(['global', 'position']);
    expect(input.knowledge.map((entry) => entry.knowledgeBase.id)).toContain('company-directory');
    expect(input.knowledge.every((entry) => entry.content.length > 0)).toBe(true);
    expect(
      input.knowledge.find((entry) => entry.knowledgeBase.id === 'company-directory')?.assignedTo,
    ).toEqual(['everyone']);
    expect(input.skills).toHaveLength(26);
    expect(input.bindings.map((binding) => binding.channelUserId)).toEqual(['5550001']);
    expect(input.storedWorkspace).toEqual([
      { path: 'MEMORY.md', content: '# Carol memory\n' },
      { path: 'memory/2026-11-01.md', content: '- note\n' },
    ]);
    expect(input.caller).toEqual({
      employeeId: 'emp-carol',
      name: 'Carol Zhang',
      employeeNumber: input.employee?.employeeNumber,
      positionName: 'Finance Analyst',
      departmentName: 'Finance',
    });
    expect(() => assembleWorkspace(input)).not.toThrow();
  });

  it('gives the twin its own memory and no knowledge or bindings', async () => {
    const input = await loadAssemblyInput(
      stores,
      request({ kind: 'twin', employeeId: 'emp-carol', visitorId: 'visitor-0001' }),
    );
    expect(input.storedWorkspace).toEqual([{ path: 'MEMORY.md', content: '# Twin memory\n' }]);
    expect(input.knowledge).toEqual([]);
    expect(input.bindings).toEqual([]);
    expect(input.caller).toBeUndefined();
  });

  it('names the operator of a playground session and the caller of a team agent', async () => {
    const playground = await loadAssemblyInput(
      stores,
      request({ kind: 'playground', employeeId: 'emp-carol', operatorId: 'emp-admin' }),
    );
    expect(playground.caller?.name).toBe('Demo Admin');
    expect(playground.storedWorkspace.map((file) => file.path)).toEqual([
      'MEMORY.md',
      'memory/2026-11-01.md',
    ]);
    const shared = await loadAssemblyInput(
      stores,
      request({ kind: 'shared', agentId: 'it-helpdesk', callerEmployeeId: 'emp-ryan' }),
    );
    expect(shared.sharedAgent?.id).toBe('it-helpdesk');
    expect(shared.caller?.name).toBe('Ryan Park');
    expect(shared.storedWorkspace).toEqual([{ path: 'MEMORY.md', content: '# Help desk\n' }]);
    expect(shared.knowledge.every((entry) => entry.assignedTo.includes('everyone'))).toBe(true);
  });

  it('takes the runtime routing chose, and the executive tier for executives', async () => {
    const routed = await loadAssemblyInput(
      stores,
      request({ kind: 'employee', employeeId: 'emp-ryan' }, { runtimeId: 'executive' }),
    );
    expect(routed.runtime.id).toBe('executive');
    const executive = await loadAssemblyInput(
      stores,
      request({ kind: 'employee', employeeId: 'emp-wjd' }),
    );
    expect(executive.runtime.id).toBe('executive');
  });

  it('loads unpaired sessions with nothing personal', async () => {
    const input = await loadAssemblyInput(
      stores,
      request({ kind: 'unpaired', channel: 'feishu', channelUserId: 'ou_abc' }),
    );
    expect(input.employee).toBeUndefined();
    expect(input.storedWorkspace).toEqual([]);
    expect(input.knowledge).toEqual([]);
    expect(assembleWorkspace(input).config.tools.deny).toEqual(['*']);
  });

  it('reports what it had to leave out instead of failing the whole workspace', async () => {
    const own = createMemoryStores();
    await seedDemoCompany(own);
    await own.blobs.delete(knowledgeDocumentKey('company-directory', 'company-directory.md'));
    await own.blobs.put('workspaces/emp-carol/notes.txt', 'not memory');
    const input = await loadAssemblyInput(
      own,
      request({ kind: 'employee', employeeId: 'emp-carol' }),
    );
    expect(input.notes).toEqual([
      'knowledge/company-directory/company-directory.md has no body in the store; left out',
      'stored file workspaces/emp-carol/notes.txt is not a workspace memory file; left out',
    ]);
    expect(assembleWorkspace(input).report.notes).toEqual(
      expect.arrayContaining([...(input.notes ?? [])]),
    );
  });

  it('fails clearly for missing people, agents and runtimes, and for a malformed access path', async () => {
    const failsWith = (promise: Promise<unknown>, code: string, message: RegExp) =>
      expect(promise).rejects.toSatisfy(
        (error) => isClawforceError(error, code as never) && message.test((error as Error).message),
      );
    await failsWith(
      loadAssemblyInput(stores, request({ kind: 'employee', employeeId: 'emp-nobody' })),
      'not_found',
      /employee emp-nobody not found/,
    );
    await failsWith(
      loadAssemblyInput(stores, request({ kind: 'shared', agentId: 'emp-carol' })),
      'not_found',
      /shared agent emp-carol not found/,
    );
    await failsWith(
      loadAssemblyInput(
        stores,
        request({ kind: 'employee', employeeId: 'emp-carol' }, { runtimeId: 'turbo' }),
      ),
      'not_found',
      /runtime turbo/,
    );
    await failsWith(
      loadAssemblyInput(
        stores,
        request({ kind: 'playground', employeeId: 'emp-carol', operatorId: 'emp-ghost' }),
      ),
      'not_found',
      /operator emp-ghost/,
    );
    await failsWith(
      loadAssemblyInput(stores, request({ kind: 'employee', employeeId: '../../etc' } as never)),
      'validation_failed',
      /accessPath is invalid: employeeId/,
    );
    await failsWith(
      loadAssemblyInput(
        createMemoryStores(),
        request({ kind: 'employee', employeeId: 'emp-carol' }),
      ),
      'not_found',
      /organization/,
    );
  });
});
