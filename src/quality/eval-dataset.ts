import { satisfies } from './conditions.js';
import { duckMessage } from './duck.js';
import type { EvalContext } from './eval-context.js';
import {
  adaptSql,
  emptyState,
  failure,
  missingColumn,
  oneRow,
  tableOf,
  toNumber,
  verdict,
} from './eval-context.js';
import type { DqLeafRule, DqRuleResult } from './types.js';

/**
 * Rules about the data set as a whole: its row and column counts, its
 * column names, and CustomSql — a query over the view `primary` returning one
 * number, or (without an expression) the rows that pass, whose share of all
 * rows is the rule's compliance.
 */

const CUSTOM_SQL_FAILED = 'Custom SQL response failed to satisfy the threshold';

/** RowCount <expression> (honours `where`). */
export async function evaluateRowCount(ctx: EvalContext, rule: DqLeafRule): Promise<DqRuleResult> {
  let count = ctx.rowCount;
  if (rule.where !== undefined) {
    const answer = await oneRow(ctx, `SELECT count(*) AS n FROM ${tableOf(rule)}`);
    if ('error' in answer) return failure(rule, answer.error);
    count = toNumber(answer.row.n) ?? 0;
  }
  const passed = rule.condition !== undefined && satisfies(rule.condition, count);
  return verdict(rule, passed, { 'Dataset.*.RowCount': count });
}

/** ColumnCount <expression>. */
export function evaluateColumnCount(ctx: EvalContext, rule: DqLeafRule): DqRuleResult {
  const count = ctx.columns.length;
  const passed = rule.condition !== undefined && satisfies(rule.condition, count);
  return verdict(rule, passed, { 'Dataset.*.ColumnCount': count });
}

/** ColumnExists "x": the name must match exactly. */
export function evaluateColumnExists(ctx: EvalContext, rule: DqLeafRule): DqRuleResult {
  const name = rule.parameters[0] ?? '';
  const exists = ctx.columns.some((c) => c.name === name);
  return verdict(
    rule,
    exists,
    { [`Dataset.${name}.ColumnExists`]: exists ? 1 : 0 },
    { reason: missingColumn(name) },
  );
}

/** ColumnNamesMatchPattern "regex": every column name must match the whole pattern. */
export function evaluateColumnNames(ctx: EvalContext, rule: DqLeafRule): DqRuleResult {
  const pattern = rule.parameters[0] ?? '';
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
  } catch (err) {
    return failure(
      rule,
      `The pattern "${pattern}" is not a valid regular expression: ${(err as Error).message}`,
    );
  }
  const misses = ctx.columns.map((c) => c.name).filter((name) => !regex.test(name));
  const ratio =
    ctx.columns.length === 0 ? 0 : (ctx.columns.length - misses.length) / ctx.columns.length;
  return verdict(
    rule,
    misses.length === 0 && ctx.columns.length > 0,
    { 'Dataset.*.ColumnNamesPatternMatchRatio': ratio },
    { reason: `Columns that do not match the pattern "${pattern}": ${misses.join(', ')}` },
  );
}

/** CustomSql "select ... from primary" [<expression> | with threshold <expression>]. */
export async function evaluateCustomSql(ctx: EvalContext, rule: DqLeafRule): Promise<DqRuleResult> {
  const sql = adaptSql((rule.parameters[0] ?? '').trim().replace(/;\s*$/, ''));
  if (rule.condition === undefined) return rowLevelCustomSql(ctx, rule, sql);
  let rows: Record<string, unknown>[];
  try {
    rows = await ctx.session.rows(sql);
  } catch (err) {
    return failure(rule, `Custom SQL failed: ${duckMessage(err)}`);
  }
  if (rows.length !== 1)
    return failure(rule, `Custom SQL did not return exactly 1 row (it returned ${rows.length})`);
  const raw = Object.values(rows[0] ?? {})[0];
  const value = typeof raw === 'string' && raw.trim() === '' ? null : toNumber(raw);
  if (value === null) {
    return failure(
      rule,
      `Custom SQL must return one number, but returned ${raw === null ? 'NULL' : (JSON.stringify(raw) ?? 'no column')}`,
    );
  }
  const passed = satisfies(rule.condition, value);
  return verdict(rule, passed, { 'Dataset.*.CustomSQL': value }, { reason: CUSTOM_SQL_FAILED });
}

/** Row-level CustomSql: the rows the query returns pass; the share of all rows must be 1 or meet the threshold. */
async function rowLevelCustomSql(
  ctx: EvalContext,
  rule: DqLeafRule,
  sql: string,
): Promise<DqRuleResult> {
  const answer = await oneRow(ctx, `SELECT count(*) AS n FROM (${sql}) AS custom_rows`);
  if ('error' in answer) return failure(rule, `Custom SQL failed: ${answer.error}`);
  const name = 'Dataset.*.CustomSQL.Compliance';
  if (ctx.rowCount === 0) return failure(rule, emptyState(name));
  const compliance = (toNumber(answer.row.n) ?? 0) / ctx.rowCount;
  const passed = rule.threshold ? satisfies(rule.threshold, compliance) : compliance === 1;
  return verdict(rule, passed, { [name]: compliance }, { reason: CUSTOM_SQL_FAILED });
}
