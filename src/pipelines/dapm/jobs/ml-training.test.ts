import { describe, expect, it } from 'vitest';
import type { ModelSpec } from './ml-mapping.js';
import { trainPartition } from './ml-training.js';

const spec = (patch: Partial<ModelSpec> = {}): ModelSpec => ({
  primaryKey: 'pk',
  target: 'y',
  features: ['a', 'b'],
  dateColumn: 'date',
  task: undefined,
  hyperparameters: {},
  evaluationMetric: undefined,
  evaluationTopK: undefined,
  ...patch,
});

/** 40 days; y grows with a, and the label says whether a is large. */
const rows = Array.from({ length: 40 }, (_, i) => ({
  pk: 'p1',
  date: `2024-02-${String((i % 20) + 1).padStart(2, '0')}`,
  a: (i * 7) % 13,
  b: i % 3,
  y: 2 * ((i * 7) % 13) + (i % 3),
  label: (i * 7) % 13 > 6 ? 'high' : 'low',
}));

describe('training a partition', () => {
  it('trains regression on the date split and scores the held-out rows', () => {
    const result = trainPartition({ rows, spec: spec(), algorithms: ['lr', 'rf'] });
    expect(result.task).toBe('regression');
    expect(result.split?.by).toBe('date');
    // 20 distinct dates: the last 4 are held out, two rows each.
    expect(result.split?.test).toHaveLength(8);
    const lr = result.outcomes[0];
    if (!lr?.ok) throw new Error('lr failed');
    expect(lr.metric.name).toBe('rmse');
    expect(lr.metric.value).toBeLessThan(1e-6);
    expect(Array.from(lr.testRows)).toEqual(
      rows.flatMap((r, i) => (r.date >= '2024-02-17' ? [i] : [])),
    );
    expect(Array.from(lr.actual)).toEqual(Array.from(lr.testRows, (i) => rows[i]?.y));
    expect(lr.document.algorithm).toBe('lr');
  });

  it('trains text labels as classification, with class names and the positive-class score', () => {
    const result = trainPartition({
      rows,
      spec: spec({ target: 'label', evaluationMetric: 'auc' }),
      algorithms: ['lr', 'nb'],
    });
    expect(result.task).toBe('classification');
    for (const outcome of result.outcomes) {
      if (!outcome.ok) throw new Error(outcome.reason);
      expect(outcome.document.classNames).toEqual(['high', 'low']);
      expect(outcome.predictedLabels?.every((l) => l === 'high' || l === 'low')).toBe(true);
      expect(outcome.score).toHaveLength(8);
      expect(outcome.metric.name).toBe('auc');
    }
  });

  it('fails algorithms with the reason: unsupported task, missing columns, too few rows', () => {
    const nb = trainPartition({ rows, spec: spec(), algorithms: ['nb'] }).outcomes[0];
    expect(nb?.ok).toBe(false);
    expect(nb && !nb.ok && nb.reason).toMatch(/^nb: .*regression/);
    const missing = trainPartition({
      rows,
      spec: spec({ features: ['a', 'zz'] }),
      algorithms: ['lr'],
    });
    expect(missing.outcomes[0]).toMatchObject({
      ok: false,
      reason: expect.stringContaining('has no column "zz"'),
    });
    const unlabelled = rows.map((r, i) => ({ ...r, y: i < 31 ? null : r.y }));
    expect(
      trainPartition({ rows: unlabelled, spec: spec(), algorithms: ['lr'] }).outcomes[0],
    ).toMatchObject({
      ok: false,
      reason: 'too few rows: the partition has 9 rows with a "y" value; training needs at least 10',
    });
  });
});
