import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { QueryExecution } from '../../../services/athena/index.js';
import type { RunKey } from './ml-args.js';
import { runPath } from './ml-args.js';

/**
 * The Athena tables the final jobs keep over a run's outputs: JSON SerDe
 * tables over the meta and debug dumps, Parquet tables over the summaries,
 * all partitioned by year, month, day and stepjobid; created if missing and
 * given the run's partition (`ALTER TABLE ... ADD IF NOT EXISTS PARTITION`),
 * through Athena DDL as on AWS.
 */

/** A Hive column. */
export type Column = readonly [name: string, type: string];

/** A table to create over one area of the shared bucket. */
export interface RunTable {
  database: string;
  name: string;
  /** `s3://<shared>/<area>/`. */
  location: string;
  format: 'json' | 'parquet';
  columns: readonly Column[];
}

/** The partition keys of every run table. */
export const RUN_PARTITION_KEYS = ['year', 'month', 'day', 'stepjobid'] as const;

const q = (name: string) => `\`${name.replace(/`/g, '')}\``;
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The columns of the debug dump (the state table as NDJSON). */
export const DEBUG_COLUMNS: readonly Column[] = [
  ['batchjob_id', 'string'],
  ['cur_batchjob_id', 'string'],
  ['rerun_batchjob_id', 'string'],
  ['num_runs', 'bigint'],
  ['awsbatch_job_status_overall', 'string'],
  ['pk_mappingid', 'string'],
  ['pk', 'string'],
  ['mapping_id', 'string'],
  ['job_name', 'string'],
  ['first_run_log_stream', 'string'],
  ['rerun_log_stream', 'string'],
  [
    'algo_execution_status',
    'array<struct<algorithm_name:string,runid:string,algorithm_execution_status:string,reason:string>>',
  ],
  [
    'algo_final_run_s3outputpaths',
    'array<struct<algorithm_name:string,model_s3_output_path:string,pred_or_eval_s3_output_path:string>>',
  ],
  ['step_job_id', 'string'],
  ['version', 'bigint'],
];

/** Meta item attributes whose type is known; others are typed from their value. */
const META_TYPES: Readonly<Record<string, string>> = {
  algo_names: 'array<string>',
  feature_columns: 'array<string>',
  algo_score: 'array<struct<algo_name:string,algo_score:double>>',
  stage_times: 'map<string,struct<start_time:string,end_time:string>>',
  preprocessing_total: 'bigint',
  jobs_submitted: 'bigint',
  jobs_succeeded: 'bigint',
  jobs_failed: 'bigint',
  models_created: 'bigint',
  end_to_end_seconds: 'double',
};

/**
 * The columns of the meta dump: every attribute of the meta item except the
 * partition keys, typed from the list above or from its value (nested
 * values the list does not know are read as JSON text).
 */
export function metaColumns(meta: Readonly<Record<string, unknown>>): Column[] {
  const skip = new Set<string>(RUN_PARTITION_KEYS);
  const names = [...new Set([...Object.keys(META_TYPES), ...Object.keys(meta)])].filter(
    (n) => !skip.has(n.toLowerCase()),
  );
  return names.sort().map((name) => [name, META_TYPES[name] ?? hiveTypeOf(meta[name])]);
}

function hiveTypeOf(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'bigint' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'array<string>';
  return 'string';
}

/** `CREATE EXTERNAL TABLE IF NOT EXISTS` for a run table. */
export function createTableSql(table: RunTable): string {
  const columns = table.columns.map(([n, t]) => `${q(n)} ${t}`).join(', ');
  const keys = RUN_PARTITION_KEYS.map((k) => `${q(k)} string`).join(', ');
  const format =
    table.format === 'json'
      ? "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'"
      : 'STORED AS PARQUET';
  return `CREATE EXTERNAL TABLE IF NOT EXISTS ${q(table.database)}.${q(table.name)} (${columns}) PARTITIONED BY (${keys}) ${format} LOCATION ${lit(table.location)}`;
}

/** `ALTER TABLE ... ADD IF NOT EXISTS PARTITION` for the run's folder under the table. */
export function addRunPartitionSql(table: RunTable, run: RunKey): string {
  const values: Record<string, string> = {
    year: run.year,
    month: run.month,
    day: run.day,
    stepjobid: run.stepJobId,
  };
  const spec = RUN_PARTITION_KEYS.map((k) => `${q(k)} = ${lit(values[k] ?? '')}`).join(', ');
  const location = `${table.location.replace(/\/+$/, '')}/${runPath(run)}/`;
  return `ALTER TABLE ${q(table.database)}.${q(table.name)} ADD IF NOT EXISTS PARTITION (${spec}) LOCATION ${lit(location)}`;
}

/** Creates the databases and tables when missing and registers the run's partition of each. */
export async function ensureRunTables(
  clients: ServiceClients,
  tables: readonly RunTable[],
  run: RunKey,
  outputLocation: string,
): Promise<void> {
  const databases = [...new Set(tables.map((t) => t.database))];
  for (const database of databases) {
    await runStatement(clients, `CREATE DATABASE IF NOT EXISTS ${q(database)}`, outputLocation);
  }
  for (const table of tables) {
    await runStatement(clients, createTableSql(table), outputLocation);
    await runStatement(clients, addRunPartitionSql(table, run), outputLocation);
  }
}

/** Runs one statement and waits for it; a failed statement is an error carrying Athena's reason. */
export async function runStatement(
  clients: ServiceClients,
  sql: string,
  outputLocation: string,
): Promise<QueryExecution> {
  const { athena } = clients;
  const { QueryExecutionId: id } = await athena.startQueryExecution({
    QueryString: sql,
    ResultConfiguration: { OutputLocation: outputLocation },
  });
  let execution: QueryExecution;
  for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
    execution = (await athena.getQueryExecution({ QueryExecutionId: id })).QueryExecution;
    if (execution.Status.State !== 'QUEUED' && execution.Status.State !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  if (execution.Status.State !== 'SUCCEEDED') {
    throw new ModelmillError(
      'AthenaQueryFailed',
      `Athena ${execution.Status.State} query ${id}: ${execution.Status.StateChangeReason ?? 'no reason given'} (${sql})`,
    );
  }
  return execution;
}
