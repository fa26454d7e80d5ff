import { describe, expect, it } from 'vitest';
import { createMatrix } from '../matrix.js';
import { createRandom } from '../random.js';
import { centredCrossProducts, columnSums, linearScores, ResidentRows } from './index.js';

const random = createRandom(42);
const values = (n: number, offset = 0) =>
  Float64Array.from({ length: n }, () => offset + random.normal());

/** Shapes around the kernels' steps: 4 rows, 2 classes, 2 and 4 columns, a block of rows. */
const SHAPES: [rows: number, cols: number, classes: number][] = [
  [0, 3, 2],
  [1, 1, 1],
  [3, 2, 3],
  [7, 5, 3],
  [9, 64, 10],
  [13, 20, 1],
  [1000, 7, 2],
  [2003, 21, 5],
];

function closeTo(actual: Float64Array, expected: Float64Array, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    expect(Math.abs((actual[i] as number) - e), `value ${i}`).toBeLessThanOrEqual(
      tol * (1 + Math.abs(e)),
    );
  }
}

describe('linearScores', () => {
  it.each(SHAPES)('matches a plain loop on %i rows × %i columns, %i classes', (n, p, k) => {
    const x = createMatrix(n, p, values(n * p));
    const w = values(k * p);
    const bias = values(k);
    const expected = new Float64Array(n * k);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < k; c++) {
        let s = bias[c] as number;
        for (let j = 0; j < p; j++) s += (x.data[i * p + j] as number) * (w[c * p + j] as number);
        expected[i * k + c] = s;
      }
    closeTo(linearScores(x, w, k, bias), expected, 1e-12);
  });

  it('carries a NaN feature into that row only', () => {
    const x = createMatrix(5, 3, values(15));
    x.data[7] = NaN; // row 2
    const scores = linearScores(x, values(6), 2, values(2));
    expect(Array.from(scores, Number.isNaN)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('columnSums', () => {
  it.each(SHAPES)('matches a plain loop on %i rows × %i columns', (n, p) => {
    const x = createMatrix(n, p, values(n * p));
    const expected = new Float64Array(p);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p; j++)
        expected[j] = (expected[j] as number) + (x.data[i * p + j] as number);
    closeTo(columnSums(x), expected, 1e-12);
  });
});

describe('centredCrossProducts', () => {
  it.each(SHAPES)('matches a plain loop on %i rows × %i columns', (n, p) => {
    // Far from the origin: the centring has to happen before the products.
    const x = createMatrix(n, p, values(n * p, 1e6));
    const y = values(n, -3e5);
    const xMean = new Float64Array(p);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p; j++)
        xMean[j] = (xMean[j] as number) + (x.data[i * p + j] as number) / n;
    const yMean = y.reduce((s, v) => s + v, 0) / Math.max(n, 1);
    const gram = new Float64Array(p * p);
    const xty = new Float64Array(p);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < p; a++) {
        const u = (x.data[i * p + a] as number) - (xMean[a] as number);
        xty[a] = (xty[a] as number) + u * ((y[i] as number) - yMean);
        for (let c = 0; c < p; c++)
          gram[a * p + c] =
            (gram[a * p + c] as number) +
            u * ((x.data[i * p + c] as number) - (xMean[c] as number));
      }
    const got = centredCrossProducts(x, y, xMean, yMean);
    closeTo(got.gram, gram, 1e-9);
    closeTo(got.xty, xty, 1e-9);
  });
});

describe('ResidentRows', () => {
  const cases = SHAPES.flatMap(([n, p, k]): [number, number, number, string][] => [
    [n, p, k, 'kept'],
    [n, p, k, 'copied per block'],
  ]);
  it.each(cases)(
    "scores blocks and sums X'R as plain loops do on %i rows × %i columns, %i classes, rows %s",
    (n, p, k, how) => {
      const x = createMatrix(n, p, values(n * p));
      const w = values(k * p);
      const bias = values(k);
      const rows = new ResidentRows(x, k, how === 'kept' ? undefined : 0);
      rows.setWeights(w, bias);
      const expectedScores = linearScores(x, w, k, bias);
      const r = values(n * k);
      const expectedGradient = new Float64Array(k * p);
      for (let i = 0; i < n; i++)
        for (let c = 0; c < k; c++)
          for (let j = 0; j < p; j++)
            expectedGradient[c * p + j] =
              (expectedGradient[c * p + j] as number) +
              (r[i * k + c] as number) * (x.data[i * p + j] as number);
      for (let round = 0; round < 2; round++) {
        for (let i0 = 0; i0 < n; i0 += ResidentRows.BLOCK) {
          const m = Math.min(ResidentRows.BLOCK, n - i0);
          const view = rows.scoreBlock(i0, m);
          closeTo(view, expectedScores.subarray(i0 * k, (i0 + m) * k), 1e-12);
          view.set(r.subarray(i0 * k, (i0 + m) * k));
          rows.addBlockResiduals(m);
        }
        // The gradient is taken and cleared: the second round sums afresh.
        const gradient = new Float64Array(k * p);
        rows.takeGradient(gradient);
        closeTo(gradient, expectedGradient, 1e-12);
      }
    },
  );
});
