/**
 * Grows one gradient-boosting tree on binned data, best leaf first (as
 * LightGBM and scikit-learn's HistGradientBoosting do): histograms of
 * gradient, hessian and count per bin, the smaller child's histogram built
 * and the larger one's obtained by subtraction from the parent's.
 */
import type { BinMapper, BinnedData } from './binning.js';
import type { GrownTree } from './forest.js';
import { addLeaf, createGrownTree } from './forest.js';
import type {
  HistogramBuffers,
  NodeTotals,
  SparseBuffers,
  Split,
  SplitRules,
} from './histogram.js';
import { buildHistogram, findBestSplit, findSparseSplit } from './histogram.js';

/** Tree-shape and regularisation settings of one boosting tree. */
export interface GrowerParams extends SplitRules {
  maxLeafNodes: number;
  maxDepth: number;
  learningRate: number;
}

/** Buffers shared by all trees of a fit. `indices[0 .. count)` are the rows of the next tree. */
export interface GrowerContext extends HistogramBuffers, SparseBuffers {
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
    scratch: new Float64Array(256 * 3),
    touched: new Int32Array(256),
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
    if (wantsHistogram(ctx, root)) {
      root.hist = takeHist(ctx);
      buildHistogram(ctx, root.hist, ctx.indices.subarray(0, count), g, h);
    }
    root.split = bestSplitOf(ctx, root, g, h, params);
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

function totalsOf(node: GrowNode): NodeTotals {
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

/**
 * Below this many row-features per histogram bin a node is searched without
 * a histogram (findSparseSplit): zeroing, subtracting and scanning a full
 * histogram would cost more than the node's rows.
 */
const ROWS_PER_BIN_FOR_HISTOGRAM = 0.5;

/** `parent -= child`, skipping the hessian block when every hessian is 1 (it stays zero). */
function subtractInto(
  parent: Float64Array,
  child: Float64Array,
  t: number,
  unitHessian: boolean,
): void {
  for (let b = 0; b < t; b++) parent[b] = (parent[b] as number) - (child[b] as number);
  if (!unitHessian)
    for (let b = t; b < 2 * t; b++) parent[b] = (parent[b] as number) - (child[b] as number);
  for (let b = 2 * t; b < 3 * t; b++) parent[b] = (parent[b] as number) - (child[b] as number);
}

function wantsHistogram(ctx: GrowerContext, node: GrowNode): boolean {
  return (
    (node.end - node.start) * ctx.bins.cols >= ROWS_PER_BIN_FOR_HISTOGRAM * ctx.mapper.totalBins
  );
}

function bestSplitOf(
  ctx: GrowerContext,
  node: GrowNode,
  g: Float64Array,
  h: Float64Array | undefined,
  params: GrowerParams,
): Split | undefined {
  if (node.hist)
    return findBestSplit(ctx.mapper, node.hist, totalsOf(node), h === undefined, params);
  return findSparseSplit(
    ctx,
    ctx.indices.subarray(node.start, node.end),
    g,
    h,
    totalsOf(node),
    params,
  );
}

/**
 * Finds the children's best splits. When the larger child is big enough for
 * a histogram, the smaller child's histogram is built and the larger one's
 * is the parent's minus it; small children are searched without one.
 */
function prepareChildren(
  ctx: GrowerContext,
  parent: GrowNode,
  left: GrowNode,
  right: GrowNode,
  g: Float64Array,
  h: Float64Array | undefined,
  params: GrowerParams,
): void {
  const [small, large] =
    left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
  if (parent.hist && canSplit(large, params) && wantsHistogram(ctx, large)) {
    const parentHist = parent.hist;
    small.hist = takeHist(ctx);
    buildHistogram(ctx, small.hist, ctx.indices.subarray(small.start, small.end), g, h);
    subtractInto(parentHist, small.hist, ctx.mapper.totalBins, h === undefined);
    large.hist = parentHist;
    parent.hist = undefined;
  }
  for (const child of [left, right]) {
    if (canSplit(child, params)) child.split = bestSplitOf(ctx, child, g, h, params);
    if (!child.split) releaseHist(ctx, child);
  }
  releaseHist(ctx, parent);
}
