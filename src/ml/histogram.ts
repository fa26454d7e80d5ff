/**
 * Histograms of gradient, hessian and count per feature bin, and the search
 * for the best split in them (XGBoost's gain with L2 on leaf values).
 */
import type { BinMapper, BinnedData } from './binning.js';

/** What building a histogram needs: the binned data and two row-length scratch arrays. */
export interface HistogramBuffers {
  bins: BinnedData;
  mapper: BinMapper;
  orderedG: Float64Array;
  orderedH: Float64Array;
}

/** Constraints and regularisation of a split. */
export interface SplitRules {
  /** Rows per child at least. */
  minSamplesLeaf: number;
  /** Least hessian sum in a child (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  lambda: number;
  /** Least loss reduction to split (XGBoost's gamma). */
  minSplitGain: number;
}

/** A chosen split: rows with bin `<= bin` of `feature` go left. */
export interface Split {
  feature: number;
  bin: number;
  gain: number;
  leftG: number;
  leftH: number;
  leftCount: number;
}

/**
 * Fills `hist` (zeroed by the caller) from rows `rowsOf`. Layout: gradient sums in
 * `[0, T)`, hessian sums in `[T, 2T)`, counts in `[2T, 3T)` (T = total bins;
 * the hessian block stays 0 when every hessian is 1). Features go four per
 * pass over the rows, which shares the index and gradient loads between them.
 */
export function buildHistogram(
  ctx: HistogramBuffers,
  hist: Float64Array,
  rowsOf: Uint32Array,
  g: Float64Array,
  h: Float64Array | undefined,
): void {
  const { orderedG, orderedH } = ctx;
  const cols = ctx.bins.cols;
  const m = rowsOf.length;
  for (let k = 0; k < m; k++) orderedG[k] = g[rowsOf[k] as number] as number;
  if (h !== undefined) for (let k = 0; k < m; k++) orderedH[k] = h[rowsOf[k] as number] as number;
  let f = 0;
  for (; f + 3 < cols; f += 4) addFeatures(ctx, hist, rowsOf, f, 4, h !== undefined);
  for (; f < cols; f++) addFeatures(ctx, hist, rowsOf, f, 1, h !== undefined);
}

/** Adds rows `rowsOf` to the histograms of features `f .. f + width - 1` (width 4 or 1). */
function addFeatures(
  ctx: HistogramBuffers,
  hist: Float64Array,
  rowsOf: Uint32Array,
  f: number,
  width: 1 | 4,
  withHessian: boolean,
): void {
  const { orderedG: og, orderedH: oh, mapper } = ctx;
  const { rows, bins } = ctx.bins;
  const t = mapper.totalBins;
  const m = rowsOf.length;
  const b0 = f * rows;
  const o0 = mapper.offsets[f] as number;
  if (width === 1) {
    for (let k = 0; k < m; k++) {
      const o = o0 + (bins[b0 + (rowsOf[k] as number)] as number);
      hist[o] = (hist[o] as number) + (og[k] as number);
      if (withHessian) hist[o + t] = (hist[o + t] as number) + (oh[k] as number);
      hist[o + 2 * t] = (hist[o + 2 * t] as number) + 1;
    }
    return;
  }
  const [b1, b2, b3] = [b0 + rows, b0 + 2 * rows, b0 + 3 * rows];
  const o1 = mapper.offsets[f + 1] as number;
  const o2 = mapper.offsets[f + 2] as number;
  const o3 = mapper.offsets[f + 3] as number;
  const c = 2 * t;
  for (let k = 0; k < m; k++) {
    const i = rowsOf[k] as number;
    const gk = og[k] as number;
    const p0 = o0 + (bins[b0 + i] as number);
    const p1 = o1 + (bins[b1 + i] as number);
    const p2 = o2 + (bins[b2 + i] as number);
    const p3 = o3 + (bins[b3 + i] as number);
    hist[p0] = (hist[p0] as number) + gk;
    hist[p1] = (hist[p1] as number) + gk;
    hist[p2] = (hist[p2] as number) + gk;
    hist[p3] = (hist[p3] as number) + gk;
    if (withHessian) {
      const hk = oh[k] as number;
      hist[p0 + t] = (hist[p0 + t] as number) + hk;
      hist[p1 + t] = (hist[p1 + t] as number) + hk;
      hist[p2 + t] = (hist[p2 + t] as number) + hk;
      hist[p3 + t] = (hist[p3 + t] as number) + hk;
    }
    hist[p0 + c] = (hist[p0 + c] as number) + 1;
    hist[p1 + c] = (hist[p1 + c] as number) + 1;
    hist[p2 + c] = (hist[p2 + c] as number) + 1;
    hist[p3 + c] = (hist[p3 + c] as number) + 1;
  }
}

/** Node totals a split search needs. */
export interface NodeTotals {
  sumG: number;
  sumH: number;
  count: number;
}

/** The running best of a split search (scalars: no object per improvement). */
interface SplitSearch {
  score: number;
  feature: number;
  bin: number;
  leftG: number;
  leftH: number;
  leftCount: number;
}

function newSearch(): SplitSearch {
  return { score: -Infinity, feature: -1, bin: 0, leftG: 0, leftH: 0, leftCount: 0 };
}

/**
 * Considers putting bins up to `b` of feature `f` on the left, with left sums
 * `gl`, `hl`, `cl`. Returns false when no later bin can satisfy the right
 * child's constraints either (the scan can stop).
 */
function consider(
  search: SplitSearch,
  f: number,
  b: number,
  gl: number,
  hl: number,
  cl: number,
  totals: NodeTotals,
  rules: SplitRules,
): boolean {
  if (cl < rules.minSamplesLeaf || hl < rules.minChildWeight) return true;
  const hr = totals.sumH - hl;
  if (totals.count - cl < rules.minSamplesLeaf || hr < rules.minChildWeight) return false;
  const gr = totals.sumG - gl;
  const score = (gl * gl) / (hl + rules.lambda) + (gr * gr) / (hr + rules.lambda);
  if (score > search.score) {
    search.score = score;
    search.feature = f;
    search.bin = b;
    search.leftG = gl;
    search.leftH = hl;
    search.leftCount = cl;
  }
  return true;
}

/** The search's best split if it gains more than `minSplitGain` (XGBoost's gain, halved). */
function finish(search: SplitSearch, totals: NodeTotals, rules: SplitRules): Split | undefined {
  if (search.feature < 0) return undefined;
  const gain = 0.5 * (search.score - (totals.sumG * totals.sumG) / (totals.sumH + rules.lambda));
  if (!(gain > rules.minSplitGain && gain > 1e-12 * Math.abs(search.score))) return undefined;
  const { feature, bin, leftG, leftH, leftCount } = search;
  return { feature, bin, gain, leftG, leftH, leftCount };
}

/** The best split of a node over all features of its histogram, or undefined when none gains more than `minSplitGain`. */
export function findBestSplit(
  mapper: BinMapper,
  hist: Float64Array,
  totals: NodeTotals,
  unitHessian: boolean,
  rules: SplitRules,
): Split | undefined {
  const search = newSearch();
  const t = mapper.totalBins;
  for (let f = 0; f < mapper.nBins.length; f++) {
    const off = mapper.offsets[f] as number;
    const last = (mapper.nBins[f] as number) - 1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < last; b++) {
      const o = off + b;
      gl += hist[o] as number;
      cl += hist[o + 2 * t] as number;
      hl += unitHessian ? (hist[o + 2 * t] as number) : (hist[o + t] as number);
      if (!consider(search, f, b, gl, hl, cl, totals, rules)) break;
    }
  }
  return finish(search, totals, rules);
}

/** Scratch space of the histogram-free split search: one feature's bins, and the bins a node touched. */
export interface SparseBuffers {
  bins: BinnedData;
  /** 3 slots (gradient, hessian, count) per bin of one feature. */
  scratch: Float64Array;
  touched: Int32Array;
}

/**
 * The best split of a small node without a histogram: per feature, only the
 * bins its rows fall in are summed, sorted and scanned (a full histogram
 * costs its size in zeroing, subtracting and scanning, which dwarfs a few
 * hundred rows).
 */
export function findSparseSplit(
  buf: SparseBuffers,
  rowsOf: Uint32Array,
  g: Float64Array,
  h: Float64Array | undefined,
  totals: NodeTotals,
  rules: SplitRules,
): Split | undefined {
  const search = newSearch();
  const { scratch, touched } = buf;
  const { rows, cols, bins } = buf.bins;
  for (let f = 0; f < cols; f++) {
    const base = f * rows;
    let nt = 0;
    let maxBin = 0;
    for (let k = 0; k < rowsOf.length; k++) {
      const i = rowsOf[k] as number;
      const b = bins[base + i] as number;
      const o = 3 * b;
      if (scratch[o + 2] === 0) {
        touched[nt++] = b;
        if (b > maxBin) maxBin = b;
      }
      scratch[o] = (scratch[o] as number) + (g[i] as number);
      scratch[o + 1] = (scratch[o + 1] as number) + (h === undefined ? 1 : (h[i] as number));
      scratch[o + 2] = (scratch[o + 2] as number) + 1;
    }
    // Few touched bins are sorted; many are found by walking the bins in order.
    if (nt * 8 < maxBin) sortSmall(touched, nt);
    else {
      nt = 0;
      for (let b = 0; b <= maxBin; b++) if ((scratch[3 * b + 2] as number) > 0) touched[nt++] = b;
    }
    scanTouched(search, f, nt, scratch, touched, totals, rules);
  }
  return finish(search, totals, rules);
}

/** Scans one feature's touched bins (ascending) as split points, and clears them. */
function scanTouched(
  search: SplitSearch,
  f: number,
  nt: number,
  scratch: Float64Array,
  touched: Int32Array,
  totals: NodeTotals,
  rules: SplitRules,
): void {
  let gl = 0;
  let hl = 0;
  let cl = 0;
  let go = true;
  for (let t = 0; t < nt; t++) {
    const o = 3 * (touched[t] as number);
    gl += scratch[o] as number;
    hl += scratch[o + 1] as number;
    cl += scratch[o + 2] as number;
    if (go && t < nt - 1) go = consider(search, f, touched[t] as number, gl, hl, cl, totals, rules);
    scratch[o] = 0;
    scratch[o + 1] = 0;
    scratch[o + 2] = 0;
  }
}

/** Sorts `a[0 .. n)` ascending: insertion sort when short (no call overhead), else the native sort. */
export function sortSmall(a: Int32Array, n: number): void {
  if (n > 24) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}
