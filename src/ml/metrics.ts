/**
 * Regression and classification metrics on typed arrays, with
 * scikit-learn's definitions (the docs of each say where they differ).
 * Labels are numbers; `yTrue` and `yPred` must have equal lengths.
 */
import { ModelmillError } from '../core/index.js';

function check(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, metric: string): number {
  if (yTrue.length !== yPred.length) {
    throw new ModelmillError(
      'ValidationException',
      `${metric}: ${yTrue.length} true values but ${yPred.length} predictions; pass one prediction per row.`,
    );
  }
  if (yTrue.length === 0)
    throw new ModelmillError(
      'ValidationException',
      `${metric}: no rows to score; the held-out set is empty.`,
    );
  return yTrue.length;
}

/** Root mean squared error. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred, 'RMSE');
  let s = 0;
  for (let i = 0; i < n; i++) s += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
  return Math.sqrt(s / n);
}

/** Mean absolute error. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred, 'MAE');
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return s / n;
}

/**
 * Mean absolute percentage error as a fraction (0.1 = 10 %), dividing by
 * `max(|y|, 2^-52)` as scikit-learn does, so a zero target gives a huge but
 * finite term.
 */
export function mape(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred, 'MAPE');
  let s = 0;
  for (let i = 0; i < n; i++)
    s +=
      Math.abs((yTrue[i] as number) - (yPred[i] as number)) /
      Math.max(Math.abs(yTrue[i] as number), 2 ** -52);
  return s / n;
}

/** Coefficient of determination R²; for a constant target, 1 when predicted exactly, else 0. */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred, 'R2');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
    tot += ((yTrue[i] as number) - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** Share of rows whose predicted label equals the true one. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred, 'Accuracy');
  let hits = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / n;
}

/** How precision, recall and F1 combine classes. */
export const Average = {
  /** Only the positive class counts. */
  BINARY: 'binary',
  /** Unweighted mean over every label present in yTrue or yPred. */
  MACRO: 'macro',
} as const;
/** `binary` or `macro`. */
export type Average = (typeof Average)[keyof typeof Average];

/** Options of the precision, recall and F1 functions. */
export interface AverageOptions {
  /** Default `binary`. */
  average?: Average;
  /** The positive label for `binary`. Default 1. */
  positiveLabel?: number;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function perLabelCounts(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  metric: string,
): Map<number, Counts> {
  const n = check(yTrue, yPred, metric);
  const counts = new Map<number, Counts>();
  const get = (label: number): Counts => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    if (t === p) get(t).tp++;
    else {
      get(p).fp++;
      get(t).fn++;
    }
  }
  return counts;
}

// A ratio with nothing to divide is 0, scikit-learn's zero_division default.
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const scores = {
  precision: (c: Counts) => ratio(c.tp, c.tp + c.fp),
  recall: (c: Counts) => ratio(c.tp, c.tp + c.fn),
  f1: (c: Counts) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
};

function averaged(
  kind: keyof typeof scores,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: AverageOptions,
): number {
  const counts = perLabelCounts(yTrue, yPred, kind);
  if ((options.average ?? 'binary') === 'binary') {
    return scores[kind](counts.get(options.positiveLabel ?? 1) ?? { tp: 0, fp: 0, fn: 0 });
  }
  let s = 0;
  for (const c of counts.values()) s += scores[kind](c);
  return s / counts.size;
}

/** Precision: of the rows predicted as a class, the share that are that class. */
export function precision(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: AverageOptions = {},
): number {
  return averaged('precision', yTrue, yPred, options);
}

/** Recall: of the rows of a class, the share predicted as that class. */
export function recall(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: AverageOptions = {},
): number {
  return averaged('recall', yTrue, yPred, options);
}

/** F1: the harmonic mean of precision and recall. */
export function f1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: AverageOptions = {},
): number {
  return averaged('f1', yTrue, yPred, options);
}
