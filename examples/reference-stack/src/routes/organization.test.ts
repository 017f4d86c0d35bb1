import {
  COMPANY_DIRECTORY_FILE_NAME,
  COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
  knowledgeDocumentKey,
} from '@clawforce/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, TEST_PASSWORD, type TestStack } from '../testing/harness.js';

interface Page {
  items: { id: string; departmentId: string }[];
  cursor?: string;
}

const SALES = ['sales', 'enterprise-sales', 'smb-sales'];

describe('organization routes', () => {
  let stack: TestStack;
  beforeEach(async () => {
    stack = await createTestStack();
  });

  it('list endpoints filter to the caller’s scope, also when paging', async () => {
    const admin = (
      await stack.request('GET', '/api/v1/employees?limit=100', { as: 'emp-admin' })
    ).json() as Page;
    expect(admin.items).toHaveLength(27);
    const mike = (
      await stack.request('GET', '/api/v1/employees', { as: 'emp-mike' })
    ).json() as Page;
    expect(mike.items.map((employee) => employee.id).sort()).toEqual([
      'emp-mike',
      'emp-sarah',
      'emp-tom',
    ]);
    const carol = (
      await stack.request('GET', '/api/v1/employees', { as: 'emp-carol' })
    ).json() as Page;
    expect(carol.items.map((employee) => employee.id)).toEqual(['emp-carol']);

    // A cursor taken from the admin's listing does not widen the manager's scope.
    const first = (
      await stack.request('GET', '/api/v1/employees?limit=2', { as: 'emp-admin' })
    ).json() as Page;
    const widened = await stack.request('GET', `/api/v1/employees?cursor=${first.cursor}`, {
      as: 'emp-mike',
    });
    for (const employee of (widened.json() as Page).items)
      expect(SALES).toContain(employee.departmentId);

    // Paging through a subtree visits everyone once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await stack.request(
          'GET',
          `/api/v1/employees?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { as: 'emp-mike' },
        )
      ).json() as Page;
      seen.push(...page.items.map((employee) => employee.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['emp-mike', 'emp-sarah', 'emp-tom']);

    const departments = (
      await stack.request('GET', '/api/v1/departments', { as: 'emp-mike' })
    ).json() as Page;
    expect(departments.items.map((department) => department.id).sort()).toEqual([...SALES].sort());
    const positions = (
      await stack.request('GET', '/api/v1/positions', { as: 'emp-mike' })
    ).json() as Page;
    for (const position of positions.items) expect(SALES).toContain(position.departmentId);
    const agents = (
      await stack.request('GET', '/api/v1/agents', { as: 'emp-mike' })
    ).json() as Page;
    expect(agents.items.map((agent) => agent.id).sort()).toEqual([
      'emp-mike',
      'emp-sarah',
      'emp-tom',
    ]);
  });

  it('a cached page follows every change at once', async () => {
    const before = (
      await stack.request('GET', '/api/v1/employees', { as: 'emp-mike' })
    ).json() as Page;
    await stack.stores.org.createEmployee({
      id: 'emp-zoe',
      employeeNumber: 'ACME-9100',
      name: 'Zoe',
      email: 'zoe@acme.example',
      role: 'employee',
      departmentId: 'smb-sales',
      positionId: 'pos-account-executive',
      status: 'active',
      flags: [],
      preferences: '',
    });
    const after = (
      await stack.request('GET', '/api/v1/employees', { as: 'emp-mike' })
    ).json() as Page;
    expect(after.items).toHaveLength(before.items.length + 1);
    await stack.stores.org.updateEmployee('emp-zoe', { name: 'Zoe Renamed' });
    const renamed = (
      await stack.request('GET', '/api/v1/employees', { as: 'emp-mike' })
    ).json() as {
      items: { name: string }[];
    };
    expect(renamed.items.map((employee) => employee.name)).toContain('Zoe Renamed');
  });

  it('guards deletes: 409 with the blockers, ?force=true cascades (audited) and signs the removed out', async () => {
    const sarah = await stack.token('emp-sarah');
    const refused = await stack.request('DELETE', '/api/v1/departments/sales', { as: 'emp-admin' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'in_use' } });
    expect(
      (await stack.request('GET', '/api/v1/employees/emp-sarah', { as: 'emp-admin' })).statusCode,
    ).toBe(200);

    const forced = await stack.request('DELETE', '/api/v1/departments/sales?force=true', {
      as: 'emp-admin',
    });
    expect(forced.statusCode).toBe(200);
    const { removed } = forced.json() as {
      removed: { departments: string[]; employees: string[] };
    };
    expect(removed.departments.sort()).toEqual([...SALES].sort());
    expect(removed.employees.sort()).toEqual(['emp-mike', 'emp-sarah', 'emp-tom']);
    const audit = await stack.stores.audit.query({ type: 'department.cascade-deleted' });
    expect(audit.items[0]).toMatchObject({
      actor: { kind: 'employee', id: 'emp-admin' },
      departmentId: 'sales',
    });
    const me = await stack.api.server.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${sarah}` },
    });
    expect(me.statusCode).toBe(401);
    const login = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { employeeId: 'emp-sarah', password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(401);
  });

  it('regenerates the company directory after people change', async () => {
    const created = await stack.request('POST', '/api/v1/employees', {
      as: 'emp-admin',
      payload: {
        id: 'emp-quinn',
        employeeNumber: 'ACME-9200',
        name: 'Quinn Directory',
        email: 'quinn@acme.example',
        role: 'employee',
        departmentId: 'finance',
        positionId: 'pos-finance-analyst',
      },
    });
    expect(created.statusCode).toBe(201);
    await stack.api.settled();
    const blob = await stack.stores.blobs.get(
      knowledgeDocumentKey(COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID, COMPANY_DIRECTORY_FILE_NAME),
    );
    expect(Buffer.from(blob?.body ?? []).toString('utf8')).toContain('Quinn Directory');
    const edit = await stack.request(
      'PUT',
      `/api/v1/knowledge-bases/${COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID}`,
      {
        as: 'emp-admin',
        payload: { name: 'Mine now' },
      },
    );
    expect(edit.statusCode).toBe(409);
  });

  it('effective config follows settings and overrides on the next read, with the deciding layer', async () => {
    const read = async () =>
      (
        await stack.request('GET', '/api/v1/agents/emp-carol/config', { as: 'emp-admin' })
      ).json() as {
        config: { model: string; maxTokens: number };
        sources: Record<string, string>;
        toolPolicy: { exec: string };
      };
    const before = await read();
    expect(before.sources.model).toBe('runtime');
    expect(before.toolPolicy.exec).toBe('deny');
    await stack.request('PUT', '/api/v1/settings/employees/emp-carol', {
      as: 'emp-admin',
      payload: { agentConfig: { model: 'offline/clawforce-offline', maxTokens: 1_234 } },
    });
    const after = await read();
    expect(after.config).toMatchObject({ model: 'offline/clawforce-offline', maxTokens: 1_234 });
    expect(after.sources).toMatchObject({ model: 'employee', maxTokens: 'employee' });
    const settings = await stack.request('PUT', '/api/v1/settings', {
      as: 'emp-admin',
      payload: { agentDefaults: { responseLanguage: 'de' } },
    });
    expect(settings.json()).toMatchObject({ agentDefaults: { responseLanguage: 'de' } });
  });

  it('routing rules apply to the next decision and explain themselves', async () => {
    const explain = async () =>
      (
        await stack.request('GET', '/api/v1/routing/explain/emp-carol', { as: 'emp-admin' })
      ).json() as {
        tier: string;
        target: { runtimeId: string };
      };
    expect(await explain()).toMatchObject({ tier: 'default', target: { runtimeId: 'standard' } });
    const rule = await stack.request('PUT', '/api/v1/routing/positions/pos-finance-analyst', {
      as: 'emp-admin',
      payload: { runtimeId: 'executive' },
    });
    expect(rule.statusCode).toBe(204);
    expect(await explain()).toMatchObject({ tier: 'position', target: { runtimeId: 'executive' } });
    await stack.request('PUT', '/api/v1/routing/employees/emp-carol', {
      as: 'emp-admin',
      payload: { runtimeId: 'standard' },
    });
    expect(await explain()).toMatchObject({ tier: 'employee', target: { runtimeId: 'standard' } });
    const unknown = await stack.request('PUT', '/api/v1/routing/employees/emp-carol', {
      as: 'emp-admin',
      payload: { runtimeId: 'no-such-tier' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a guardrail that the guardrails config does not define', async () => {
    const bad = await stack.request('PUT', '/api/v1/runtimes/executive/guardrail', {
      as: 'emp-admin',
      payload: { guardrailId: 'made-up' },
    });
    expect(bad.statusCode).toBe(400);
    const good = await stack.request('PUT', '/api/v1/runtimes/executive/guardrail', {
      as: 'emp-admin',
      payload: { guardrailId: 'acme-standard' },
    });
    expect(good.json()).toMatchObject({ id: 'executive', guardrailId: 'acme-standard' });
    const list = await stack.request('GET', '/api/v1/guardrails', { as: 'emp-mike' });
    expect(list.json()).toMatchObject({ items: [{ id: 'acme-standard' }] });
  });
});

describe('SOUL layers', () => {
  let stack: TestStack;
  beforeEach(async () => {
    stack = await createTestStack();
  });

  it('writes versions with author and note, diffs them, and refuses a stale edit', async () => {
    const base = '/api/v1/soul/positions/pos-account-executive';
    const current = (await stack.request('GET', base, { as: 'emp-mike' })).json() as {
      layer: { version: number } | null;
    };
    const version = current.layer?.version ?? 0;
    const write = await stack.request('PUT', base, {
      as: 'emp-mike',
      payload: {
        content: 'Always log the call in the CRM.\nQuote in USD.',
        note: 'CRM rule',
        expectedVersion: version,
      },
    });
    expect(write.statusCode).toBe(200);
    expect(write.json()).toMatchObject({
      version: version + 1,
      author: 'emp-mike',
      note: 'CRM rule',
    });
    const stale = await stack.request('PUT', base, {
      as: 'emp-admin',
      payload: { content: 'Something else', expectedVersion: version },
    });
    expect(stale.statusCode).toBe(409);

    const diff = (await stack.request('GET', `${base}/diff`, { as: 'emp-admin' })).json() as {
      from: number;
      to: number;
      patch: string;
      addedLines: number;
    };
    expect(diff).toMatchObject({ from: version, to: version + 1 });
    expect(diff.patch).toContain('+Always log the call in the CRM.');
    expect(diff.addedLines).toBeGreaterThanOrEqual(2);

    const versions = (
      await stack.request('GET', `${base}/versions`, { as: 'emp-admin' })
    ).json() as {
      items: { version: number; author: string }[];
    };
    expect(versions.items[0]).toMatchObject({ version: version + 1, author: 'emp-mike' });
    const impact = (await stack.request('GET', `${base}/impact`, { as: 'emp-admin' })).json() as {
      agents: number;
      employeeIds: string[];
    };
    expect(impact.employeeIds.sort()).toEqual(['emp-mike', 'emp-sarah', 'emp-tom']);
    expect(impact.agents).toBe(3);
    const global = (
      await stack.request('GET', '/api/v1/soul/global/impact', { as: 'emp-admin' })
    ).json();
    expect(global).toMatchObject({ agents: 27 });

    const redLines = await stack.request('PUT', base, {
      as: 'emp-admin',
      payload: { content: 'x', redLines: ['no'] },
    });
    expect(redLines.statusCode).toBe(400);
  });

  it('shows the merged SOUL and the assembled workspace, with secrets redacted', async () => {
    const soul = (
      await stack.request('GET', '/api/v1/agents/emp-carol/soul', { as: 'emp-carol' })
    ).json() as {
      content: string;
      layers: { scope: string }[];
    };
    expect(soul.content.length).toBeGreaterThan(100);
    expect(soul.layers.map((layer) => layer.scope)).toContain('global');
    const workspace = (
      await stack.request('GET', '/api/v1/agents/emp-carol/workspace', { as: 'emp-admin' })
    ).json() as {
      files: { path: string; content: string }[];
      config: { tools: { exec: { security: string } } };
    };
    const paths = workspace.files.map((file) => file.path);
    for (const path of ['SOUL.md', 'AGENTS.md', 'TOOLS.md', 'IDENTITY.md', 'USER.md'])
      expect(paths).toContain(path);
    expect(workspace.files.find((file) => file.path === 'IDENTITY.md')?.content).toContain(
      'Carol Zhang',
    );
    expect(workspace.config.tools.exec.security).toBe('deny');
  });

  it('lists and returns memory files from the stored workspace', async () => {
    await stack.stores.blobs.put(
      'workspaces/emp-carol/MEMORY.md',
      '# Memory\n\nClose is on the 5th.',
    );
    await stack.stores.blobs.put('workspaces/emp-carol/memory/2026-11-20.md', 'Met with David.');
    const list = (
      await stack.request('GET', '/api/v1/agents/emp-carol/memory', { as: 'emp-carol' })
    ).json() as {
      files: { path: string }[];
    };
    expect(list.files.map((file) => file.path)).toEqual(['MEMORY.md', 'memory/2026-11-20.md']);
    const file = await stack.request(
      'GET',
      '/api/v1/agents/emp-carol/memory/memory/2026-11-20.md',
      {
        as: 'emp-carol',
      },
    );
    expect(file.json()).toMatchObject({ path: 'memory/2026-11-20.md', content: 'Met with David.' });
    const outside = await stack.request(
      'GET',
      '/api/v1/agents/emp-carol/memory/..%2F..%2Fjwt-secret',
      {
        as: 'emp-carol',
      },
    );
    expect(outside.statusCode).toBe(400);
  });
});
