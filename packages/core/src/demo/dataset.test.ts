import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../index.js';
import { knowledgeDocumentKey } from '../stores/company-directory.js';
import {
  acmeCorp,
  formatOrganizationSummary,
  type OrganizationSummary,
  seedDemoCompany,
  summarizeOrganization,
} from './index.js';

/** Placeholder text that must never ship in demo content. */
const PLACEHOLDER = /lorem|ipsum|\bTODO\b|\bFIXME\b|\bTBD\b|\bXXX\b/i;

/** Every piece of prose in the dataset, named. */
function prose(): [string, string][] {
  return [
    ['soul global', acmeCorp.soul.global.content],
    ...acmeCorp.soul.global.redLines.map((line, index): [string, string] => [
      `red line ${index}`,
      line,
    ]),
    ...acmeCorp.soul.positions.map((layer): [string, string] => [
      `soul ${layer.positionId}`,
      layer.content,
    ]),
    ...acmeCorp.skills.flatMap((skill): [string, string][] => [
      [`skill ${skill.name} description`, skill.description],
      [`skill ${skill.name}`, skill.instructions],
    ]),
    ...acmeCorp.knowledgeBases.flatMap((base) =>
      base.documents.map((document): [string, string] => [document.fileName, document.content]),
    ),
    ...acmeCorp.sharedAgents.map((agent): [string, string] => [`agent ${agent.id}`, agent.soul]),
    ...acmeCorp.employees.map((person): [string, string] => [
      `${person.id} preferences`,
      person.preferences,
    ]),
    ...acmeCorp.positions.map((position): [string, string] => [
      position.id,
      position.description ?? '',
    ]),
    ...acmeCorp.departments.map((department): [string, string] => [
      department.id,
      department.description ?? '',
    ]),
  ];
}

describe('the ACME Corp dataset', () => {
  it('has the issue shape: departments, positions, people, agents, skills, knowledge, SOUL', () => {
    const topLevel = acmeCorp.departments.filter((department) => department.parentId === null);
    expect(topLevel.map((department) => department.name).sort()).toEqual(
      [
        'Customer Success',
        'Engineering',
        'Finance',
        'HR & Admin',
        'Legal & Compliance',
        'Product',
        'Sales',
      ].sort(),
    );
    const parentOf = Object.fromEntries(
      acmeCorp.departments.filter((d) => d.parentId !== null).map((d) => [d.id, d.parentId]),
    );
    expect(parentOf).toEqual({
      platform: 'engineering',
      backend: 'engineering',
      frontend: 'engineering',
      qa: 'engineering',
      'enterprise-sales': 'sales',
      'smb-sales': 'sales',
      'admin-lab': 'hr-admin',
      'executive-office': 'hr-admin',
    });
    const positionDepartments = Object.fromEntries(
      acmeCorp.positions.map((position) => [position.id, position.departmentId]),
    );
    expect(positionDepartments).toEqual({
      'pos-solutions-architect': 'engineering',
      'pos-software-engineer': 'backend',
      'pos-devops-engineer': 'platform',
      'pos-qa-engineer': 'qa',
      'pos-account-executive': 'sales',
      'pos-product-manager': 'product',
      'pos-finance-analyst': 'finance',
      'pos-hr-specialist': 'hr-admin',
      'pos-customer-success-manager': 'customer-success',
      'pos-legal-counsel': 'legal-compliance',
      'pos-executive': 'executive-office',
      'pos-platform-admin': 'admin-lab',
    });
    expect(acmeCorp.employees).toHaveLength(27);
    expect(acmeCorp.sharedAgents.map((agent) => [agent.id, agent.alwaysOn])).toEqual([
      ['it-helpdesk', true],
      ['hr-onboarding', true],
    ]);
    expect(acmeCorp.skills).toHaveLength(26);
    expect(acmeCorp.knowledgeBases).toHaveLength(11);
    expect(acmeCorp.knowledgeBases.flatMap((base) => base.documents)).toHaveLength(13);
    expect(acmeCorp.soul.positions).toHaveLength(11);
    expect(acmeCorp.soul.positions.map((layer) => layer.positionId)).not.toContain(
      'pos-platform-admin',
    );
    expect(acmeCorp.runtimes.map((runtime) => runtime.id)).toEqual(['standard', 'executive']);
  });

  it('contains no placeholder text anywhere', () => {
    for (const [name, content] of prose()) expect(content, name).not.toMatch(PLACEHOLDER);
  });

  it('keeps knowledge documents short Markdown: a title, 1-4 KB, lowercase-words.md names', () => {
    for (const base of acmeCorp.knowledgeBases) {
      expect(base.assignments.length, base.id).toBeGreaterThan(0);
      for (const document of base.documents) {
        expect(document.fileName).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.md$/);
        expect(document.content.startsWith('# '), document.fileName).toBe(true);
        const size = Buffer.byteLength(document.content);
        expect(size, document.fileName).toBeGreaterThanOrEqual(1_000);
        expect(size, document.fileName).toBeLessThanOrEqual(4_096);
      }
    }
  });

  it('mentions only people who work at ACME when documents name someone', () => {
    const names = new Set(acmeCorp.employees.map((person) => person.name));
    // Names written as "First Last" in prose must belong to employees.
    const mentioned =
      /\b(JiaDe Wang|Marcus Bell|Daniel Kim|Ryan Park|Sophie Turner|Nathan Brooks|Chris Morgan|Lisa Chen|Tony Reed|Mike Johnson|Sarah Kim|Tom Wilson|Alex Rivera|Priya Patel|Carol Zhang|David Park|Jenny Liu|Emma Chen|Rachel Li|Peter Wu|Grace Hall|Omar Haddad|Maya Singh|Leo Zhang)\b/g;
    for (const [name, content] of prose())
      for (const match of content.matchAll(mentioned)) expect(names.has(match[0]), name).toBe(true);
    const everything = prose()
      .map(([, content]) => content)
      .join('\n');
    for (const owner of ['Chris Morgan', 'Rachel Li', 'Mike Johnson', 'Jenny Liu', 'Alex Rivera'])
      expect(everything).toContain(owner);
  });

  it('prices every model an agent can run on', () => {
    const priced = new Set(acmeCorp.modelPrices.map((price) => price.model));
    for (const runtime of acmeCorp.runtimes) expect(priced.has(runtime.model)).toBe(true);
    expect(priced.has(acmeCorp.organization.agentDefaults.model)).toBe(true);
  });
});

describe('summarizeOrganization', () => {
  it('counts an empty store as empty', async () => {
    const summary = await summarizeOrganization(createMemoryStores());
    expect(summary).toEqual({
      organization: undefined,
      departments: { total: 0, topLevel: 0, sub: 0 },
      positions: 0,
      employees: {
        total: 0,
        byRole: { admin: 0, manager: 0, employee: 0 },
        byFlag: {},
        suspended: 0,
      },
      agents: { total: 0, personal: 0, shared: 0 },
      skills: 0,
      knowledge: { bases: 0, documents: 0 },
      soulTemplates: { total: 0, global: 0, position: 0 },
      runtimes: 0,
      rolesInUse: [],
      modelPrices: 0,
    });
  });

  it('reads the stores, not the dataset: changes after seeding show up', async () => {
    const stores = createMemoryStores();
    await seedDemoCompany(stores);
    await stores.org.deleteEmployee('emp-omar');
    await stores.org.updateEmployee('emp-tom', { status: 'suspended' });
    await stores.org.createDepartment({
      id: 'field-marketing',
      name: 'Field Marketing',
      parentId: 'sales',
    });
    await stores.org.updateAgentStatus('it-helpdesk', 'running');
    await stores.org.deleteKnowledgeBase('legal-playbook');
    await stores.blobs.delete(knowledgeDocumentKey('legal-playbook', 'contract-playbook.md'));
    const summary = await summarizeOrganization(stores);
    expect(summary.employees).toMatchObject({ total: 26, suspended: 1 });
    expect(summary.agents).toEqual({ total: 28, personal: 26, shared: 2 });
    expect(summary.departments).toEqual({ total: 16, topLevel: 7, sub: 9 });
    expect(summary.knowledge).toEqual({ bases: 11, documents: 13 });
  });
});

describe('formatOrganizationSummary', () => {
  const summary: OrganizationSummary = {
    organization: { id: 'acme', name: 'ACME Corp', domain: 'acme.example' },
    departments: { total: 15, topLevel: 7, sub: 8 },
    positions: 12,
    employees: {
      total: 27,
      byRole: { admin: 3, manager: 4, employee: 20 },
      byFlag: { intern: 1 },
      suspended: 0,
    },
    agents: { total: 29, personal: 27, shared: 2 },
    skills: 26,
    knowledge: { bases: 12, documents: 14 },
    soulTemplates: { total: 12, global: 1, position: 11 },
    runtimes: 2,
    rolesInUse: ['admin', 'manager', 'employee'],
    modelPrices: 2,
  };

  it('prints one aligned line per kind of item with its breakdown', () => {
    expect(formatOrganizationSummary(summary)).toBe(
      [
        'ACME Corp (acme.example)',
        'Departments          15  7 top-level, 8 sub-departments',
        'Positions            12',
        'Employees            27  3 admin, 4 manager, 20 employee; 1 intern',
        'Agents               29  27 personal, 2 shared',
        'Skills               26',
        'Knowledge documents  14  in 12 knowledge bases',
        'SOUL templates       12  1 global, 11 position',
        'Runtimes              2',
        'Roles                 3  admin, manager, employee',
        'Model prices          2',
        '',
      ].join('\n'),
    );
  });

  it('says when no organization is loaded and shows suspended people', () => {
    const text = formatOrganizationSummary({
      ...summary,
      organization: undefined,
      employees: { ...summary.employees, byFlag: { intern: 2 }, suspended: 1 },
    });
    expect(text.split('\n')[0]).toBe('No organization loaded');
    expect(text).toContain('3 admin, 4 manager, 20 employee; 2 interns; 1 suspended');
  });
});
