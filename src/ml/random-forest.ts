/**
 * Random forests for classification (leaves hold class proportions; the
 * forest averages them) and regression (leaves hold means; the forest
 * averages them), each tree grown on a bootstrap sample with a random subset
 * of features searched per node. Trees are grown on features binned once
 * (≤ 255 bins), which is what keeps thousands of per-partition fits cheap.
 */
import { binData, computeBins } from './binning.js';
import { growCartTree, createCartContext } from './cart-grower.js';
import type { Forest } from './forest.js';
import { createForestBuilder } from './forest.js';
import { accumulateTrees } from './forest-predict.js';
import type { Matrix } from './matrix.js';
import { assertFinite, assertSameLength, createMatrix } from './matrix.js';
import { createRandom } from './random.js';

/** Options of a random-forest fit; defaults are scikit-learn's. */
export interface RandomForestOptions {
  /** Trees. Default 100. */
  nEstimators?: number;
  /** Depth at most. Default unlimited. */
  maxDepth?: number;
  /** Rows a node needs to be split. Default 2. */
  minSamplesSplit?: number;
  /** Rows per leaf at least. Default 1. */
  minSamplesLeaf?: number;
  /** Features searched per node: a count (≥ 1) or a share (< 1 … 1]. Default √features for classification, all for regression. */
  maxFeatures?: number | 'sqrt' | 'log2';
  /** Draw each tree's rows with replacement (else use all rows). Default true. */
  bootstrap?: boolean;
  /** Rows drawn per tree as a share of the data. Default 1. */
  maxSamples?: number;
  /** Bins per feature, 2..255. Default 255. */
  maxBins?: number;
  /** Seed. Default 0. */
  seed?: number;
}

/** A fitted forest: `nOutputs` = classes (probabilities) or 1 (regression). */
export interface RandomForestParams {
  nClasses: number;
  forest: Forest;
}

/** The number of features searched per node for `p` features. */
export function resolveMaxFeatures(
  maxFeatures: RandomForestOptions['maxFeatures'],
  p: number,
  classification: boolean,
): number {
  if (maxFeatures === undefined) return classification ? Math.max(1, Math.floor(Math.sqrt(p))) : p;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(p)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(p)));
  if (maxFeatures <= 1 && !Number.isInteger(maxFeatures))
    return Math.max(1, Math.floor(maxFeatures * p));
  return Math.min(p, Math.max(1, Math.floor(maxFeatures)));
}

/** Fits a forest; `nClasses` 0 means regression on `y`, otherwise `y` holds class indices. */
export function fitRandomForest(
  x: Matrix,
  y: Float64Array,
  nClasses: number,
  options: RandomForestOptions = {},
): RandomForestParams {
  assertSameLength(x, y, 'Random forest');
  assertFinite(x, 'Random forest');
  const rng = createRandom(options.seed ?? 0);
  const classification = nClasses > 0;
  const n = x.rows;
  const mapper = computeBins(x, options.maxBins ?? 255, rng);
  const bins = binData(x, mapper);
  const bootstrap = options.bootstrap ?? true;
  const drawn = bootstrap ? Math.max(1, Math.round((options.maxSamples ?? 1) * n)) : n;
  const channels = classification ? nClasses : 1;
  const ctx = createCartContext(bins, mapper, channels, drawn);
  const target = { channels, classification, y };
  const params = {
    maxDepth: options.maxDepth ?? Number.MAX_SAFE_INTEGER,
    minSamplesSplit: options.minSamplesSplit ?? 2,
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
    maxFeatures: resolveMaxFeatures(options.maxFeatures, x.cols, classification),
  };
  const builder = createForestBuilder(channels);
  for (let t = 0; t < (options.nEstimators ?? 100); t++) {
    const treeRng = rng.fork();
    if (bootstrap) {
      for (let k = 0; k < drawn; k++) ctx.indices[k] = treeRng.int(n);
      // Ascending rows make the per-feature scans walk memory in order.
      ctx.indices.subarray(0, drawn).sort();
    } else {
      for (let k = 0; k < n; k++) ctx.indices[k] = k;
    }
    builder.addTree(growCartTree(ctx, drawn, target, params, treeRng), mapper);
  }
  return { nClasses, forest: builder.finish() };
}

/** Forest predictions averaged over trees: `rows × classes` probabilities, or `rows × 1` values. */
export function predictRandomForest(params: RandomForestParams, x: Matrix): Matrix {
  const { forest } = params;
  const width = forest.nOutputs;
  const out = createMatrix(x.rows, width);
  const trees = forest.roots.length;
  accumulateTrees(forest, x, out.data, width, 0, { from: 0, to: trees, step: 1 }, 1 / trees);
  return out;
}
