import type { DuckSession } from './duck.js';
import { duckMessage, quoteIdent } from './duck.js';
import { constraintFailure, formatRule } from './format.js';
import type { DqLeafRule, DqRuleResult } from './types.js';

/**
 * What every rule evaluator shares: the DuckDB session holding the view
 * `primary`, the data's columns and row count, the evaluation time, and the
 * helpers that turn a verdict into a DqRuleResult.
 */

/** A column of the data. */
export interface DataColumn {
  name: string;
  /** DuckDB type name (`BIGINT`, `VARCHAR`, `DECIMAL(10,2)`, ...). */
  type: string;
}

/** The state of one evaluation. */
export interface EvalContext {
  session: DuckSession;
  columns: DataColumn[];
  rowCount: number;
  /** Evaluation time (epoch ms), for now() in date expressions. */
  now: number;
}

/** A rule's result. */
export function verdict(
  rule: DqLeafRule,
  passed: boolean,
  metrics: Record<string, number>,
  options: { reason?: string; actual?: number | null } = {},
): DqRuleResult {
  const first = Object.values(metrics)[0];
  const actual = options.actual !== undefined ? options.actual : (first ?? null);
  return {
    rule: formatRule(rule),
    outcome: passed ? 'Passed' : 'Failed',
    ...(passed ? {} : { failureReason: options.reason ?? constraintFailure(actual) }),
    evaluatedMetrics: metrics,
    actualValue: actual,
  };
}

/** A failed result with a reason and no metrics. */
export function failure(
  rule: DqLeafRule,
  reason: string,
  metrics: Record<string, number> = {},
): DqRuleResult {
  return verdict(rule, false, metrics, { reason, actual: null });
}

/** The rows the rule looks at: `primary`, filtered by the rule's `where`. */
export function tableOf(rule: DqLeafRule): string {
  return rule.where === undefined
    ? '"primary"'
    : `(SELECT * FROM "primary" WHERE (${adaptSql(rule.where)}))`;
}

/** The data's column with this name (exact first, then ignoring case, as DuckDB resolves names). */
export function findColumn(ctx: EvalContext, name: string): DataColumn | undefined {
  return (
    ctx.columns.find((c) => c.name === name) ??
    ctx.columns.find((c) => c.name.toLowerCase() === name.toLowerCase())
  );
}

/** The failure reason AWS gives for a column the data lacks. */
export function missingColumn(name: string): string {
  return `Input data does not include column ${name}!`;
}

/** The failure reason for a metric with no value (no rows, or only NULLs). */
export function emptyState(metric: string): string {
  return `Empty state for ${metric}: there are no rows, or every input value is NULL.`;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;

/** True for DuckDB's numeric types. */
export function isNumeric(column: DataColumn): boolean {
  return NUMERIC.test(column.type);
}

/** The quoted identifier of a column. */
export const col = quoteIdent;

/** Runs a one-row query; a DuckDB error becomes `{ error }`. */
export async function oneRow(
  ctx: EvalContext,
  sql: string,
): Promise<{ row: Record<string, unknown> } | { error: string }> {
  try {
    const rows = await ctx.session.rows(sql);
    return { row: rows[0] ?? {} };
  } catch (err) {
    return { error: duckMessage(err) };
  }
}

/** A query value as a number; null for NULL or NaN. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
  return Number.isNaN(n) ? null : n;
}

/**
 * SQL written for AWS Glue (Spark SQL) made fit for DuckDB: the data is named
 * `primary`, a reserved word in DuckDB, so the bare word is quoted; and
 * Spark's backquoted identifiers become double-quoted ones. String literals
 * and quoted identifiers are left as they are.
 */
export function adaptSql(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\bprimary\b/gi, (match) => {
    if (/^primary$/i.test(match)) return '"primary"';
    if (match.startsWith('`')) return `"${match.slice(1, -1).replace(/"/g, '""')}"`;
    return match;
  });
}
