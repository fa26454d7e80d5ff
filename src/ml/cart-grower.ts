/**
 * Grows one random-forest tree (CART) on binned data, depth first: at each
 * node a random subset of features is searched for the split that most
 * reduces Gini impurity (classification, as squared error on one-hot labels)
 * or squared error (regression). Per feature only the bins that occur in the
 * node are visited, so deep nodes with few rows stay cheap.
 */
import type { BinMapper, BinnedData } from './binning.js';
import type { GrownTree } from './forest.js';
import { addLeaf, createGrownTree } from './forest.js';
import { sortSmall } from './histogram.js';
import type { Random } from './random.js';

/** Shape limits of a forest tree. */
export interface CartParams {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features searched per node (more when all those drawn are constant in the node). */
  maxFeatures: number;
}

/** What the tree predicts: class indices (`channels` = classes) or a numeric target (`channels` 1). */
export interface CartTarget {
  channels: number;
  classification: boolean;
  y: Float64Array;
}

/** Buffers for growing trees on `bins`. `indices[0 .. count)` are the rows of the next tree (repeats allowed). */
export interface CartContext {
  bins: BinnedData;
  mapper: BinMapper;
  indices: Uint32Array;
  temp: Uint32Array;
  hist: Float64Array;
  touched: Int32Array;
  features: Int32Array;
  totals: Float64Array;
  left: Float64Array;
}

interface CartSplit {
  feature: number;
  bin: number;
  score: number;
}

/** Buffers for `bins` with `channels` target channels; `capacity` rows per tree at most. */
export function createCartContext(
  bins: BinnedData,
  mapper: BinMapper,
  channels: number,
  capacity: number,
): CartContext {
  let maxBins = 0;
  for (let f = 0; f < mapper.nBins.length; f++)
    maxBins = Math.max(maxBins, mapper.nBins[f] as number);
  return {
    bins,
    mapper,
    indices: new Uint32Array(capacity),
    temp: new Uint32Array(capacity),
    hist: new Float64Array(maxBins * (channels + 1)),
    touched: new Int32Array(maxBins),
    features: Int32Array.from({ length: bins.cols }, (_, f) => f),
    totals: new Float64Array(channels),
    left: new Float64Array(channels),
  };
}

/** Grows a tree on `ctx.indices[0 .. count)`; leaves hold class proportions or the mean target. */
export function growCartTree(
  ctx: CartContext,
  count: number,
  target: CartTarget,
  params: CartParams,
  rng: Random,
): GrownTree {
  const tree = createGrownTree();
  const stack: { id: number; start: number; end: number; depth: number }[] = [];
  stack.push({
    id: addLeaf(tree, leafValue(ctx, 0, count, target), target.channels),
    start: 0,
    end: count,
    depth: 0,
  });
  while (stack.length > 0) {
    const node = stack.pop() as { id: number; start: number; end: number; depth: number };
    const m = node.end - node.start;
    if (
      node.depth >= params.maxDepth ||
      m < params.minSamplesSplit ||
      m < 2 * params.minSamplesLeaf ||
      isPure(tree, node.id, target)
    )
      continue;
    const split = findCartSplit(ctx, node.start, node.end, target, params, rng);
    if (!split) continue;
    const mid = partition(ctx, node.start, node.end, split);
    const leftId = addLeaf(tree, leafValue(ctx, node.start, mid, target), target.channels);
    const rightId = addLeaf(tree, leafValue(ctx, mid, node.end, target), target.channels);
    tree.feature[node.id] = split.feature;
    tree.bin[node.id] = split.bin;
    tree.left[node.id] = leftId;
    tree.right[node.id] = rightId;
    stack.push({ id: rightId, start: mid, end: node.end, depth: node.depth + 1 });
    stack.push({ id: leftId, start: node.start, end: mid, depth: node.depth + 1 });
  }
  return tree;
}

function isPure(tree: GrownTree, id: number, target: CartTarget): boolean {
  if (!target.classification) return false;
  for (let c = 0; c < target.channels; c++)
    if ((tree.value[id * target.channels + c] as number) === 1) return true;
  return false;
}

/** Class proportions or mean target of rows `indices[start .. end)`; also leaves the channel sums in `ctx.totals`. */
function leafValue(ctx: CartContext, start: number, end: number, target: CartTarget): Float64Array {
  const { indices, totals } = ctx;
  const { y, classification } = target;
  totals.fill(0);
  for (let k = start; k < end; k++) {
    const v = y[indices[k] as number] as number;
    if (classification) totals[v] = (totals[v] as number) + 1;
    else totals[0] = (totals[0] as number) + v;
  }
  return totals.map((t) => t / (end - start));
}

/** The best split over randomly drawn features, or undefined when no split reduces impurity. */
function findCartSplit(
  ctx: CartContext,
  start: number,
  end: number,
  target: CartTarget,
  params: CartParams,
  rng: Random,
): CartSplit | undefined {
  const { features, totals } = ctx;
  const channels = target.channels;
  leafValue(ctx, start, end, target);
  const m = end - start;
  let parentScore = 0;
  for (let c = 0; c < channels; c++) parentScore += (totals[c] as number) ** 2;
  parentScore /= m;
  let best: CartSplit | undefined;
  let searched = 0;
  for (let j = 0; j < features.length && searched < params.maxFeatures; j++) {
    // Partial Fisher–Yates: features[j] becomes a uniformly drawn unseen feature.
    const pick = j + rng.int(features.length - j);
    const f = features[pick] as number;
    features[pick] = features[j] as number;
    features[j] = f;
    const result = scanFeature(ctx, start, end, f, target, params);
    if (result === undefined) continue;
    searched += 1;
    if (result.score > parentScore * (1 + 1e-12) + 1e-12 && (!best || result.score > best.score))
      best = result;
  }
  return best;
}

/** Best split of one feature (undefined when the feature is constant in the node). */
function scanFeature(
  ctx: CartContext,
  start: number,
  end: number,
  f: number,
  target: CartTarget,
  params: CartParams,
): CartSplit | undefined {
  const { hist, touched } = ctx;
  const stride = target.channels + 1;
  const { count, maxBin } = accumulateFeature(ctx, start, end, f, target);
  let nTouched = count;
  // Few touched bins are sorted; many are found by walking the bins in order.
  if (nTouched * 8 < maxBin) sortSmall(touched, nTouched);
  else {
    nTouched = 0;
    for (let b = 0; b <= maxBin; b++)
      if ((hist[b * stride + target.channels] as number) > 0) touched[nTouched++] = b;
  }
  const best = nTouched < 2 ? undefined : bestCut(ctx, f, nTouched, end - start, target, params);
  for (let t = 0; t < nTouched; t++) {
    const o = (touched[t] as number) * stride;
    for (let c = 0; c < stride; c++) hist[o + c] = 0;
  }
  return best;
}

/** Sums the node's rows into per-bin channels of feature `f`; lists the bins touched. */
function accumulateFeature(
  ctx: CartContext,
  start: number,
  end: number,
  f: number,
  target: CartTarget,
): { count: number; maxBin: number } {
  const { indices, hist, touched } = ctx;
  const { rows, bins } = ctx.bins;
  const { y, classification, channels } = target;
  const stride = channels + 1;
  const base = f * rows;
  let count = 0;
  let maxBin = 0;
  for (let k = start; k < end; k++) {
    const i = indices[k] as number;
    const b = bins[base + i] as number;
    const o = b * stride;
    if (hist[o + channels] === 0) {
      touched[count++] = b;
      if (b > maxBin) maxBin = b;
    }
    hist[o + channels] = (hist[o + channels] as number) + 1;
    if (classification) hist[o + (y[i] as number)] = (hist[o + (y[i] as number)] as number) + 1;
    else hist[o] = (hist[o] as number) + (y[i] as number);
  }
  return { count, maxBin };
}

/** The best cut between consecutive touched bins (score: Σ left²/nl + Σ right²/nr); bin -1 when none is allowed. */
function bestCut(
  ctx: CartContext,
  f: number,
  nTouched: number,
  m: number,
  target: CartTarget,
  params: CartParams,
): CartSplit {
  const { hist, touched, totals, left } = ctx;
  const { channels } = target;
  const stride = channels + 1;
  left.fill(0);
  let nl = 0;
  let bestScore = -Infinity;
  let bestBin = -1;
  for (let t = 0; t < nTouched - 1; t++) {
    const o = (touched[t] as number) * stride;
    nl += hist[o + channels] as number;
    let sl = 0;
    let sr = 0;
    for (let c = 0; c < channels; c++) {
      const l = (left[c] as number) + (hist[o + c] as number);
      left[c] = l;
      const r = (totals[c] as number) - l;
      sl += l * l;
      sr += r * r;
    }
    const nr = m - nl;
    if (nl < params.minSamplesLeaf) continue;
    if (nr < params.minSamplesLeaf) break;
    const score = sl / nl + sr / nr;
    if (score > bestScore) {
      bestScore = score;
      bestBin = touched[t] as number;
    }
  }
  return { feature: f, bin: bestBin, score: bestScore };
}

/** Stable partition of `indices[start .. end)` by the split; returns where the right part starts. */
function partition(ctx: CartContext, start: number, end: number, split: CartSplit): number {
  const { indices, temp } = ctx;
  const { rows, bins } = ctx.bins;
  const base = split.feature * rows;
  let l = start;
  let r = 0;
  for (let k = start; k < end; k++) {
    const i = indices[k] as number;
    // Branch-free: both slots are written, only one cursor moves (the side is unpredictable).
    const left = +((bins[base + i] as number) <= split.bin);
    indices[l] = i;
    temp[r] = i;
    l += left;
    r += 1 - left;
  }
  indices.set(temp.subarray(0, r), l);
  return l;
}
