/**
 * Metrics on scores and probabilities: ROC AUC (binary and one-vs-rest
 * macro), log loss, and the top-K overlap the estate's evaluation meant.
 */
import { ModelmillError } from '../core/index.js';
import type { Matrix } from './matrix.js';

/**
 * Area under the ROC curve of `scores` for the rows whose label is
 * `positiveLabel` (default 1) against all others; ties count half (the
 * Mann–Whitney statistic, equal to scikit-learn's trapezoidal AUC). Throws
 * when only one class is present, where AUC is undefined.
 */
export function rocAuc(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  positiveLabel = 1,
): number {
  const n = yTrue.length;
  if (scores.length !== n)
    throw new ModelmillError(
      'ValidationException',
      `ROC AUC: ${n} true values but ${scores.length} scores; pass one score per row.`,
    );
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scores[order[end] as number] === scores[order[start] as number]) end++;
    // Tied scores share the mean of their ranks (1-based).
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (yTrue[order[k] as number] === positiveLabel) {
        positives++;
        rankSum += rank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new ModelmillError(
      'ValidationException',
      `ROC AUC is undefined when the true labels hold only one class (${positives} positive, ${negatives} negative rows); score a held-out set with both classes.`,
    );
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Macro average of one-vs-rest ROC AUC over `classes` (`proba` column c scores class `classes[c]`). */
export function rocAucOvr(
  yTrue: ArrayLike<number>,
  proba: Matrix,
  classes: readonly number[],
): number {
  if (proba.cols !== classes.length)
    throw new ModelmillError(
      'ValidationException',
      `ROC AUC: ${proba.cols} probability columns for ${classes.length} classes.`,
    );
  if (classes.length === 2) return rocAuc(yTrue, probaColumn(proba, 1), classes[1]);
  let s = 0;
  classes.forEach((label, c) => {
    s += rocAuc(yTrue, probaColumn(proba, c), label);
  });
  return s / classes.length;
}

function probaColumn(proba: Matrix, c: number): Float64Array {
  const out = new Float64Array(proba.rows);
  for (let i = 0; i < proba.rows; i++) out[i] = proba.data[i * proba.cols + c] as number;
  return out;
}

/** Clip bound of log loss: float64 machine epsilon, as scikit-learn uses. */
const LOG_LOSS_EPS = 2 ** -52;

/** Mean negative log-likelihood of the true classes, probabilities clipped to [ε, 1 − ε] with ε = 2^-52 (scikit-learn ≥ 1.2). */
export function logLoss(
  yTrue: ArrayLike<number>,
  proba: Matrix,
  classes: readonly number[],
): number {
  const n = yTrue.length;
  if (proba.rows !== n || proba.cols !== classes.length) {
    throw new ModelmillError(
      'ValidationException',
      `Log loss: probabilities are ${proba.rows} x ${proba.cols} but there are ${n} rows and ${classes.length} classes.`,
    );
  }
  const index = new Map(classes.map((c, k) => [c, k]));
  let s = 0;
  for (let i = 0; i < n; i++) {
    const c = index.get(yTrue[i] as number);
    if (c === undefined)
      throw new ModelmillError(
        'ValidationException',
        `Log loss: label ${yTrue[i]} of row ${i} is not one of the model's classes ${classes.join(', ')}.`,
      );
    const p = Math.min(
      Math.max(proba.data[i * proba.cols + c] as number, LOG_LOSS_EPS),
      1 - LOG_LOSS_EPS,
    );
    s -= Math.log(p);
  }
  return s / n;
}

/**
 * Top-K overlap: of the K rows with the largest actual values, the share that
 * are also among the K rows with the largest predictions (1 = the model picks
 * exactly the right top K). Ties are broken by row order; K is capped at the
 * number of rows.
 */
export function topKOverlap(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number {
  const n = yTrue.length;
  if (yPred.length !== n)
    throw new ModelmillError(
      'ValidationException',
      `Top-K overlap: ${n} true values but ${yPred.length} predictions.`,
    );
  if (!Number.isInteger(k) || k < 1)
    throw new ModelmillError(
      'ValidationException',
      `Top-K overlap: K must be a positive integer, got ${k}.`,
    );
  const kk = Math.min(k, n);
  if (kk === 0)
    throw new ModelmillError(
      'ValidationException',
      'Top-K overlap: no rows to score; the held-out set is empty.',
    );
  const top = (v: ArrayLike<number>) =>
    Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => (v[b] as number) - (v[a] as number) || a - b)
      .slice(0, kk);
  const actual = new Set(top(yTrue));
  let hits = 0;
  for (const i of top(yPred)) if (actual.has(i)) hits++;
  return hits / kk;
}
