/**
 * The bridge between algorithm names and the fit/predict functions: fits the
 * estimator behind a name and task, predicts with it, and converts its
 * parameters to and from the JSON `params` of the model document.
 */
import { ModelmillError } from '../core/index.js';
import type { AlgorithmName, Task } from './algorithms.js';
import type { Forest, TreeJson } from './forest.js';
import { forestToJson } from './forest.js';
import type { GradientBoostingOptions, GradientBoostingParams } from './gbt.js';
import { fitGradientBoosting, predictRawGradientBoosting, sigmoid } from './gbt.js';
import type { LinearModelParams } from './linear.js';
import { fitLinearRegression, predictLinear } from './linear.js';
import type { LogisticParams } from './logistic.js';
import { fitLogisticRegression, decisionScoresLogistic, predictProbaLogistic } from './logistic.js';
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';
import type { NaiveBayesParams } from './naive-bayes.js';
import { fitNaiveBayes, predictProbaNaiveBayes } from './naive-bayes.js';
import { fitRandomForest, predictRandomForest } from './random-forest.js';
import { decodeParams } from './params-codec.js';

/** The model family behind an algorithm and task, as the document's `model` field names it. */
export const ModelKind = {
  LINEAR: 'linear',
  LOGISTIC: 'logistic',
  RANDOM_FOREST: 'random_forest',
  GRADIENT_BOOSTING: 'gradient_boosting',
  NAIVE_BAYES: 'naive_bayes',
} as const;
/** One model family. */
export type ModelKind = (typeof ModelKind)[keyof typeof ModelKind];

/** A fitted estimator working on imputed features and class indices. */
export interface Estimator {
  kind: ModelKind;
  /** Regression predictions (`rows × 1`) or class probabilities (`rows × classes`). */
  predictScores(x: Matrix): Matrix;
  /**
   * True when a NaN or infinite feature value always makes its row's scores
   * non-finite (the linear models): the model then scores the rows as given
   * and imputes missing values only when a score is not finite, which spares
   * a scan of every value.
   */
  scoresShowMissing?: boolean;
  /**
   * Classification scores whose largest entry in a row is the predicted
   * class, cheaper than probabilities (a linear model's scores before the
   * softmax).
   */
  decisionScores?(x: Matrix): Matrix;
  /** JSON parameters for the model document. */
  toParams(): Record<string, unknown>;
}

/** The model family that serves `algorithm` for `task`. */
export function modelKindOf(algorithm: AlgorithmName, task: Task): ModelKind {
  switch (algorithm) {
    case 'lr':
      return task === 'regression' ? ModelKind.LINEAR : ModelKind.LOGISTIC;
    case 'ridge':
      return ModelKind.LINEAR;
    case 'logistic':
      return ModelKind.LOGISTIC;
    case 'rf':
      return ModelKind.RANDOM_FOREST;
    case 'gbt':
    case 'xgb':
      return ModelKind.GRADIENT_BOOSTING;
    case 'nb':
      return ModelKind.NAIVE_BAYES;
  }
}

/** Fits the estimator for `kind`; `nClasses` is 0 for regression, `y` holds class indices otherwise. */
export function fitEstimator(
  kind: ModelKind,
  x: Matrix,
  y: Float64Array,
  nClasses: number,
  options: Record<string, unknown>,
): Estimator {
  switch (kind) {
    case ModelKind.LINEAR:
      return linearEstimator(fitLinearRegression(x, y, options));
    case ModelKind.LOGISTIC:
      return logisticEstimator(fitLogisticRegression(x, y, nClasses, options));
    case ModelKind.RANDOM_FOREST:
      return forestEstimator(fitRandomForest(x, y, nClasses, options).forest);
    case ModelKind.GRADIENT_BOOSTING: {
      const o = { ...(options as GradientBoostingOptions) };
      // 0 means "no limit", as in XGBoost.
      if (o.maxDepth === 0) delete o.maxDepth;
      if (o.maxLeafNodes === 0) delete o.maxLeafNodes;
      return boostingEstimator(fitGradientBoosting(x, y, nClasses, o));
    }
    case ModelKind.NAIVE_BAYES:
      return naiveBayesEstimator(fitNaiveBayes(x, y, nClasses, options));
  }
}

/** Rebuilds an estimator from a model document's `params` (validated; throws ValidationException). */
export function loadEstimator(
  kind: ModelKind,
  params: unknown,
  nFeatures: number,
  nClasses: number,
): Estimator {
  const decoded = decodeParams(kind, params, nFeatures, nClasses);
  switch (decoded.kind) {
    case ModelKind.LINEAR:
      return linearEstimator(decoded.params);
    case ModelKind.LOGISTIC:
      return logisticEstimator(decoded.params);
    case ModelKind.RANDOM_FOREST:
      return forestEstimator(decoded.params);
    case ModelKind.GRADIENT_BOOSTING:
      return boostingEstimator(decoded.params);
    case ModelKind.NAIVE_BAYES:
      return naiveBayesEstimator(decoded.params);
  }
}

function linearEstimator(p: LinearModelParams): Estimator {
  return {
    kind: ModelKind.LINEAR,
    predictScores: (x) => createMatrix(x.rows, 1, predictLinear(p, x)),
    scoresShowMissing: true,
    toParams: () => ({ coef: Array.from(p.coef), intercept: p.intercept }),
  };
}

function logisticEstimator(p: LogisticParams): Estimator {
  const features = p.coef.length / Math.max(p.intercept.length, 1);
  return {
    kind: ModelKind.LOGISTIC,
    predictScores: (x) => predictProbaLogistic(p, x),
    scoresShowMissing: true,
    decisionScores: (x) => decisionScoresLogistic(p, x),
    toParams: () => ({
      coef: Array.from({ length: p.intercept.length }, (_, c) =>
        Array.from(p.coef.subarray(c * features, (c + 1) * features)),
      ),
      intercept: Array.from(p.intercept),
      converged: p.converged,
    }),
  };
}

function forestEstimator(forest: Forest): Estimator {
  return {
    kind: ModelKind.RANDOM_FOREST,
    predictScores: (x) => predictRandomForest({ nClasses: forest.nOutputs, forest }, x),
    toParams: () => ({
      outputs: forest.nOutputs,
      trees: forestToJson(forest) satisfies TreeJson[],
    }),
  };
}

function boostingEstimator(p: GradientBoostingParams): Estimator {
  return {
    kind: ModelKind.GRADIENT_BOOSTING,
    predictScores: (x) => boostingScores(p, x),
    toParams: () => ({
      outputs: p.outputs,
      baseline: Array.from(p.baseline),
      trees: forestToJson(p.forest),
    }),
  };
}

/** Boosting raw scores turned into predictions: values, or probabilities (sigmoid / softmax). */
function boostingScores(p: GradientBoostingParams, x: Matrix): Matrix {
  const raw = predictRawGradientBoosting(p, x);
  if (p.nClasses === 0) return createMatrix(x.rows, 1, raw);
  if (p.outputs === 1) {
    const out = createMatrix(x.rows, 2);
    for (let i = 0; i < x.rows; i++) {
      const p1 = sigmoid(raw[i] as number);
      out.data[2 * i] = 1 - p1;
      out.data[2 * i + 1] = p1;
    }
    return out;
  }
  const k = p.outputs;
  for (let i = 0; i < x.rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, raw[i * k + c] as number);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((raw[i * k + c] as number) - max);
      raw[i * k + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) raw[i * k + c] = (raw[i * k + c] as number) / sum;
  }
  return createMatrix(x.rows, k, raw);
}

function naiveBayesEstimator(p: NaiveBayesParams): Estimator {
  const rows = (a: Float64Array, k: number) =>
    Array.from({ length: k }, (_, c) =>
      Array.from(a.subarray((c * a.length) / k, ((c + 1) * a.length) / k)),
    );
  return {
    kind: ModelKind.NAIVE_BAYES,
    predictScores: (x) => predictProbaNaiveBayes(p, x),
    toParams: () => ({
      theta: rows(p.theta, p.nClasses),
      variance: rows(p.variance, p.nClasses),
      prior: Array.from(p.prior),
    }),
  };
}

/** Throws unless the task is one the algorithm supports. */
export function unsupported(
  algorithm: string,
  task: string,
  tasks: readonly string[],
): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    `Algorithm "${algorithm}" does not support task "${task}"; it supports ${tasks.join(' and ')}.`,
  );
}
