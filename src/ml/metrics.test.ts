import { describe, expect, it } from 'vitest';
import { matrixFromRows } from './matrix.js';
import { accuracy, f1, mae, mape, precision, r2, recall, rmse } from './metrics.js';
import { logLoss, rocAuc, rocAucOvr, topKOverlap } from './ranking-metrics.js';

describe('regression metrics', () => {
  const t = [3, -0.5, 2, 7];
  const p = [2.5, 0, 2, 8];
  it('match hand computations', () => {
    expect(rmse(t, p)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mae(t, p)).toBeCloseTo(0.5, 12);
    expect(mape(t, p)).toBeCloseTo((0.5 / 3 + 0.5 / 0.5 + 0 + 1 / 7) / 4, 12);
    expect(r2(t, p)).toBeCloseTo(0.9486081370449679, 12);
  });
  it('handle a constant target and a zero target like scikit-learn', () => {
    expect(r2([1, 1], [1, 1])).toBe(1);
    expect(r2([1, 1], [1, 2])).toBe(0);
    expect(mape([0], [1])).toBeCloseTo(1 / 2 ** -52, 0);
  });
  it('reject mismatched or empty inputs', () => {
    expect(() => rmse([1, 2], [1])).toThrow(/RMSE: 2 true values but 1 predictions/);
    expect(() => mae([], [])).toThrow(/no rows to score/);
  });
});

describe('classification metrics', () => {
  const t = [0, 1, 2, 0, 1, 2];
  const p = [0, 2, 1, 0, 0, 1];
  it('compute accuracy and macro precision/recall/F1', () => {
    expect(accuracy(t, p)).toBeCloseTo(2 / 6, 12);
    expect(precision(t, p, { average: 'macro' })).toBeCloseTo((2 / 3 + 0 + 0) / 3, 12);
    expect(recall(t, p, { average: 'macro' })).toBeCloseTo((1 + 0 + 0) / 3, 12);
    expect(f1(t, p, { average: 'macro' })).toBeCloseTo((0.8 + 0 + 0) / 3, 12);
  });
  it('compute binary scores for the positive label, 0 when undefined', () => {
    const bt = [1, 1, 0, 0, 1];
    const bp = [1, 0, 1, 0, 1];
    expect(precision(bt, bp)).toBeCloseTo(2 / 3, 12);
    expect(recall(bt, bp)).toBeCloseTo(2 / 3, 12);
    expect(f1(bt, bp)).toBeCloseTo(2 / 3, 12);
    expect(precision(bt, bp, { positiveLabel: 0 })).toBeCloseTo(1 / 2, 12);
    expect(precision([0, 0], [0, 0])).toBe(0);
  });
});

describe('ranking metrics', () => {
  it('compute ROC AUC with ties counted half', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBeCloseTo(0.5, 12);
    expect(rocAuc([1, 0, 1], [0.9, 0.1, 0.8])).toBe(1);
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/only one class/);
  });
  it('average one-vs-rest AUC over classes', () => {
    const proba = matrixFromRows([
      [0.8, 0.1, 0.1],
      [0.2, 0.7, 0.1],
      [0.1, 0.2, 0.7],
      [0.3, 0.4, 0.3],
    ]);
    const t = [0, 1, 2, 1];
    const expected =
      (rocAuc(
        t.map((v) => (v === 0 ? 1 : 0)),
        [0.8, 0.2, 0.1, 0.3],
      ) +
        rocAuc(
          t.map((v) => (v === 1 ? 1 : 0)),
          [0.1, 0.7, 0.2, 0.4],
        ) +
        rocAuc(
          t.map((v) => (v === 2 ? 1 : 0)),
          [0.1, 0.1, 0.7, 0.3],
        )) /
      3;
    expect(rocAucOvr(t, proba, [0, 1, 2])).toBeCloseTo(expected, 12);
  });
  it('compute log loss with clipping', () => {
    const proba = matrixFromRows([
      [0.9, 0.1],
      [0.2, 0.8],
      [1, 0],
    ]);
    expect(logLoss([0, 1, 0], proba, [0, 1])).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.8) + Math.log(1 - 2 ** -52)) / 3,
      12,
    );
    expect(logLoss([1], matrixFromRows([[1, 0]]), [0, 1])).toBeCloseTo(-Math.log(2 ** -52), 9);
    expect(() => logLoss([7], matrixFromRows([[1, 0]]), [0, 1])).toThrow(
      /label 7 of row 0 is not one of the model's classes 0, 1/,
    );
  });
  it('compute the top-K overlap of actual and predicted largest values', () => {
    const actual = [10, 9, 8, 1, 2, 3];
    expect(topKOverlap(actual, [10, 9, 8, 1, 2, 3], 3)).toBe(1);
    expect(topKOverlap(actual, [1, 2, 3, 10, 9, 8], 3)).toBe(0);
    expect(topKOverlap(actual, [10, 1, 9, 8, 2, 3], 3)).toBeCloseTo(2 / 3, 12);
    expect(topKOverlap(actual, actual, 100)).toBe(1);
    expect(() => topKOverlap(actual, actual, 0)).toThrow(/K must be a positive integer, got 0/);
  });
});
