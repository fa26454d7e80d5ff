import { describe, expect, it } from 'vitest';
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';
import { createRandom } from './random.js';
import { fitRandomForest, predictRandomForest, resolveMaxFeatures } from './random-forest.js';
import { leafCounts, treeShapes } from './tree-test-helpers.js';

function data(n: number): { x: Matrix; y: Float64Array; label: Float64Array } {
  const rng = createRandom(8);
  const x = createMatrix(n, 4);
  const y = new Float64Array(n);
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Two decimals: every distinct value gets its own bin, so splits are exact.
    for (let j = 0; j < 4; j++) x.data[4 * i + j] = Math.round(rng.next() * 100) / 100;
    const a = x.data[4 * i] as number;
    const b = x.data[4 * i + 1] as number;
    y[i] = 10 * a + (b > 0.5 ? 3 : 0) + 0.1 * rng.normal();
    label[i] = a > 0.5 ? (b > 0.5 ? 2 : 1) : 0;
  }
  return { x, y, label };
}

describe('random forest', () => {
  const d = data(1500);

  it('classifies with averaged class proportions', () => {
    const p = fitRandomForest(d.x, d.label, 3, { nEstimators: 30 });
    const proba = predictRandomForest(p, d.x);
    expect(proba.cols).toBe(3);
    let hits = 0;
    for (let i = 0; i < d.x.rows; i++) {
      const row = Array.from(proba.data.subarray(3 * i, 3 * i + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      if (row.indexOf(Math.max(...row)) === d.label[i]) hits++;
    }
    expect(hits / d.x.rows).toBeGreaterThan(0.98);
  });

  it('regresses with averaged leaf means', () => {
    const p = fitRandomForest(d.x, d.y, 0, { nEstimators: 30 });
    const pred = predictRandomForest(p, d.x).data;
    let se = 0;
    let sv = 0;
    const mean = d.y.reduce((a, b) => a + b, 0) / d.x.rows;
    for (let i = 0; i < d.x.rows; i++) {
      se += ((pred[i] as number) - (d.y[i] as number)) ** 2;
      sv += ((d.y[i] as number) - mean) ** 2;
    }
    expect(1 - se / sv).toBeGreaterThan(0.95);
  });

  it('grows one exact CART tree without bootstrap and feature sampling', () => {
    const y = Float64Array.from({ length: d.x.rows }, (_, i) =>
      (d.x.data[4 * i] as number) > 0.5 ? 1 : 0,
    );
    const p = fitRandomForest(d.x, y, 2, { nEstimators: 1, bootstrap: false, maxFeatures: 4 });
    const [shape] = treeShapes(p.forest);
    expect(shape).toEqual({ leaves: 2, depth: 1 });
    expect(p.forest.feature[0]).toBe(0);
    expect(p.forest.threshold[0]).toBeCloseTo(0.505, 12);
  });

  it('respects max depth and min samples per leaf', () => {
    const shallow = fitRandomForest(d.x, d.y, 0, { nEstimators: 5, maxDepth: 3 });
    for (const s of treeShapes(shallow.forest)) expect(s.depth).toBeLessThanOrEqual(3);
    const coarse = fitRandomForest(d.x, d.y, 0, {
      nEstimators: 3,
      minSamplesLeaf: 40,
      bootstrap: false,
    });
    for (let t = 0; t < 3; t++)
      for (const c of leafCounts(coarse.forest, t, d.x).values())
        expect(c).toBeGreaterThanOrEqual(40);
  });

  it('is reproducible for a seed and varies across seeds', () => {
    const fit = (seed: number) =>
      Array.from(
        predictRandomForest(fitRandomForest(d.x, d.y, 0, { nEstimators: 5, seed }), d.x).data,
      );
    expect(fit(1)).toEqual(fit(1));
    expect(fit(1)).not.toEqual(fit(2));
  });

  it('resolves max features like scikit-learn', () => {
    expect(resolveMaxFeatures(undefined, 64, true)).toBe(8);
    expect(resolveMaxFeatures(undefined, 64, false)).toBe(64);
    expect(resolveMaxFeatures('log2', 64, false)).toBe(6);
    expect(resolveMaxFeatures(0.25, 64, false)).toBe(16);
    expect(resolveMaxFeatures(1, 64, false)).toBe(1);
    expect(resolveMaxFeatures(100, 64, false)).toBe(64);
  });
});
