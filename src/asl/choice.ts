/**
 * Choice rules in JSONPath mode: the comparison operators (and their `...Path`
 * forms), the `Is...` tests, and `And` / `Or` / `Not`. A value of the wrong
 * type compares false rather than failing; a `Variable` (or operand path)
 * that matches nothing fails with States.Runtime, except under `IsPresent`.
 * Rules compile once (cached by object identity).
 */
import { StatesError } from './errors.js';
import { compilePath, PathSyntaxError, type CompiledPath } from './jsonpath.js';
import type { Scope } from './scope.js';
import { compareTimestamps, isTimestamp, parseTimestamp } from './timestamp.js';
import type { ChoiceRule } from './types.js';

type Predicate = (scope: Scope) => boolean;
type Comparator = (variable: unknown, operand: unknown) => boolean;

const str =
  (f: (a: string, b: string) => boolean): Comparator =>
  (a, b) =>
    typeof a === 'string' && typeof b === 'string' && f(a, b);
const num =
  (f: (a: number, b: number) => boolean): Comparator =>
  (a, b) =>
    typeof a === 'number' && typeof b === 'number' && f(a, b);
const time =
  (f: (order: number) => boolean): Comparator =>
  (a, b) => {
    const ta = typeof a === 'string' ? parseTimestamp(a) : undefined;
    const tb = typeof b === 'string' ? parseTimestamp(b) : undefined;
    return ta !== undefined && tb !== undefined && f(compareTimestamps(ta, tb));
  };

/** The comparison operators, each also valid with a `Path` suffix (operand read from a path). */
export const COMPARISON_OPERATORS: Readonly<Record<string, Comparator>> = {
  StringEquals: str((a, b) => a === b),
  StringLessThan: str((a, b) => a < b),
  StringGreaterThan: str((a, b) => a > b),
  StringLessThanEquals: str((a, b) => a <= b),
  StringGreaterThanEquals: str((a, b) => a >= b),
  StringMatches: (a, b) =>
    typeof a === 'string' && typeof b === 'string' && wildcardRegex(b).test(a),
  NumericEquals: num((a, b) => a === b),
  NumericLessThan: num((a, b) => a < b),
  NumericGreaterThan: num((a, b) => a > b),
  NumericLessThanEquals: num((a, b) => a <= b),
  NumericGreaterThanEquals: num((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === 'boolean' && a === b,
  TimestampEquals: time((o) => o === 0),
  TimestampLessThan: time((o) => o < 0),
  TimestampGreaterThan: time((o) => o > 0),
  TimestampLessThanEquals: time((o) => o <= 0),
  TimestampGreaterThanEquals: time((o) => o >= 0),
};

/** The type tests; their operand is `true` or `false`. */
export const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  IsNull: (v) => v === null,
  IsPresent: (v) => v !== undefined,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: isTimestamp,
};

/** Every operator name a data-test rule may use (comparisons, their `Path` forms, type tests). */
export const CHOICE_OPERATORS: readonly string[] = [
  ...Object.keys(COMPARISON_OPERATORS),
  ...Object.keys(COMPARISON_OPERATORS)
    .filter((op) => op !== 'StringMatches')
    .map((op) => `${op}Path`),
  ...Object.keys(TYPE_TESTS),
];

const compiled = new WeakMap<ChoiceRule, Predicate>();
const wildcards = new Map<string, RegExp>();

/** True when `rule` holds for the scope (`$` is the Choice state's effective input). */
export function evaluateChoiceRule(rule: ChoiceRule, scope: Scope): boolean {
  let predicate = compiled.get(rule);
  if (predicate === undefined) {
    predicate = compileRule(rule);
    compiled.set(rule, predicate);
  }
  return predicate(scope);
}

/** The first rule that holds, or `undefined` (the engine then takes Default or fails with States.NoChoiceMatched). */
export function selectChoice(choices: readonly ChoiceRule[], scope: Scope): ChoiceRule | undefined {
  return choices.find((rule) => evaluateChoiceRule(rule, scope));
}

/** StringMatches' pattern as a regular expression: `*` matches anything; `\*` and `\\` are a literal `*` and `\`; other backslashes are literal. */
export function wildcardRegex(pattern: string): RegExp {
  let regex = wildcards.get(pattern);
  if (regex === undefined) {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern.charAt(i);
      const next = pattern.charAt(i + 1);
      if (ch === '\\' && (next === '*' || next === '\\')) {
        source += escapeRegex(next);
        i++;
      } else {
        source += ch === '*' ? '.*' : escapeRegex(ch);
      }
    }
    regex = new RegExp(`^${source}$`, 's');
    if (wildcards.size > 1000) wildcards.clear();
    wildcards.set(pattern, regex);
  }
  return regex;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function invalidPath(path: string): StatesError {
  return new StatesError(
    'States.Runtime',
    `Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );
}

function compileRule(rule: ChoiceRule): Predicate {
  if (Array.isArray(rule.And)) {
    const parts = rule.And.map(compileRule);
    return (scope) => parts.every((p) => p(scope));
  }
  if (Array.isArray(rule.Or)) {
    const parts = rule.Or.map(compileRule);
    return (scope) => parts.some((p) => p(scope));
  }
  if (rule.Not !== undefined && rule.Not !== null) {
    const inner = compileRule(rule.Not);
    return (scope) => !inner(scope);
  }
  if (typeof rule.Condition === 'boolean') {
    const constant = rule.Condition;
    return () => constant;
  }
  if (typeof rule.Variable !== 'string') {
    return () => {
      throw new StatesError(
        'States.Runtime',
        `A choice rule needs a 'Variable' path or an 'And', 'Or' or 'Not' list, but got ${JSON.stringify(rule)}`,
      );
    };
  }
  try {
    return compileDataTest(rule, compilePath(rule.Variable));
  } catch (err) {
    if (!(err instanceof PathSyntaxError)) throw err;
    return () => {
      throw new StatesError('States.Runtime', err.message);
    };
  }
}

function compileDataTest(rule: ChoiceRule, variable: CompiledPath): Predicate {
  const read = (scope: Scope): unknown => {
    const value = variable.evaluate(scope);
    if (value === undefined) throw invalidPath(variable.text);
    return value;
  };
  for (const [name, test] of Object.entries(TYPE_TESTS)) {
    if (!(name in rule)) continue;
    const expected = rule[name] === true;
    if (name === 'IsPresent')
      return (scope) => (variable.evaluate(scope) !== undefined) === expected;
    return (scope) => test(read(scope)) === expected;
  }
  for (const [name, compare] of Object.entries(COMPARISON_OPERATORS)) {
    if (name in rule) {
      const operand = rule[name];
      return (scope) => compare(read(scope), operand);
    }
    if (`${name}Path` in rule && name !== 'StringMatches') {
      const operandPath = compilePath(String(rule[`${name}Path`]));
      return (scope) => {
        const value = read(scope);
        const operand = operandPath.evaluate(scope);
        if (operand === undefined) throw invalidPath(operandPath.text);
        return compare(value, operand);
      };
    }
  }
  return () => {
    throw new StatesError(
      'States.Runtime',
      `The choice rule on '${variable.text}' has no comparison operator (one of ${CHOICE_OPERATORS.join(', ')})`,
    );
  };
}
