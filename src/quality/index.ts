/**
 * quality: the data-quality gate. Rules written in AWS Glue's Data Quality
 * Definition Language (DQDL) are parsed (`parseDqdl`), evaluated over a data
 * source — Parquet, CSV or JSON lines, a file or a Hive-partitioned folder,
 * local or `s3://` — on DuckDB, where the data is the view `primary`
 * (`evaluateRules`), and written to the estate's `dqresults` table as Parquet
 * under `year=/month=/day=` (`writeDqResults`). The gatekeeper reads each
 * source's latest `dq_overall_status` back with `latestOverallStatus`.
 * Outcomes, failure reasons and metric names follow AWS Glue's.
 */
export * from './types.js';
export { parseDqdl } from './dqdl-parser.js';
export { formatRule, formatCondition, javaDouble } from './format.js';
export { RULE_TYPES, UNSUPPORTED_RULE_TYPES } from './rule-types.js';
export type { RuleTypeSpec } from './rule-types.js';
export { evaluateRules } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export {
  OVERALL_STATUS_RULE,
  DQ_RESULTS_COLUMNS,
  DQ_RESULTS_PARTITION_KEYS,
  toDqResultRows,
  dqResultsTableInput,
} from './results-rows.js';
export type { DqResultRow } from './results-rows.js';
export { writeDqResults, readDqResults, latestOverallStatus } from './results-io.js';
export type { WriteDqResultsOptions, WrittenDqResults, StoredDqResultRow } from './results-io.js';
export { DEFECTS_DQDL } from './samples/defects.js';
