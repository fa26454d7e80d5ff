/** Helpers shared by the tree tests: tree shapes read from a packed Forest. */
import type { Forest } from './forest.js';
import type { Matrix } from './matrix.js';

/** Per tree: its leaf count and depth. */
export function treeShapes(forest: Forest): { leaves: number; depth: number }[] {
  return Array.from(forest.roots, (root) => {
    let leaves = 0;
    let depth = 0;
    const stack: [number, number][] = [[root, 0]];
    while (stack.length > 0) {
      const [node, d] = stack.pop() as [number, number];
      if ((forest.feature[node] as number) < 0) {
        leaves++;
        depth = Math.max(depth, d);
      } else
        stack.push([forest.left[node] as number, d + 1], [forest.right[node] as number, d + 1]);
    }
    return { leaves, depth };
  });
}

/** Rows of `x` reaching each leaf of tree `t` (walked the plain way). */
export function leafCounts(forest: Forest, t: number, x: Matrix): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < x.rows; i++) {
    let node = forest.roots[t] as number;
    while ((forest.feature[node] as number) >= 0) {
      const v = x.data[i * x.cols + (forest.feature[node] as number)] as number;
      node =
        v <= (forest.threshold[node] as number)
          ? (forest.left[node] as number)
          : (forest.right[node] as number);
    }
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}
