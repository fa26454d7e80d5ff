import { basename } from 'node:path';
import type { Clock } from '../core/index.js';
import { ModelmillError, systemClock } from '../core/index.js';
import { readerSql, resolveSource } from './data-source.js';
import { parseDqdl } from './dqdl-parser.js';
import type { DuckSession } from './duck.js';
import { duckMessage, withDuckSession } from './duck.js';
import {
  evaluateCompleteness,
  evaluateFrequencyRule,
  evaluatePrimaryKey,
  evaluateStatistic,
} from './eval-columns.js';
import type { DataColumn, EvalContext } from './eval-context.js';
import { failure } from './eval-context.js';
import {
  evaluateColumnCount,
  evaluateColumnExists,
  evaluateColumnNames,
  evaluateCustomSql,
  evaluateRowCount,
} from './eval-dataset.js';
import { evaluateColumnLength, evaluateColumnValues } from './eval-values.js';
import { formatRule } from './format.js';
import type {
  DataFormat,
  DqCompositeRule,
  DqEvaluation,
  DqLeafRule,
  DqObjectStore,
  DqRule,
  DqRuleResult,
  DqRuleset,
} from './types.js';

/**
 * Evaluating a ruleset over a data source: the data becomes a DuckDB view
 * named `primary` (the name CustomSql queries use), each rule compiles to SQL
 * over it, and composite rules combine their parts' outcomes. One DuckDB
 * instance per evaluation, closed afterwards.
 */

/** Options of evaluateRules. */
export interface EvaluateOptions {
  /** Resolves `s3://` data to local files (the S3 service, `mm.services.s3`). Needed for s3:// data only. */
  objects?: Pick<DqObjectStore, 'localPath'>;
  /** The data's format. Default: from the file extensions. */
  format?: DataFormat;
  /** The source's name for dqresults. Default: the data path's last segment without extension. */
  source?: string;
  /** For now() in date expressions. Default: the system clock. */
  clock?: Clock;
}

type Evaluator = (ctx: EvalContext, rule: DqLeafRule) => DqRuleResult | Promise<DqRuleResult>;

const EVALUATORS: Record<string, Evaluator> = {
  RowCount: evaluateRowCount,
  ColumnCount: evaluateColumnCount,
  ColumnExists: evaluateColumnExists,
  ColumnNamesMatchPattern: evaluateColumnNames,
  CustomSql: evaluateCustomSql,
  Completeness: evaluateCompleteness,
  IsComplete: evaluateCompleteness,
  Uniqueness: evaluateFrequencyRule,
  IsUnique: evaluateFrequencyRule,
  DistinctValuesCount: evaluateFrequencyRule,
  UniqueValueRatio: evaluateFrequencyRule,
  Entropy: evaluateFrequencyRule,
  IsPrimaryKey: evaluatePrimaryKey,
  Mean: evaluateStatistic,
  Sum: evaluateStatistic,
  StandardDeviation: evaluateStatistic,
  ColumnCorrelation: evaluateStatistic,
  ColumnValues: evaluateColumnValues,
  ColumnLength: evaluateColumnLength,
};

/**
 * Evaluates rules (DQDL text, a parsed ruleset or rules) over `data`: an
 * `s3://bucket/prefix` or a local file or folder of Parquet, CSV or JSON lines.
 */
export async function evaluateRules(
  rules: string | DqRuleset | DqRule[],
  data: string,
  options: EvaluateOptions = {},
): Promise<DqEvaluation> {
  const list =
    typeof rules === 'string' ? parseDqdl(rules).rules : Array.isArray(rules) ? rules : rules.rules;
  const source = resolveSource(data, { objects: options.objects, format: options.format });
  const now = (options.clock ?? systemClock).now();
  return withDuckSession(async (session) => {
    const ctx = await openContext(session, readerSql(source), data, source.format, now);
    const results: DqRuleResult[] = [];
    for (const rule of list) results.push(await evaluateRule(ctx, rule));
    const failed = results.filter((r) => r.outcome === 'Failed').length;
    return {
      source: options.source ?? defaultSourceName(data),
      data,
      rowCount: ctx.rowCount,
      columns: ctx.columns.map((c) => c.name),
      results,
      overallStatus: failed > 0 ? 'Failed' : 'Passed',
      passed: results.length - failed,
      failed,
    };
  });
}

/** Evaluates one rule (leaf or composite) in an open context. */
export async function evaluateRule(ctx: EvalContext, rule: DqRule): Promise<DqRuleResult> {
  if (rule.kind === 'composite') return evaluateComposite(ctx, rule);
  const evaluator = EVALUATORS[rule.type];
  if (!evaluator) return failure(rule, `Rule type ${rule.type} is not evaluated by modelmill`);
  return evaluator(ctx, rule);
}

/** and: every part passes; or: at least one. Metrics of all parts; reasons of the failed parts. */
async function evaluateComposite(ctx: EvalContext, rule: DqCompositeRule): Promise<DqRuleResult> {
  const parts: DqRuleResult[] = [];
  for (const part of rule.rules) parts.push(await evaluateRule(ctx, part));
  const passed =
    rule.operator === 'and'
      ? parts.every((p) => p.outcome === 'Passed')
      : parts.some((p) => p.outcome === 'Passed');
  const evaluatedMetrics: Record<string, number> = {};
  for (const part of parts) Object.assign(evaluatedMetrics, part.evaluatedMetrics);
  const reasons = parts.flatMap((p) => (p.failureReason === undefined ? [] : [p.failureReason]));
  return {
    rule: formatRule(rule),
    outcome: passed ? 'Passed' : 'Failed',
    ...(passed ? {} : { failureReason: reasons.join('\n') }),
    evaluatedMetrics,
    actualValue: null,
  };
}

async function openContext(
  session: DuckSession,
  reader: string,
  data: string,
  format: string,
  now: number,
): Promise<EvalContext> {
  try {
    // Parquet is read column by column at each rule's query; text formats are
    // parsed once into a table instead of once per rule (10x faster at 1M rows).
    const kind = format === 'parquet' ? 'VIEW' : 'TABLE';
    await session.run(`CREATE ${kind} "primary" AS SELECT * FROM ${reader}`);
    const described = await session.rows('DESCRIBE "primary"');
    const columns: DataColumn[] = described.map((row) => ({
      name: String(row.column_name),
      type: String(row.column_type),
    }));
    const counted = await session.rows('SELECT count(*) AS n FROM "primary"');
    return { session, columns, rowCount: Number(counted[0]?.n ?? 0), now };
  } catch (err) {
    throw new ModelmillError(
      'InvalidInputException',
      `cannot read the data at ${data} as ${format}: ${duckMessage(err)}`,
      {
        cause: err,
      },
    );
  }
}

/** `s3://b/usecase/defects/` → `defects`; `/data/defects.parquet` → `defects`. */
function defaultSourceName(data: string): string {
  const last = basename(data.replace(/\/+$/, ''));
  return last.replace(/\.(snappy\.parquet|parquet|csv|json|jsonl|ndjson)(\.gz)?$/i, '') || data;
}
