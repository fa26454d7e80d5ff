/**
 * Fast prediction over packed trees. Where a tree's right children directly
 * follow its left ones (true of every tree modelmill grows), rows walk it
 * branch-free for exactly the tree's depth: a leaf points to itself with an
 * infinite threshold, so finished rows stay put; four rows walk together so
 * their memory loads overlap. Deep or differently numbered trees use an
 * ordinary walk. Rows go in blocks so a block's features stay in cache
 * while every tree visits them.
 */
import type { Matrix } from './matrix.js';

/** Tree arrays arranged for the branch-free walk. */
export interface WalkLayout {
  /** Split feature; 0 at leaves. */
  feature: Int32Array;
  /** Left child (the right one is next to it); the node itself at leaves. */
  left: Int32Array;
  /** Split threshold; +Infinity at leaves. */
  threshold: Float64Array;
  /** Per tree, its depth, or -1 when it must be walked the ordinary way. */
  depth: Int32Array;
}

/** The packed trees a walk needs (a subset of Forest). */
export interface PackedTrees {
  nOutputs: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  walk: WalkLayout;
}

/** Deeper trees waste more fixed steps than the branch-free walk saves. */
const MAX_FIXED_DEPTH = 20;

/** Builds the walk layout of packed trees. */
export function createWalkLayout(
  roots: Int32Array,
  feature: Int32Array,
  threshold: Float64Array,
  left: Int32Array,
  right: Int32Array,
): WalkLayout {
  const n = feature.length;
  const walk: WalkLayout = {
    feature: new Int32Array(n),
    left: new Int32Array(n),
    threshold: new Float64Array(n),
    depth: new Int32Array(roots.length),
  };
  for (let i = 0; i < n; i++) {
    const leaf = (feature[i] as number) < 0;
    walk.feature[i] = leaf ? 0 : (feature[i] as number);
    walk.left[i] = leaf ? i : (left[i] as number);
    walk.threshold[i] = leaf ? Infinity : (threshold[i] as number);
  }
  for (let t = 0; t < roots.length; t++)
    walk.depth[t] = fixedDepth(roots[t] as number, feature, left, right);
  return walk;
}

function fixedDepth(
  root: number,
  feature: Int32Array,
  left: Int32Array,
  right: Int32Array,
): number {
  let max = 0;
  const stack = [root, 0];
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const node = stack.pop() as number;
    if ((feature[node] as number) < 0) {
      max = Math.max(max, depth);
      continue;
    }
    if (right[node] !== (left[node] as number) + 1 || depth + 1 > MAX_FIXED_DEPTH) return -1;
    stack.push(left[node] as number, depth + 1, right[node], depth + 1);
  }
  return max;
}

/** The leaf row `o` (offset in `data`) reaches in the tree rooted at `root`, walked the ordinary way. */
function leafOf(trees: PackedTrees, root: number, data: Float64Array, o: number): number {
  const { feature, threshold, left, right } = trees;
  let node = root;
  let f = feature[node] as number;
  while (f >= 0) {
    node =
      (data[o + f] as number) <= (threshold[node] as number)
        ? (left[node] as number)
        : (right[node] as number);
    f = feature[node] as number;
  }
  return node;
}

const BLOCK = 256;

/**
 * Adds `scale ×` the leaf values of trees `from, from + step, ...` (below `to`)
 * to `out` (`rows × width`, from column `column`): boosting's raw score
 * (step = outputs) and a forest's average (scale = 1 / trees).
 */
export function accumulateTrees(
  trees: PackedTrees,
  x: Matrix,
  out: Float64Array,
  width: number,
  column: number,
  range: { from: number; to: number; step: number },
  scale: number,
): void {
  const leaves = new Int32Array(BLOCK);
  for (let i0 = 0; i0 < x.rows; i0 += BLOCK) {
    const i1 = Math.min(x.rows, i0 + BLOCK);
    for (let t = range.from; t < range.to; t += range.step) {
      walkBlock(trees, t, x, i0, i1, leaves);
      addLeafValues(trees, leaves, i0, i1, out, width, column, scale);
    }
  }
}

function addLeafValues(
  trees: PackedTrees,
  leaves: Int32Array,
  i0: number,
  i1: number,
  out: Float64Array,
  width: number,
  column: number,
  scale: number,
): void {
  const { value, nOutputs } = trees;
  for (let i = i0; i < i1; i++) {
    const leaf = (leaves[i - i0] as number) * nOutputs;
    const target = i * width + column;
    for (let k = 0; k < nOutputs; k++)
      out[target + k] = (out[target + k] as number) + scale * (value[leaf + k] as number);
  }
}

/** Writes the leaf of rows `i0 .. i1-1` in tree `t` to `leaves[i - i0]`. */
function walkBlock(
  trees: PackedTrees,
  t: number,
  x: Matrix,
  i0: number,
  i1: number,
  leaves: Int32Array,
): void {
  const { cols, data } = x;
  const root = trees.roots[t] as number;
  const depth = trees.walk.depth[t] as number;
  if (depth < 0) {
    for (let i = i0; i < i1; i++) leaves[i - i0] = leafOf(trees, root, data, i * cols);
    return;
  }
  const { feature: f, left: l, threshold: th } = trees.walk;
  let i = i0;
  for (; i + 3 < i1; i += 4) {
    const oa = i * cols;
    const ob = oa + cols;
    const oc = ob + cols;
    const od = oc + cols;
    let a = root;
    let b = root;
    let c = root;
    let d = root;
    for (let s = 0; s < depth; s++) {
      a = (l[a] as number) + +((data[oa + (f[a] as number)] as number) > (th[a] as number));
      b = (l[b] as number) + +((data[ob + (f[b] as number)] as number) > (th[b] as number));
      c = (l[c] as number) + +((data[oc + (f[c] as number)] as number) > (th[c] as number));
      d = (l[d] as number) + +((data[od + (f[d] as number)] as number) > (th[d] as number));
    }
    leaves[i - i0] = a;
    leaves[i + 1 - i0] = b;
    leaves[i + 2 - i0] = c;
    leaves[i + 3 - i0] = d;
  }
  for (; i < i1; i++) {
    const o = i * cols;
    let a = root;
    for (let s = 0; s < depth; s++)
      a = (l[a] as number) + +((data[o + (f[a] as number)] as number) > (th[a] as number));
    leaves[i - i0] = a;
  }
}
