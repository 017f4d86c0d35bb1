import { describe, expect, it } from 'vitest';
import type { Department } from '../../api/types.js';
import { buildDepartmentTree, subtreeIds } from './department-tree.js';

const department = (id: string, name: string, parentId: string | null): Department => ({
  id,
  name,
  parentId,
  createdAt: '2026-11-26T00:00:00.000Z',
  updatedAt: '2026-11-26T00:00:00.000Z',
});

describe('buildDepartmentTree', () => {
  it('nests departments under their parents, siblings by name', () => {
    const tree = buildDepartmentTree([
      department('sales', 'Sales', null),
      department('smb-sales', 'SMB Sales', 'sales'),
      department('enterprise-sales', 'Enterprise Sales', 'sales'),
      department('engineering', 'Engineering', null),
    ]);
    expect(tree.map((node) => node.department.id)).toEqual(['engineering', 'sales']);
    expect(tree[1]?.children.map((node) => node.department.id)).toEqual([
      'enterprise-sales',
      'smb-sales',
    ]);
    expect(subtreeIds(tree[1] as NonNullable<(typeof tree)[number]>)).toEqual([
      'sales',
      'enterprise-sales',
      'smb-sales',
    ]);
  });

  it('makes a department whose parent is out of sight (a manager’s own) a root', () => {
    const tree = buildDepartmentTree([
      department('sales', 'Sales', 'company'),
      department('smb-sales', 'SMB Sales', 'sales'),
    ]);
    expect(tree.map((node) => node.department.id)).toEqual(['sales']);
    expect(tree[0]?.children).toHaveLength(1);
  });
});
