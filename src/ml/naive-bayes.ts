/**
 * Gaussian naive Bayes: per class, each feature is an independent normal with
 * the class's mean and variance. As in scikit-learn, every variance gets
 * `varSmoothing × (largest feature variance)` added so that a constant
 * feature does not divide by zero.
 */
import { ModelmillError } from '../core/index.js';
import type { Matrix } from './matrix.js';
import { addScaledAt } from './kernels.js';
import { assertFinite, assertSameLength, createMatrix } from './matrix.js';

/** Options of a Gaussian naive Bayes fit. */
export interface NaiveBayesOptions {
  /** Share of the largest feature variance added to every variance. Default 1e-9. */
  varSmoothing?: number;
}

/** A fitted Gaussian naive Bayes model. */
export interface NaiveBayesParams {
  nClasses: number;
  /** Class means, row-major `nClasses × nFeatures`. */
  theta: Float64Array;
  /** Class variances (smoothed), row-major `nClasses × nFeatures`. */
  variance: Float64Array;
  /** Class prior probabilities. */
  prior: Float64Array;
}

/** Fits Gaussian naive Bayes to class indices `y` (0 .. nClasses-1). */
export function fitNaiveBayes(
  x: Matrix,
  y: Float64Array,
  nClasses: number,
  options: NaiveBayesOptions = {},
): NaiveBayesParams {
  assertSameLength(x, y, 'Naive Bayes');
  assertFinite(x, 'Naive Bayes');
  const { rows: n, cols: p, data } = x;
  const counts = new Float64Array(nClasses);
  const theta = new Float64Array(nClasses * p);
  const variance = new Float64Array(nClasses * p);
  for (let i = 0, o = 0; i < n; i++, o += p) {
    const c = y[i] as number;
    if (!(c >= 0 && c < nClasses))
      throw new ModelmillError(
        'ValidationException',
        `Naive Bayes: label index ${c} of row ${i} is outside 0..${nClasses - 1}.`,
      );
    counts[c] = (counts[c] as number) + 1;
    addScaledAt(theta, c * p, data, o, 1, p);
  }
  for (let c = 0; c < nClasses; c++)
    for (let j = 0; j < p; j++)
      theta[c * p + j] = (theta[c * p + j] as number) / Math.max(counts[c] as number, 1);
  for (let i = 0, o = 0; i < n; i++, o += p) {
    const c = y[i] as number;
    for (let j = 0; j < p; j++) {
      const d = (data[o + j] as number) - (theta[c * p + j] as number);
      variance[c * p + j] = (variance[c * p + j] as number) + d * d;
    }
  }
  for (let c = 0; c < nClasses; c++)
    for (let j = 0; j < p; j++)
      variance[c * p + j] = (variance[c * p + j] as number) / Math.max(counts[c] as number, 1);
  const epsilon = (options.varSmoothing ?? 1e-9) * maxColumnVariance(counts, theta, variance, p);
  for (let k = 0; k < variance.length; k++) variance[k] = (variance[k] as number) + epsilon;
  const prior = counts.map((c) => c / n);
  return { nClasses, theta, variance, prior };
}

/**
 * The largest column variance of the whole data (1 when every column is
 * constant), from the per-class counts, means and variances: a column's
 * variance is the count-weighted mean of its class variances plus that of
 * its class means' squared distances to the overall mean (no pass over the rows).
 */
function maxColumnVariance(
  counts: Float64Array,
  theta: Float64Array,
  variance: Float64Array,
  p: number,
): number {
  const n = counts.reduce((a, b) => a + b, 0);
  let best = 0;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let c = 0; c < counts.length; c++)
      mean += (counts[c] as number) * (theta[c * p + j] as number);
    mean /= n;
    let total = 0;
    for (let c = 0; c < counts.length; c++) {
      const d = (theta[c * p + j] as number) - mean;
      total += (counts[c] as number) * ((variance[c * p + j] as number) + d * d);
    }
    best = Math.max(best, total / n);
  }
  // A dataset of constant features still needs a positive variance.
  return best > 0 ? best : 1;
}

/** Class probabilities (`rows × nClasses`) of a fitted naive Bayes model. */
export function predictProbaNaiveBayes(params: NaiveBayesParams, x: Matrix): Matrix {
  const { rows: n, cols: p, data } = x;
  const { nClasses: k, theta, variance, prior } = params;
  const constant = new Float64Array(k);
  const invVar = variance.map((v) => 1 / v);
  for (let c = 0; c < k; c++) {
    let s = Math.log(prior[c] as number);
    for (let j = 0; j < p; j++) s -= 0.5 * Math.log(2 * Math.PI * (variance[c * p + j] as number));
    constant[c] = s;
  }
  const out = createMatrix(n, k);
  const probs = out.data;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    let best = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = constant[c] as number;
      for (let j = 0; j < p; j++) {
        const d = (data[o + j] as number) - (theta[c * p + j] as number);
        s -= 0.5 * d * d * (invVar[c * p + j] as number);
      }
      probs[i * k + c] = s;
      if (s > best) best = s;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((probs[i * k + c] as number) - best);
      probs[i * k + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) probs[i * k + c] = (probs[i * k + c] as number) / sum;
  }
  return out;
}
