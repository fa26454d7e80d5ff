/**
 * Linear regression by ordinary least squares and ridge (L2) regression.
 * Both solve the centred normal equations, so the intercept is never
 * penalised; OLS falls back to the minimum-norm solution when the design is
 * rank-deficient (what numpy's lstsq, and so scikit-learn, return).
 */
import { centredGram, choleskySolve, columnMeans, mean, pseudoInverseSolve } from './linalg.js';
import { allFinite, rowDots } from './kernels.js';
import type { Matrix } from './matrix.js';
import { assertFinite, assertSameLength } from './matrix.js';

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
  const xMean = fitIntercept ? columnMeans(x) : new Float64Array(p);
  const yMean = fitIntercept ? mean(y) : 0;
  const { gram, xty } = centredGram(x, y, xMean, yMean);
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
  const { rows, cols, data } = x;
  const out = new Float64Array(rows);
  rowDots(data, cols, 0, rows, params.coef, 0, params.intercept, out, 0, 1);
  return out;
}
