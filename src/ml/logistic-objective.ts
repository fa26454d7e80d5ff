/**
 * The penalised log-loss of logistic regression and its gradient, binary and
 * multinomial, for L-BFGS. Parameters live in standardised space
 * (`(x - center) / scale`, one block of `features + 1` per output, intercept
 * last) while the rows are read raw: each evaluation folds centre and scale
 * into raw weights, which spares a standardised copy of the data.
 */
import type { Matrix } from './matrix.js';
import type { Objective } from './optimize.js';
import { ResidentRows } from './simd/index.js';

/** The data and penalty of one fit. */
export interface LogisticProblem {
  x: Matrix;
  /** Class indices. */
  y: Float64Array;
  center: Float64Array;
  scale: Float64Array;
  C: number;
  fitIntercept: boolean;
}

/** Writes the raw weights and intercept of output `c` (block `c` of theta) into `w` and returns the intercept. */
function rawWeights(pr: LogisticProblem, theta: Float64Array, c: number, w: Float64Array): number {
  const p = pr.x.cols;
  const base = c * (p + 1);
  let b = pr.fitIntercept ? (theta[base + p] as number) : 0;
  for (let j = 0; j < p; j++) {
    const wj = (theta[base + j] as number) / (pr.scale[j] as number);
    w[c * p + j] = wj;
    b -= wj * (pr.center[j] as number);
  }
  return b;
}

/**
 * Turns raw gradient sums (`Σ r·x` per weight, `Σ r` per output) into the
 * gradient of the mean loss plus penalty in standardised space; returns the penalty.
 */
function finishGradient(
  pr: LogisticProblem,
  theta: Float64Array,
  gRaw: Float64Array,
  sumR: Float64Array,
  grad: Float64Array,
): number {
  const { rows: n, cols: p } = pr.x;
  const l2 = 1 / (pr.C * n);
  let penalty = 0;
  for (let c = 0; c < sumR.length; c++) {
    const base = c * (p + 1);
    for (let j = 0; j < p; j++) {
      const t = theta[base + j] as number;
      penalty += t * t;
      const g =
        ((gRaw[c * p + j] as number) - (pr.center[j] as number) * (sumR[c] as number)) /
        (pr.scale[j] as number);
      grad[base + j] = g / n + l2 * t;
    }
    grad[base + p] = pr.fitIntercept ? (sumR[c] as number) / n : 0;
  }
  return 0.5 * l2 * penalty;
}

/**
 * Rows per block of an evaluation: the scores of a block are computed, turned
 * into residuals, and summed into the gradient while its rows are in cache.
 */
const BLOCK = ResidentRows.BLOCK;

/** Binary log-loss (labels 0/1) with one weight block. */
export function binaryObjective(pr: LogisticProblem): Objective {
  const { rows: n, cols: p } = pr.x;
  const y = pr.y;
  const rows = new ResidentRows(pr.x, 1);
  const w = new Float64Array(p);
  const bias = new Float64Array(1);
  const gRaw = new Float64Array(p);
  const sumR = new Float64Array(1);
  return (theta, grad) => {
    bias[0] = rawWeights(pr, theta, 0, w);
    rows.setWeights(w, bias);
    let loss = 0;
    let rs = 0;
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const m = Math.min(BLOCK, n - i0);
      const r = rows.scoreBlock(i0, m);
      for (let t = 0; t < m; t++) {
        const z = r[t] as number;
        const yi = y[i0 + t] as number;
        // One exponential serves loss and gradient: e = exp(-|z|) never overflows.
        const e = Math.exp(-Math.abs(z));
        loss += (z > 0 ? z : 0) + Math.log1p(e) - yi * z;
        const ri = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi;
        rs += ri;
        r[t] = ri;
      }
      rows.addBlockResiduals(m);
    }
    rows.takeGradient(gRaw);
    sumR[0] = rs;
    return loss / n + finishGradient(pr, theta, gRaw, sumR, grad);
  };
}

/** Multinomial (softmax) log-loss over `k` classes, one weight block per class. */
export function softmaxObjective(pr: LogisticProblem, k: number): Objective {
  const { rows: n, cols: p } = pr.x;
  const y = pr.y;
  const rows = new ResidentRows(pr.x, k);
  const w = new Float64Array(k * p);
  const b = new Float64Array(k);
  const gRaw = new Float64Array(k * p);
  const sumR = new Float64Array(k);
  return (theta, grad) => {
    for (let c = 0; c < k; c++) b[c] = rawWeights(pr, theta, c, w);
    rows.setWeights(w, b);
    sumR.fill(0);
    let loss = 0;
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const m = Math.min(BLOCK, n - i0);
      // Scores, then residuals, of the block: row t, class c at t·k + c.
      const z = rows.scoreBlock(i0, m);
      for (let t = 0; t < m; t++) {
        loss += softmaxResiduals(z, t * k, k, y[i0 + t] as number);
        for (let c = 0; c < k; c++) sumR[c] = (sumR[c] as number) + (z[t * k + c] as number);
      }
      rows.addBlockResiduals(m);
    }
    rows.takeGradient(gRaw);
    return loss / n + finishGradient(pr, theta, gRaw, sumR, grad);
  };
}

/**
 * Replaces the `k` scores at `z[o..]` of a row with their softmax, in place;
 * returns the log of the sum of their exponentials (the row's log-partition).
 */
export function softmaxRow(z: Float64Array, o: number, k: number): number {
  let zMax = -Infinity;
  for (let c = 0; c < k; c++) zMax = Math.max(zMax, z[o + c] as number);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((z[o + c] as number) - zMax);
    z[o + c] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let c = 0; c < k; c++) z[o + c] = (z[o + c] as number) * inv;
  return zMax + Math.log(sum);
}

/**
 * Replaces the `k` scores at `z[o..]` of a row with label `yi` by the
 * residuals `softmax - onehot`; returns the row's log-loss.
 */
function softmaxResiduals(z: Float64Array, o: number, k: number, yi: number): number {
  const zy = z[o + yi] as number;
  const logPartition = softmaxRow(z, o, k);
  z[o + yi] = (z[o + yi] as number) - 1;
  return logPartition - zy;
}
