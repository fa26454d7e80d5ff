/**
 * Histogram-based gradient-boosted trees (the `gbt` / `xgb` algorithms):
 * squared error for regression, binary log-loss (one tree per round) and
 * multiclass softmax (one tree per class per round). Features are binned once
 * (≤ 255 bins); trees grow best leaf first under max leaf nodes and max depth,
 * with XGBoost's leaf regularisation (lambda, min child weight, gamma) and
 * per-round row subsampling.
 */
import { ModelmillError } from '../core/index.js';
import { binData, computeBins } from './binning.js';
import type { Forest } from './forest.js';
import { addGrownTreeOnBinned, createForestBuilder } from './forest.js';
import { accumulateTrees } from './forest-predict.js';
import type { GrowerParams } from './hist-grower.js';
import { createGrowerContext, growTree } from './hist-grower.js';
import type { Matrix } from './matrix.js';
import { assertFinite, assertSameLength } from './matrix.js';
import type { Random } from './random.js';
import { createRandom } from './random.js';

/** Options of a gradient-boosting fit; defaults are scikit-learn's HistGradientBoosting ones. */
export interface GradientBoostingOptions {
  /** Boosting rounds. Default 100. */
  maxIter?: number;
  /** Shrinkage of every tree. Default 0.1. */
  learningRate?: number;
  /** Leaves per tree at most. Default 31. */
  maxLeafNodes?: number;
  /** Depth (edges from root) at most. Default unlimited. */
  maxDepth?: number;
  /** Rows per leaf at least. Default 20. */
  minSamplesLeaf?: number;
  /** Hessian sum per leaf at least. Default 1e-3. */
  minChildWeight?: number;
  /** L2 penalty on leaf values. Default 0. */
  l2Regularization?: number;
  /** Least loss reduction for a split. Default 0. */
  minSplitGain?: number;
  /** Share of rows drawn (without replacement) for each round. Default 1. */
  subsample?: number;
  /** Bins per feature, 2..255. Default 255. */
  maxBins?: number;
  /** Seed of the binning subsample and row subsampling. Default 0. */
  seed?: number;
}

/** A fitted boosting model: raw score of output `k` = `baseline[k]` + its trees (tree `t` feeds output `t % outputs`). */
export interface GradientBoostingParams {
  /** 1 for regression and binary classification, else the number of classes. */
  outputs: number;
  /** Classes (0 for regression). */
  nClasses: number;
  baseline: Float64Array;
  forest: Forest;
}

function growerParams(o: GradientBoostingOptions): GrowerParams {
  return {
    maxLeafNodes: o.maxLeafNodes ?? 31,
    maxDepth: o.maxDepth ?? Number.MAX_SAFE_INTEGER,
    minSamplesLeaf: o.minSamplesLeaf ?? 20,
    minChildWeight: o.minChildWeight ?? 1e-3,
    lambda: o.l2Regularization ?? 0,
    minSplitGain: o.minSplitGain ?? 0,
    learningRate: o.learningRate ?? 0.1,
  };
}

/** Fits boosted trees; `nClasses` 0 means regression on `y`, otherwise `y` holds class indices. */
export function fitGradientBoosting(
  x: Matrix,
  y: Float64Array,
  nClasses: number,
  options: GradientBoostingOptions = {},
): GradientBoostingParams {
  assertSameLength(x, y, 'Gradient boosting');
  assertFinite(x, 'Gradient boosting');
  if (nClasses === 1)
    throw new ModelmillError(
      'ValidationException',
      'Gradient boosting classification needs at least 2 classes in the training labels; the data has only one.',
    );
  const rng = createRandom(options.seed ?? 0);
  const n = x.rows;
  const outputs = nClasses > 2 ? nClasses : 1;
  const mapper = computeBins(x, options.maxBins ?? 255, rng);
  const bins = binData(x, mapper);
  const ctx = createGrowerContext(bins, mapper);
  const baseline = initialScores(y, nClasses, outputs);
  const raw = new Float64Array(n * outputs);
  for (let i = 0; i < n; i++) raw.set(baseline, i * outputs);
  const g = Array.from({ length: outputs }, () => new Float64Array(n));
  const h = nClasses === 0 ? undefined : Array.from({ length: outputs }, () => new Float64Array(n));
  const builder = createForestBuilder(1);
  const params = growerParams(options);
  const subsample = options.subsample ?? 1;
  const sample = subsample < 1 ? new Uint32Array(n) : undefined;
  for (let iter = 0; iter < (options.maxIter ?? 100); iter++) {
    computeGradients(raw, y, nClasses, outputs, g, h);
    const m = sample ? drawSample(sample, n, Math.max(1, Math.round(subsample * n)), rng) : n;
    for (let k = 0; k < outputs; k++) {
      if (sample) ctx.indices.set(sample.subarray(0, m));
      else for (let i = 0; i < n; i++) ctx.indices[i] = i;
      const { tree, leaves } = growTree(ctx, m, g[k] as Float64Array, h?.[k], params);
      builder.addTree(tree, mapper);
      if (sample) {
        addGrownTreeOnBinned(tree, bins, raw, outputs, k);
        continue;
      }
      for (const leaf of leaves) {
        for (let j = leaf.start; j < leaf.end; j++) {
          const o = (ctx.indices[j] as number) * outputs + k;
          raw[o] = (raw[o] as number) + leaf.value;
        }
      }
    }
  }
  return { outputs, nClasses, baseline, forest: builder.finish() };
}

/** The constant first guess: mean, prior log-odds, or log class priors. */
function initialScores(y: Float64Array, nClasses: number, outputs: number): Float64Array {
  const n = y.length;
  if (nClasses === 0) {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i] as number;
    return Float64Array.of(s / n);
  }
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) counts[y[i] as number] = (counts[y[i] as number] as number) + 1;
  const eps = 1e-15;
  if (outputs === 1) {
    const p = Math.min(Math.max((counts[1] as number) / n, eps), 1 - eps);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  return counts.map((c) => Math.log(Math.max(c / n, eps)));
}

/** Gradients and hessians of the loss at the current raw scores. */
function computeGradients(
  raw: Float64Array,
  y: Float64Array,
  nClasses: number,
  outputs: number,
  g: Float64Array[],
  h: Float64Array[] | undefined,
): void {
  const n = y.length;
  const g0 = g[0] as Float64Array;
  if (nClasses === 0) {
    for (let i = 0; i < n; i++) g0[i] = (raw[i] as number) - (y[i] as number);
    return;
  }
  const hs = h as Float64Array[];
  if (outputs === 1) {
    const h0 = hs[0] as Float64Array;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i] as number);
      g0[i] = p - (y[i] as number);
      h0[i] = p * (1 - p);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const o = i * outputs;
    let max = -Infinity;
    for (let k = 0; k < outputs; k++) max = Math.max(max, raw[o + k] as number);
    let sum = 0;
    for (let k = 0; k < outputs; k++) sum += Math.exp((raw[o + k] as number) - max);
    for (let k = 0; k < outputs; k++) {
      const p = Math.exp((raw[o + k] as number) - max) / sum;
      (g[k] as Float64Array)[i] = p - (k === y[i] ? 1 : 0);
      (hs[k] as Float64Array)[i] = p * (1 - p);
    }
  }
}

/** Draws `m` of `n` rows without replacement into `out[0 .. m)`, in ascending order (selection sampling). */
function drawSample(out: Uint32Array, n: number, m: number, rng: Random): number {
  let chosen = 0;
  for (let i = 0; i < n && chosen < m; i++) {
    if (rng.next() * (n - i) < m - chosen) out[chosen++] = i;
  }
  return m;
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Raw scores (`rows × outputs`): predictions for regression, log-odds or class logits for classification. */
export function predictRawGradientBoosting(
  params: GradientBoostingParams,
  x: Matrix,
): Float64Array {
  const { outputs, baseline, forest } = params;
  const out = new Float64Array(x.rows * outputs);
  for (let i = 0; i < x.rows; i++) out.set(baseline, i * outputs);
  const trees = forest.roots.length;
  for (let k = 0; k < outputs; k++)
    accumulateTrees(forest, x, out, outputs, k, { from: k, to: trees, step: outputs }, 1);
  return out;
}
