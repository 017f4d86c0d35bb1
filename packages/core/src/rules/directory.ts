import type { Department, Employee, Organization, Position } from '../schemas/organization.js';
import type { Channel } from '../schemas/primitives.js';
import type { Skill } from '../schemas/skill.js';
import { DepartmentTree } from './department-tree.js';

export interface DirectoryInput {
  readonly organization: Pick<Organization, 'name'>;
  readonly departments: readonly Department[];
  readonly positions: readonly Position[];
  readonly employees: readonly Employee[];
  readonly skills?: readonly Pick<Skill, 'name' | 'description'>[];
  /** IM channels each employee has bound, to say how to reach them. */
  readonly channelsByEmployee?: ReadonlyMap<string, readonly Channel[]>;
}

const channelNames: Record<Channel, string> = {
  telegram: 'Telegram',
  discord: 'Discord',
  feishu: 'Feishu',
};
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/**
 * Renders the company directory as Markdown: one table per department in tree order, each person
 * with their position, how to reach them and what their agent can help with. Pure; suspended
 * employees are left out.
 */
export function renderCompanyDirectory(input: DirectoryInput): string {
  const tree = new DepartmentTree(input.departments);
  const positions = new Map(input.positions.map((position) => [position.id, position]));
  const skills = new Map((input.skills ?? []).map((skill) => [skill.name, skill]));
  const byDepartment = new Map<string, Employee[]>();
  for (const employee of input.employees) {
    if (employee.status !== 'active') continue;
    const list = byDepartment.get(employee.departmentId) ?? [];
    list.push(employee);
    byDepartment.set(employee.departmentId, list);
  }
  const lines = [
    `# ${input.organization.name} company directory`,
    '',
    'Who does what, and how to reach them. Generated from the organization data; do not edit by hand.',
    '',
  ];
  const visit = (departmentId: string, depth: number) => {
    const department = tree.get(departmentId);
    if (!department) return;
    const people = (byDepartment.get(departmentId) ?? []).sort((a, b) =>
      a.name.localeCompare(b.name, 'en'),
    );
    const trail = [...tree.ancestors(departmentId)].reverse().map((id) => tree.get(id)?.name ?? id);
    lines.push(
      `${'#'.repeat(Math.min(depth + 2, 6))} ${[...trail, department.name].join(' / ')}`,
      '',
    );
    if (people.length === 0) {
      lines.push('_No one listed._', '');
    } else {
      lines.push('| Name | Position | Reach | Their agent can help with |', '|---|---|---|---|');
      for (const person of people) {
        const position = positions.get(person.positionId);
        const channels = (input.channelsByEmployee?.get(person.id) ?? []).map(
          (channel) => channelNames[channel],
        );
        const reach = [person.email, ...channels].join(' · ');
        const helps = [
          position?.description ?? '',
          ...(position?.defaultSkills ?? [])
            .map((name) => skills.get(name)?.description ?? name)
            .slice(0, 3),
        ]
          .filter(Boolean)
          .join('; ');
        const role = person.role === 'manager' ? ' (manager)' : '';
        lines.push(
          `| ${cell(person.name)}${role} | ${cell(position?.name ?? person.positionId)} | ${cell(reach)} | ${cell(helps)} |`,
        );
      }
      lines.push('');
    }
    for (const child of tree.children(departmentId)) visit(child, depth + 1);
  };
  for (const root of tree
    .roots()
    .sort((a, b) => (tree.get(a)?.name ?? a).localeCompare(tree.get(b)?.name ?? b, 'en'))) {
    visit(root, 0);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
