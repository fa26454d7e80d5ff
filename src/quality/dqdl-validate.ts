import type { DqdlCursor } from './dqdl-cursor.js';
import type { Token } from './dqdl-lexer.js';
import type { RuleTypeSpec } from './rule-types.js';
import { RULE_TYPES } from './rule-types.js';
import type { DqCondition, DqLeafRule, DqOperand } from './types.js';

/**
 * What the grammar alone does not say: each rule type's number of
 * parameters, whether it takes an expression and of which kind, where
 * `with threshold` is allowed, and which values make sense for ColumnValues.
 */

/** Where the parts of a leaf rule start, for messages. */
export interface LeafTokens {
  type: Token;
  condition: Token;
  threshold: Token | undefined;
  where: Token | undefined;
}

/** Rule types that look at the columns or run their own SQL, so `where` cannot filter them. */
const NO_WHERE = new Set(['ColumnCount', 'ColumnExists', 'ColumnNamesMatchPattern', 'CustomSql']);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a parsed leaf rule against its rule type; fails at the offending part. */
export function checkLeafRule(cursor: DqdlCursor, rule: DqLeafRule, at: LeafTokens): void {
  const spec = RULE_TYPES[rule.type] as RuleTypeSpec;
  checkParameters(cursor, rule, spec, at.type);
  const { condition } = rule;
  const needs = spec.condition;
  if (needs === 'none' && condition) {
    cursor.fail(
      at.condition,
      `${rule.type} takes no expression in ${cursor.ruleName()}; write it as ${spec.example}`,
    );
  }
  if ((needs === 'number' || needs === 'values') && !condition) {
    cursor.fail(
      at.condition,
      `${cursor.ruleName()} needs an expression after its parameters, e.g. ${spec.example}`,
    );
  }
  if (condition && needs !== 'values') checkNumeric(cursor, condition, at.condition, rule.type);
  if (condition && needs === 'values') checkValues(cursor, condition, at.condition);
  if (rule.where !== undefined && NO_WHERE.has(rule.type)) {
    const why =
      rule.type === 'CustomSql'
        ? 'filter in its SQL instead'
        : 'it looks at the columns, not the rows';
    cursor.fail(
      at.where ?? at.type,
      `'where' does not apply to ${rule.type} in ${cursor.ruleName()}: ${why}`,
    );
  }
  if (rule.threshold) {
    const where = at.threshold ?? at.type;
    if (!spec.threshold) {
      cursor.fail(
        where,
        `'with threshold' applies to ColumnValues and CustomSql rules only; remove it from ${cursor.ruleName()}`,
      );
    }
    if (rule.type === 'CustomSql' && condition) {
      cursor.fail(
        where,
        `${cursor.ruleName()} has both an expression and 'with threshold'; CustomSql takes one or the other`,
      );
    }
    checkNumeric(cursor, rule.threshold, where, 'with threshold');
  }
}

function checkParameters(
  cursor: DqdlCursor,
  rule: DqLeafRule,
  spec: RuleTypeSpec,
  at: Token,
): void {
  const wanted = spec.parameters.length;
  const count = rule.parameters.length;
  const ok = spec.variadic ? count >= wanted : count === wanted;
  if (ok) return;
  const names =
    spec.parameters.length === 0
      ? 'no parameters'
      : `${spec.variadic ? 'at least ' : ''}${wanted} quoted parameter${wanted === 1 ? '' : 's'} (${spec.parameters.join(', ')})`;
  cursor.fail(
    at,
    `${rule.type} takes ${names} but ${cursor.ruleName()} has ${count}; write it as ${spec.example}`,
  );
}

/** Expressions on a computed number take numbers only. */
function checkNumeric(cursor: DqdlCursor, condition: DqCondition, at: Token, what: string): void {
  if (condition.op === 'matches' || condition.op === 'not matches') {
    cursor.fail(
      at,
      `'${condition.op}' compares text; ${what} in ${cursor.ruleName()} computes a number, so use =, !=, >, >=, <, <=, between or in`,
    );
  }
  for (const operand of operandsOf(condition)) {
    if (operand.kind !== 'number') {
      cursor.fail(
        at,
        `${what} in ${cursor.ruleName()} compares a number, so its values must be numbers; found ${operandText(operand)}`,
      );
    }
  }
  checkBounds(cursor, condition, at);
}

/** ColumnValues: orders apply to numbers and dates; keywords to =, !=, in, not in; lists are of one kind. */
function checkValues(cursor: DqdlCursor, condition: DqCondition, at: Token): void {
  if (condition.op === 'matches' || condition.op === 'not matches') return;
  const ordered = !['=', '!=', 'in', 'not in'].includes(condition.op);
  for (const operand of operandsOf(condition)) {
    if (ordered && operand.kind === 'keyword') {
      cursor.fail(
        at,
        `${operand.value} can only be compared with =, !=, in or not in in ${cursor.ruleName()}`,
      );
    }
    if (ordered && operand.kind === 'string' && !DATE.test(operand.value)) {
      cursor.fail(
        at,
        `'${condition.op}' in ${cursor.ruleName()} orders numbers and dates; "${operand.value}" is neither (dates are written "YYYY-MM-DD")`,
      );
    }
  }
  if (condition.op === 'in' || condition.op === 'not in') {
    const kinds = new Set(
      condition.operands
        .filter((o) => o.kind !== 'keyword')
        .map((o) => (o.kind === 'number' ? 'number' : 'text')),
    );
    if (kinds.size > 1) {
      cursor.fail(
        at,
        `the list in ${cursor.ruleName()} mixes numbers and strings; use one kind (keywords such as NULL may join either)`,
      );
    }
  }
  checkBounds(cursor, condition, at);
}

function checkBounds(cursor: DqdlCursor, condition: DqCondition, at: Token): void {
  if (condition.op !== 'between' && condition.op !== 'not between') return;
  const { low, high } = condition;
  if (low.kind === 'number' && high.kind === 'number' && low.value >= high.value) {
    cursor.fail(
      at,
      `'${condition.op} ${low.text} and ${high.text}' in ${cursor.ruleName()} needs the lower bound first (bounds are excluded: between 0 and 10 accepts 0 < x < 10)`,
    );
  }
}

/** The operands of a condition. */
export function operandsOf(condition: DqCondition): DqOperand[] {
  switch (condition.op) {
    case 'between':
    case 'not between':
      return [condition.low, condition.high];
    case 'in':
    case 'not in':
      return condition.operands;
    case 'matches':
    case 'not matches':
      return [];
    default:
      return [condition.operand];
  }
}

function operandText(operand: DqOperand): string {
  switch (operand.kind) {
    case 'number':
      return operand.text;
    case 'string':
      return `"${operand.value}"`;
    case 'keyword':
      return operand.value;
    default:
      return 'now()';
  }
}
