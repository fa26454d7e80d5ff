import type { RunKey } from './ml-args.js';
import type { JobDuck } from './ml-duck.js';
import { sqlDoubles, sqlString } from './ml-duck.js';
import type { EvaluationScores, PredictionColumns } from './ml-evaluation-scores.js';
import type { Column } from './ml-athena-tables.js';
import type { PartitionOutput } from './ml-final-job.js';
import type { JobObjects } from './ml-objects.js';
import { loadRunFiles } from './ml-run-files.js';

/**
 * Evaluation's reads and writes: every succeeded partition's held-out
 * predictions in one DuckDB query over the run's `pred_or_eval/` prefix,
 * and the evaluation summary and per-partition champion Parquet files.
 */

/** Columns of the evaluation summary Parquet (and its table, less the partition keys). */
export const EVAL_SUMMARY_COLUMNS: readonly Column[] = [
  ['metric_name', 'string'],
  ['metric_value', 'double'],
  ['algoname', 'string'],
  ['audit_timestamp', 'timestamp'],
  ['rank', 'int'],
  ['partitions', 'bigint'],
  ['rows_scored', 'bigint'],
];

/** Columns of the per-partition champions Parquet (and its table, less the partition keys). */
export const CHAMPION_COLUMNS: readonly Column[] = [
  ['pk', 'string'],
  ['mapping', 'string'],
  ['metric_name', 'string'],
  ['champion_algo', 'string'],
  ['champion_metric', 'double'],
  ['algo_metrics', 'map<string,double>'],
  ['audit_timestamp', 'timestamp'],
];

/** The held-out predictions of `outputs`, sorted by algorithm, pk, mapping, row. */
export async function readHeldOut(
  duck: JobDuck,
  objects: JobObjects,
  outputs: readonly PartitionOutput[],
  predPrefix: string,
): Promise<PredictionColumns> {
  await loadRunFiles(duck, objects, outputs, predPrefix, 'test_pred.parquet', 'held_out');
  const columns = await duck.columns(
    'SELECT * EXCLUDE (filename, file_row_number) FROM held_out ORDER BY __algoname, __pk, __mapping, file_row_number',
  );
  return {
    algorithm: (columns.__algoname ?? []) as string[],
    pk: (columns.__pk ?? []) as string[],
    mapping: (columns.__mapping ?? []) as string[],
    actual: columns.actual ?? [],
    predicted: columns.predicted ?? [],
    score: columns.score,
  };
}

const timestampLiteral = (at: Date) =>
  `TIMESTAMP ${sqlString(at.toISOString().replace('T', ' ').replace('Z', ''))}`;

const runColumns = (run: RunKey) =>
  `${sqlString(run.year)} AS year, ${sqlString(run.month)} AS month, ${sqlString(run.day)} AS day, ${sqlString(run.stepJobId)} AS stepjobid`;

/** Writes the evaluation summary: one row per algorithm. */
export async function writeEvaluationSummary(
  duck: JobDuck,
  objects: JobObjects,
  uri: string,
  scores: EvaluationScores,
  metricName: string,
  run: RunKey,
  at: Date,
): Promise<void> {
  const a = scores.algorithms;
  const select = `SELECT ${sqlString(metricName)} AS metric_name, unnest(${sqlDoubles(a.map((s) => s.value ?? NaN))}) AS metric_value, unnest([${a.map((s) => sqlString(s.name)).join(',')}]::VARCHAR[]) AS algoname, ${timestampLiteral(at)} AS audit_timestamp, unnest([${a.map((s) => s.rank).join(',')}]::INTEGER[]) AS rank, unnest([${a.map((s) => s.partitions).join(',')}]::BIGINT[]) AS partitions, unnest([${a.map((s) => s.rows).join(',')}]::BIGINT[]) AS rows_scored, ${runColumns(run)}`;
  await objects.writeWith(uri, (path) =>
    duck.run(`COPY (${select} ORDER BY rank) TO ${sqlString(path)} (FORMAT parquet)`),
  );
}

/** Writes the per-partition champions: one row per partition, every algorithm's metric in a map. */
export async function writePartitionChampions(
  duck: JobDuck,
  objects: JobObjects,
  uri: string,
  scores: EvaluationScores,
  metricName: string,
  run: RunKey,
  at: Date,
): Promise<void> {
  const p = scores.partitions;
  await duck.load('champions', [
    { name: 'pk', type: 'VARCHAR', values: p.map((c) => c.pk) },
    { name: 'mapping', type: 'VARCHAR', values: p.map((c) => c.mapping) },
    { name: 'champion_algo', type: 'VARCHAR', values: p.map((c) => c.champion ?? null) },
    { name: 'champion_metric', type: 'DOUBLE', values: p.map((c) => c.championValue ?? null) },
  ]);
  const long = p.flatMap((c) => [...c.metrics].map(([algo, value]) => ({ c, algo, value })));
  await duck.load('partition_metrics', [
    { name: 'pk', type: 'VARCHAR', values: long.map((l) => l.c.pk) },
    { name: 'mapping', type: 'VARCHAR', values: long.map((l) => l.c.mapping) },
    { name: 'algoname', type: 'VARCHAR', values: long.map((l) => l.algo) },
    { name: 'metric_value', type: 'DOUBLE', values: long.map((l) => l.value ?? null) },
  ]);
  const select = `SELECT c.pk, c.mapping, ${sqlString(metricName)} AS metric_name, c.champion_algo, c.champion_metric, map(list(m.algoname ORDER BY m.algoname), list(m.metric_value ORDER BY m.algoname)) AS algo_metrics, ${timestampLiteral(at)} AS audit_timestamp, ${runColumns(run)} FROM champions c JOIN partition_metrics m USING (pk, mapping) GROUP BY c.pk, c.mapping, c.champion_algo, c.champion_metric ORDER BY c.pk, c.mapping`;
  await objects.writeWith(uri, (path) =>
    duck.run(`COPY (${select}) TO ${sqlString(path)} (FORMAT parquet)`),
  );
}
