import { fetchSkills } from '../../api/knowledge.js';
import type { Skill } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { type Directory, loadDirectory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';

const PLATFORM_ROLES: Record<string, string> = {
  admin: 'administrators',
  manager: 'managers',
  employee: 'employees',
};

/**
 * A role token in words: `*`, a platform role, a department (with its sub-departments), a
 * position, or a flag. Pure.
 */
export function describeRoleToken(token: string, directory: Directory): string {
  if (token === '*') return 'everyone';
  if (PLATFORM_ROLES[token]) return PLATFORM_ROLES[token];
  if (directory.departments.some((department) => department.id === token)) {
    return `${directory.departmentName(token)} (department)`;
  }
  if (directory.positions.some((position) => position.id === token))
    return directory.positionName(token);
  return `flag “${token}”`;
}

const describeRoles = (roles: Skill['allowedRoles'], directory: Directory) =>
  roles === '*'
    ? 'everyone'
    : roles.map((token) => describeRoleToken(token, directory)).join(', ') || 'nobody';

/** The company's skills catalog with the roles each skill is allowed for and blocked from. */
export default function SkillsScreen() {
  const { resource, reload } = useResource(async (signal) => {
    const [skills, directory] = await Promise.all([fetchSkills(signal), loadDirectory(signal)]);
    return { skills: skills.items, directory };
  }, []);
  return (
    <>
      <PageHeader
        title="Skills"
        description="Skills become OpenClaw skill folders in the workspaces of the roles they are allowed for."
      />
      <AsyncContent
        resource={resource}
        what="the skills catalog"
        onRetry={reload}
        isEmpty={(data) => data.skills.length === 0}
        empty={<EmptyState title="The catalog is empty." />}
      >
        {(data) => {
          const columns: Column<Skill>[] = [
            {
              header: 'Skill',
              render: (skill) => (
                <>
                  <strong>{skill.name}</strong> <span class="muted">v{skill.version}</span>
                  <br />
                  {skill.description}
                </>
              ),
            },
            {
              header: 'Allowed for',
              render: (skill) => describeRoles(skill.allowedRoles, data.directory),
            },
            {
              header: 'Blocked for',
              render: (skill) =>
                skill.blockedRoles === '*' || skill.blockedRoles.length > 0
                  ? describeRoles(skill.blockedRoles, data.directory)
                  : 'nobody',
            },
            {
              header: 'Needs',
              render: (skill) =>
                skill.requiredEnv.length > 0 ? (
                  <span class="mono">{skill.requiredEnv.join(', ')}</span>
                ) : (
                  '—'
                ),
            },
          ];
          return (
            <DataTable
              caption="Skills catalog"
              captionHidden
              columns={columns}
              rows={data.skills}
              rowKey={(skill) => skill.name}
            />
          );
        }}
      </AsyncContent>
    </>
  );
}
