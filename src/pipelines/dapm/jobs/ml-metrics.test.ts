import { describe, expect, it } from 'vitest';
import { rankScores, resolveMetric, scoreRows } from './ml-metrics.js';

describe('evaluation metrics', () => {
  it('maps the pipeline names onto src/ml metrics, with defaults per task', () => {
    expect(resolveMetric(undefined, 'regression')).toEqual({
      name: 'rmse',
      ml: 'rmse',
      higherIsBetter: false,
    });
    expect(resolveMetric(undefined, 'classification')).toEqual({
      name: 'f1',
      ml: 'f1',
      higherIsBetter: true,
    });
    expect(resolveMetric('AUC', 'classification')).toEqual({
      name: 'auc',
      ml: 'roc_auc',
      higherIsBetter: true,
    });
    expect(resolveMetric('topk_overlap', 'regression').ml).toBe('top_k_overlap');
    expect(() => resolveMetric('auc', 'regression')).toThrow(
      "evaluation_metric 'auc' does not apply to a regression target; use one of rmse, mae, mape, r2, topk_overlap",
    );
  });

  it('scores rows: errors, the top-K overlap, F1 and AUC from scores', () => {
    const actual = [1, 5, 3, 9];
    const predicted = [2, 4, 3, 7];
    expect(scoreRows(resolveMetric('mae', 'regression'), { actual, predicted }, 2)).toBe(1);
    // Top 2 actual: rows 3 and 1; top 2 predicted: rows 3 and 1.
    expect(scoreRows(resolveMetric('topk_overlap', 'regression'), { actual, predicted }, 2)).toBe(
      1,
    );
    expect(
      scoreRows(
        resolveMetric('topk_overlap', 'regression'),
        { actual, predicted: [9, 1, 8, 2] },
        2,
      ),
    ).toBe(0);
    const labels = { actual: [0, 1, 1, 0], predicted: [0, 1, 0, 0], score: [0.1, 0.9, 0.4, 0.3] };
    expect(scoreRows(resolveMetric('f1', 'classification'), labels, 5)).toBeCloseTo(2 / 3, 12);
    expect(scoreRows(resolveMetric('auc', 'classification'), labels, 5)).toBe(1);
    expect(
      scoreRows(resolveMetric('auc', 'classification'), { actual: [1, 1], predicted: [1, 0] }, 5),
    ).toBeUndefined();
  });

  it('ranks best first, missing scores last, ties by name', () => {
    const scores = [
      { name: 'xgb', value: 2 },
      { name: 'rf', value: undefined },
      { name: 'lr', value: 2 },
      { name: 'nb', value: 1 },
    ];
    expect(rankScores(scores, false).map((s) => s.name)).toEqual(['nb', 'lr', 'xgb', 'rf']);
    expect(rankScores(scores, true).map((s) => s.name)).toEqual(['lr', 'xgb', 'nb', 'rf']);
  });
});
