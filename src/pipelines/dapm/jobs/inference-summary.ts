import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { RunKey } from './ml-args.js';
import { exitCodeOf, requireArgs, runKeyOf } from './ml-args.js';
import type { Column, RunTable } from './ml-athena-tables.js';
import { DEBUG_COLUMNS, ensureRunTables, metaColumns } from './ml-athena-tables.js';
import { openDuck, sqlString } from './ml-duck.js';
import type { DapmEvent, Row } from './ml-final-job.js';
import {
  eventBase,
  putEventsOrFail,
  readRunMeta,
  runArea,
  runStateItems,
  succeededOutputs,
  updateRunMeta,
} from './ml-final-job.js';
import type { JobObjects } from './ml-objects.js';
import { jobObjects } from './ml-objects.js';
import { jobClients } from './ml-run-config.js';
import { loadRunFiles } from './ml-run-files.js';

/**
 * `dapm-inference-summary`, inference's final Glue job: per algorithm and
 * partition, the rows scored and the mean, smallest and largest prediction
 * (text predictions count only), written as the run's inference summary;
 * the meta item dumped; the data-quality event on the inferencing bus; and
 * the Athena tables `meta_inference`, `debug_inference` and `inference`
 * over the folders that hold those files.
 */

const PROGRAM = 'dapm-inference-summary';

const REQUIRED = [
  's3_bucket_name_shared',
  'inference_metatable_name',
  'inference_statetable_name',
  'inferencing_event_bus_name',
  'use_case_name',
] as const;

/** Columns of the inference summary Parquet (and its table, less the partition keys). */
export const INFERENCE_SUMMARY_COLUMNS: readonly Column[] = [
  ['algoname', 'string'],
  ['pk', 'string'],
  ['mapping', 'string'],
  ['rows_scored', 'bigint'],
  ['mean_prediction', 'double'],
  ['min_prediction', 'double'],
  ['max_prediction', 'double'],
  ['audit_timestamp', 'timestamp'],
];

interface SummaryJob {
  args: Record<(typeof REQUIRED)[number], string>;
  raw: Readonly<Record<string, string>>;
  run: RunKey;
  clients: ServiceClients;
  objects: JobObjects;
  area: (name: string) => string;
}

/** The inference summary program. */
export function dapmInferenceSummary(ctx: ProgramContext): Promise<number> {
  return exitCodeOf(PROGRAM, ctx.logger, () => summarise(ctx));
}

async function summarise(ctx: ProgramContext): Promise<number> {
  const started = new Date();
  const args = requireArgs(PROGRAM, ctx.args, REQUIRED);
  const run = runKeyOf(ctx.args, PROGRAM);
  const clients = jobClients(ctx.env);
  const job: SummaryJob = {
    args,
    raw: ctx.args,
    run,
    clients,
    objects: jobObjects(clients, ctx.cwd),
    area: (name) => runArea(args.s3_bucket_name_shared, name, run),
  };
  const current = await readRunMeta(clients, args.inference_metatable_name, run.stepJobId);
  const totals = await writeSummary(job, started);
  await updateRunMeta(
    clients,
    args.inference_metatable_name,
    current,
    {
      inference_summary_path: `${job.area('inference_summary')}part-0.parquet`,
      rows_scored: totals.rows,
      partitions_scored: totals.partitions,
    },
    {
      name: 'inference_summary',
      start_time: started.toISOString(),
      end_time: new Date().toISOString(),
    },
  );
  const meta = await readRunMeta(clients, args.inference_metatable_name, run.stepJobId);
  await job.objects.writeBytes(
    `${job.area('meta')}meta_ddb_table.json`,
    `${JSON.stringify(meta)}\n`,
  );
  await putEventsOrFail(clients, [summaryEvent(job)]);
  await ensureRunTables(
    clients,
    summaryTables(job, meta),
    run,
    `s3://${args.s3_bucket_name_shared}/athena-query-results/`,
  );
  ctx.logger.info(
    `${run.stepJobId}: ${totals.rows} rows scored over ${totals.partitions} partitions`,
  );
  return 0;
}

async function writeSummary(
  job: SummaryJob,
  at: Date,
): Promise<{ rows: number; partitions: number }> {
  const { clients, objects, args, run } = job;
  const items = await runStateItems(clients, args.inference_statetable_name, run.stepJobId);
  const outputs = succeededOutputs(items);
  if (outputs.length === 0) {
    throw new ModelmillError(
      'NoData',
      `no partition of run ${run.stepJobId} succeeded (${items.length} state items in ${args.inference_statetable_name}); there are no predictions to summarise`,
    );
  }
  const duck = await openDuck();
  try {
    await loadRunFiles(
      duck,
      objects,
      outputs,
      job.area('inferenceout'),
      'prediction.parquet',
      'predictions',
    );
    const stamp = sqlString(at.toISOString().replace('T', ' ').replace('Z', ''));
    const value = 'TRY_CAST(predicted AS DOUBLE)';
    const select = `SELECT __algoname AS algoname, __pk AS pk, __mapping AS mapping, count(*) AS rows_scored, avg(${value}) AS mean_prediction, min(${value}) AS min_prediction, max(${value}) AS max_prediction, TIMESTAMP ${stamp} AS audit_timestamp, ${sqlString(run.year)} AS year, ${sqlString(run.month)} AS month, ${sqlString(run.day)} AS day, ${sqlString(run.stepJobId)} AS stepjobid FROM predictions GROUP BY ALL ORDER BY algoname, pk, mapping`;
    await objects.writeWith(`${job.area('inference_summary')}part-0.parquet`, (path) =>
      duck.run(`COPY (${select}) TO ${sqlString(path)} (FORMAT parquet)`),
    );
    const [totals] = await duck.rows(
      'SELECT count(*) AS rows, count(DISTINCT (__pk, __mapping)) AS partitions FROM predictions',
    );
    return { rows: Number(totals?.rows ?? 0), partitions: Number(totals?.partitions ?? 0) };
  } finally {
    duck.close();
  }
}

/** The data-quality event on the inferencing bus. */
function summaryEvent(job: SummaryJob): DapmEvent {
  return {
    Source: `${job.args.use_case_name}.dataquality`,
    DetailType: 'data_quality_event',
    EventBusName: job.args.inferencing_event_bus_name,
    Detail: {
      ...eventBase(job.run, job.raw),
      '--dq_athena_db': job.raw.dq_athena_db ?? '',
      '--dq_table': job.raw.dq_table ?? '',
      '--source': 'scoring_data',
      '--s3_inference_prefix': job.area('inferenceout'),
      '--s3_inference_summary_path': job.area('inference_summary'),
    },
  };
}

function summaryTables(job: SummaryJob, meta: Row): RunTable[] {
  const database =
    textOf(job.raw.inference_athenadb_name) ?? textOf(job.raw.athenadb_name) ?? 'default';
  const at = (area: string) => `s3://${job.args.s3_bucket_name_shared}/${area}/`;
  const name = (key: string, fallback: string) => textOf(job.raw[key]) ?? fallback;
  return [
    {
      database,
      name: name('inference_athenadb_metadata_table_name', 'meta_inference'),
      location: at('meta'),
      format: 'json',
      columns: metaColumns(meta),
    },
    {
      database,
      name: name('inference_athenadb_debug_table_name', 'debug_inference'),
      location: at('debug'),
      format: 'json',
      columns: DEBUG_COLUMNS,
    },
    {
      database,
      name: name('inference_athenadb_inference_table_name', 'inference'),
      location: at('inference_summary'),
      format: 'parquet',
      columns: INFERENCE_SUMMARY_COLUMNS,
    },
  ];
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
