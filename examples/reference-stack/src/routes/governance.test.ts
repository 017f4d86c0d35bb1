import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, readConfig } from '../config.js';
import { toErrorResponse } from '../http/errors.js';
import { createTestStack, type TestStack } from '../testing/harness.js';
import { auditCsvRow, csvField } from './audit.js';
import { bucket, isoWeek } from './usage.js';

describe('knowledge, pairing, audit, usage', () => {
  let stack: TestStack;
  beforeEach(async () => {
    stack = await createTestStack();
  });

  it('uploads Markdown documents within bounds and keeps file names unique', async () => {
    const base = '/api/v1/knowledge-bases';
    expect(
      (
        await stack.request('POST', base, {
          as: 'emp-admin',
          payload: { id: 'field-guide', name: 'Sales playbook', description: 'How we sell' },
        })
      ).statusCode,
    ).toBe(201);
    const put = (documentId: string, fileName: string, content: string) =>
      stack.request('PUT', `${base}/field-guide/documents/${documentId}`, {
        as: 'emp-admin',
        payload: { title: 'Discovery', fileName, content },
      });
    const saved = await put('discovery', 'discovery.md', '# Discovery\n\nAsk about budget first.');
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ sizeBytes: 36, fileName: 'discovery.md' });
    const read = await stack.request('GET', `${base}/field-guide/documents/discovery`, {
      as: 'emp-mike',
    });
    expect(read.json()).toMatchObject({ content: '# Discovery\n\nAsk about budget first.' });
    expect((await put('other', 'discovery.md', 'clash')).statusCode).toBe(409);
    expect((await put('big', 'big.md', 'x'.repeat(1024 * 1024 + 1))).statusCode).toBe(400);
    expect((await put('evil', '../evil.md', 'x')).statusCode).toBe(400);
    const writes = stack.writes.writes;
    expect((await put('huge', 'huge.md', 'x'.repeat(3 * 1024 * 1024))).statusCode).toBe(413);
    expect(stack.writes.writes).toBe(writes);

    const assigned = await stack.request('POST', `${base}/field-guide/assignments`, {
      as: 'emp-admin',
      payload: { target: { kind: 'position', positionId: 'pos-account-executive' } },
    });
    expect(assigned.statusCode).toBe(201);
    const removed = await stack.request(
      'DELETE',
      `${base}/field-guide/assignments?kind=position&targetId=pos-account-executive`,
      { as: 'emp-admin' },
    );
    expect(removed.statusCode).toBe(204);
    const missingTarget = await stack.request(
      'DELETE',
      `${base}/field-guide/assignments?kind=position`,
      {
        as: 'emp-admin',
      },
    );
    expect(missingTarget.statusCode).toBe(400);
    expect(
      (await stack.request('DELETE', `${base}/field-guide`, { as: 'emp-admin' })).statusCode,
    ).toBe(204);
    expect(await stack.stores.blobs.head('knowledge/field-guide/discovery.md')).toBeUndefined();
  });

  it('starts IM pairing with a code, a deep link and a locally rendered QR code', async () => {
    const started = await stack.request('POST', '/api/v1/portal/pairing', {
      as: 'emp-mike',
      payload: { channel: 'telegram' },
    });
    expect(started.statusCode).toBe(201);
    const body = started.json() as { code: string; link: { url: string }; qrSvg: string };
    expect(body.link.url).toBe(`https://t.me/acme_clawforce_bot?start=${body.code}`);
    expect(body.qrSvg).toMatch(/^<svg/);
    const status = (
      await stack.request('GET', '/api/v1/portal/pairing', { as: 'emp-mike' })
    ).json() as {
      pending: { channel: string }[];
    };
    expect(status.pending).toEqual([expect.objectContaining({ channel: 'telegram' })]);
    // Carol's position offers no Telegram.
    const refused = await stack.request('POST', '/api/v1/portal/pairing', {
      as: 'emp-carol',
      payload: { channel: 'telegram' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('queries the audit trail with filters and paging, exports CSV and verifies the chain', async () => {
    await stack.request('PUT', '/api/v1/portal/profile', {
      as: 'emp-sarah',
      payload: { preferences: 'Short.' },
    });
    const byType = (
      await stack.request('GET', '/api/v1/audit?type=employee.&limit=5', { as: 'emp-admin' })
    ).json() as {
      items: { type: string }[];
      cursor?: string;
    };
    expect(byType.items).toHaveLength(5);
    for (const event of byType.items) expect(event.type.startsWith('employee.')).toBe(true);
    const next = (
      await stack.request('GET', `/api/v1/audit?type=employee.&limit=5&cursor=${byType.cursor}`, {
        as: 'emp-admin',
      })
    ).json() as { items: { seq: number }[] };
    expect(next.items.length).toBeGreaterThan(0);

    const mike = (
      await stack.request('GET', '/api/v1/audit?limit=100', { as: 'emp-mike' })
    ).json() as {
      items: { departmentId?: string; employeeId?: string }[];
    };
    expect(mike.items.length).toBeGreaterThan(0);
    for (const event of mike.items) {
      expect(['sales', 'enterprise-sales', 'smb-sales']).toContain(event.departmentId);
    }
    const carol = (
      await stack.request('GET', '/api/v1/audit?limit=100', { as: 'emp-carol' })
    ).json() as {
      items: { employeeId?: string }[];
    };
    for (const event of carol.items) expect(event.employeeId).toBe('emp-carol');

    const text = (
      await stack.request('GET', '/api/v1/audit?text=Short', { as: 'emp-admin' })
    ).json() as {
      items: unknown[];
    };
    expect(text.items.length).toBeGreaterThanOrEqual(0);

    const csv = await stack.request('GET', '/api/v1/audit/export.csv?type=employee.', {
      as: 'emp-admin',
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toBe(
      'seq,at,type,actorKind,actorId,employeeId,departmentId,targetKind,targetId,summary,details,hash',
    );
    expect(rows.length).toBeGreaterThan(27);
    expect(
      (await stack.request('GET', '/api/v1/audit/verify', { as: 'emp-admin' })).json(),
    ).toMatchObject({ ok: true });
  });

  it('reports usage per employee, department subtree and model, by day, week and month', async () => {
    for (const [employeeId, departmentId, day, cost] of [
      ['emp-sarah', 'enterprise-sales', '2026-11-02', 1_000_000],
      ['emp-sarah', 'enterprise-sales', '2026-11-09', 2_000_000],
      ['emp-tom', 'smb-sales', '2026-11-10', 500_000],
      ['emp-carol', 'finance', '2026-11-10', 4_000_000],
    ] as const) {
      await stack.stores.usage.add({
        employeeId,
        departmentId,
        day,
        model: 'offline/clawforce-offline',
        inputTokens: 100,
        outputTokens: 10,
        turns: 1,
        costMicroUsd: cost,
      });
    }
    const sales = (
      await stack.request(
        'GET',
        '/api/v1/usage/departments/sales?from=2026-11-01&to=2026-11-30&granularity=week',
        { as: 'emp-mike' },
      )
    ).json() as { total: { costMicroUsd: number }; series: { period: string }[] };
    expect(sales.total.costMicroUsd).toBe(3_500_000);
    expect(sales.series.map((entry) => entry.period)).toEqual(['2026-W45', '2026-W46']);
    const month = (
      await stack.request('GET', '/api/v1/usage?from=2026-11-01&to=2026-11-30&granularity=month', {
        as: 'emp-admin',
      })
    ).json() as { series: { period: string; totals: { turns: number } }[] };
    expect(month.series).toEqual([
      { period: '2026-11', totals: expect.objectContaining({ turns: 4 }) },
    ]);
    const badRange = await stack.request('GET', '/api/v1/usage?from=2026-12-01&to=2026-11-01', {
      as: 'emp-admin',
    });
    expect(badRange.statusCode).toBe(400);
  });

  it('budgets: managers see those of their subtree and their own department chain', async () => {
    for (const [scope, id] of [
      ['employees', 'emp-sarah'],
      ['employees', 'emp-carol'],
      ['departments', 'sales'],
      ['departments', 'finance'],
    ] as const) {
      const set = await stack.request('PUT', `/api/v1/budgets/${scope}/${id}`, {
        as: 'emp-admin',
        payload: { monthlyLimitUsd: 50, mode: 'soft' },
      });
      expect(set.statusCode).toBe(200);
    }
    const mike = (await stack.request('GET', '/api/v1/budgets', { as: 'emp-mike' })).json() as {
      items: { id: string }[];
    };
    expect(mike.items.map((entry) => entry.id).sort()).toEqual(['emp-sarah', 'sales']);
    const carol = (await stack.request('GET', '/api/v1/budgets', { as: 'emp-carol' })).json() as {
      items: { id: string }[];
    };
    expect(carol.items.map((entry) => entry.id).sort()).toEqual(['emp-carol', 'finance']);
    const missing = await stack.request('PUT', '/api/v1/budgets/employees/emp-nobody', {
      as: 'emp-admin',
      payload: { monthlyLimitUsd: 50, mode: 'soft' },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('covers every route, names its action, and every $ref resolves', async () => {
    const stack = await createTestStack();
    const response = await stack.request('GET', '/api/v1/openapi.json');
    const document = response.json() as {
      openapi: string;
      paths: Record<string, Record<string, { 'x-clawforce-action': string; responses: object }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    for (const route of stack.api.routes) {
      const path = route.path.replace(/\{(\w+)\*?\}/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      expect(operation?.['x-clawforce-action']).toBe(route.access);
    }
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
      expect(name && document.components.schemas[name], ref).toBeDefined();
    }
    const login = document.paths['/api/v1/auth/login']?.post as unknown as {
      requestBody: {
        content: { 'application/json': { schema: { additionalProperties: boolean } } };
      };
    };
    expect(login.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });
});

describe('configuration and error mapping', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads the environment with defaults and names every bad variable', () => {
    const config = readConfig({ INIT_CWD: '/srv/acme' });
    expect(config).toMatchObject({
      port: 8099,
      host: 'localhost',
      publicUrl: 'http://localhost:8099',
      dataDir: '/srv/acme/.clawforce',
      forcePasswordChange: false,
      runtime: { mode: 'warm', providers: [] },
    });
    const providers = readConfig({
      PORT: '9000',
      PUBLIC_URL: 'https://claw.acme.example/',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODELS: 'llama3.2, qwen2.5',
      BEDROCK_MODELS: 'us.amazon.nova-2-lite-v1:0',
      AWS_REGION: 'us-east-1',
      TELEGRAM_BOT_USERNAME: 'acme_bot',
      FORCE_PASSWORD_CHANGE: 'yes',
    });
    expect(providers.publicUrl).toBe('https://claw.acme.example');
    expect(providers.forcePasswordChange).toBe(true);
    expect(providers.runtime.providers).toEqual([
      {
        kind: 'openai-compatible',
        id: 'openai',
        baseUrl: 'http://127.0.0.1:11434/v1',
        models: [{ id: 'llama3.2' }, { id: 'qwen2.5' }],
      },
      { kind: 'bedrock', region: 'us-east-1', models: [{ id: 'us.amazon.nova-2-lite-v1:0' }] },
    ]);
    expect(providers.pairingChannels).toEqual({ telegram: { botUsername: 'acme_bot' } });
    expect(() => readConfig({ PORT: 'eighty', JWT_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: 'eighty', JWT_SECRET: 'short' })).toThrow(/PORT.*JWT_SECRET/);
    expect(() => readConfig({ OPENAI_MODELS: 'x' })).toThrow(/OPENAI_BASE_URL and OPENAI_MODELS/);
  });

  it('maps failures to statuses and never leaks an unexpected error', () => {
    expect(toErrorResponse(new Error('database password is hunter2'))).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'an unexpected error occurred', details: null } },
      headers: {},
      unexpected: true,
    });
  });
});

describe('pure helpers', () => {
  it('computes ISO weeks across year boundaries', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });

  it('buckets daily usage into months', () => {
    const totals = (cost: number) => ({
      inputTokens: 1,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      turns: 1,
      costMicroUsd: cost,
    });
    const series = bucket(
      {
        total: totals(3),
        byDay: [
          { day: '2026-10-31', totals: totals(1) },
          { day: '2026-11-01', totals: totals(2) },
        ],
        byModel: [],
      },
      'month',
    );
    expect(series.map((entry) => [entry.period, entry.totals.costMicroUsd])).toEqual([
      ['2026-10', 1],
      ['2026-11', 2],
    ]);
  });

  it('writes CSV fields safely for spreadsheets', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(
      auditCsvRow({
        seq: 1,
        at: '2026-11-26T00:00:00.000Z',
        type: 'employee.updated',
        actor: { kind: 'employee', id: 'emp-admin' },
        summary: 'Line\nbreak',
        prevHash: '0'.repeat(64),
        hash: 'f'.repeat(64),
      }),
    ).toBe(
      `1,2026-11-26T00:00:00.000Z,employee.updated,employee,emp-admin,,,,,"Line\nbreak",,${'f'.repeat(64)}\r\n`,
    );
  });
});
