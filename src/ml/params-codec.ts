/**
 * Reading the `params` of a model document back into typed parameters, with
 * checks that every array has the shape the document's features and classes
 * imply, so a damaged document fails on load, not with wrong predictions.
 */
import { ModelmillError, isPlainObject } from '../core/index.js';
import type { Forest, TreeJson } from './forest.js';
import { forestFromJson } from './forest.js';
import type { GradientBoostingParams } from './gbt.js';
import type { LinearModelParams } from './linear.js';
import type { LogisticParams } from './logistic.js';
import type { NaiveBayesParams } from './naive-bayes.js';

/** Typed parameters of each model family. */
export type DecodedParams =
  | { kind: 'linear'; params: LinearModelParams }
  | { kind: 'logistic'; params: LogisticParams }
  | { kind: 'random_forest'; params: Forest }
  | { kind: 'gradient_boosting'; params: GradientBoostingParams }
  | { kind: 'naive_bayes'; params: NaiveBayesParams };

function bad(what: string): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    `Model document params are malformed: ${what}. Re-export the model with serializeModel.`,
  );
}

function numbers(value: unknown, length: number, what: string): Float64Array {
  if (
    !Array.isArray(value) ||
    value.length !== length ||
    !value.every((v) => typeof v === 'number')
  ) {
    throw bad(`${what} must be an array of ${length} numbers`);
  }
  return Float64Array.from(value);
}

function numberRows(value: unknown, rows: number, cols: number, what: string): Float64Array {
  if (!Array.isArray(value) || value.length !== rows)
    throw bad(`${what} must be ${rows} arrays of ${cols} numbers`);
  const out = new Float64Array(rows * cols);
  value.forEach((row, r) => out.set(numbers(row, cols, `${what}[${r}]`), r * cols));
  return out;
}

function trees(value: unknown, outputs: number, nFeatures: number): Forest {
  if (!Array.isArray(value) || value.length === 0) throw bad('trees must be a non-empty array');
  return forestFromJson(value as TreeJson[], outputs, nFeatures);
}

/** Decodes and checks `params` for a model family. */
export function decodeParams(
  kind: string,
  params: unknown,
  nFeatures: number,
  nClasses: number,
): DecodedParams {
  if (!isPlainObject(params)) throw bad('params must be an object');
  switch (kind) {
    case 'linear': {
      if (typeof params.intercept !== 'number') throw bad('intercept must be a number');
      return {
        kind,
        params: { coef: numbers(params.coef, nFeatures, 'coef'), intercept: params.intercept },
      };
    }
    case 'logistic': {
      const rows = nClasses === 2 ? 1 : nClasses;
      const coef = numberRows(params.coef, rows, nFeatures, 'coef');
      const intercept = numbers(params.intercept, rows, 'intercept');
      return { kind, params: { nClasses, coef, intercept, converged: params.converged !== false } };
    }
    case 'random_forest': {
      const outputs = nClasses === 0 ? 1 : nClasses;
      return { kind, params: trees(params.trees, outputs, nFeatures) };
    }
    case 'gradient_boosting': {
      const outputs = nClasses > 2 ? nClasses : 1;
      const baseline = numbers(params.baseline, outputs, 'baseline');
      const forest = trees(params.trees, 1, nFeatures);
      if (forest.roots.length % outputs !== 0)
        throw bad(`the number of trees must be a multiple of ${outputs}`);
      return { kind, params: { outputs, nClasses, baseline, forest } };
    }
    case 'naive_bayes': {
      const theta = numberRows(params.theta, nClasses, nFeatures, 'theta');
      const variance = numberRows(params.variance, nClasses, nFeatures, 'variance');
      if (!variance.every((v) => v > 0)) throw bad('every variance must be positive');
      return {
        kind,
        params: { nClasses, theta, variance, prior: numbers(params.prior, nClasses, 'prior') },
      };
    }
    default:
      throw bad(`unknown model family "${kind}"`);
  }
}
