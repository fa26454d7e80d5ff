import { describe, expect, it } from 'vitest';
import { fitAndEvaluate } from './fit-and-evaluate.js';
import { loadModel } from './model-format.js';
import { extractFeatures } from './rows.js';
import { createRandom } from './random.js';

function rows(n: number, seed = 1): Record<string, unknown>[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => {
    const a = rng.normal();
    const b = rng.normal();
    return {
      a,
      b: rng.next() < 0.05 ? null : b,
      sales: 3 * a + b + 0.1 * rng.normal(),
      churn: a + b > 0 ? 'yes' : 'no',
    };
  });
}

describe('fitAndEvaluate', () => {
  it('trains on rows, predicts held-out rows and reports the metric', () => {
    const r = fitAndEvaluate({
      algorithm: 'lr',
      task: 'regression',
      train: rows(300),
      test: rows(100, 2),
      label: 'sales',
      features: ['a', 'b'],
    });
    expect(r.metric.name).toBe('rmse');
    expect(r.metric.value).toBeLessThan(0.5);
    expect(r.metrics.r2).toBeGreaterThan(0.95);
    expect(r.metrics.top_k_overlap).toBeGreaterThan(0.5);
    expect(r.actual.length).toBe(100);
    expect(r.predicted.length).toBe(100);
    expect(r.rows).toEqual({ train: 300, test: 100, droppedForMissingLabel: 0 });
    const { x } = extractFeatures(rows(100, 2), { features: ['a', 'b'] });
    expect(Array.from(loadModel(r.document).predict(x))).toEqual(Array.from(r.predicted));
  });

  it('holds out a stratified share when no test rows are given, and names string classes', () => {
    const data = rows(400);
    data[5] = { ...data[5], churn: null };
    const r = fitAndEvaluate({
      algorithm: 'xgb',
      task: 'classification',
      train: data,
      label: 'churn',
      features: ['a', 'b'],
      hyperparameters: { num_round: '20' },
      testSize: 0.25,
    });
    expect(r.rows).toEqual({ train: 299, test: 100, droppedForMissingLabel: 1 });
    expect(r.metric.name).toBe('f1');
    expect(r.metric.value).toBeGreaterThan(0.8);
    expect(r.metrics.roc_auc).toBeGreaterThan(0.9);
    expect(new Set(r.predictedLabels)).toEqual(new Set(['no', 'yes']));
    expect(r.document.classNames).toEqual(['no', 'yes']);
  });

  it('reports any metric of the task and refuses one of the other task', () => {
    const r = fitAndEvaluate({
      algorithm: 'rf',
      task: 'regression',
      train: rows(200),
      label: 'sales',
      features: ['a', 'b'],
      metric: 'mape',
      hyperparameters: { n_estimators: '10' },
    });
    expect(r.metric.name).toBe('mape');
    expect(r.metric.value).toBe(r.metrics.mape);
    expect(() =>
      fitAndEvaluate({
        algorithm: 'lr',
        task: 'regression',
        train: rows(50),
        label: 'sales',
        features: ['a'],
        metric: 'f1',
      }),
    ).toThrow(
      /Metric "f1" is not available for regression; use one of rmse, mae, mape, r2, top_k_overlap/,
    );
  });
});
