/**
 * Grows one gradient-boosting tree on binned data, best leaf first (as
 * LightGBM and scikit-learn's HistGradientBoosting do): histograms of
 * gradient, hessian and count per bin, the smaller child's histogram built
 * and the larger one's obtained by subtraction from the parent's.
 */
import type { BinMapper, BinnedData } from './binning.js';
import type { GrownTree } from './forest.js';
import { addLeaf, createGrownTree } from './forest.js';
import type { HistogramBuffers, Split, SplitRules } from './histogram.js';
import { buildHistogram, findBestSplit } from './histogram.js';

/** Tree-shape and regularisation settings of one boosting tree. */
export interface GrowerParams extends SplitRules {
  maxLeafNodes: number;
  maxDepth: number;
  learningRate: number;
}

/** Buffers shared by all trees of a fit. `indices[0 .. count)` are the rows of the next tree. */
export interface GrowerContext extends HistogramBuffers {
  indices: Uint32Array;
  temp: Uint32Array;
  pool: Float64Array[];
}

/** A leaf of a grown tree and the slice of `indices` holding its rows. */
export interface LeafRange {
  start: number;
  end: number;
  value: number;
}

interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  sumG: number;
  sumH: number;
  hist: Float64Array | undefined;
  split: Split | undefined;
}

/** Buffers for a fit on `bins`. */
export function createGrowerContext(bins: BinnedData, mapper: BinMapper): GrowerContext {
  const n = bins.rows;
  return {
    bins,
    mapper,
    indices: new Uint32Array(n),
    temp: new Uint32Array(n),
    orderedG: new Float64Array(n),
    orderedH: new Float64Array(n),
    pool: [],
  };
}

/**
 * Grows a tree on rows `ctx.indices[0 .. count)` with gradients `g` and
 * hessians `h` (`h` undefined: every hessian is 1, as for squared error).
 * Leaf values already include the learning rate.
 */
export function growTree(
  ctx: GrowerContext,
  count: number,
  g: Float64Array,
  h: Float64Array | undefined,
  params: GrowerParams,
): { tree: GrownTree; leaves: LeafRange[] } {
  const tree = createGrownTree();
  const root = rootNode(ctx, tree, count, g, h, params);
  const open: GrowNode[] = [];
  const done: GrowNode[] = [];
  if (canSplit(root, params)) {
    root.hist = takeHist(ctx);
    buildHistogram(ctx, root.hist, ctx.indices.subarray(0, count), g, h);
    root.split = findBestSplit(ctx.mapper, root.hist, totalsOf(root), h === undefined, params);
  }
  (root.split ? open : done).push(root);
  let leaves = 1;
  while (open.length > 0 && leaves < params.maxLeafNodes) {
    const node = popBest(open);
    const [left, right] = splitNode(ctx, tree, node, params);
    leaves += 1;
    prepareChildren(ctx, node, left, right, g, h, params);
    for (const child of [left, right]) (child.split ? open : done).push(child);
  }
  for (const node of open) releaseHist(ctx, node);
  const ranges = [...done, ...open].map((n) => ({
    start: n.start,
    end: n.end,
    value: tree.value[n.id] as number,
  }));
  return { tree, leaves: ranges };
}

function makeNode(
  tree: GrownTree,
  start: number,
  end: number,
  depth: number,
  sumG: number,
  sumH: number,
  params: GrowerParams,
): GrowNode {
  const id = addLeaf(tree, [(-sumG / (sumH + params.lambda)) * params.learningRate], 1);
  return { id, start, end, depth, sumG, sumH, hist: undefined, split: undefined };
}

function rootNode(
  ctx: GrowerContext,
  tree: GrownTree,
  count: number,
  g: Float64Array,
  h: Float64Array | undefined,
  params: GrowerParams,
): GrowNode {
  let sumG = 0;
  let sumH = 0;
  const idx = ctx.indices;
  for (let k = 0; k < count; k++) sumG += g[idx[k] as number] as number;
  if (h === undefined) sumH = count;
  else for (let k = 0; k < count; k++) sumH += h[idx[k] as number] as number;
  return makeNode(tree, 0, count, 0, sumG, sumH, params);
}

function totalsOf(node: GrowNode): { sumG: number; sumH: number; count: number } {
  return { sumG: node.sumG, sumH: node.sumH, count: node.end - node.start };
}

function canSplit(node: GrowNode, params: GrowerParams): boolean {
  return (
    node.depth < params.maxDepth &&
    node.end - node.start >= 2 * params.minSamplesLeaf &&
    node.sumH >= 2 * params.minChildWeight
  );
}

function popBest(open: GrowNode[]): GrowNode {
  let best = 0;
  for (let i = 1; i < open.length; i++)
    if ((open[i]?.split?.gain ?? 0) > (open[best]?.split?.gain ?? 0)) best = i;
  return open.splice(best, 1)[0] as GrowNode;
}

function takeHist(ctx: GrowerContext): Float64Array {
  const hist = ctx.pool.pop() ?? new Float64Array(ctx.mapper.totalBins * 3);
  hist.fill(0);
  return hist;
}

function releaseHist(ctx: GrowerContext, node: GrowNode): void {
  if (node.hist) ctx.pool.push(node.hist);
  node.hist = undefined;
}

/** Partitions the node's rows (stable) and creates its two children. */
function splitNode(
  ctx: GrowerContext,
  tree: GrownTree,
  node: GrowNode,
  params: GrowerParams,
): [GrowNode, GrowNode] {
  const split = node.split as Split;
  const { indices, temp } = ctx;
  const { rows, bins } = ctx.bins;
  const base = split.feature * rows;
  let l = node.start;
  let r = 0;
  for (let k = node.start; k < node.end; k++) {
    const i = indices[k] as number;
    // Branch-free: both slots are written, only one cursor moves (the side is unpredictable).
    const left = +((bins[base + i] as number) <= split.bin);
    indices[l] = i;
    temp[r] = i;
    l += left;
    r += 1 - left;
  }
  indices.set(temp.subarray(0, r), l);
  const left = makeNode(tree, node.start, l, node.depth + 1, split.leftG, split.leftH, params);
  const right = makeNode(
    tree,
    l,
    node.end,
    node.depth + 1,
    node.sumG - split.leftG,
    node.sumH - split.leftH,
    params,
  );
  tree.feature[node.id] = split.feature;
  tree.bin[node.id] = split.bin;
  tree.left[node.id] = left.id;
  tree.right[node.id] = right.id;
  return [left, right];
}

/** Gives the children that may split their histograms (smaller built, larger subtracted) and best splits. */
function prepareChildren(
  ctx: GrowerContext,
  parent: GrowNode,
  left: GrowNode,
  right: GrowNode,
  g: Float64Array,
  h: Float64Array | undefined,
  params: GrowerParams,
): void {
  const splittable = [left, right].filter((c) => canSplit(c, params));
  if (splittable.length > 0) {
    const [small, large] =
      left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    const parentHist = parent.hist as Float64Array;
    small.hist = takeHist(ctx);
    buildHistogram(ctx, small.hist, ctx.indices.subarray(small.start, small.end), g, h);
    for (let b = 0; b < parentHist.length; b++)
      parentHist[b] = (parentHist[b] as number) - (small.hist[b] as number);
    large.hist = parentHist;
    parent.hist = undefined;
    for (const child of [left, right]) {
      if (canSplit(child, params))
        child.split = findBestSplit(
          ctx.mapper,
          child.hist as Float64Array,
          totalsOf(child),
          h === undefined,
          params,
        );
      if (!child.split) releaseHist(ctx, child);
    }
  }
  releaseHist(ctx, parent);
}
