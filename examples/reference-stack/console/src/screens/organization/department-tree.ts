import type { Department } from '../../api/types.js';

export interface DepartmentNode {
  readonly department: Department;
  readonly children: readonly DepartmentNode[];
}

/**
 * Departments as a tree, siblings by name. A department whose parent the caller cannot see (a
 * manager's own department) is a root.
 */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const known = new Set(departments.map((department) => department.id));
  const childrenOf = new Map<string | null, Department[]>();
  for (const department of departments) {
    const parent =
      department.parentId && known.has(department.parentId) ? department.parentId : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(department);
    childrenOf.set(parent, siblings);
  }
  const build = (parent: string | null, seen: Set<string>): DepartmentNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((department) => !seen.has(department.id))
      .sort((first, second) => first.name.localeCompare(second.name))
      .map((department) => ({
        department,
        children: build(department.id, new Set([...seen, department.id])),
      }));
  return build(null, new Set());
}

/** The ids of a department and everything under it. */
export function subtreeIds(node: DepartmentNode): string[] {
  return [node.department.id, ...node.children.flatMap(subtreeIds)];
}
