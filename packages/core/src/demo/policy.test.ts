import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUILT_IN_TOOLS,
  createMemoryStores,
  type DepartmentTree,
  type EffectiveToolPolicy,
  type Employee,
  isToolAllowed,
  resolveAgentConfig,
  resolveToolPolicy,
  type Skill,
  type Stores,
} from '../index.js';
import { seedDemoCompany } from './index.js';

// Everything here is resolved from what seeding stored, the way the assembler will resolve it.

let stores: Stores;
let employees: Employee[];
let skills: Skill[];
let tree: DepartmentTree;

beforeAll(async () => {
  stores = createMemoryStores();
  await seedDemoCompany(stores);
  employees = (await stores.org.listEmployees({ limit: 100 })).items;
  skills = await stores.org.listSkills();
  tree = await stores.org.departmentTree();
});

/** The policy of one position (and optionally one person): organization -> runtime -> position -> employee. */
async function policyFor(positionId: string, employee?: Employee): Promise<EffectiveToolPolicy> {
  const organization = await stores.org.getOrganization();
  const position = await stores.org.getPosition(positionId);
  if (!organization || !position) throw new Error(`missing ${positionId}`);
  const runtime = await stores.org.getRuntime(position.runtimeId ?? organization.defaultRuntimeId);
  return resolveToolPolicy([
    { name: 'organization', value: organization.toolPolicy },
    { name: 'runtime', value: runtime?.toolPolicy },
    { name: 'position', value: position.toolPolicy },
    ...(employee ? [{ name: 'employee', value: employee.toolPolicy }] : []),
  ]);
}

const hasShell = (policy: EffectiveToolPolicy) =>
  ['exec', 'bash', 'process'].every((tool) => isToolAllowed(policy, tool));
const noShell = (policy: EffectiveToolPolicy) =>
  policy.exec === 'deny' &&
  ['exec', 'bash', 'process'].every((tool) => !isToolAllowed(policy, tool));

const employee = (id: string) => {
  const found = employees.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('ACME tool policies through resolveToolPolicy', () => {
  it('gives Finance Analysts and Legal Counsel no shell', async () => {
    for (const positionId of ['pos-finance-analyst', 'pos-legal-counsel']) {
      const policy = await policyFor(positionId);
      expect(noShell(policy), positionId).toBe(true);
      // Their explicit allow lists keep file, memory and web tools.
      expect(isToolAllowed(policy, 'read')).toBe(true);
      expect(isToolAllowed(policy, 'web_search')).toBe(true);
      expect(isToolAllowed(policy, 'browser')).toBe(false);
    }
    for (const id of ['emp-carol', 'emp-david', 'emp-rachel']) {
      const person = employee(id);
      expect(noShell(await policyFor(person.positionId, person)), id).toBe(true);
    }
  });

  it('gives Software, DevOps, QA engineers and Solutions Architects an allowlisted shell', async () => {
    for (const positionId of [
      'pos-software-engineer',
      'pos-devops-engineer',
      'pos-qa-engineer',
      'pos-solutions-architect',
    ]) {
      const policy = await policyFor(positionId);
      expect(hasShell(policy), positionId).toBe(true);
      expect(policy.exec).toBe('allowlist');
      expect(policy.execAllowlist).toContain('/usr/bin/git');
      // The standard tier's ceiling still applies.
      expect(isToolAllowed(policy, 'browser')).toBe(false);
      expect(isToolAllowed(policy, 'gateway')).toBe(false);
    }
    expect((await policyFor('pos-devops-engineer')).execAllowlist).toContain(
      '/usr/local/bin/kubectl',
    );
    expect((await policyFor('pos-software-engineer')).execAllowlist).not.toContain(
      '/usr/local/bin/kubectl',
    );
  });

  it('gives the business positions no shell at all', async () => {
    for (const positionId of [
      'pos-account-executive',
      'pos-product-manager',
      'pos-hr-specialist',
      'pos-customer-success-manager',
    ])
      expect(noShell(await policyFor(positionId)), positionId).toBe(true);
    expect(isToolAllowed(await policyFor('pos-hr-specialist'), 'web_fetch')).toBe(false);
  });

  it('gives Executives every tool the organization allows, a full shell and the executive runtime', async () => {
    const position = await stores.org.getPosition('pos-executive');
    expect(position?.runtimeId).toBe('executive');
    const runtime = await stores.org.getRuntime('executive');
    expect(runtime).toMatchObject({ guardrailId: null });
    const policy = await policyFor('pos-executive');
    expect(policy.exec).toBe('full');
    expect(policy.allow).toBeUndefined();
    const organizationDenied = ['cron', 'gateway', 'nodes'];
    expect(policy.deny).toEqual(organizationDenied);
    for (const tool of BUILT_IN_TOOLS)
      expect(isToolAllowed(policy, tool), tool).toBe(!organizationDenied.includes(tool));
    for (const id of ['emp-peter', 'emp-ada', 'emp-wjd']) {
      const person = employee(id);
      expect((await policyFor(person.positionId, person)).exec, id).toBe('full');
    }
  });

  it('keeps every other position on the guarded standard runtime without browser or messaging', async () => {
    const standard = await stores.org.getRuntime('standard');
    expect(standard).toMatchObject({ guardrailId: 'acme-standard', mode: 'serverless' });
    expect(standard?.iamRoleArn).toMatch(/^arn:aws:iam::123456789012:role\//);
    for (const position of await stores.org.listPositions()) {
      if (position.id === 'pos-executive') continue;
      expect(position.runtimeId ?? 'standard').toBe('standard');
      const policy = await policyFor(position.id);
      for (const tool of ['browser', 'canvas', 'message', 'gateway', 'nodes', 'cron'])
        expect(isToolAllowed(policy, tool), `${position.id} ${tool}`).toBe(false);
    }
  });

  it('narrows the intern further than their position, and no person widens theirs', async () => {
    const leo = employee('emp-leo');
    const position = await policyFor(leo.positionId);
    const personal = await policyFor(leo.positionId, leo);
    expect(personal.execAllowlist.length).toBeLessThan(position.execAllowlist.length);
    expect(
      personal.execAllowlist.every((command) => position.execAllowlist.includes(command)),
    ).toBe(true);
    for (const person of employees) {
      const withPerson = await policyFor(person.positionId, person);
      const withoutPerson = await policyFor(person.positionId);
      for (const tool of BUILT_IN_TOOLS)
        if (!isToolAllowed(withoutPerson, tool))
          expect(isToolAllowed(withPerson, tool), `${person.id} ${tool}`).toBe(false);
    }
  });

  it('resolves agent config: executives on the most capable model, everyone else on the default', async () => {
    const organization = await stores.org.getOrganization();
    if (!organization) throw new Error('no organization');
    const configFor = async (person: Employee) => {
      const position = await stores.org.getPosition(person.positionId);
      const runtime = await stores.org.getRuntime(
        position?.runtimeId ?? organization.defaultRuntimeId,
      );
      return resolveAgentConfig(
        [
          { name: 'employee', value: person.agentConfig },
          { name: 'position', value: position?.agentConfig },
          { name: 'runtime', value: runtime && { model: runtime.model } },
        ],
        { name: 'organization', value: organization.agentDefaults },
      ).config;
    };
    expect((await configFor(employee('emp-peter'))).model).toMatch(/claude-sonnet/);
    expect(await configFor(employee('emp-wjd'))).toMatchObject({ responseLanguage: 'zh-CN' });
    const carol = await configFor(employee('emp-carol'));
    expect(carol).toMatchObject({
      model: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
      contextWindow: 128_000,
      compaction: 'safeguard',
      maxTokens: 4_096,
      responseLanguage: 'en',
    });
  });
});

/** The role tokens an employee matches: '*', role, department and its ancestors, position, flags. */
function roleTokens(person: Employee): Set<string> {
  return new Set([
    '*',
    person.role,
    person.departmentId,
    ...tree.ancestors(person.departmentId),
    person.positionId,
    ...person.flags,
  ]);
}

function skillApplies(skill: Skill, person: Employee): boolean {
  const tokens = roleTokens(person);
  return (
    skill.allowedRoles.some((token) => tokens.has(token)) &&
    !skill.blockedRoles.some((token) => tokens.has(token))
  );
}

const holders = (skillName: string) => {
  const skill = skills.find((candidate) => candidate.name === skillName);
  if (!skill) throw new Error(`no skill ${skillName}`);
  return employees
    .filter((person) => skillApplies(skill, person))
    .map((person) => person.id)
    .sort();
};

describe('ACME skill filtering by role tokens', () => {
  it('blocks the intern from production deploys while their engineer colleagues keep it', () => {
    const deployers = holders('production-deploy');
    expect(deployers).not.toContain('emp-leo');
    expect(deployers).toEqual(
      ['emp-chris', 'emp-lisa', 'emp-nathan', 'emp-ryan', 'emp-sophie'].sort(),
    );
    expect(holders('incident-response')).not.toContain('emp-leo');
  });

  it('keeps finance, legal and admin skills to their people', () => {
    expect(holders('financial-close')).toEqual(['emp-carol', 'emp-david']);
    expect(holders('contract-review')).toEqual(['emp-rachel']);
    expect(holders('org-admin')).toEqual(['emp-admin', 'emp-chris', 'emp-jiade']);
    expect(holders('board-briefing')).toEqual(['emp-ada', 'emp-peter', 'emp-wjd']);
  });

  it('gives the CRM to Sales (with its sub-departments) and Customer Success only', () => {
    expect(holders('salesforce-crm')).toEqual(
      ['emp-emma', 'emp-grace', 'emp-mike', 'emp-sarah', 'emp-tom'].sort(),
    );
  });

  it('lets managers see budgets without giving them to their reports', () => {
    const budget = holders('budget-variance');
    expect(budget).toEqual(expect.arrayContaining(['emp-mike', 'emp-alex', 'emp-jenny']));
    expect(budget).not.toContain('emp-tom');
  });

  it("grants every position's default skills to its holders, except what interns are blocked from", async () => {
    for (const person of employees) {
      const position = await stores.org.getPosition(person.positionId);
      const refused = (position?.defaultSkills ?? []).filter((name) => {
        const skill = skills.find((candidate) => candidate.name === name);
        return !skill || !skillApplies(skill, person);
      });
      expect(refused, person.id).toEqual(person.id === 'emp-leo' ? ['production-deploy'] : []);
    }
  });

  it('makes every skill reach someone, and every restricted skill leave someone out', () => {
    for (const skill of skills) {
      const reached = holders(skill.name).length;
      expect(reached, skill.name).toBeGreaterThan(0);
      if (!skill.allowedRoles.includes('*')) expect(reached, skill.name).toBeLessThan(27);
    }
    expect(skills.filter((skill) => skill.allowedRoles.includes('*'))).toHaveLength(5);
  });
});
