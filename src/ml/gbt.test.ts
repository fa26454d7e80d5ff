import { describe, expect, it } from 'vitest';
import { fitGradientBoosting, predictRawGradientBoosting, sigmoid } from './gbt.js';
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';
import { createRandom } from './random.js';
import { leafCounts, treeShapes } from './tree-test-helpers.js';

function data(
  n: number,
  seed = 1,
): { x: Matrix; step: Float64Array; label: Float64Array; three: Float64Array } {
  const rng = createRandom(seed);
  const x = createMatrix(n, 3);
  const step = new Float64Array(n);
  const label = new Float64Array(n);
  const three = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Two decimals: every distinct value gets its own bin, so steps are exact.
    const a = Math.round(rng.next() * 100) / 100;
    const b = Math.round(rng.next() * 100) / 100;
    x.data.set([a, b, rng.normal()], 3 * i);
    step[i] = (a > 0.3 ? 5 : 0) + (b > 0.5 ? 2 : 0) + 0.01 * rng.normal();
    label[i] = a + b > 1 ? 1 : 0;
    three[i] = a < 0.33 ? 0 : a < 0.66 ? 1 : 2;
  }
  return { x, step, label, three };
}

describe('gradient boosting', () => {
  const d = data(2000);

  it('learns a step function (squared error)', () => {
    const p = fitGradientBoosting(d.x, d.step, 0, { maxIter: 100 });
    const pred = predictRawGradientBoosting(p, d.x);
    let se = 0;
    for (let i = 0; i < d.x.rows; i++) se += ((pred[i] as number) - (d.step[i] as number)) ** 2;
    expect(Math.sqrt(se / d.x.rows)).toBeLessThan(0.02);
  });

  it('starts from the mean (regression) and the prior log-odds (binary)', () => {
    const reg = fitGradientBoosting(d.x, d.step, 0, { maxIter: 1, learningRate: 1e-12 });
    expect(reg.baseline[0]).toBeCloseTo(d.step.reduce((a, b) => a + b, 0) / d.x.rows, 10);
    const bin = fitGradientBoosting(d.x, d.label, 2, { maxIter: 1, learningRate: 1e-12 });
    const share = d.label.reduce((a, b) => a + b, 0) / d.x.rows;
    expect(sigmoid(predictRawGradientBoosting(bin, d.x)[0] as number)).toBeCloseTo(share, 8);
  });

  it('computes leaf values as -G / (H + lambda) × learning rate', () => {
    // One split (two leaves), learning rate 1: each leaf moves by Σ(y − ȳ) / (n_leaf + λ).
    const p = fitGradientBoosting(d.x, d.step, 0, {
      maxIter: 1,
      maxLeafNodes: 2,
      learningRate: 1,
      l2Regularization: 10,
      minSamplesLeaf: 1,
    });
    const mean = p.baseline[0] as number;
    const pred = predictRawGradientBoosting(p, d.x);
    const groups = new Map<number, { sum: number; n: number }>();
    for (let i = 0; i < d.x.rows; i++) {
      const g = groups.get(pred[i] as number) ?? { sum: 0, n: 0 };
      g.sum += (d.step[i] as number) - mean;
      g.n += 1;
      groups.set(pred[i] as number, g);
    }
    expect(groups.size).toBe(2);
    for (const [value, g] of groups) expect(value - mean).toBeCloseTo(g.sum / (g.n + 10), 10);
  });

  it('respects max leaf nodes, max depth and min samples per leaf', () => {
    const leafy = fitGradientBoosting(d.x, d.step, 0, { maxIter: 5, maxLeafNodes: 7 });
    for (const s of treeShapes(leafy.forest)) expect(s.leaves).toBeLessThanOrEqual(7);
    const shallow = fitGradientBoosting(d.x, d.step, 0, {
      maxIter: 5,
      maxDepth: 2,
      maxLeafNodes: 1000,
    });
    for (const s of treeShapes(shallow.forest)) expect(s.depth).toBeLessThanOrEqual(2);
    const big = fitGradientBoosting(d.x, d.step, 0, { maxIter: 3, minSamplesLeaf: 150 });
    for (let t = 0; t < 3; t++)
      for (const c of leafCounts(big.forest, t, d.x).values())
        expect(c).toBeGreaterThanOrEqual(150);
  });

  it('does not split when gamma exceeds every gain', () => {
    const p = fitGradientBoosting(d.x, d.step, 0, { maxIter: 3, minSplitGain: 1e12 });
    for (const s of treeShapes(p.forest)) expect(s.leaves).toBe(1);
  });

  it('classifies binary and multiclass targets (one tree per class per round)', () => {
    const bin = fitGradientBoosting(d.x, d.label, 2, { maxIter: 30 });
    const raw = predictRawGradientBoosting(bin, d.x);
    let hits = 0;
    for (let i = 0; i < d.x.rows; i++) if (((raw[i] as number) > 0 ? 1 : 0) === d.label[i]) hits++;
    expect(hits / d.x.rows).toBeGreaterThan(0.97);
    const multi = fitGradientBoosting(d.x, d.three, 3, { maxIter: 10 });
    expect(multi.forest.roots.length).toBe(30);
    const scores = predictRawGradientBoosting(multi, d.x);
    hits = 0;
    for (let i = 0; i < d.x.rows; i++) {
      const row = Array.from(scores.subarray(3 * i, 3 * i + 3));
      if (row.indexOf(Math.max(...row)) === d.three[i]) hits++;
    }
    expect(hits / d.x.rows).toBeGreaterThan(0.97);
  });

  it('subsamples rows reproducibly for a seed', () => {
    const fit = (seed: number) =>
      predictRawGradientBoosting(
        fitGradientBoosting(d.x, d.step, 0, { maxIter: 10, subsample: 0.5, seed }),
        d.x,
      );
    expect(Array.from(fit(3))).toEqual(Array.from(fit(3)));
    expect(Array.from(fit(3))).not.toEqual(Array.from(fit(4)));
  });
});
