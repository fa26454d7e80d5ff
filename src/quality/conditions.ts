import { quoteString } from './duck.js';
import type { DqCondition, DqOperand } from './types.js';

/**
 * What expressions mean: whether a computed number satisfies one (`between`
 * excludes its bounds, as in AWS Glue), and the SQL predicate a row's value
 * must satisfy in ColumnValues rules. Row predicates follow Glue's NULL rule:
 * a NULL fails every expression except `!=` and `not in` (unless NULL itself
 * is named), and non-numeric text fails numeric comparisons.
 */

/** True when `value` satisfies a numeric expression (operands are numbers, checked at parse time). */
export function satisfies(condition: DqCondition, value: number): boolean {
  const num = (o: DqOperand): number => (o.kind === 'number' ? o.value : NaN);
  switch (condition.op) {
    case '=':
      return value === num(condition.operand);
    case '!=':
      return value !== num(condition.operand);
    case '>':
      return value > num(condition.operand);
    case '>=':
      return value >= num(condition.operand);
    case '<':
      return value < num(condition.operand);
    case '<=':
      return value <= num(condition.operand);
    case 'between':
      return value > num(condition.low) && value < num(condition.high);
    case 'not between':
      return value <= num(condition.low) || value >= num(condition.high);
    case 'in':
      return condition.operands.some((o) => num(o) === value);
    case 'not in':
      return !condition.operands.some((o) => num(o) === value);
    default:
      return false;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** How a column's value is compared with one kind of operand. */
interface Side {
  column: string;
  literal: string;
}

/**
 * The predicate (never NULL) a row satisfies for `condition`, where `column`
 * is the quoted column expression and `now` the evaluation time (epoch ms).
 */
export function valuePredicate(column: string, condition: DqCondition, now: number): string {
  return `coalesce((${rawPredicate(column, condition, now)}), false)`;
}

function rawPredicate(column: string, condition: DqCondition, now: number): string {
  const text = `CAST(${column} AS VARCHAR)`;
  switch (condition.op) {
    case 'matches':
      return `regexp_full_match(${text}, ${quoteString(condition.pattern)})`;
    case 'not matches':
      return `NOT regexp_full_match(${text}, ${quoteString(condition.pattern)})`;
    case 'in':
      return inPredicate(column, condition.operands, now);
    case 'not in':
      return `NOT coalesce(${inPredicate(column, condition.operands, now)}, false)`;
    case 'between':
    case 'not between': {
      const low = side(column, condition.low, now);
      const high = side(column, condition.high, now);
      return condition.op === 'between'
        ? `${low.column} > ${low.literal} AND ${high.column} < ${high.literal}`
        : `${low.column} <= ${low.literal} OR ${high.column} >= ${high.literal}`;
    }
    case '!=':
      return condition.operand.kind === 'keyword' && condition.operand.value === 'NULL'
        ? `${column} IS NOT NULL`
        : `NOT coalesce(${equals(column, condition.operand, now)}, false)`;
    case '=':
      return equals(column, condition.operand, now);
    default: {
      const s = side(column, condition.operand, now);
      return `${s.column} ${condition.op} ${s.literal}`;
    }
  }
}

function equals(column: string, operand: DqOperand, now: number): string {
  if (operand.kind === 'keyword') return keywordPredicate(column, operand.value);
  const s = side(column, operand, now);
  return `${s.column} = ${s.literal}`;
}

function inPredicate(column: string, operands: DqOperand[], now: number): string {
  const parts: string[] = [];
  const values = operands.filter((o) => o.kind !== 'keyword');
  for (const o of operands) if (o.kind === 'keyword') parts.push(keywordPredicate(column, o.value));
  const first = values[0];
  if (first !== undefined) {
    const literals = values.map((o) => side(column, o, now).literal);
    parts.push(`${side(column, first, now).column} IN (${literals.join(', ')})`);
  }
  return parts.length === 0 ? 'false' : parts.map((p) => `(${p})`).join(' OR ');
}

function keywordPredicate(column: string, keyword: string): string {
  const text = `CAST(${column} AS VARCHAR)`;
  if (keyword === 'NULL') return `${column} IS NULL`;
  if (keyword === 'EMPTY') return `${text} = ''`;
  return `regexp_full_match(${text}, '\\s+')`;
}

/** The column expression and literal for comparing with `operand`. */
function side(column: string, operand: DqOperand, now: number): Side {
  if (operand.kind === 'number') {
    return { column: `TRY_CAST(${column} AS DOUBLE)`, literal: `CAST(${operand.value} AS DOUBLE)` };
  }
  const asDate = `CAST(TRY_CAST(${column} AS TIMESTAMP) AS DATE)`;
  if (operand.kind === 'now') return { column: asDate, literal: `DATE '${nowDate(operand, now)}'` };
  if (operand.kind === 'string' && DATE.test(operand.value)) {
    return { column: asDate, literal: `DATE '${operand.value}'` };
  }
  return { column: `CAST(${column} AS VARCHAR)`, literal: quoteString(operand.value) };
}

/** The UTC date of `now()` with its offset (dates, as Glue compares them). */
export function nowDate(operand: Extract<DqOperand, { kind: 'now' }>, now: number): string {
  const offset = operand.offset;
  const ms = offset ? offset.amount * (offset.unit === 'days' ? DAY_MS : DAY_MS / 24) : 0;
  const at = offset?.sign === '-' ? now - ms : now + ms;
  return new Date(at).toISOString().slice(0, 10);
}
