/**
 * Logistic regression with an L2 penalty, binary (one coefficient vector) and
 * multinomial (softmax, one vector per class), solved by L-BFGS. The
 * objective is scikit-learn's: mean log-loss + ||w||² / (2·C·n), the
 * intercept unpenalised. With `standardize` (the default) the features are
 * scaled to zero mean and unit variance for the fit, so the penalty treats
 * every feature alike and the solver converges; the stored coefficients are
 * mapped back to the raw features, so prediction needs no scaler.
 */
import { ModelmillError } from '../core/index.js';
import type { Matrix } from './matrix.js';
import { assertFinite, assertSameLength, createMatrix } from './matrix.js';
import { addScaledAt, dotAt } from './kernels.js';
import { minimizeLbfgs } from './optimize.js';
import { standardizeColumns } from './scale.js';

/** Options of a logistic regression fit. */
export interface LogisticRegressionOptions {
  /** Inverse of the L2 penalty strength (scikit-learn's `C`). Default 1. */
  C?: number;
  /** L-BFGS iteration limit. Default 100. */
  maxIter?: number;
  /** Gradient tolerance. Default 1e-4. */
  tol?: number;
  /** Whether to fit intercepts. Default true. */
  fitIntercept?: boolean;
  /** Fit on standardised features (the penalty then applies to scaled coefficients). Default true. */
  standardize?: boolean;
}

/**
 * A fitted logistic model on raw features. Binary: one row of `coef`
 * (log-odds of class 1); multinomial: one row per class.
 */
export interface LogisticParams {
  nClasses: number;
  /** Row-major `(nClasses === 2 ? 1 : nClasses) × nFeatures`. */
  coef: Float64Array;
  intercept: Float64Array;
  /** Whether the solver met its tolerance within `maxIter`. */
  converged: boolean;
}

/** Fits a logistic regression to class indices `y` (0 .. nClasses-1). */
export function fitLogisticRegression(
  x: Matrix,
  y: Float64Array,
  nClasses: number,
  options: LogisticRegressionOptions = {},
): LogisticParams {
  assertSameLength(x, y, 'Logistic regression');
  assertFinite(x, 'Logistic regression');
  if (nClasses < 2) {
    throw new ModelmillError(
      'ValidationException',
      'Logistic regression needs at least 2 classes in the training labels; the data has only one.',
    );
  }
  const C = options.C ?? 1;
  const fitIntercept = options.fitIntercept ?? true;
  const { scaled, center, scale } =
    (options.standardize ?? true)
      ? standardizeColumns(x)
      : { scaled: x, center: new Float64Array(x.cols), scale: new Float64Array(x.cols).fill(1) };
  const k = nClasses === 2 ? 1 : nClasses;
  const p = x.cols;
  const objective =
    nClasses === 2
      ? binaryObjective(scaled, y, C, fitIntercept)
      : softmaxObjective(scaled, y, nClasses, C, fitIntercept);
  const result = minimizeLbfgs(objective, new Float64Array(k * (p + 1)), {
    maxIter: options.maxIter ?? 100,
    gtol: options.tol ?? 1e-4,
  });
  const coef = new Float64Array(k * p);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let b = result.x[c * (p + 1) + p] as number;
    for (let j = 0; j < p; j++) {
      const w = (result.x[c * (p + 1) + j] as number) / (scale[j] as number);
      coef[c * p + j] = w;
      b -= w * (center[j] as number);
    }
    intercept[c] = b;
  }
  return { nClasses, coef, intercept, converged: result.converged };
}

function binaryObjective(x: Matrix, y: Float64Array, C: number, fitIntercept: boolean) {
  const { rows: n, cols: p, data } = x;
  const l2 = 1 / (C * n);
  return (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    let sumR = 0;
    const b = fitIntercept ? (theta[p] as number) : 0;
    for (let i = 0, o = 0; i < n; i++, o += p) {
      const z = b + dotAt(data, o, theta, 0, p);
      const yi = y[i] as number;
      // One exponential serves loss and gradient: e = exp(-|z|) never overflows.
      const e = Math.exp(-Math.abs(z));
      loss += (z > 0 ? z : 0) + Math.log1p(e) - yi * z;
      const r = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi;
      sumR += r;
      addScaledAt(grad, 0, data, o, r, p);
    }
    let penalty = 0;
    for (let j = 0; j < p; j++) {
      const w = theta[j] as number;
      penalty += w * w;
      grad[j] = (grad[j] as number) / n + l2 * w;
    }
    grad[p] = fitIntercept ? sumR / n : 0;
    return loss / n + 0.5 * l2 * penalty;
  };
}

function softmaxObjective(x: Matrix, y: Float64Array, k: number, C: number, fitIntercept: boolean) {
  const { rows: n, cols: p, data } = x;
  const l2 = 1 / (C * n);
  const w = p + 1;
  const z = new Float64Array(k);
  return (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0, o = 0; i < n; i++, o += p) {
      let zMax = -Infinity;
      for (let c = 0; c < k; c++) {
        const s =
          (fitIntercept ? (theta[c * w + p] as number) : 0) + dotAt(data, o, theta, c * w, p);
        z[c] = s;
        if (s > zMax) zMax = s;
      }
      const yi = y[i] as number;
      const zy = z[yi] as number;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - zMax);
        z[c] = e;
        sum += e;
      }
      loss += zMax + Math.log(sum) - zy;
      for (let c = 0; c < k; c++) {
        const r = (z[c] as number) / sum - (c === yi ? 1 : 0);
        addScaledAt(grad, c * w, data, o, r, p);
        grad[c * w + p] = (grad[c * w + p] as number) + r;
      }
    }
    let penalty = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) {
        const t = theta[c * w + j] as number;
        penalty += t * t;
        grad[c * w + j] = (grad[c * w + j] as number) / n + l2 * t;
      }
      grad[c * w + p] = fitIntercept ? (grad[c * w + p] as number) / n : 0;
    }
    return loss / n + 0.5 * l2 * penalty;
  };
}

/** Class probabilities (`rows × nClasses`) of a fitted logistic model. */
export function predictProbaLogistic(params: LogisticParams, x: Matrix): Matrix {
  const { rows: n, cols: p, data } = x;
  const { nClasses, coef, intercept } = params;
  const out = createMatrix(n, nClasses);
  const probs = out.data;
  if (nClasses === 2) {
    const b = intercept[0] as number;
    for (let i = 0, o = 0; i < n; i++, o += p) {
      const z = b + dotAt(data, o, coef, 0, p);
      const p1 = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      probs[2 * i] = 1 - p1;
      probs[2 * i + 1] = p1;
    }
    return out;
  }
  for (let i = 0, o = 0; i < n; i++, o += p) {
    const row = i * nClasses;
    let zMax = -Infinity;
    for (let c = 0; c < nClasses; c++) {
      const s = (intercept[c] as number) + dotAt(data, o, coef, c * p, p);
      probs[row + c] = s;
      if (s > zMax) zMax = s;
    }
    let sum = 0;
    for (let c = 0; c < nClasses; c++) {
      const e = Math.exp((probs[row + c] as number) - zMax);
      probs[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < nClasses; c++) probs[row + c] = (probs[row + c] as number) / sum;
  }
  return out;
}
