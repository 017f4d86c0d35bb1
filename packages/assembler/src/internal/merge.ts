import { diff3Merge } from 'node-diff3';

/**
 * Three-way merge of two concurrent edits of one text file (two turns of one employee on two
 * channels, both starting from `base`). Line-based; where both sides changed the same lines,
 * both versions are kept (a union merge), because for memory notes losing a write is worse than
 * a repeated line. The two sides are put in a canonical order first, so the result does not
 * depend on which turn checkpoints first: `mergeText(b, x, y) === mergeText(b, y, x)`.
 */
export function mergeText(base: string, left: string, right: string): string {
  if (left === right) return left;
  if (left === base) return right;
  if (right === base) return left;
  const [first, second] = left < right ? [left, right] : [right, left];
  const regions = diff3Merge(first.split('\n'), base.split('\n'), second.split('\n'), {
    excludeFalseConflicts: true,
  });
  const merged: string[] = [];
  for (const region of regions) {
    if (region.ok) {
      merged.push(...region.ok);
    } else if (region.conflict) {
      const { a, b } = region.conflict;
      merged.push(...a);
      const seen = new Set(a);
      for (const line of b) if (!seen.has(line)) merged.push(line);
    }
  }
  return merged.join('\n');
}
