import { ClawforceError } from '../errors.js';
import type { Department } from '../schemas/organization.js';

/**
 * An index over the department forest: children, ancestors, breadth-first subtrees and the
 * materialized path (`/engineering/backend/`) used for subtree range queries.
 */
export class DepartmentTree {
  readonly #byId = new Map<string, Department>();
  readonly #children = new Map<string | null, string[]>();
  readonly #paths = new Map<string, string>();

  constructor(departments: Iterable<Department>) {
    for (const department of departments) this.#byId.set(department.id, department);
    for (const department of this.#byId.values()) {
      const parent =
        department.parentId !== null && this.#byId.has(department.parentId)
          ? department.parentId
          : null;
      const siblings = this.#children.get(parent) ?? [];
      siblings.push(department.id);
      this.#children.set(parent, siblings);
    }
    for (const siblings of this.#children.values()) siblings.sort();
    // Paths from the roots down; a department caught in a cycle never gets one.
    const queue = [...(this.#children.get(null) ?? [])].map((id) => ({ id, path: `/${id}/` }));
    for (let item = queue.shift(); item; item = queue.shift()) {
      this.#paths.set(item.id, item.path);
      for (const child of this.#children.get(item.id) ?? [])
        queue.push({ id: child, path: `${item.path}${child}/` });
    }
    if (this.#paths.size !== this.#byId.size) {
      const stuck = [...this.#byId.keys()].filter((id) => !this.#paths.has(id));
      throw new ClawforceError(
        'conflict',
        `department tree has a cycle through ${stuck.join(', ')}`,
        {
          departments: stuck,
        },
      );
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get(id: string): Department | undefined {
    return this.#byId.get(id);
  }

  all(): Department[] {
    return [...this.#byId.values()];
  }

  roots(): string[] {
    return [...(this.#children.get(null) ?? [])];
  }

  children(id: string): string[] {
    return [...(this.#children.get(id) ?? [])];
  }

  /** `id` and every department below it, breadth-first. Empty when `id` is unknown. */
  subtree(id: string): string[] {
    if (!this.#byId.has(id)) return [];
    const result: string[] = [];
    const queue = [id];
    for (let index = 0; index < queue.length; index += 1) {
      const current = queue[index] as string;
      result.push(current);
      for (const child of this.#children.get(current) ?? []) queue.push(child);
    }
    return result;
  }

  /** The parent chain of `id`, nearest first, not including `id`. */
  ancestors(id: string): string[] {
    const result: string[] = [];
    let current = this.#byId.get(id)?.parentId ?? null;
    while (current !== null && this.#byId.has(current)) {
      result.push(current);
      current = this.#byId.get(current)?.parentId ?? null;
    }
    return result;
  }

  /** True when `id` is `rootId` or below it. */
  contains(rootId: string, id: string): boolean {
    if (rootId === id) return this.#byId.has(id);
    const path = this.#paths.get(id);
    return path?.includes(`/${rootId}/`) ?? false;
  }

  /** The materialized path of `id`, such as `/engineering/backend/`. */
  path(id: string): string | undefined {
    return this.#paths.get(id);
  }

  /** True when making `newParentId` the parent of `id` would close a cycle. */
  wouldCreateCycle(id: string, newParentId: string | null): boolean {
    return newParentId !== null && (newParentId === id || this.contains(id, newParentId));
  }
}
