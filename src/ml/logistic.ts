/**
 * Logistic regression with an L2 penalty, binary (one coefficient vector) and
 * multinomial (softmax, one vector per class), solved by L-BFGS. The
 * objective is scikit-learn's: mean log-loss + ||w||² / (2·C·n), the
 * intercept unpenalised. With `standardize` (the default) the fit works on
 * features scaled to zero mean and unit variance (folded into the weights,
 * see logistic-objective.ts), so the penalty treats every feature alike and
 * the solver converges; the stored coefficients are mapped back to the raw
 * features, so prediction needs no scaler.
 */
import { ModelmillError } from '../core/index.js';
import type { Matrix } from './matrix.js';
import { assertFinite, assertSameLength, createMatrix } from './matrix.js';
import type { LogisticProblem } from './logistic-objective.js';
import { binaryObjective, softmaxObjective, softmaxRow } from './logistic-objective.js';
import { minimizeLbfgs } from './optimize.js';
import { columnStats, standardizeColumns } from './scale.js';
import { linearScores } from './simd/index.js';

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

/**
 * Centre/scale beyond which folding standardisation into the weights would
 * cost precision (large means over small spreads cancel): such data gets a
 * standardised copy instead.
 */
const MAX_FOLDED_CENTER_RATIO = 1e4;

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
  const p = x.cols;
  const { center, scale } =
    (options.standardize ?? true)
      ? columnStats(x)
      : { center: new Float64Array(p), scale: new Float64Array(p).fill(1) };
  const fold = center.every(
    (c, j) => Math.abs(c) <= MAX_FOLDED_CENTER_RATIO * (scale[j] as number),
  );
  const problem: LogisticProblem = fold
    ? { x, y, center, scale, C: options.C ?? 1, fitIntercept: options.fitIntercept ?? true }
    : {
        x: standardizeColumns(x, center, scale),
        y,
        center: new Float64Array(p),
        scale: new Float64Array(p).fill(1),
        C: options.C ?? 1,
        fitIntercept: options.fitIntercept ?? true,
      };
  const k = nClasses === 2 ? 1 : nClasses;
  const objective = nClasses === 2 ? binaryObjective(problem) : softmaxObjective(problem, nClasses);
  const result = minimizeLbfgs(objective, new Float64Array(k * (p + 1)), {
    maxIter: options.maxIter ?? 100,
    gtol: options.tol ?? 1e-4,
  });
  const coef = new Float64Array(k * p);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let b = problem.fitIntercept ? (result.x[c * (p + 1) + p] as number) : 0;
    for (let j = 0; j < p; j++) {
      const w = (result.x[c * (p + 1) + j] as number) / (scale[j] as number);
      coef[c * p + j] = w;
      b -= w * (center[j] as number);
    }
    intercept[c] = b;
  }
  return { nClasses, coef, intercept, converged: result.converged };
}

/** Class probabilities (`rows × nClasses`) of a fitted logistic model. */
export function predictProbaLogistic(params: LogisticParams, x: Matrix): Matrix {
  const out = decisionScoresLogistic(params, x);
  toProbabilities(out, params.nClasses);
  return out;
}

/**
 * The class scores of a fitted logistic model (`rows × nClasses`), whose
 * largest entry in a row is the predicted class, as scikit-learn's
 * decision function: binary models hold the log-odds in column 1 (column 0
 * is 0), multinomial ones a linear score per class. NaN or infinite where a
 * feature value is.
 */
export function decisionScoresLogistic(params: LogisticParams, x: Matrix): Matrix {
  const { nClasses: k, coef, intercept } = params;
  if (k > 2) return createMatrix(x.rows, k, linearScores(x, coef, k, intercept));
  const logOdds = linearScores(x, coef, 1, intercept);
  const out = createMatrix(x.rows, 2);
  for (let i = 0; i < x.rows; i++) out.data[2 * i + 1] = logOdds[i] as number;
  return out;
}

/** Turns class scores (see {@link decisionScoresLogistic}) into probabilities in place. */
function toProbabilities(scores: Matrix, k: number): void {
  if (k === 2) sigmoidRows(scores.data, scores.rows);
  else softmaxRows(scores.data, scores.rows, k);
}

function sigmoidRows(probs: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const z = probs[2 * i + 1] as number;
    const e = Math.exp(-Math.abs(z));
    const p1 = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    probs[2 * i] = 1 - p1;
    probs[2 * i + 1] = p1;
  }
}

function softmaxRows(probs: Float64Array, n: number, k: number): void {
  for (let row = 0; row < n * k; row += k) softmaxRow(probs, row, k);
}
