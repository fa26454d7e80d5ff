import type { ResolvedMetric } from './ml-metrics.js';
import { rankScores, scoreRows } from './ml-metrics.js';

/**
 * Evaluation's arithmetic, without I/O: the held-out predictions of every
 * succeeded partition, grouped by algorithm and partition, scored once per
 * partition and once per algorithm over all partitions (rows pooled; the
 * top-K overlap, a per-partition measure, averaged over partitions), ranked,
 * and a champion picked per partition.
 */

/** Held-out predictions, one entry per row, sorted by algorithm, pk, mapping. */
export interface PredictionColumns {
  algorithm: readonly string[];
  pk: readonly string[];
  mapping: readonly string[];
  /** Numbers, or class names (text) for text labels. */
  actual: readonly unknown[];
  predicted: readonly unknown[];
  /** Binary classification: the larger class's probability (null when absent). */
  score: readonly unknown[] | undefined;
}

/** One algorithm's result over the run. */
export interface AlgorithmScore {
  name: string;
  /** Undefined where the metric is not defined (e.g. AUC with one class). */
  value: number | undefined;
  partitions: number;
  rows: number;
  /** 1 for the winner. */
  rank: number;
}

/** One partition's champion and every algorithm's metric there. */
export interface PartitionChampion {
  pk: string;
  mapping: string;
  champion: string | undefined;
  championValue: number | undefined;
  metrics: Map<string, number | undefined>;
}

/** What evaluation found. */
export interface EvaluationScores {
  /** Best first. */
  algorithms: AlgorithmScore[];
  partitions: PartitionChampion[];
}

interface Range {
  start: number;
  end: number;
}

/** Splits sorted rows into runs of equal keys. */
function runsOf(
  n: number,
  key: (i: number) => string,
  from = 0,
  to = n,
): (Range & { key: string })[] {
  const runs: (Range & { key: string })[] = [];
  for (let start = from; start < to;) {
    const k = key(start);
    let end = start + 1;
    while (end < to && key(end) === k) end++;
    runs.push({ start, end, key: k });
    start = end;
  }
  return runs;
}

/** Text labels → class indices (shared by actual and predicted); numbers stay. */
function encodeLabels(columns: PredictionColumns): {
  actual: Float64Array;
  predicted: Float64Array;
} {
  const text = columns.actual.some((v) => typeof v === 'string');
  if (!text) {
    return {
      actual: Float64Array.from(columns.actual, Number),
      predicted: Float64Array.from(columns.predicted, (v) => (v === null ? NaN : Number(v))),
    };
  }
  const labels = [...new Set([...columns.actual, ...columns.predicted].map(String))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  return {
    actual: Float64Array.from(columns.actual, (v) => index.get(String(v)) ?? NaN),
    predicted: Float64Array.from(columns.predicted, (v) => index.get(String(v)) ?? NaN),
  };
}

/** Rows of one algorithm or partition as metric input. */
type Slicer = (r: Range) => {
  actual: Float64Array;
  predicted: Float64Array;
  score: Float64Array | undefined;
};

/** Scores every algorithm and partition; `algorithms` adds those without any prediction (ranked last). */
export function scoreEvaluation(
  columns: PredictionColumns,
  metric: ResolvedMetric,
  topK: number,
  algorithms: readonly string[] = [],
): EvaluationScores {
  const n = columns.algorithm.length;
  const { actual, predicted } = encodeLabels(columns);
  const score = columns.score?.some((v) => v !== null && v !== undefined)
    ? Float64Array.from(columns.score, (v) => (v === null ? NaN : Number(v)))
    : undefined;
  const slice: Slicer = (r) => ({
    actual: actual.subarray(r.start, r.end),
    predicted: predicted.subarray(r.start, r.end),
    score: score?.subarray(r.start, r.end),
  });
  const byPartition = new Map<string, PartitionChampion>();
  const scores: Omit<AlgorithmScore, 'rank'>[] = [];
  for (const algo of runsOf(n, (i) => columns.algorithm[i] as string)) {
    scores.push(scoreAlgorithm(columns, algo, metric, topK, slice, byPartition));
  }
  for (const name of algorithms) {
    if (!scores.some((s) => s.name === name))
      scores.push({ name, value: undefined, partitions: 0, rows: 0 });
  }
  const ranked = rankScores(scores, metric.higherIsBetter).map((s, i) => ({ ...s, rank: i + 1 }));
  const partitions = [...byPartition.values()].sort(
    (a, b) => a.pk.localeCompare(b.pk) || a.mapping.localeCompare(b.mapping),
  );
  for (const p of partitions) {
    const best = rankScores(
      [...p.metrics].map(([name, value]) => ({ name, value })),
      metric.higherIsBetter,
    )[0];
    p.champion = best?.value === undefined ? undefined : best.name;
    p.championValue = best?.value;
  }
  return { algorithms: ranked, partitions };
}

/** One algorithm's rows: its metric over all of them and, into `byPartition`, each partition's. */
function scoreAlgorithm(
  columns: PredictionColumns,
  algo: Range & { key: string },
  metric: ResolvedMetric,
  topK: number,
  slice: Slicer,
  byPartition: Map<string, PartitionChampion>,
): Omit<AlgorithmScore, 'rank'> {
  const partitionKey = (i: number) => `${columns.pk[i]}\u0000${columns.mapping[i]}`;
  const parts = runsOf(columns.algorithm.length, partitionKey, algo.start, algo.end);
  const values = parts.map((p) => scoreRows(metric, slice(p), topK));
  parts.forEach((p, k) => {
    const entry = byPartition.get(p.key) ?? {
      pk: columns.pk[p.start] as string,
      mapping: columns.mapping[p.start] as string,
      champion: undefined,
      championValue: undefined,
      metrics: new Map(),
    };
    entry.metrics.set(algo.key, values[k]);
    byPartition.set(p.key, entry);
  });
  const defined = values.filter((v): v is number => v !== undefined);
  const value =
    metric.ml !== 'top_k_overlap'
      ? scoreRows(metric, slice(algo), topK)
      : defined.length === 0
        ? undefined
        : defined.reduce((s, v) => s + v, 0) / defined.length;
  return { name: algo.key, value, partitions: parts.length, rows: algo.end - algo.start };
}
