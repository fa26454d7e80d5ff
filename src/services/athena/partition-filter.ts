import { ModelmillError } from '../../core/index.js';
import { Cursor, ParseError } from './sql-cursor.js';
import { LexError, TokenKind, isOp, isWord, tokenize } from './sql-lexer.js';

/**
 * The `Expression` of Glue GetPartitions: a SQL-like predicate over partition
 * keys (`year = '2024' AND (month = '01' OR month >= '06')`, `day IN ('01','02')`,
 * `stepjobid LIKE 'train-%'`, `NOT ...`, `BETWEEN`). Values compare as numbers
 * when both sides are numeric, as strings otherwise.
 */

/** A compiled predicate over a partition's values by key name. */
export type PartitionPredicate = (values: Readonly<Record<string, string>>) => boolean;

const COMPARE = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

/** Compiles `expression`; InvalidInputException names the position and the problem. */
export function compilePartitionFilter(
  expression: string,
  keys: readonly string[],
): PartitionPredicate {
  try {
    const cursor = new Cursor(tokenize(expression), expression.length);
    const predicate = readOr(cursor, new Set(keys.map((k) => k.toLowerCase())));
    if (!cursor.atEnd()) cursor.fail('expected AND, OR or the end of the expression');
    return predicate;
  } catch (err) {
    if (err instanceof ParseError || err instanceof LexError) {
      throw new ModelmillError(
        'InvalidInputException',
        `Unsupported expression '${expression}' at offset ${err.position}: ${err.message}. Use comparisons of partition keys with quoted values joined by AND/OR.`,
      );
    }
    throw err;
  }
}

function readOr(cursor: Cursor, keys: ReadonlySet<string>): PartitionPredicate {
  const parts = [readAnd(cursor, keys)];
  while (cursor.acceptWords('OR')) parts.push(readAnd(cursor, keys));
  return parts.length === 1 ? parts[0]! : (v) => parts.some((p) => p(v));
}

function readAnd(cursor: Cursor, keys: ReadonlySet<string>): PartitionPredicate {
  const parts = [readFactor(cursor, keys)];
  while (cursor.acceptWords('AND')) parts.push(readFactor(cursor, keys));
  return parts.length === 1 ? parts[0]! : (v) => parts.every((p) => p(v));
}

function readFactor(cursor: Cursor, keys: ReadonlySet<string>): PartitionPredicate {
  if (cursor.acceptWords('NOT')) {
    const inner = readFactor(cursor, keys);
    return (v) => !inner(v);
  }
  if (cursor.acceptOp('(')) {
    const inner = readOr(cursor, keys);
    cursor.expectOp(')');
    return inner;
  }
  const keyToken = cursor.peek();
  const key = cursor.expectName('a partition key').toLowerCase();
  if (!keys.has(key)) {
    cursor.fail(`'${key}' is not a partition key (keys: ${[...keys].join(', ')})`, keyToken);
  }
  const negate = cursor.acceptWords('NOT');
  const test = readTest(cursor);
  return (v) => test(v[key]) !== negate;
}

function readTest(cursor: Cursor): (value: string | undefined) => boolean {
  if (cursor.acceptWords('IN')) {
    cursor.expectOp('(');
    const options: string[] = [];
    do options.push(readLiteral(cursor));
    while (cursor.acceptOp(','));
    cursor.expectOp(')');
    return (value) => value !== undefined && options.some((o) => compare(value, o) === 0);
  }
  if (cursor.acceptWords('BETWEEN')) {
    const low = readLiteral(cursor);
    cursor.expectWords('AND');
    const high = readLiteral(cursor);
    return (value) => value !== undefined && compare(value, low) >= 0 && compare(value, high) <= 0;
  }
  if (cursor.acceptWords('LIKE')) {
    const pattern = likePattern(readLiteral(cursor));
    return (value) => value !== undefined && pattern.test(value);
  }
  const op = cursor.peek();
  if (!op || !COMPARE.has(op.value) || op.kind !== TokenKind.Op) {
    cursor.fail('expected a comparison (=, <>, <, <=, >, >=, IN, BETWEEN, LIKE)');
  }
  cursor.next();
  const literal = readLiteral(cursor);
  return (value) => value !== undefined && holds(op.value, compare(value, literal));
}

function readLiteral(cursor: Cursor): string {
  const token = cursor.peek();
  if (token?.kind === TokenKind.String || token?.kind === TokenKind.Number) {
    cursor.next();
    return token.value;
  }
  if (isOp(token, '-') && cursor.peek(1)?.kind === TokenKind.Number) {
    cursor.next();
    return `-${cursor.next()?.value ?? ''}`;
  }
  if (isWord(token, 'NULL')) cursor.fail('NULL comparisons are not supported');
  return cursor.fail("expected a value ('text' or a number)");
}

function compare(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function holds(op: string, order: number): boolean {
  switch (op) {
    case '=':
      return order === 0;
    case '<>':
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

/** A SQL LIKE pattern (`%`, `_`) as an anchored RegExp. */
export function likePattern(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}
