import type { DqdlCursor } from './dqdl-cursor.js';
import { describe } from './dqdl-cursor.js';
import type { Token } from './dqdl-lexer.js';
import type { ComparisonOperator, DqCondition, DqOperand, DqdlKeyword } from './types.js';

/**
 * Parsing a rule's expression: `> 0.95`, `between 1 and 5`, `not in [...]`,
 * `matches "re"`, with operands that are numbers, strings, the keywords NULL,
 * EMPTY and WHITESPACES_ONLY, or `now()` with an offset in days or hours.
 */

const COMPARISONS: readonly string[] = ['=', '!=', '>', '>=', '<', '<='];
const KEYWORDS: Record<string, DqdlKeyword> = {
  NULL: 'NULL',
  null: 'NULL',
  EMPTY: 'EMPTY',
  empty: 'EMPTY',
  WHITESPACES_ONLY: 'WHITESPACES_ONLY',
  whitespaces_only: 'WHITESPACES_ONLY',
};
/** Functions of DQDL's dynamic rules, which need the metrics of earlier runs. */
const DYNAMIC = new Set(['avg', 'min', 'max', 'std', 'last', 'index']);
/** Keywords written in the wrong case, with the spelling DQDL wants. */
const CASED: Record<string, string> = {
  BETWEEN: 'between',
  IN: 'in',
  NOT: 'not',
  MATCHES: 'matches',
  WITH: 'with',
  THRESHOLD: 'threshold',
  WHERE: 'where',
};

/** True when the current token can start an expression. */
export function startsCondition(cursor: DqdlCursor): boolean {
  const token = cursor.peek();
  if (token.kind === 'punct') return COMPARISONS.includes(token.text);
  return token.kind === 'word' && ['between', 'in', 'not', 'matches'].includes(token.text);
}

/** Fails with a hint when the current word is a DQDL keyword in the wrong case. */
export function checkKeywordCase(cursor: DqdlCursor): void {
  const token = cursor.peek();
  const wanted = token.kind === 'word' ? CASED[token.text] : undefined;
  if (wanted !== undefined) {
    cursor.fail(
      token,
      `DQDL keywords are case sensitive: write '${wanted}' instead of '${token.text}' in ${cursor.ruleName()}`,
    );
  }
}

/** Parses an expression (the cursor is on its first token). */
export function parseCondition(cursor: DqdlCursor): DqCondition {
  const token = cursor.next();
  if (token.kind === 'punct' && COMPARISONS.includes(token.text)) {
    return { op: token.text as ComparisonOperator, operand: parseOperand(cursor, token) };
  }
  const negated = token.text === 'not';
  const opToken = negated ? cursor.next() : token;
  if (opToken.text === 'between') {
    const low = parseOperand(cursor, opToken);
    cursor.expect(
      'and',
      `between the bounds of 'between' in ${cursor.ruleName()} (between 1 and 5)`,
    );
    const high = parseOperand(cursor, opToken);
    return { op: negated ? 'not between' : 'between', low, high };
  }
  if (opToken.text === 'in') return { op: negated ? 'not in' : 'in', operands: parseList(cursor) };
  if (opToken.text === 'matches') {
    const pattern = cursor.next();
    if (pattern.kind !== 'string') {
      cursor.fail(
        pattern,
        `'matches' takes a quoted regular expression in ${cursor.ruleName()}; found ${describe(pattern)}`,
      );
    }
    return { op: negated ? 'not matches' : 'matches', pattern: pattern.text };
  }
  return cursor.fail(
    opToken,
    `after 'not' comes 'between', 'in' or 'matches' in ${cursor.ruleName()}; found ${describe(opToken)}`,
  );
}

/** Parses `[a, b, ...]`. */
function parseList(cursor: DqdlCursor): DqOperand[] {
  const open = cursor.expect(
    '[',
    `to open the list of values after 'in' in ${cursor.ruleName()} (in ["A", "B"])`,
  );
  const operands: DqOperand[] = [];
  if (cursor.is(']'))
    cursor.fail(
      cursor.peek(),
      `the list after 'in' is empty in ${cursor.ruleName()}; give at least one value`,
    );
  do {
    operands.push(parseOperand(cursor, open));
  } while (cursor.accept(','));
  cursor.expect(']', `to close the list of values in ${cursor.ruleName()}`);
  return operands;
}

/** Parses one operand; `after` is the token it follows (for messages). */
export function parseOperand(cursor: DqdlCursor, after: Token): DqOperand {
  const token = cursor.peek();
  if (token.kind === 'number' || (cursor.is('-') && cursor.peek(1).kind === 'number')) {
    const negative = cursor.accept('-');
    const digits = cursor.next().text;
    const text = negative ? `-${digits}` : digits;
    return { kind: 'number', value: Number(text), text };
  }
  if (token.kind === 'string') return { kind: 'string', value: cursor.next().text };
  if (token.kind === 'word' && KEYWORDS[token.text] !== undefined) {
    cursor.next();
    return { kind: 'keyword', value: KEYWORDS[token.text] as DqdlKeyword };
  }
  if (cursor.is('now')) return parseNow(cursor);
  if (cursor.is('(') && cursor.is('now', 1)) return parseNowOffset(cursor);
  if (token.kind === 'word' && DYNAMIC.has(token.text)) {
    cursor.fail(
      token,
      `${cursor.ruleName()} uses a dynamic rule (${token.text}(...)), which needs the metrics of earlier runs; ` +
        'modelmill evaluates fixed thresholds only: write a number instead',
    );
  }
  return cursor.fail(
    token,
    `expected a value after ${describe(after)} in ${cursor.ruleName()} (a number, a "string", NULL, EMPTY, ` +
      `WHITESPACES_ONLY or now()); found ${describe(token)}`,
  );
}

function parseNow(cursor: DqdlCursor): DqOperand {
  cursor.next();
  cursor.expect('(', `after 'now' in ${cursor.ruleName()} (write now())`);
  cursor.expect(')', `after 'now(' in ${cursor.ruleName()} (write now())`);
  return { kind: 'now' };
}

function parseNowOffset(cursor: DqdlCursor): DqOperand {
  cursor.next();
  parseNow(cursor);
  const sign = cursor.next();
  if (sign.text !== '-' && sign.text !== '+') {
    cursor.fail(
      sign,
      `expected '-' or '+' after now() in ${cursor.ruleName()} ((now() - 3 days)); found ${describe(sign)}`,
    );
  }
  const amount = cursor.next();
  if (amount.kind !== 'number' || amount.text.includes('.')) {
    cursor.fail(
      amount,
      `expected a whole number of days or hours in ${cursor.ruleName()} ((now() - 3 days)); found ${describe(amount)}`,
    );
  }
  const unit = cursor.next();
  if (unit.text !== 'days' && unit.text !== 'hours') {
    cursor.fail(
      unit,
      `expected 'days' or 'hours' in ${cursor.ruleName()} ((now() - 3 days)); found ${describe(unit)}`,
    );
  }
  cursor.expect(
    ')',
    `to close (now() ${sign.text} ${amount.text} ${unit.text}) in ${cursor.ruleName()}`,
  );
  return {
    kind: 'now',
    offset: {
      sign: sign.text,
      amount: Number(amount.text),
      unit: unit.text,
    },
  };
}
