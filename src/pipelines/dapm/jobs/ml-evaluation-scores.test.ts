import { describe, expect, it } from 'vitest';
import { scoreEvaluation } from './ml-evaluation-scores.js';
import type { PredictionColumns } from './ml-evaluation-scores.js';
import { resolveMetric } from './ml-metrics.js';

/** Rows of two algorithms over two partitions (sorted by algorithm, pk, mapping). */
function columns(): PredictionColumns {
  const rows: [string, string, number, number][] = [
    ['lr', 'a', 1, 2],
    ['lr', 'a', 2, 2],
    ['lr', 'b', 10, 13],
    ['xgb', 'a', 1, 1],
    ['xgb', 'a', 2, 4],
    ['xgb', 'b', 10, 10],
  ];
  return {
    algorithm: rows.map((r) => r[0]),
    pk: rows.map((r) => r[1]),
    mapping: rows.map(() => 'default'),
    actual: rows.map((r) => r[2]),
    predicted: rows.map((r) => r[3]),
    score: undefined,
  };
}

describe('evaluation scores', () => {
  it('pools rows per algorithm, scores each partition, and picks champions', () => {
    const scores = scoreEvaluation(columns(), resolveMetric('mae', 'regression'), 5, [
      'lr',
      'xgb',
      'rf',
    ]);
    expect(scores.algorithms).toEqual([
      { name: 'xgb', value: 2 / 3, partitions: 2, rows: 3, rank: 1 },
      { name: 'lr', value: 4 / 3, partitions: 2, rows: 3, rank: 2 },
      { name: 'rf', value: undefined, partitions: 0, rows: 0, rank: 3 },
    ]);
    expect(
      scores.partitions.map((p) => [
        p.pk,
        p.champion,
        p.championValue,
        Object.fromEntries(p.metrics),
      ]),
    ).toEqual([
      ['a', 'lr', 0.5, { lr: 0.5, xgb: 1 }],
      ['b', 'xgb', 0, { lr: 3, xgb: 0 }],
    ]);
  });

  it('averages the top-K overlap over partitions instead of pooling', () => {
    const scores = scoreEvaluation(columns(), resolveMetric('topk_overlap', 'regression'), 1);
    // lr: partition a picks row 0 (2 ties, first wins) but row 1 is the largest: 0; b: 1. Mean 0.5.
    expect(Object.fromEntries(scores.algorithms.map((a) => [a.name, a.value]))).toEqual({
      xgb: 1,
      lr: 0.5,
    });
    expect(scores.algorithms[0]?.name).toBe('xgb');
  });

  it('encodes text labels the same way for actual and predicted', () => {
    const text: PredictionColumns = {
      algorithm: ['nb', 'nb', 'nb', 'nb'],
      pk: ['a', 'a', 'a', 'a'],
      mapping: ['m', 'm', 'm', 'm'],
      actual: ['yes', 'no', 'yes', 'no'],
      predicted: ['yes', 'no', 'no', 'no'],
      score: undefined,
    };
    const scores = scoreEvaluation(text, resolveMetric('f1', 'classification'), 5);
    expect(scores.algorithms[0]?.value).toBeCloseTo(2 / 3, 12);
  });
});
