import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditLog } from '../ports/audit-log.js';
import type { ItemStore } from '../ports/item-store.js';
import type { EmployeeInput, OrgStore, PositionInput } from '../ports/org-store.js';
import type { Employee } from '../schemas/organization.js';
import { createTestClock, type TestClock } from './clock.js';
import { expectClawforceError } from './expect-error.js';

export interface OrgStoreFixture {
  readonly org: OrgStore;
  readonly audit: AuditLog;
  readonly items: ItemStore;
  readonly cleanup?: () => Promise<void>;
}

export type OrgStoreFactory = (context: { now: () => number }) => Promise<OrgStoreFixture>;

const admin = { kind: 'employee', id: 'emp-admin' } as const;

const position = (
  id: string,
  departmentId: string,
  overrides: Partial<PositionInput> = {},
): PositionInput => ({
  id,
  name: id,
  departmentId,
  toolPolicy: {},
  defaultSkills: [],
  imChannels: ['telegram'],
  ...overrides,
});

let serial = 0;
const employee = (
  id: string,
  departmentId: string,
  positionId: string,
  overrides: Partial<EmployeeInput> = {},
): EmployeeInput => {
  serial += 1;
  return {
    id,
    employeeNumber: `E${serial.toString().padStart(5, '0')}`,
    name: id.replace(/^emp-/, ''),
    email: `${id}@acme.example`,
    role: 'employee',
    departmentId,
    positionId,
    status: 'active',
    flags: [],
    preferences: '',
    ...overrides,
  };
};

async function allEmployees(org: OrgStore, subtreeOf?: string): Promise<Employee[]> {
  const found: Employee[] = [];
  let cursor: string | undefined;
  do {
    const page = await org.listEmployees({
      limit: 2,
      ...(subtreeOf ? { subtreeOf } : {}),
      ...(cursor ? { cursor } : {}),
    });
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return found;
}

/**
 * Builds a small org used by the suite:
 * engineering (backend, platform -> sre), sales; positions sde (backend), devops (platform), ae (sales).
 */
async function seed(org: OrgStore): Promise<void> {
  await org.saveRuntime({
    id: 'standard',
    name: 'Standard',
    model: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
    toolPolicy: {},
    guardrailId: 'gr-standard',
    mode: 'serverless',
  });
  await org.saveSkill({
    name: 'jira-query',
    description: 'Query Jira',
    version: '1.0.0',
    allowedRoles: ['*'],
    blockedRoles: [],
    requiredEnv: [],
    instructions: 'Use the Jira API.',
  });
  await org.createDepartment({ id: 'engineering', name: 'Engineering', parentId: null });
  await org.createDepartment({ id: 'backend', name: 'Backend', parentId: 'engineering' });
  await org.createDepartment({ id: 'platform', name: 'Platform', parentId: 'engineering' });
  await org.createDepartment({ id: 'sre', name: 'SRE', parentId: 'platform' });
  await org.createDepartment({ id: 'sales', name: 'Sales', parentId: null });
  await org.createPosition(
    position('pos-sde', 'backend', { runtimeId: 'standard', defaultSkills: ['jira-query'] }),
  );
  await org.createPosition(position('pos-devops', 'platform'));
  await org.createPosition(position('pos-ae', 'sales'));
  await org.createEmployee(employee('emp-ryan', 'backend', 'pos-sde'));
  await org.createEmployee(employee('emp-sophie', 'backend', 'pos-sde'));
  await org.createEmployee(employee('emp-lisa', 'platform', 'pos-devops'));
  await org.createEmployee(employee('emp-sam', 'sre', 'pos-devops'));
  await org.createEmployee(employee('emp-mike', 'sales', 'pos-ae', { role: 'manager' }));
}

/** The OrgStore contract: validation, referential integrity, guarded and atomic deletes, audit. */
export function describeOrgStore(name: string, factory: OrgStoreFactory): void {
  describe(`OrgStore contract: ${name}`, () => {
    let fixture: OrgStoreFixture;
    let org: OrgStore;
    let clock: TestClock;

    beforeEach(async () => {
      clock = createTestClock();
      fixture = await factory({ now: clock.now });
      org = fixture.org;
      await seed(org);
    });
    afterEach(async () => {
      await fixture.cleanup?.();
    });

    it('stores the department tree and lists a subtree of employees with paging', async () => {
      const tree = await org.departmentTree();
      expect(tree.subtree('engineering')).toEqual(['engineering', 'backend', 'platform', 'sre']);
      expect((await allEmployees(org, 'engineering')).map((found) => found.id).sort()).toEqual([
        'emp-lisa',
        'emp-ryan',
        'emp-sam',
        'emp-sophie',
      ]);
      expect((await allEmployees(org, 'platform')).map((found) => found.id)).toEqual([
        'emp-lisa',
        'emp-sam',
      ]);
      expect((await allEmployees(org, 'sales')).map((found) => found.id)).toEqual(['emp-mike']);
      expect(await allEmployees(org)).toHaveLength(5);
      await expectClawforceError(org.listEmployees({ subtreeOf: 'nowhere' }), 'not_found');
    });

    it('creates each employee with their personal agent, and keeps emails and numbers unique', async () => {
      expect(await org.getAgent('emp-ryan')).toMatchObject({
        kind: 'personal',
        employeeId: 'emp-ryan',
        status: 'active',
      });
      await expectClawforceError(
        org.createEmployee(employee('emp-ryan', 'backend', 'pos-sde')),
        'already_exists',
      );
      const duplicateEmail = await expectClawforceError(
        org.createEmployee(
          employee('emp-new', 'backend', 'pos-sde', { email: 'EMP-RYAN@acme.example' }),
        ),
        'already_exists',
      );
      expect(duplicateEmail.message).toContain('email');
      const ryan = (await org.getEmployee('emp-ryan')) as Employee;
      await expectClawforceError(
        org.createEmployee(
          employee('emp-new', 'backend', 'pos-sde', { employeeNumber: ryan.employeeNumber }),
        ),
        'already_exists',
      );
      expect(await org.getEmployee('emp-new')).toBeUndefined();
    });

    it('lets exactly one of concurrent creations with the same email succeed', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) =>
          org.createEmployee(
            employee(`emp-twin-${index}`, 'backend', 'pos-sde', { email: 'same@acme.example' }),
          ),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(
        (await allEmployees(org, 'backend')).filter((found) => found.email === 'same@acme.example'),
      ).toHaveLength(1);
    });

    it('refuses dangling references and leaves nothing half-written', async () => {
      const missingPosition = await expectClawforceError(
        org.createEmployee(employee('emp-x', 'backend', 'pos-missing')),
        'validation_failed',
      );
      expect(missingPosition.message).toContain('pos-missing');
      expect(await org.getEmployee('emp-x')).toBeUndefined();
      expect(await org.getAgent('emp-x')).toBeUndefined();
      // The failed attempt reserved nothing: the same email and number work once the position exists.
      const retry = employee('emp-x', 'backend', 'pos-sde');
      await org.createEmployee(retry);
      await expectClawforceError(
        org.createEmployee(employee('emp-y', 'nowhere', 'pos-sde')),
        'validation_failed',
      );
      await expectClawforceError(
        org.createPosition(position('pos-x', 'backend', { runtimeId: 'turbo' })),
        'validation_failed',
      );
      const badSkill = await expectClawforceError(
        org.createPosition(position('pos-x', 'backend', { defaultSkills: ['jira-query', 'nope'] })),
        'validation_failed',
      );
      expect(badSkill.details).toEqual([
        { path: 'defaultSkills.1', code: 'not_found', message: 'does not exist' },
      ]);
      expect(await org.getPosition('pos-x')).toBeUndefined();
      await expectClawforceError(
        org.createDepartment({ id: 'orphan', name: 'Orphan', parentId: 'nowhere' }),
        'validation_failed',
      );
      expect(await org.getDepartment('orphan')).toBeUndefined();
    });

    it('rejects unknown and invalid fields with errors that name them', async () => {
      const unknown = await expectClawforceError(
        org.createEmployee({
          ...employee('emp-z', 'backend', 'pos-sde'),
          salary: 1,
        } as EmployeeInput),
        'validation_failed',
      );
      expect(unknown.details).toEqual([
        { path: 'salary', code: 'unknown_field', message: 'unknown field' },
      ]);
      const email = await expectClawforceError(
        org.createEmployee(employee('emp-z', 'backend', 'pos-sde', { email: 'not-an-email' })),
        'validation_failed',
      );
      expect(email.message).toContain('email');
      await expectClawforceError(
        org.createEmployee(employee('emp/../z', 'backend', 'pos-sde')),
        'validation_failed',
      );
      await expectClawforceError(org.getEmployee('../../etc/passwd'), 'invalid_id');
      await expectClawforceError(org.getEmployee('x'.repeat(65)), 'invalid_id');
      await expectClawforceError(
        org.updateEmployee('emp-ryan', { id: 'emp-other' } as never),
        'validation_failed',
      );
      await expectClawforceError(
        org.updateEmployee('emp-ryan', { role: 'owner' } as never),
        'validation_failed',
      );
      expect((await org.getEmployee('emp-ryan'))?.role).toBe('employee');
    });

    it('patches employees, moving them between departments and positions consistently', async () => {
      const moved = await org.updateEmployee('emp-ryan', {
        departmentId: 'sre',
        positionId: 'pos-devops',
        preferences: 'Short answers.',
      });
      expect(moved).toMatchObject({
        departmentId: 'sre',
        positionId: 'pos-devops',
        preferences: 'Short answers.',
      });
      expect((await allEmployees(org, 'backend')).map((found) => found.id)).toEqual(['emp-sophie']);
      expect((await allEmployees(org, 'platform')).map((found) => found.id).sort()).toEqual([
        'emp-lisa',
        'emp-ryan',
        'emp-sam',
      ]);
      expect((await org.listPositionHolders('pos-sde')).sort()).toEqual(['emp-sophie']);
      expect((await org.listPositionHolders('pos-devops')).sort()).toEqual([
        'emp-lisa',
        'emp-ryan',
        'emp-sam',
      ]);
      const withOverride = await org.updateEmployee('emp-ryan', {
        agentConfig: { maxTokens: 2_000 },
      });
      expect(withOverride.agentConfig).toEqual({ maxTokens: 2_000 });
      const cleared = await org.updateEmployee('emp-ryan', { agentConfig: null });
      expect(cleared.agentConfig).toBeUndefined();
      await expectClawforceError(
        org.updateEmployee('emp-ryan', { positionId: 'pos-none' }),
        'validation_failed',
      );
      expect((await org.getEmployee('emp-ryan'))?.positionId).toBe('pos-devops');
      await expectClawforceError(org.updateEmployee('emp-ghost', { name: 'Ghost' }), 'not_found');
    });

    it('applies concurrent patches of one employee without losing either', async () => {
      await Promise.all([
        org.updateEmployee('emp-ryan', { preferences: 'Bullet points.' }),
        org.updateEmployee('emp-ryan', { flags: ['intern'] }),
        org.updateEmployee('emp-ryan', { name: 'Ryan P.' }),
      ]);
      expect(await org.getEmployee('emp-ryan')).toMatchObject({
        preferences: 'Bullet points.',
        flags: ['intern'],
        name: 'Ryan P.',
      });
    });

    it('moves a department subtree and re-keys its employees', async () => {
      await org.updateDepartment('platform', { parentId: 'sales', name: 'Sales Platform' });
      const tree = await org.departmentTree();
      expect(tree.path('sre')).toBe('/sales/platform/sre/');
      expect((await allEmployees(org, 'sales')).map((found) => found.id).sort()).toEqual([
        'emp-lisa',
        'emp-mike',
        'emp-sam',
      ]);
      expect((await allEmployees(org, 'engineering')).map((found) => found.id).sort()).toEqual([
        'emp-ryan',
        'emp-sophie',
      ]);
      await expectClawforceError(
        org.updateDepartment('sales', { parentId: 'sre' }),
        'validation_failed',
      );
      await expectClawforceError(
        org.updateDepartment('sales', { parentId: 'sales' }),
        'validation_failed',
      );
    });

    it('refuses to delete a department that still has anything, naming what blocks it', async () => {
      const error = await expectClawforceError(org.deleteDepartment('engineering'), 'in_use');
      expect(error.details).toMatchObject({
        blockers: {
          departments: ['backend', 'platform', 'sre'],
          positions: ['pos-devops', 'pos-sde'],
          employees: expect.arrayContaining(['emp-ryan', 'emp-sam']),
        },
      });
      expect(error.message).toContain('sub-departments');
      await expectClawforceError(org.deletePosition('pos-sde'), 'in_use');
      expect(await org.getDepartment('engineering')).toBeDefined();
    });

    it('cascades a forced department delete atomically and audits it', async () => {
      await org.createBinding({
        channel: 'telegram',
        channelUserId: '1001',
        employeeId: 'emp-sam',
        pairedAt: new Date(clock.now()).toISOString(),
      });
      const report = await org.deleteDepartment('platform', { force: true, actor: admin });
      expect([...report.departments].sort()).toEqual(['platform', 'sre']);
      expect(report.positions).toEqual(['pos-devops']);
      expect([...report.employees].sort()).toEqual(['emp-lisa', 'emp-sam']);
      expect(report.bindings).toEqual([{ channel: 'telegram', channelUserId: '1001' }]);
      expect(await org.getEmployee('emp-sam')).toBeUndefined();
      expect(await org.getAgent('emp-sam')).toBeUndefined();
      expect(await org.getBinding('telegram', '1001')).toBeUndefined();
      expect(await org.getPosition('pos-devops')).toBeUndefined();
      expect((await org.departmentTree()).subtree('engineering')).toEqual([
        'engineering',
        'backend',
      ]);
      const events = await fixture.audit.query({ type: 'department.cascade-deleted' });
      expect(events.items).toHaveLength(1);
      expect(events.items[0]).toMatchObject({ actor: admin, departmentId: 'platform' });
      // The parent can now be emptied and removed normally.
      await org.deleteEmployee('emp-ryan');
      await org.deleteEmployee('emp-sophie');
      await org.deletePosition('pos-sde');
      await org.deleteDepartment('backend');
      await org.deleteDepartment('engineering');
      expect(await org.getDepartment('engineering')).toBeUndefined();
    });

    it('refuses a cascade that would strand employees outside the subtree', async () => {
      await org.updateEmployee('emp-mike', { positionId: 'pos-devops' });
      const error = await expectClawforceError(
        org.deleteDepartment('platform', { force: true }),
        'in_use',
      );
      expect(error.message).toContain('emp-mike');
      expect(await org.getEmployee('emp-lisa')).toBeDefined();
    });

    it('deletes an employee with bindings, twin link, personal SOUL and assignments in one step', async () => {
      const pairedAt = new Date(clock.now()).toISOString();
      await org.createBinding({
        channel: 'telegram',
        channelUserId: '2002',
        employeeId: 'emp-ryan',
        pairedAt,
      });
      await org.createBinding({
        channel: 'discord',
        channelUserId: '98765432101234567',
        employeeId: 'emp-ryan',
        pairedAt,
      });
      await org.enableTwinLink('emp-ryan', 'a'.repeat(64));
      await org.saveSoulLayer(
        { scope: 'personal', employeeId: 'emp-ryan' },
        { content: 'I like Go.' },
        { author: 'emp-ryan' },
      );
      await org.saveKnowledgeBase({
        id: 'kb-eng',
        name: 'Engineering',
        description: 'Standards',
        kind: 'topic',
      });
      await org.assignKnowledgeBase('kb-eng', { kind: 'employee', employeeId: 'emp-ryan' });
      const report = await org.deleteEmployee('emp-ryan', { actor: admin });
      expect(report).toMatchObject({
        employees: ['emp-ryan'],
        agents: ['emp-ryan'],
        twinLinks: ['emp-ryan'],
      });
      expect(report.bindings).toHaveLength(2);
      expect(await org.getBinding('telegram', '2002')).toBeUndefined();
      expect(await org.resolveTwinToken('a'.repeat(64))).toBeUndefined();
      expect(await org.getSoulLayer({ scope: 'personal', employeeId: 'emp-ryan' })).toBeUndefined();
      expect(await org.listKnowledgeAssignments('kb-eng')).toEqual([]);
      expect(await org.listPositionHolders('pos-sde')).toEqual(['emp-sophie']);
      // Email and number are free again.
      await org.createEmployee(employee('emp-ryan', 'backend', 'pos-sde'));
      expect((await fixture.audit.query({ type: 'employee.deleted' })).items[0]).toMatchObject({
        employeeId: 'emp-ryan',
        actor: admin,
      });
    });

    it('cascades a forced position delete to its holders', async () => {
      const report = await org.deletePosition('pos-sde', { force: true });
      expect([...report.employees].sort()).toEqual(['emp-ryan', 'emp-sophie']);
      expect(await org.getPosition('pos-sde')).toBeUndefined();
      await org.deleteDepartment('backend');
    });

    it('versions SOUL layers and refuses stale writes', async () => {
      const ref = { scope: 'position', positionId: 'pos-sde' } as const;
      const first = await org.saveSoulLayer(
        ref,
        { content: 'You are a software engineer.' },
        { author: 'emp-admin' },
      );
      const second = await org.saveSoulLayer(
        ref,
        { content: 'You are a senior software engineer.', note: 'tone' },
        { author: 'emp-admin', expectedVersion: 1 },
      );
      expect([first.version, second.version]).toEqual([1, 2]);
      await expectClawforceError(
        org.saveSoulLayer(ref, { content: 'stale' }, { author: 'emp-mike', expectedVersion: 1 }),
        'conflict',
      );
      expect((await org.getSoulLayer(ref))?.content).toBe('You are a senior software engineer.');
      expect((await org.getSoulLayerVersion(ref, 1))?.content).toBe('You are a software engineer.');
      expect((await org.listSoulLayerVersions(ref)).items.map((layer) => layer.version)).toEqual([
        2, 1,
      ]);
      const global = await org.saveSoulLayer(
        { scope: 'global' },
        { content: 'Company rules.', redLines: ['Never share credentials.'] },
        { author: 'emp-admin' },
      );
      expect(global).toMatchObject({ scope: 'global', redLines: ['Never share credentials.'] });
      const kept = await org.saveSoulLayer(
        { scope: 'global' },
        { content: 'Company rules v2.' },
        { author: 'emp-admin' },
      );
      expect(kept).toMatchObject({ version: 2, redLines: ['Never share credentials.'] });
      await expectClawforceError(
        org.saveSoulLayer(ref, { content: 'x', redLines: ['no'] }, { author: 'emp-admin' }),
        'validation_failed',
      );
      await expectClawforceError(
        org.saveSoulLayer(
          { scope: 'position', positionId: 'pos-none' },
          { content: 'x' },
          { author: 'emp-admin' },
        ),
        'not_found',
      );
      await expectClawforceError(
        org.saveSoulLayer(ref, { content: 'x'.repeat(20_001) }, { author: 'emp-admin' }),
        'validation_failed',
      );
    });

    it('binds an IM account to one employee only, lists and revokes bindings', async () => {
      const pairedAt = new Date(clock.now()).toISOString();
      await org.createBinding({
        channel: 'telegram',
        channelUserId: '3003',
        employeeId: 'emp-lisa',
        pairedAt,
        chatId: '3003',
      });
      const taken = await expectClawforceError(
        org.createBinding({
          channel: 'telegram',
          channelUserId: '3003',
          employeeId: 'emp-sam',
          pairedAt,
        }),
        'conflict',
      );
      expect(taken.details).toEqual({ reason: 'already_bound' });
      await expectClawforceError(
        org.createBinding({
          channel: 'telegram',
          channelUserId: '4004',
          employeeId: 'emp-ghost',
          pairedAt,
        }),
        'not_found',
      );
      await org.createBinding({
        channel: 'feishu',
        channelUserId: 'ou_7d8a6e6df7621556ce0d21922b676706',
        employeeId: 'emp-lisa',
        pairedAt,
      });
      expect(
        (await org.listBindingsByEmployee('emp-lisa')).map((binding) => binding.channel).sort(),
      ).toEqual(['feishu', 'telegram']);
      expect(
        (await org.listBindingsByChannel('telegram')).items.map((binding) => binding.employeeId),
      ).toEqual(['emp-lisa']);
      const active = await org.recordBindingActivity('telegram', '3003', {
        at: pairedAt,
        newSession: true,
      });
      expect(active).toMatchObject({ sessionCount: 1, lastActiveAt: pairedAt });
      // The employee's own list (read from their partition only) follows the activity.
      expect(
        (await org.listBindingsByEmployee('emp-lisa')).find(
          (binding) => binding.channel === 'telegram',
        ),
      ).toEqual({ ...active, employeeId: 'emp-lisa' });
      // A copy written before copies were full (channel and user only) still lists its binding.
      await fixture.items.put({
        pk: 'EMP#emp-lisa',
        sk: 'BIND#feishu#ou_7d8a6e6df7621556ce0d21922b676706',
        data: { channel: 'feishu', channelUserId: 'ou_7d8a6e6df7621556ce0d21922b676706' },
      });
      expect(
        (await org.listBindingsByEmployee('emp-lisa')).find(
          (binding) => binding.channel === 'feishu',
        ),
      ).toMatchObject({ employeeId: 'emp-lisa', pairedAt, sessionCount: 0 });
      expect(await org.listBindingsByEmployee('emp-lisa')).toHaveLength(2);
      expect((await org.deleteBinding('telegram', '3003', { actor: admin }))?.employeeId).toBe(
        'emp-lisa',
      );
      expect(await org.deleteBinding('telegram', '3003')).toBeUndefined();
      await org.createBinding({
        channel: 'telegram',
        channelUserId: '3003',
        employeeId: 'emp-sam',
        pairedAt,
      });
      await expectClawforceError(
        org.createBinding({
          channel: 'slack' as never,
          channelUserId: '1',
          employeeId: 'emp-sam',
          pairedAt,
        }),
        'validation_failed',
      );
      expect((await fixture.audit.query({ type: 'binding.revoked' })).items).toHaveLength(1);
    });

    it('resolves a twin token only while its link is enabled, and counts visits', async () => {
      const first = 'b'.repeat(64);
      const rotated = 'c'.repeat(64);
      await org.enableTwinLink('emp-lisa', first);
      expect((await org.resolveTwinToken(first))?.employeeId).toBe('emp-lisa');
      await org.recordTwinActivity('emp-lisa', 'view');
      await Promise.all(
        Array.from({ length: 20 }, () => org.recordTwinActivity('emp-lisa', 'chat')),
      );
      expect(await org.getTwinLink('emp-lisa')).toMatchObject({
        viewCount: 1,
        chatCount: 20,
        enabled: true,
      });
      await org.enableTwinLink('emp-lisa', rotated);
      expect(await org.resolveTwinToken(first)).toBeUndefined();
      expect((await org.resolveTwinToken(rotated))?.employeeId).toBe('emp-lisa');
      const disabled = await org.disableTwinLink('emp-lisa');
      expect(disabled).toMatchObject({ enabled: false, chatCount: 20 });
      expect(await org.resolveTwinToken(rotated)).toBeUndefined();
      expect(await org.resolveTwinToken('not-hex')).toBeUndefined();
      expect(await org.recordTwinActivity('emp-sam', 'view')).toBeUndefined();
    });

    it('counts twin visits without ever making enable or disable conflict', async () => {
      await org.enableTwinLink('emp-lisa', 'd'.repeat(64));
      const counting = Array.from({ length: 40 }, (_, index) =>
        org.recordTwinActivity('emp-lisa', index % 2 === 0 ? 'view' : 'chat'),
      );
      await org.enableTwinLink('emp-lisa', 'e'.repeat(64));
      await org.disableTwinLink('emp-lisa');
      await Promise.all(counting);
      const link = await org.getTwinLink('emp-lisa');
      expect(link).toMatchObject({ enabled: false, tokenHash: 'e'.repeat(64) });
      expect((link?.viewCount ?? 0) + (link?.chatCount ?? 0)).toBe(40);
      expect(await org.recordTwinActivity('emp-sam', 'chat')).toBeUndefined();
    });

    it('assigns knowledge to everyone, positions and employees', async () => {
      await org.saveKnowledgeBase({
        id: 'kb-handbook',
        name: 'Handbook',
        description: 'Company handbook',
        kind: 'topic',
      });
      await org.saveKnowledgeBase({
        id: 'kb-eng',
        name: 'Engineering',
        description: 'Standards',
        kind: 'topic',
      });
      await org.saveKnowledgeBase({
        id: 'kb-secret',
        name: 'Secret',
        description: 'Only Lisa',
        kind: 'topic',
      });
      await org.saveKnowledgeDocument({
        id: 'doc-1',
        knowledgeBaseId: 'kb-eng',
        title: 'Code review',
        fileName: 'code-review.md',
        description: 'How we review',
        sizeBytes: 10,
        sha256: 'd'.repeat(64),
      });
      await expectClawforceError(
        org.saveKnowledgeDocument({
          id: 'doc-2',
          knowledgeBaseId: 'kb-eng',
          title: 'Dup',
          fileName: 'code-review.md',
          description: '',
          sizeBytes: 1,
          sha256: 'e'.repeat(64),
        }),
        'already_exists',
      );
      await org.assignKnowledgeBase('kb-handbook', { kind: 'everyone' });
      await org.assignKnowledgeBase('kb-eng', { kind: 'position', positionId: 'pos-sde' });
      await org.assignKnowledgeBase('kb-secret', { kind: 'employee', employeeId: 'emp-lisa' });
      await expectClawforceError(
        org.assignKnowledgeBase('kb-eng', { kind: 'position', positionId: 'pos-none' }),
        'not_found',
      );
      await expectClawforceError(
        org.assignKnowledgeBase('kb-none', { kind: 'everyone' }),
        'not_found',
      );
      expect(await org.knowledgeBaseIdsFor({ id: 'emp-ryan', positionId: 'pos-sde' })).toEqual([
        'kb-eng',
        'kb-handbook',
      ]);
      expect(await org.knowledgeBaseIdsFor({ id: 'emp-lisa', positionId: 'pos-devops' })).toEqual([
        'kb-handbook',
        'kb-secret',
      ]);
      expect(
        await org.unassignKnowledgeBase('kb-eng', { kind: 'position', positionId: 'pos-sde' }),
      ).toBe(true);
      expect(await org.knowledgeBaseIdsFor({ id: 'emp-ryan', positionId: 'pos-sde' })).toEqual([
        'kb-handbook',
      ]);
      const documents = await org.deleteKnowledgeBase('kb-eng');
      expect(documents.map((document) => document.fileName)).toEqual(['code-review.md']);
      expect(await org.listKnowledgeDocuments('kb-eng')).toEqual([]);
    });

    it('guards runtimes and skills that are in use', async () => {
      await org.saveOrganization({
        id: 'acme',
        name: 'ACME Corp',
        domain: 'acme.example',
        defaultRuntimeId: 'standard',
        agentDefaults: {
          model: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
          contextWindow: 128_000,
          compaction: 'safeguard',
          recentTurnsPreserve: 6,
          maxTokens: 4_096,
          responseLanguage: 'en',
        },
        toolPolicy: {},
      });
      await expectClawforceError(org.deleteRuntime('standard'), 'in_use');
      await expectClawforceError(org.deleteSkill('jira-query'), 'in_use');
      await expectClawforceError(
        org.saveOrganization({
          ...((await org.getOrganization()) as object),
          defaultRuntimeId: 'missing',
        } as never),
        'validation_failed',
      );
      await org.saveSharedAgent({
        id: 'it-helpdesk',
        name: 'IT help desk',
        description: 'Answers IT questions',
        soul: 'You are the IT help desk.',
        members: { everyone: true, departmentIds: [], employeeIds: [] },
        runtimeId: 'standard',
        alwaysOn: true,
        status: 'running',
        channels: [],
      });
      await expectClawforceError(
        org.saveSharedAgent({
          id: 'emp-ryan',
          name: 'Hijack',
          description: '',
          soul: '',
          members: { everyone: true, departmentIds: [], employeeIds: [] },
          runtimeId: 'standard',
          alwaysOn: true,
          status: 'running',
          channels: [],
        }),
        'already_exists',
      );
      expect((await org.listAgents({ kind: 'shared' })).items.map((agent) => agent.id)).toEqual([
        'it-helpdesk',
      ]);
      expect((await org.listAgents({ kind: 'personal', limit: 2 })).items).toHaveLength(2);
      expect((await org.updateAgentStatus('it-helpdesk', 'stopped')).status).toBe('stopped');
      await expectClawforceError(org.deleteSharedAgent('emp-ryan'), 'validation_failed');
      await org.deleteSharedAgent('it-helpdesk');
      await org.saveModelPrice({
        model: 'openai/gpt-4o-mini',
        inputPerMillionUsd: 0.15,
        outputPerMillionUsd: 0.6,
      });
      expect((await org.listModelPrices()).map((price) => price.model)).toEqual([
        'openai/gpt-4o-mini',
      ]);
      await org.deleteModelPrice('openai/gpt-4o-mini');
      await expectClawforceError(org.deleteModelPrice('openai/gpt-4o-mini'), 'not_found');
    });

    it('audits every change with its actor and keeps the chain valid', async () => {
      await org.updateEmployee('emp-lisa', { role: 'manager' }, { actor: admin });
      const roleChanges = await fixture.audit.query({ type: 'employee.role-changed' });
      expect(roleChanges.items[0]).toMatchObject({
        actor: admin,
        employeeId: 'emp-lisa',
        details: { from: 'employee', to: 'manager' },
      });
      expect((await fixture.audit.query({ type: 'employee.created' })).items).toHaveLength(5);
      expect((await fixture.audit.verify()).ok).toBe(true);
    });
  });
}
