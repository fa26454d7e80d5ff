/**
 * Linear regression by ordinary least squares and ridge (L2) regression.
 * Both solve the centred normal equations, so the intercept is never
 * penalised; OLS falls back to the minimum-norm solution when the design is
 * rank-deficient (what numpy's lstsq, and so scikit-learn, return).
 */
import { choleskySolve, mean, pseudoInverseSolve } from './linalg.js';
import { allFinite } from './kernels.js';
import type { Matrix } from './matrix.js';
import { assertFinite, assertSameLength } from './matrix.js';
import { centredCrossProducts, columnSums, linearScores } from './simd/index.js';

/** Options of a linear regression fit. */
export interface LinearRegressionOptions {
  /** L2 penalty on the coefficients; 0 is OLS. Default 0. */
  alpha?: number;
  /** Whether to fit an intercept. Default true. */
  fitIntercept?: boolean;
}

/** A fitted linear model: `y = intercept + coef · x`. */
export interface LinearModelParams {
  coef: Float64Array;
  intercept: number;
}

/** Fits OLS (`alpha` 0) or ridge regression. */
export function fitLinearRegression(
  x: Matrix,
  y: Float64Array,
  options: LinearRegressionOptions = {},
): LinearModelParams {
  assertSameLength(x, y, 'Linear regression');
  const alpha = options.alpha ?? 0;
  const fitIntercept = options.fitIntercept ?? true;
  const p = x.cols;
  const xMean = fitIntercept ? columnSums(x).map((s) => s / x.rows) : new Float64Array(p);
  const yMean = fitIntercept ? mean(y) : 0;
  const { gram, xty } = centredCrossProducts(x, y, xMean, yMean);
  // A NaN or infinite feature makes its column's mean, and so its Gram
  // diagonal, non-finite: only then is every value scanned for the error.
  if (!allFinite(gram)) assertFinite(x, 'Linear regression');
  for (let j = 0; j < p; j++) gram[j * p + j] = (gram[j * p + j] as number) + alpha;
  const coef = choleskySolve(gram, xty, p) ?? pseudoInverseSolve(gram, xty, p);
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= (coef[j] as number) * (xMean[j] as number);
  return { coef, intercept };
}

/** Predictions of a linear model for the rows of `x`. */
export function predictLinear(params: LinearModelParams, x: Matrix): Float64Array {
  return linearScores(x, params.coef, 1, Float64Array.of(params.intercept));
}
