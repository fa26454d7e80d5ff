import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, predictProbaLogistic } from './logistic.js';
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';
import { createRandom } from './random.js';

/** Rows from a known logistic model (binary) or three Gaussian blobs (multinomial). */
function blobs(n: number, k: number, seed = 1): { x: Matrix; y: Float64Array } {
  const rng = createRandom(seed);
  const x = createMatrix(n, 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    x.data[2 * i] = 3 * Math.cos((2 * Math.PI * c) / k) + rng.normal();
    x.data[2 * i + 1] = 100 * (3 * Math.sin((2 * Math.PI * c) / k) + rng.normal());
  }
  return { x, y };
}

/** The objective in raw space: mean log-loss + ‖w‖² / (2·C·n). */
function penalisedLoss(
  x: Matrix,
  y: Float64Array,
  coef: Float64Array,
  intercept: number,
  C: number,
): number {
  let loss = 0;
  for (let i = 0; i < x.rows; i++) {
    const z =
      intercept +
      (coef[0] as number) * (x.data[2 * i] as number) +
      (coef[1] as number) * (x.data[2 * i + 1] as number);
    loss += Math.log1p(Math.exp(z)) - (y[i] as number) * z;
  }
  return loss / x.rows + ((coef[0] as number) ** 2 + (coef[1] as number) ** 2) / (2 * C * x.rows);
}

describe('logistic regression', () => {
  it('separates two classes and gives calibrated probabilities that sum to 1', () => {
    const { x, y } = blobs(400, 2);
    const p = fitLogisticRegression(x, y, 2);
    expect(p.converged).toBe(true);
    const proba = predictProbaLogistic(p, x);
    let correct = 0;
    for (let i = 0; i < x.rows; i++) {
      expect((proba.data[2 * i] as number) + (proba.data[2 * i + 1] as number)).toBeCloseTo(1, 12);
      if (((proba.data[2 * i + 1] as number) > 0.5 ? 1 : 0) === y[i]) correct++;
    }
    expect(correct / x.rows).toBeGreaterThan(0.95);
  });

  it('reaches the penalised optimum in raw space when not standardising', () => {
    const { x, y } = blobs(300, 2, 4);
    const p = fitLogisticRegression(x, y, 2, {
      C: 0.5,
      standardize: false,
      maxIter: 500,
      tol: 1e-10,
    });
    const base = penalisedLoss(x, y, p.coef, p.intercept[0] as number, 0.5);
    // Any small move of a coefficient or the intercept increases the objective.
    for (const [dc0, dc1, db] of [
      [1e-4, 0, 0],
      [-1e-4, 0, 0],
      [0, 1e-6, 0],
      [0, -1e-6, 0],
      [0, 0, 1e-3],
      [0, 0, -1e-3],
    ] as const) {
      const moved = Float64Array.of((p.coef[0] as number) + dc0, (p.coef[1] as number) + dc1);
      expect(
        penalisedLoss(x, y, moved, (p.intercept[0] as number) + db, 0.5),
      ).toBeGreaterThanOrEqual(base - 1e-12);
    }
  });

  it('fits a multinomial model on three classes', () => {
    const { x, y } = blobs(600, 3);
    const p = fitLogisticRegression(x, y, 3);
    expect(p.coef.length).toBe(6);
    const proba = predictProbaLogistic(p, x);
    let correct = 0;
    for (let i = 0; i < x.rows; i++) {
      const row = Array.from(proba.data.subarray(3 * i, 3 * i + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      if (row.indexOf(Math.max(...row)) === y[i]) correct++;
    }
    expect(correct / x.rows).toBeGreaterThan(0.9);
  });

  it('penalises harder with a smaller C', () => {
    const { x, y } = blobs(200, 2, 7);
    const norm = (C: number) => {
      const p = fitLogisticRegression(x, y, 2, { C });
      return Math.hypot(...p.coef.map((c, j) => c * (j === 1 ? 100 : 1)));
    };
    expect(norm(0.01)).toBeLessThan(norm(1));
  });

  it('gives the same model for shifted features (standardised copy for huge offsets)', () => {
    const { x, y } = blobs(300, 3, 9);
    const shifted = createMatrix(
      x.rows,
      2,
      x.data.map((v, k) => v + (k % 2 === 0 ? 1e9 : 10)),
    );
    const a = predictProbaLogistic(fitLogisticRegression(x, y, 3), x);
    const b = predictProbaLogistic(fitLogisticRegression(shifted, y, 3), shifted);
    a.data.forEach((v, k) => expect(b.data[k]).toBeCloseTo(v, 6));
  });

  it('needs two classes', () => {
    const { x } = blobs(10, 2);
    expect(() => fitLogisticRegression(x, new Float64Array(10), 1)).toThrow(/at least 2 classes/);
  });
});
