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

/** The best split of a node over all features, or undefined when none gains more than `minSplitGain`. */
export function findBestSplit(
  mapper: BinMapper,
  hist: Float64Array,
  totals: { sumG: number; sumH: number; count: number },
  unitHessian: boolean,
  params: SplitRules,
): Split | undefined {
  const { lambda, minSamplesLeaf, minChildWeight } = params;
  const { sumG, sumH, count } = totals;
  let best: Split | undefined;
  let bestScore = -Infinity;
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
      if (cl < minSamplesLeaf || hl < minChildWeight) continue;
      const hr = sumH - hl;
      if (count - cl < minSamplesLeaf || hr < minChildWeight) break;
      const gr = sumG - gl;
      const score = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda);
      if (score > bestScore) {
        bestScore = score;
        best = { feature: f, bin: b, gain: 0, leftG: gl, leftH: hl, leftCount: cl };
      }
    }
  }
  if (!best) return undefined;
  best.gain = 0.5 * (bestScore - (sumG * sumG) / (sumH + lambda));
  return best.gain > params.minSplitGain && best.gain > 1e-12 * Math.abs(bestScore)
    ? best
    : undefined;
}
