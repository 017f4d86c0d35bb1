import { describe, expect, it } from 'vitest';
import { DepartmentTree } from './department-tree.js';

const stamp = '2026-11-02T09:00:00.000Z';
const department = (id: string, parentId: string | null) => ({
  id,
  name: id.toUpperCase(),
  parentId,
  createdAt: stamp,
  updatedAt: stamp,
});

describe('DepartmentTree', () => {
  const tree = new DepartmentTree([
    department('engineering', null),
    department('backend', 'engineering'),
    department('platform', 'engineering'),
    department('sre', 'platform'),
    department('sales', null),
    department('eng', null),
  ]);

  it('walks subtrees breadth-first and ancestors nearest first', () => {
    expect(tree.subtree('engineering')).toEqual(['engineering', 'backend', 'platform', 'sre']);
    expect(tree.subtree('sre')).toEqual(['sre']);
    expect(tree.subtree('nowhere')).toEqual([]);
    expect(tree.ancestors('sre')).toEqual(['platform', 'engineering']);
    expect(tree.ancestors('sales')).toEqual([]);
    expect(tree.roots()).toEqual(['eng', 'engineering', 'sales']);
    expect(tree.children('engineering')).toEqual(['backend', 'platform']);
  });

  it('builds materialized paths whose prefixes never match a sibling with a longer name', () => {
    expect(tree.path('sre')).toBe('/engineering/platform/sre/');
    expect(tree.path('eng')).toBe('/eng/');
    expect(tree.contains('eng', 'sre')).toBe(false);
    expect(tree.contains('engineering', 'sre')).toBe(true);
    expect(tree.contains('sre', 'sre')).toBe(true);
    expect(tree.contains('platform', 'backend')).toBe(false);
  });

  it('detects moves that would close a cycle', () => {
    expect(tree.wouldCreateCycle('engineering', 'sre')).toBe(true);
    expect(tree.wouldCreateCycle('engineering', 'engineering')).toBe(true);
    expect(tree.wouldCreateCycle('sre', 'sales')).toBe(false);
    expect(tree.wouldCreateCycle('sre', null)).toBe(false);
  });

  it('treats a department whose parent is unknown as a root, and refuses cycles', () => {
    expect(new DepartmentTree([department('orphan', 'missing')]).roots()).toEqual(['orphan']);
    expect(() => new DepartmentTree([department('a', 'b'), department('b', 'a')])).toThrowError(
      /cycle/,
    );
  });
});
