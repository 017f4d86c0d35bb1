import type { Page } from '../ports/item-store.js';
import type { OrgStore } from '../ports/org-store.js';
import { ROLES, type Role } from '../schemas/primitives.js';

/** Counts of what an organization holds, read back from the stores. */
export interface OrganizationSummary {
  readonly organization:
    | { readonly id: string; readonly name: string; readonly domain: string }
    | undefined;
  readonly departments: {
    readonly total: number;
    readonly topLevel: number;
    /** Departments with a parent. */
    readonly sub: number;
  };
  readonly positions: number;
  readonly employees: {
    readonly total: number;
    /** Every platform role, zero when nobody holds it. */
    readonly byRole: Readonly<Record<Role, number>>;
    /** Employees per flag (`intern`, ...). */
    readonly byFlag: Readonly<Record<string, number>>;
    readonly suspended: number;
  };
  readonly agents: { readonly total: number; readonly personal: number; readonly shared: number };
  readonly skills: number;
  /** Knowledge bases (topic and directory) and the documents they hold. */
  readonly knowledge: { readonly bases: number; readonly documents: number };
  /** The global layer and the position layers that exist (personal layers are not templates). */
  readonly soulTemplates: {
    readonly total: number;
    readonly global: number;
    readonly position: number;
  };
  readonly runtimes: number;
  /** Platform roles held by at least one employee, in the order admin, manager, employee. */
  readonly rolesInUse: readonly Role[];
  readonly modelPrices: number;
}

async function collect<T>(list: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/** Counts everything in the organization, from the stores (not from any dataset). */
export async function summarizeOrganization(stores: {
  readonly org: OrgStore;
}): Promise<OrganizationSummary> {
  const { org } = stores;
  const page = (cursor: string | undefined) => ({ limit: 1_000, ...(cursor ? { cursor } : {}) });
  const [organization, departments, positions, employees, agents, skills, bases, runtimes, prices] =
    await Promise.all([
      org.getOrganization(),
      org.listDepartments(),
      org.listPositions(),
      collect((cursor) => org.listEmployees(page(cursor))),
      collect((cursor) => org.listAgents(page(cursor))),
      org.listSkills(),
      org.listKnowledgeBases(),
      org.listRuntimes(),
      org.listModelPrices(),
    ]);
  const documentCounts = await Promise.all(
    bases.map(async (base) => (await org.listKnowledgeDocuments(base.id)).length),
  );
  const globalLayer = await org.getSoulLayer({ scope: 'global' });
  const positionLayers = await Promise.all(
    positions.map((position) => org.getSoulLayer({ scope: 'position', positionId: position.id })),
  );

  const byRole = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
  const byFlag: Record<string, number> = {};
  for (const employee of employees) {
    byRole[employee.role] += 1;
    for (const flag of employee.flags) byFlag[flag] = (byFlag[flag] ?? 0) + 1;
  }
  const topLevel = departments.filter((department) => department.parentId === null).length;
  const personal = agents.filter((agent) => agent.kind === 'personal').length;
  const global = globalLayer ? 1 : 0;
  const position = positionLayers.filter((layer) => layer !== undefined).length;

  return {
    organization: organization && {
      id: organization.id,
      name: organization.name,
      domain: organization.domain,
    },
    departments: { total: departments.length, topLevel, sub: departments.length - topLevel },
    positions: positions.length,
    employees: {
      total: employees.length,
      byRole,
      byFlag,
      suspended: employees.filter((employee) => employee.status === 'suspended').length,
    },
    agents: { total: agents.length, personal, shared: agents.length - personal },
    skills: skills.length,
    knowledge: {
      bases: bases.length,
      documents: documentCounts.reduce((sum, count) => sum + count, 0),
    },
    soulTemplates: { total: global + position, global, position },
    runtimes: runtimes.length,
    rolesInUse: ROLES.filter((role) => byRole[role] > 0),
    modelPrices: prices.length,
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * A human-readable table of a summary, one line per kind of item with the count right-aligned
 * and the breakdown after it, e.g. `Departments      15  7 top-level, 8 sub-departments`.
 */
export function formatOrganizationSummary(summary: OrganizationSummary): string {
  const { employees } = summary;
  const roleBreakdown = summary.rolesInUse.length > 0 ? summary.rolesInUse.join(', ') : 'none';
  const employeeBreakdown = [
    ROLES.map((role) => `${employees.byRole[role]} ${role}`).join(', '),
    ...Object.entries(employees.byFlag)
      .sort(([a], [b]) => a.localeCompare(b, 'en'))
      .map(([flag, count]) => plural(count, flag)),
    ...(employees.suspended > 0 ? [`${employees.suspended} suspended`] : []),
  ].join('; ');
  const rows: [string, number, string][] = [
    [
      'Departments',
      summary.departments.total,
      `${summary.departments.topLevel} top-level, ${plural(summary.departments.sub, 'sub-department')}`,
    ],
    ['Positions', summary.positions, ''],
    ['Employees', employees.total, employeeBreakdown],
    [
      'Agents',
      summary.agents.total,
      `${summary.agents.personal} personal, ${summary.agents.shared} shared`,
    ],
    ['Skills', summary.skills, ''],
    [
      'Knowledge documents',
      summary.knowledge.documents,
      `in ${plural(summary.knowledge.bases, 'knowledge base')}`,
    ],
    [
      'SOUL templates',
      summary.soulTemplates.total,
      `${summary.soulTemplates.global} global, ${summary.soulTemplates.position} position`,
    ],
    ['Runtimes', summary.runtimes, ''],
    ['Roles', summary.rolesInUse.length, roleBreakdown],
    ['Model prices', summary.modelPrices, ''],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const countWidth = Math.max(...rows.map(([, count]) => String(count).length));
  const title = summary.organization
    ? `${summary.organization.name} (${summary.organization.domain})`
    : 'No organization loaded';
  const lines = rows.map(([label, count, detail]) =>
    `${label.padEnd(labelWidth)}  ${String(count).padStart(countWidth)}${detail ? `  ${detail}` : ''}`.trimEnd(),
  );
  return `${[title, ...lines].join('\n')}\n`;
}
