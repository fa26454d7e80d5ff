import { satisfies } from './conditions.js';
import type { EvalContext } from './eval-context.js';
import {
  col,
  emptyState,
  failure,
  findColumn,
  isNumeric,
  missingColumn,
  oneRow,
  tableOf,
  toNumber,
  verdict,
} from './eval-context.js';
import { constraintFailure } from './format.js';
import type { DqLeafRule, DqRuleResult } from './types.js';

/**
 * Rules over one column's values as a whole: completeness, uniqueness and
 * frequencies (Deequ's definitions, which AWS Glue uses: uniqueness is the
 * share of non-null values that occur exactly once; entropy uses natural
 * logarithms), and numeric statistics (mean, sum, population standard
 * deviation, correlation), NULLs ignored.
 */

/** Frequency statistics over the non-null values (or value tuples) of `columns`. */
interface Frequencies {
  /** Rows with at least one non-null value among the columns. */
  total: number;
  /** Distinct values. */
  groups: number;
  /** Values occurring exactly once. */
  singles: number;
  entropy: number | null;
}

async function frequencies(
  ctx: EvalContext,
  rule: DqLeafRule,
  columns: string[],
): Promise<Frequencies | { error: string }> {
  const keys = columns.map(col).join(', ');
  const anyNonNull = columns.map((c) => `${col(c)} IS NOT NULL`).join(' OR ');
  const sql = `WITH f AS (SELECT CAST(count(*) AS DOUBLE) AS n FROM ${tableOf(rule)} WHERE ${anyNonNull} GROUP BY ${keys}),
    t AS (SELECT sum(n) AS total FROM f)
    SELECT coalesce(t.total, 0) AS total, (SELECT count(*) FROM f) AS groups,
      (SELECT count(*) FROM f WHERE n = 1) AS singles,
      (SELECT -sum((n / t.total) * ln(n / t.total)) FROM f) AS entropy
    FROM t`;
  const answer = await oneRow(ctx, sql);
  if ('error' in answer) return answer;
  const { row } = answer;
  return {
    total: toNumber(row.total) ?? 0,
    groups: toNumber(row.groups) ?? 0,
    singles: toNumber(row.singles) ?? 0,
    entropy: toNumber(row.entropy),
  };
}

/** The share of rows where the column is not NULL; null when there are no rows. */
async function completeness(
  ctx: EvalContext,
  rule: DqLeafRule,
  column: string,
): Promise<number | null | { error: string }> {
  const answer = await oneRow(
    ctx,
    `SELECT CAST(count(${col(column)}) AS DOUBLE) / nullif(count(*), 0) AS v FROM ${tableOf(rule)}`,
  );
  return 'error' in answer ? answer : toNumber(answer.row.v);
}

/** Completeness / IsComplete. */
export async function evaluateCompleteness(
  ctx: EvalContext,
  rule: DqLeafRule,
): Promise<DqRuleResult> {
  const column = rule.parameters[0] ?? '';
  if (!findColumn(ctx, column)) return failure(rule, missingColumn(column));
  const name = `Column.${column}.Completeness`;
  const value = await completeness(ctx, rule, column);
  if (value !== null && typeof value === 'object') return failure(rule, value.error);
  if (value === null) return failure(rule, emptyState(name));
  const passed = rule.condition ? satisfies(rule.condition, value) : value === 1;
  return verdict(rule, passed, { [name]: value });
}

/** Uniqueness, IsUnique, DistinctValuesCount, UniqueValueRatio, Entropy. */
export async function evaluateFrequencyRule(
  ctx: EvalContext,
  rule: DqLeafRule,
): Promise<DqRuleResult> {
  const column = rule.parameters[0] ?? '';
  if (!findColumn(ctx, column)) return failure(rule, missingColumn(column));
  const stats = await frequencies(ctx, rule, [column]);
  if ('error' in stats) return failure(rule, stats.error);
  const metric = rule.type === 'IsUnique' ? 'Uniqueness' : rule.type;
  const name = `Column.${column}.${metric}`;
  const value = frequencyValue(metric, stats);
  if (value === null) return failure(rule, emptyState(name));
  const passed = rule.condition ? satisfies(rule.condition, value) : value === 1;
  return verdict(rule, passed, { [name]: value });
}

function frequencyValue(metric: string, stats: Frequencies): number | null {
  switch (metric) {
    case 'DistinctValuesCount':
      return stats.groups;
    case 'UniqueValueRatio':
      return stats.groups === 0 ? null : stats.singles / stats.groups;
    case 'Entropy':
      return stats.total === 0 ? null : Math.max(0, stats.entropy ?? 0);
    default:
      return stats.total === 0 ? null : stats.singles / stats.total;
  }
}

/** IsPrimaryKey: every column complete and the value tuples unique. */
export async function evaluatePrimaryKey(
  ctx: EvalContext,
  rule: DqLeafRule,
): Promise<DqRuleResult> {
  const missing = rule.parameters.find((c) => !findColumn(ctx, c));
  if (missing !== undefined) return failure(rule, missingColumn(missing));
  const stats = await frequencies(ctx, rule, rule.parameters);
  if ('error' in stats) return failure(rule, stats.error);
  const uniquenessName =
    rule.parameters.length === 1
      ? `Column.${rule.parameters[0]}.Uniqueness`
      : `Multicolumn.${rule.parameters.join(',')}.Uniqueness`;
  if (stats.total === 0) return failure(rule, emptyState(uniquenessName));
  const uniqueness = stats.singles / stats.total;
  const metrics: Record<string, number> = { [uniquenessName]: uniqueness };
  let reason = uniqueness === 1 ? undefined : constraintFailure(uniqueness);
  for (const column of rule.parameters) {
    const value = await completeness(ctx, rule, column);
    if (value !== null && typeof value === 'object') return failure(rule, value.error, metrics);
    metrics[`Column.${column}.Completeness`] = value ?? 0;
    if (value !== 1) reason ??= constraintFailure(value);
  }
  return verdict(rule, reason === undefined, metrics, {
    ...(reason ? { reason } : {}),
    actual: uniqueness,
  });
}

const STATISTICS: Record<string, (c: string) => string> = {
  Mean: (c) => `avg(${c})`,
  Sum: (c) => `sum(${c})`,
  StandardDeviation: (c) => `stddev_pop(${c})`,
};

/** Mean, Sum, StandardDeviation, ColumnCorrelation: numeric columns, NULLs ignored. */
export async function evaluateStatistic(ctx: EvalContext, rule: DqLeafRule): Promise<DqRuleResult> {
  for (const name of rule.parameters) {
    const column = findColumn(ctx, name);
    if (!column) return failure(rule, missingColumn(name));
    if (!isNumeric(column)) {
      return failure(
        rule,
        `Column ${name} has type ${column.type}; ${rule.type} needs a numeric column`,
      );
    }
  }
  const [a = '', b = ''] = rule.parameters;
  const expression =
    rule.type === 'ColumnCorrelation'
      ? `corr(${col(a)}, ${col(b)})`
      : (STATISTICS[rule.type] ?? (() => 'NULL'))(col(a));
  const name =
    rule.type === 'ColumnCorrelation'
      ? `Multicolumn.${a},${b}.ColumnCorrelation`
      : `Column.${a}.${rule.type}`;
  const answer = await oneRow(
    ctx,
    `SELECT CAST(${expression} AS DOUBLE) AS v FROM ${tableOf(rule)}`,
  );
  if ('error' in answer) return failure(rule, answer.error);
  const value = toNumber(answer.row.v);
  if (value === null) return failure(rule, emptyState(name));
  const passed = rule.condition !== undefined && satisfies(rule.condition, value);
  return verdict(rule, passed, { [name]: value });
}
