import { describe, expect, it } from 'vitest';
import { matrixFromRows } from './matrix.js';
import { fitNaiveBayes, predictProbaNaiveBayes } from './naive-bayes.js';

describe('Gaussian naive Bayes', () => {
  const x = matrixFromRows([
    [1, 10],
    [3, 10],
    [10, 0],
    [14, 2],
  ]);
  const y = Float64Array.of(0, 0, 1, 1);

  it('estimates class means, variances and priors', () => {
    const p = fitNaiveBayes(x, y, 2, { varSmoothing: 0 });
    expect(Array.from(p.theta)).toEqual([2, 10, 12, 1]);
    expect(Array.from(p.variance)).toEqual([1, 0, 4, 1]);
    expect(Array.from(p.prior)).toEqual([0.5, 0.5]);
  });

  it('adds varSmoothing × the largest feature variance to every variance', () => {
    // Feature variances (population): [27.5, 20.75] → epsilon = 0.1 × 27.5.
    const p = fitNaiveBayes(x, y, 2, { varSmoothing: 0.1 });
    expect(p.variance[1]).toBeCloseTo(2.75, 12);
    expect(p.variance[0]).toBeCloseTo(1 + 2.75, 12);
  });

  it('predicts the class whose Gaussians explain the row, with probabilities from Bayes rule', () => {
    const p = fitNaiveBayes(x, y, 2);
    const proba = predictProbaNaiveBayes(
      p,
      matrixFromRows([
        [2, 10],
        [12, 1],
        [7, 5],
      ]),
    );
    expect(proba.data[0]).toBeGreaterThan(0.999);
    expect(proba.data[3]).toBeGreaterThan(0.999);
    // Hand computation for the last row with the fitted parameters.
    const v = p.variance;
    const logLik = (c: number) =>
      Math.log(0.5) +
      [7, 5].reduce(
        (s, xv, j) =>
          s -
          0.5 * Math.log(2 * Math.PI * (v[2 * c + j] as number)) -
          (xv - (p.theta[2 * c + j] as number)) ** 2 / (2 * (v[2 * c + j] as number)),
        0,
      );
    const l0 = logLik(0);
    const l1 = logLik(1);
    const m = Math.max(l0, l1);
    expect(proba.data[5]).toBeCloseTo(Math.exp(l1 - m) / (Math.exp(l0 - m) + Math.exp(l1 - m)), 10);
  });

  it('names a label outside the class range', () => {
    expect(() => fitNaiveBayes(x, Float64Array.of(0, 0, 1, 5), 2)).toThrow(
      /label index 5 of row 3 is outside 0..1/,
    );
  });
});
