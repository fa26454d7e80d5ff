import { satisfies, valuePredicate } from './conditions.js';
import type { EvalContext } from './eval-context.js';
import {
  col,
  emptyState,
  failure,
  findColumn,
  missingColumn,
  oneRow,
  tableOf,
  toNumber,
  verdict,
} from './eval-context.js';
import { constraintFailure } from './format.js';
import type { DqCondition, DqLeafRule, DqRuleResult } from './types.js';

/**
 * Row-level rules: each row's value (ColumnValues) or length (ColumnLength)
 * is checked against the expression; the metric is the share of rows that
 * pass (`Column.x.ColumnValues.Compliance`). Without `with threshold` every
 * row must pass; with it, the share must satisfy the threshold.
 */

/** ColumnValues "x" <expression> [with threshold <expression>]. */
export async function evaluateColumnValues(
  ctx: EvalContext,
  rule: DqLeafRule,
): Promise<DqRuleResult> {
  const column = rule.parameters[0] ?? '';
  if (!findColumn(ctx, column)) return failure(rule, missingColumn(column));
  const condition = rule.condition as DqCondition;
  const pass = valuePredicate(col(column), condition, ctx.now);
  const answer = await oneRow(
    ctx,
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${pass}) AS passed,
       count(*) FILTER (WHERE NOT ${pass} AND ${col(column)} IS NULL) AS null_failed
     FROM ${tableOf(rule)}`,
  );
  if ('error' in answer) return failure(rule, answer.error);
  const total = toNumber(answer.row.total) ?? 0;
  const passed = toNumber(answer.row.passed) ?? 0;
  const nullFailed = toNumber(answer.row.null_failed) ?? 0;
  const name = `Column.${column}.ColumnValues.Compliance`;
  if (total === 0) return failure(rule, emptyState(name));
  const compliance = passed / total;
  const ok = rule.threshold ? satisfies(rule.threshold, compliance) : passed === total;
  const onlyNulls = !rule.threshold && nullFailed > 0 && nullFailed === total - passed;
  return verdict(
    rule,
    ok,
    { [name]: compliance },
    { reason: constraintFailure(onlyNulls ? null : compliance) },
  );
}

/** ColumnLength "x" <expression>: NULL counts as length 0, as in AWS Glue. */
export async function evaluateColumnLength(
  ctx: EvalContext,
  rule: DqLeafRule,
): Promise<DqRuleResult> {
  const column = rule.parameters[0] ?? '';
  if (!findColumn(ctx, column)) return failure(rule, missingColumn(column));
  const condition = rule.condition as DqCondition;
  const length = `length(coalesce(CAST(${col(column)} AS VARCHAR), ''))`;
  const pass = valuePredicate(length, condition, ctx.now);
  const answer = await oneRow(
    ctx,
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${pass}) AS passed, min(${length}) AS min_length, max(${length}) AS max_length
     FROM ${tableOf(rule)}`,
  );
  if ('error' in answer) return failure(rule, answer.error);
  const total = toNumber(answer.row.total) ?? 0;
  const passed = toNumber(answer.row.passed) ?? 0;
  const min = toNumber(answer.row.min_length);
  const max = toNumber(answer.row.max_length);
  if (total === 0 || min === null || max === null)
    return failure(rule, emptyState(`Column.${column}.MinimumLength`));
  const metrics: Record<string, number> = {
    [`Column.${column}.MinimumLength`]: min,
    [`Column.${column}.MaximumLength`]: max,
  };
  const judged = judgedLength(condition, min, max, passed / total);
  if (judged.compliance) metrics[`Column.${column}.LengthCompliance`] = passed / total;
  return verdict(rule, passed === total, metrics, { actual: judged.value });
}

/**
 * The value a ColumnLength verdict is about: the minimum length for `>`/`>=`,
 * the maximum for `<`/`<=`, whichever bound breaks `=`/`between`, and the
 * share of passing rows for set and negated expressions.
 */
function judgedLength(
  condition: DqCondition,
  min: number,
  max: number,
  compliance: number,
): { value: number; compliance: boolean } {
  switch (condition.op) {
    case '>':
    case '>=':
      return { value: min, compliance: false };
    case '<':
    case '<=':
      return { value: max, compliance: false };
    case '=':
    case 'between':
      return { value: satisfies(condition, min) ? max : min, compliance: false };
    default:
      return { value: compliance, compliance: true };
  }
}
