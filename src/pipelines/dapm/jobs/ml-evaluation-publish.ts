import type { RunKey } from './ml-args.js';
import type { RunTable } from './ml-athena-tables.js';
import { DEBUG_COLUMNS, metaColumns } from './ml-athena-tables.js';
import { CHAMPION_COLUMNS, EVAL_SUMMARY_COLUMNS } from './ml-evaluation-io.js';
import type { DapmEvent, Row } from './ml-final-job.js';
import { eventBase } from './ml-final-job.js';

/**
 * What evaluation publishes once it has a winner: the events for the
 * estate's monitoring (model quality, data quality, feature store) and the
 * Athena tables over the run's files.
 */

/** The parts of an evaluation job that publishing reads. */
export interface PublishContext {
  args: Readonly<
    Record<
      | 's3_bucket_name_shared'
      | 'model_package_group_name'
      | 'training_event_bus_name'
      | 'use_case_name'
      | 'athenadb_name',
      string
    >
  >;
  /** Every argument of the job. */
  raw: Readonly<Record<string, string>>;
  run: RunKey;
  /** `s3://<shared>/<area>/<run>/`. */
  area: (name: string) => string;
}

/** The result being published. */
export interface PublishedResult {
  metric: { name: string };
  winner: { name: string; value: number };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The three events evaluation puts on the training bus (Detail keys start with `--`). */
export function evaluationEvents(
  job: PublishContext,
  meta: Row,
  scored: PublishedResult,
  packageArn: string,
): DapmEvent[] {
  const { args, raw, run } = job;
  const base = eventBase(run, raw);
  const source = (kind: string) => `${args.use_case_name}.${kind}`;
  const bus = args.training_event_bus_name;
  return [
    {
      Source: source('modelquality'),
      DetailType: 'model_monitoring_event',
      EventBusName: bus,
      Detail: {
        ...base,
        '--metric_name': scored.metric.name,
        '--winning_algo': scored.winner.name,
        '--winning_algo_metric': String(scored.winner.value),
        '--model_package_arn': packageArn,
        '--model_package_group_name': args.model_package_group_name,
        '--athenadb_name': args.athenadb_name,
        '--athenadb_evaluation_summary_table_name':
          raw.athenadb_evaluation_summary_table_name ?? 'model_eval_summary',
        '--s3_evaluation_summary_path': job.area('model_eval_summary'),
        '--s3_training_prefix': job.area('training'),
      },
    },
    {
      Source: source('dataquality'),
      DetailType: 'data_quality_event',
      EventBusName: bus,
      Detail: {
        ...base,
        '--dq_athena_db': raw.dq_athena_db ?? '',
        '--dq_table': raw.dq_table ?? '',
        '--source': 'training_data',
      },
    },
    {
      Source: source('feature_store'),
      DetailType: 'feature_store_event',
      EventBusName: bus,
      Detail: {
        ...base,
        '--s3_bucket_name_shared': args.s3_bucket_name_shared,
        '--s3_preprocessing_prefix': job.area('preprocessing'),
        '--pk_column': textOf(meta.pk_column) ?? '',
        '--mapping_column': textOf(meta.mapping_column) ?? '',
      },
    },
  ];
}

/** The training run's Athena tables: meta and debug dumps (JSON), summary and champions (Parquet). */
export function evaluationTables(job: PublishContext, meta: Row): RunTable[] {
  const database = job.args.athenadb_name;
  const at = (area: string) => `s3://${job.args.s3_bucket_name_shared}/${area}/`;
  const name = (key: string, fallback: string) => textOf(job.raw[key]) ?? fallback;
  return [
    {
      database,
      name: name('athenadb_metadata_table_name', 'metatable'),
      location: at('meta'),
      format: 'json',
      columns: metaColumns(meta),
    },
    {
      database,
      name: name('athenadb_debug_table_name', 'debug'),
      location: at('debug'),
      format: 'json',
      columns: DEBUG_COLUMNS,
    },
    {
      database,
      name: name('athenadb_evaluation_summary_table_name', 'model_eval_summary'),
      location: at('model_eval_summary'),
      format: 'parquet',
      columns: EVAL_SUMMARY_COLUMNS,
    },
    {
      database,
      name: 'partition_champions',
      location: at('partition_champions'),
      format: 'parquet',
      columns: CHAMPION_COLUMNS,
    },
  ];
}

/** Where the jobs' Athena statements write their results. */
export function athenaOutput(job: PublishContext): string {
  return `s3://${job.args.s3_bucket_name_shared}/athena-query-results/`;
}
