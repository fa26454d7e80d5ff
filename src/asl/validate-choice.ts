import { isPlainObject } from '../core/index.js';
import { isTimestamp } from './timestamp.js';
import type { QueryLanguage } from './types.js';
import { expectArray, requireFields, type ValidationContext } from './validate-context.js';
import { at, atIndex, type DiagnosticCollector } from './validate-diagnostics.js';
import type { StateSubject } from './validate-fields.js';
import { checkJsonataString } from './validate-jsonata.js';
import {
  checkAssign,
  checkPathField,
  checkPayload,
  describe,
  PathKind,
} from './validate-values.js';

/**
 * Choice rules. JSONPath rules compare a `Variable` with one operator, or
 * combine rules with And / Or / Not; only top-level rules carry `Next` and
 * `Assign`. JSONata rules carry a `Condition`.
 */

type Operand = 'string' | 'number' | 'boolean' | 'timestamp' | 'test';

const OPERATORS: Record<string, Operand> = {};
for (const op of ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals']) {
  OPERATORS[`String${op}`] = 'string';
  OPERATORS[`Numeric${op}`] = 'number';
  OPERATORS[`Timestamp${op}`] = 'timestamp';
}
OPERATORS.StringMatches = 'string';
OPERATORS.BooleanEquals = 'boolean';
for (const test of ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'])
  OPERATORS[test] = 'test';

const PATH_OPERATORS = new Set(
  Object.keys(OPERATORS)
    .filter((op) => !op.startsWith('Is') && op !== 'StringMatches')
    .map((op) => `${op}Path`),
);
const COMBINATORS = ['And', 'Or', 'Not'];
const JSONATA_RULE = ['Condition', 'Next', 'Comment', 'Assign', 'Output'];

/** Checks a Choice state's Choices. */
export function checkChoice(
  { state, location, language }: StateSubject,
  { out }: ValidationContext,
): void {
  if (!requireFields(state, ['Choices'], location, out)) return;
  const loc = at(location, 'Choices');
  const rules = expectArray(state.Choices, 'Choices', loc, out);
  if (rules === undefined) return;
  if (rules.length === 0) out.schema('Choices must hold at least one rule.', loc);
  rules.forEach((rule, i) => checkRule(rule, language, true, atIndex(loc, i), out));
}

function checkRule(
  value: unknown,
  language: QueryLanguage,
  top: boolean,
  location: string,
  out: DiagnosticCollector,
): void {
  if (!isPlainObject(value)) {
    out.schema(
      `Expected value of type [OBJECT] for a Choice rule, got ${describe(value)}.`,
      location,
    );
    return;
  }
  if (language === 'JSONata') checkJsonataRule(value, location, out);
  else checkJsonPathRule(value, top, location, out);
}

function checkJsonataRule(
  rule: Record<string, unknown>,
  location: string,
  out: DiagnosticCollector,
): void {
  for (const field of Object.keys(rule)) {
    if (JSONATA_RULE.includes(field)) continue;
    const jsonPathField =
      field === 'Variable' ||
      field in OPERATORS ||
      PATH_OPERATORS.has(field) ||
      COMBINATORS.includes(field);
    out.schema(
      jsonPathField
        ? `The QueryLanguage is set to 'JSONata', but field '${field}' is only supported for the 'JSONPath' QueryLanguage. Write the test as "Condition": "{% ... %}".`
        : `Field '${field}' is not supported in a Choice rule. Remove it, or check its spelling.`,
      location,
    );
  }
  requireFields(rule, ['Condition', 'Next'], location, out);
  const condition = rule.Condition;
  if (typeof condition === 'string') checkJsonataString(condition, at(location, 'Condition'), out);
  else if (condition !== undefined && typeof condition !== 'boolean') {
    out.schema(
      `Condition must be a "{% ... %}" expression or a boolean, got ${describe(condition)}.`,
      at(location, 'Condition'),
    );
  }
  if ('Next' in rule && typeof rule.Next !== 'string')
    out.schema(
      `Expected value of type [STRING] for Next, got ${describe(rule.Next)}.`,
      at(location, 'Next'),
    );
  if ('Output' in rule) checkPayload(rule.Output, 'JSONata', 'Output', at(location, 'Output'), out);
  if ('Assign' in rule) checkAssign(rule.Assign, 'JSONata', at(location, 'Assign'), out);
}

function checkJsonPathRule(
  rule: Record<string, unknown>,
  top: boolean,
  location: string,
  out: DiagnosticCollector,
): void {
  const tests: string[] = [];
  for (const field of Object.keys(rule)) {
    if (field in OPERATORS || PATH_OPERATORS.has(field) || COMBINATORS.includes(field))
      tests.push(field);
    else if (field === 'Next' || field === 'Assign') {
      if (!top)
        out.schema(
          `${field} is allowed only on top-level Choice rules; remove it from this nested rule.`,
          location,
        );
    } else if (field === 'Condition' || field === 'Output') {
      out.schema(
        `The QueryLanguage is set to 'JSONPath', but field '${field}' is only supported for the 'JSONata' QueryLanguage.`,
        location,
      );
    } else if (field !== 'Variable' && field !== 'Comment') {
      out.schema(
        `Field '${field}' is not supported in a Choice rule. Remove it, or check its spelling.`,
        location,
      );
    }
  }
  if (top) {
    requireFields(rule, ['Next'], location, out);
    if ('Next' in rule && typeof rule.Next !== 'string')
      out.schema(
        `Expected value of type [STRING] for Next, got ${describe(rule.Next)}.`,
        at(location, 'Next'),
      );
    if ('Assign' in rule) checkAssign(rule.Assign, 'JSONPath', at(location, 'Assign'), out);
  }
  if (tests.length !== 1) {
    out.schema(
      tests.length === 0
        ? 'A Choice rule needs one comparison (such as StringEquals or IsPresent), or And, Or or Not.'
        : `A Choice rule may hold only one of its comparison, And, Or and Not; this one has ${tests.join(', ')}. Split it, or combine the tests with And.`,
      location,
    );
  }
  for (const test of tests) checkTest(rule, test, location, out);
}

function checkTest(
  rule: Record<string, unknown>,
  test: string,
  location: string,
  out: DiagnosticCollector,
): void {
  const value = rule[test];
  const loc = at(location, test);
  if (COMBINATORS.includes(test)) {
    if ('Variable' in rule)
      out.schema(
        `Variable is not supported in a rule that uses ${test}; put it in the nested rules.`,
        location,
      );
    return checkCombinator(test, value, loc, out);
  }
  if (requireFields(rule, ['Variable'], location, out)) {
    checkPathField(rule.Variable, PathKind.REFERENCE, 'Variable', at(location, 'Variable'), out);
  }
  if (PATH_OPERATORS.has(test)) {
    checkPathField(value, PathKind.REFERENCE, test, loc, out);
    return;
  }
  checkOperand(test, OPERATORS[test] ?? 'string', value, loc, out);
}

function checkCombinator(
  test: string,
  value: unknown,
  location: string,
  out: DiagnosticCollector,
): void {
  if (test === 'Not') {
    checkRule(value, 'JSONPath', false, location, out);
    return;
  }
  const rules = expectArray(value, test, location, out);
  if (rules === undefined) return;
  if (rules.length === 0) out.schema(`${test} must hold at least one rule.`, location);
  rules.forEach((rule, i) => checkRule(rule, 'JSONPath', false, atIndex(location, i), out));
}

function checkOperand(
  test: string,
  operand: Operand,
  value: unknown,
  location: string,
  out: DiagnosticCollector,
): void {
  const jsonType = operand === 'test' ? 'boolean' : operand === 'timestamp' ? 'string' : operand;
  if (typeof value !== jsonType) {
    const wanted =
      operand === 'test' ? 'BOOLEAN' : operand === 'timestamp' ? 'STRING' : operand.toUpperCase();
    out.schema(`Expected value of type [${wanted}] for ${test}, got ${describe(value)}.`, location);
    return;
  }
  if (operand === 'timestamp' && !isTimestamp(value)) {
    out.schema(
      `${test} '${String(value)}' is not an RFC 3339 timestamp; write it like 2016-03-14T01:59:00Z.`,
      location,
    );
  }
}
