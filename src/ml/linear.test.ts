import { describe, expect, it } from 'vitest';
import { choleskySolve, pseudoInverseSolve, symmetricEigen } from './linalg.js';
import { fitLinearRegression, predictLinear } from './linear.js';
import { createMatrix, matrixFromRows } from './matrix.js';
import { createRandom } from './random.js';

function linearData(n: number, coef: number[], intercept: number, noise = 0) {
  const rng = createRandom(11);
  const x = createMatrix(n, coef.length);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = intercept;
    coef.forEach((c, j) => {
      const v = rng.normal() * (j + 1);
      x.data[i * coef.length + j] = v;
      s += c * v;
    });
    y[i] = s + noise * rng.normal();
  }
  return { x, y };
}

describe('linear regression', () => {
  it('recovers exact coefficients and intercept from noiseless data', () => {
    const { x, y } = linearData(200, [2, -3, 0.5], 7);
    const p = fitLinearRegression(x, y);
    expect(Array.from(p.coef).map((c) => Number(c.toFixed(9)))).toEqual([2, -3, 0.5]);
    expect(p.intercept).toBeCloseTo(7, 9);
    const pred = predictLinear(p, x);
    pred.forEach((v, i) => expect(v).toBeCloseTo(y[i] as number, 8));
  });

  it('fits through the origin without an intercept', () => {
    const { x, y } = linearData(100, [1.5, 4], 0);
    const p = fitLinearRegression(x, y, { fitIntercept: false });
    expect(p.intercept).toBe(0);
    expect(p.coef[1]).toBeCloseTo(4, 9);
  });

  it('gives the minimum-norm solution for a duplicated column', () => {
    // y = 3·a; with a duplicated, the minimum-norm split is 1.5 + 1.5.
    const x = matrixFromRows([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    const p = fitLinearRegression(x, Float64Array.of(3, 6, 9, 12));
    expect(p.coef[0]).toBeCloseTo(1.5, 8);
    expect(p.coef[1]).toBeCloseTo(1.5, 8);
    expect(p.intercept).toBeCloseTo(0, 8);
  });

  it('shrinks coefficients with the ridge penalty as the closed form says', () => {
    // One centred feature: w = Σxy / (Σx² + α).
    const x = matrixFromRows([[-1], [0], [1]]);
    const y = Float64Array.of(-2, 0, 2);
    expect(fitLinearRegression(x, y, { alpha: 0 }).coef[0]).toBeCloseTo(2, 12);
    expect(fitLinearRegression(x, y, { alpha: 2 }).coef[0]).toBeCloseTo(4 / 4, 12);
    expect(fitLinearRegression(x, y, { alpha: 6 }).coef[0]).toBeCloseTo(4 / 8, 12);
  });

  it('rejects mismatched shapes and non-finite features with a clear message', () => {
    const x = matrixFromRows([[1], [2]]);
    expect(() => fitLinearRegression(x, Float64Array.of(1))).toThrow(
      /2 rows but the target has 1 values/,
    );
    const bad = matrixFromRows([[1], [NaN]]);
    expect(() => fitLinearRegression(bad, Float64Array.of(1, 2))).toThrow(
      /feature 0 of row 1 is NaN/,
    );
    const infinite = matrixFromRows([
      [1, 2],
      [3, -Infinity],
      [5, 1],
    ]);
    for (const fitIntercept of [true, false])
      expect(() =>
        fitLinearRegression(infinite, Float64Array.of(1, 2, 3), { fitIntercept, alpha: 1 }),
      ).toThrow(/feature 1 of row 1 is -Infinity/);
  });
});

describe('linalg', () => {
  it('solves SPD systems by Cholesky and refuses singular ones', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    const w = choleskySolve(a, Float64Array.of(2, 1), 2) as Float64Array;
    expect(4 * (w[0] as number) + 2 * (w[1] as number)).toBeCloseTo(2, 12);
    expect(2 * (w[0] as number) + 3 * (w[1] as number)).toBeCloseTo(1, 12);
    expect(choleskySolve(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1), 2)).toBeUndefined();
  });

  it('finds eigenpairs of a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 10), expect.closeTo(3, 10)]);
    const e = values[0] as number;
    // A v = λ v for the first eigenvector (column 0).
    const v0 = vectors[0] as number;
    const v1 = vectors[2] as number;
    expect(2 * v0 + v1).toBeCloseTo(e * v0, 10);
  });

  it('pseudo-inverse solve matches the direct solve on a regular system', () => {
    const a = Float64Array.of(5, 1, 1, 3);
    const b = Float64Array.of(1, 2);
    const direct = choleskySolve(a, b, 2) as Float64Array;
    const pinv = pseudoInverseSolve(a, b, 2);
    expect(pinv[0]).toBeCloseTo(direct[0] as number, 10);
    expect(pinv[1]).toBeCloseTo(direct[1] as number, 10);
  });
});
