import type { TableInput } from '../services/athena/index.js';
import type { DqEvaluation, DqOutcome } from './types.js';

/**
 * The estate's data-quality table `<dq_athena_db>.dqresults`: one row per
 * rule and one `dq_overall_status` row per source, Parquet partitioned by
 * `year=YYYY/month=MM/day=DD`.
 *
 * Column types (Hive names, as the Glue table declares them):
 * - `corelation_id` string — the run that wrote the rows (all rows of one write share it)
 * - `source` string — the data source's name
 * - `actual_value` double — the value the rule was judged on (its first
 *   metric); on the overall row, the share of rules that passed; NULL when none
 * - `rule` string — the rule's canonical DQDL, or `dq_overall_status`
 * - `outcome` string — `Passed` or `Failed`
 * - `failurereason` string — AWS's reason; NULL when the rule passed; on the
 *   overall row, how many rules failed
 * - `evaluatedmetrics` string — the metric map as a JSON object text
 *   (`{"Column.x.Completeness":0.98}`), readable with `json_extract`
 * - `passcnt`, `failcnt` bigint — rules passed / failed: 1/0 or 0/1 on a rule
 *   row, the source's totals on the overall row (so per-rule rows sum to it)
 * - `audittimestamp` timestamp — when the rules were evaluated (UTC)
 */

/** The `rule` value of the per-source overall row. */
export const OVERALL_STATUS_RULE = 'dq_overall_status';

/** One row of dqresults (partition values come from the folder names). */
export interface DqResultRow {
  corelation_id: string;
  source: string;
  actual_value: number | null;
  rule: string;
  outcome: DqOutcome;
  failurereason: string | null;
  evaluatedmetrics: string;
  passcnt: number;
  failcnt: number;
  audittimestamp: Date;
}

/** Columns of dqresults with their Hive types, in order. */
export const DQ_RESULTS_COLUMNS: readonly { Name: keyof DqResultRow; Type: string }[] = [
  { Name: 'corelation_id', Type: 'string' },
  { Name: 'source', Type: 'string' },
  { Name: 'actual_value', Type: 'double' },
  { Name: 'rule', Type: 'string' },
  { Name: 'outcome', Type: 'string' },
  { Name: 'failurereason', Type: 'string' },
  { Name: 'evaluatedmetrics', Type: 'string' },
  { Name: 'passcnt', Type: 'bigint' },
  { Name: 'failcnt', Type: 'bigint' },
  { Name: 'audittimestamp', Type: 'timestamp' },
];

/** Partition keys of dqresults (strings, zero-padded month and day). */
export const DQ_RESULTS_PARTITION_KEYS = ['year', 'month', 'day'] as const;

/** The rows one write stores for these evaluations. */
export function toDqResultRows(
  evaluations: readonly Pick<DqEvaluation, 'source' | 'results'>[],
  options: { correlationId: string; auditTimestamp: Date },
): DqResultRow[] {
  const rows: DqResultRow[] = [];
  const common = { corelation_id: options.correlationId, audittimestamp: options.auditTimestamp };
  for (const evaluation of evaluations) {
    let failed = 0;
    for (const result of evaluation.results) {
      const ok = result.outcome === 'Passed';
      if (!ok) failed += 1;
      rows.push({
        ...common,
        source: evaluation.source,
        actual_value: result.actualValue,
        rule: result.rule,
        outcome: result.outcome,
        failurereason: result.failureReason ?? null,
        evaluatedmetrics: JSON.stringify(result.evaluatedMetrics),
        passcnt: ok ? 1 : 0,
        failcnt: ok ? 0 : 1,
      });
    }
    const total = evaluation.results.length;
    rows.push({
      ...common,
      source: evaluation.source,
      actual_value: total === 0 ? null : (total - failed) / total,
      rule: OVERALL_STATUS_RULE,
      outcome: failed > 0 ? 'Failed' : 'Passed',
      failurereason: failed > 0 ? `${failed} of ${total} rules failed` : null,
      evaluatedmetrics: '{}',
      passcnt: total - failed,
      failcnt: failed,
    });
  }
  return rows;
}

/** The Glue table definition of dqresults over `location` (for Athena's registerTable). */
export function dqResultsTableInput(location: string, name = 'dqresults'): TableInput {
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
    PartitionKeys: DQ_RESULTS_PARTITION_KEYS.map((key) => ({ Name: key, Type: 'string' })),
    StorageDescriptor: {
      Columns: DQ_RESULTS_COLUMNS.map((c) => ({ Name: c.Name, Type: c.Type })),
      Location: location.endsWith('/') ? location : `${location}/`,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      },
    },
  };
}
