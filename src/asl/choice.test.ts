import { describe, expect, it } from 'vitest';
import { CHOICE_OPERATORS, evaluateChoiceRule, selectChoice, wildcardRegex } from './choice.js';
import { StatesError } from './errors.js';
import type { Scope } from './scope.js';
import type { ChoiceRule } from './types.js';

const scopeOf = (input: unknown, variables: Record<string, unknown> = {}): Scope => ({
  input,
  context: { State: { Name: 'S' } },
  variables,
});
const holds = (rule: ChoiceRule, input: unknown, variables: Record<string, unknown> = {}) =>
  evaluateChoiceRule(rule, scopeOf(input, variables));
const test = (operator: string, operand: unknown, variable: unknown) =>
  holds({ Variable: '$.v', [operator]: operand }, { v: variable });
const testPath = (operator: string, variable: unknown, operand: unknown) =>
  holds({ Variable: '$.v', [`${operator}Path`]: '$.o' }, { v: variable, o: operand });

const VALUES: unknown[] = [
  null,
  0,
  1,
  1.1,
  '',
  ' ',
  'HelloWorld',
  '2012-10-09T19:00:55Z',
  [],
  [''],
  {},
  { A: 0 },
  true,
  false,
];

describe('comparison operators', () => {
  it.each([
    ['StringEquals', 'HelloWorld', 'HelloWorld', true],
    ['StringEquals', 'HelloWorld', 'helloworld', false],
    ['StringLessThan', 'AB', 'A', true],
    ['StringLessThan', '', '', false],
    ['StringGreaterThan', 'A', 'AB', true],
    ['StringGreaterThan', 'A ', 'A', false],
    ['StringLessThanEquals', '', '', true],
    ['StringLessThanEquals', 'A', 'AB', false],
    ['StringGreaterThanEquals', 'A', 'AB', true],
    ['StringGreaterThanEquals', 'B', 'A', false],
    ['NumericEquals', 2.22, 2.22, true],
    ['NumericEquals', 1, 1.1, false],
    ['NumericLessThan', 1, 0, true],
    ['NumericLessThan', 1, 1, false],
    ['NumericGreaterThan', 0, 1, true],
    ['NumericGreaterThan', 0, 0, false],
    ['NumericLessThanEquals', 1, 1, true],
    ['NumericLessThanEquals', 0, 1, false],
    ['NumericGreaterThanEquals', 1, 1, true],
    ['NumericGreaterThanEquals', 1, 0, false],
    ['BooleanEquals', true, true, true],
    ['BooleanEquals', false, false, true],
    ['BooleanEquals', true, false, false],
    ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
    ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09T20:00:55+01:00', true],
    ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55.000000001Z', false],
    ['TimestampLessThan', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55.999999999Z', true],
    ['TimestampGreaterThan', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', true],
    ['TimestampLessThanEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
    ['TimestampGreaterThanEquals', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z', false],
  ])('%s %j on %j is %s', (operator, operand, variable, expected) => {
    expect(test(operator, operand, variable)).toBe(expected);
    expect(testPath(operator, variable, operand)).toBe(expected);
  });

  it('compares false (no error) when the variable has another type', () => {
    const operands: Record<string, unknown> = {
      StringEquals: 'HelloWorld',
      NumericEquals: 0,
      BooleanEquals: false,
      TimestampEquals: '2012-10-09T19:00:55Z',
    };
    for (const [operator, operand] of Object.entries(operands)) {
      for (const value of VALUES) {
        const same = value === operand;
        expect(test(operator, operand, value), `${operator} ${JSON.stringify(value)}`).toBe(same);
      }
    }
  });

  it('treats invalid timestamps as not comparable', () => {
    for (const v of [
      '2012-10-09T19:00:55',
      '2023-02-24',
      '2012-10-09 19:00:55Z',
      '2023-02-24 12:15:56.832957',
      '2012-13-09T19:00:55Z',
    ]) {
      expect(test('TimestampEquals', v, v), v).toBe(false);
    }
  });

  it('matches wildcards with escapes', () => {
    expect(test('StringMatches', 'log-*.txt', 'log-2024.txt')).toBe(true);
    expect(test('StringMatches', 'log-*.txt', 'log-.txt')).toBe(true);
    expect(test('StringMatches', 'log-*.txt', 'log-2024.txtx')).toBe(false);
    expect(test('StringMatches', '*', '')).toBe(true);
    expect(test('StringMatches', 'a\\*b', 'a*b')).toBe(true);
    expect(test('StringMatches', 'a\\*b', 'axb')).toBe(false);
    expect(test('StringMatches', 'a\\\\*', 'a\\anything')).toBe(true);
    expect(test('StringMatches', '(x)+?[y]', '(x)+?[y]')).toBe(true);
    expect(test('StringMatches', 'a\\b', 'a\\b')).toBe(true);
    expect(test('StringMatches', 'a\\b', 'ab')).toBe(false);
    expect(test('StringMatches', '*end', 'multi\nline end')).toBe(true);
    expect(test('StringMatches', '*', 5)).toBe(false);
    expect(wildcardRegex('a*')).toBe(wildcardRegex('a*'));
  });
});

describe('type tests', () => {
  const cases: [string, (v: unknown) => boolean][] = [
    ['IsNull', (v) => v === null],
    ['IsNumeric', (v) => typeof v === 'number'],
    ['IsString', (v) => typeof v === 'string'],
    ['IsBoolean', (v) => typeof v === 'boolean'],
    ['IsTimestamp', (v) => v === '2012-10-09T19:00:55Z'],
    ['IsPresent', () => true],
  ];
  it.each(cases)('%s', (operator, expected) => {
    for (const value of VALUES) {
      expect(test(operator, true, value), `${operator}: true on ${JSON.stringify(value)}`).toBe(
        expected(value),
      );
      expect(test(operator, false, value), `${operator}: false on ${JSON.stringify(value)}`).toBe(
        !expected(value),
      );
    }
  });

  it('IsPresent is false (and other tests fail) for a missing variable', () => {
    expect(holds({ Variable: '$.missing', IsPresent: true }, {})).toBe(false);
    expect(holds({ Variable: '$.missing', IsPresent: false }, {})).toBe(true);
    expect(() => holds({ Variable: '$.missing', IsNull: true }, {})).toThrow(StatesError);
  });
});

describe('missing paths', () => {
  function cause(rule: ChoiceRule, input: unknown): string | undefined {
    try {
      holds(rule, input);
    } catch (err) {
      if (err instanceof StatesError) {
        expect(err.error).toBe('States.Runtime');
        return err.causeText;
      }
      throw err;
    }
    return undefined;
  }

  it('fails with States.Runtime for a missing Variable', () => {
    expect(cause({ Variable: '$.foo', NumericEquals: 1 }, {})).toBe(
      "Invalid path '$.foo': The choice state's condition path references an invalid value.",
    );
  });

  it('fails for a missing operand path', () => {
    expect(cause({ Variable: '$.v', StringEqualsPath: '$.other' }, { v: 'x' })).toBe(
      "Invalid path '$.other': The choice state's condition path references an invalid value.",
    );
  });

  it('fails on a rule without an operator', () => {
    expect(cause({ Variable: '$.v' }, { v: 1 })).toContain('has no comparison operator');
    expect(cause({ Next: 'X' }, {})).toContain("needs a 'Variable'");
  });
});

describe('boolean rules and selection', () => {
  const input = { type: 'Private', value: 22, flag: true };
  it('combines with And, Or and Not', () => {
    const and: ChoiceRule = {
      And: [
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
    };
    const or: ChoiceRule = {
      Or: [
        { Variable: '$.type', StringEquals: 'Public' },
        { Variable: '$.flag', BooleanEquals: true },
      ],
    };
    const not: ChoiceRule = { Not: { Variable: '$.type', StringEquals: 'Private' } };
    expect(holds(and, input)).toBe(true);
    expect(holds(or, input)).toBe(true);
    expect(holds(not, input)).toBe(false);
    expect(holds({ And: [{ Variable: '$.type', StringEquals: 'Public' }] }, input)).toBe(false);
    expect(holds({ Not: { And: [not, or] } }, input)).toBe(true);
  });

  it('short-circuits, so a later missing path does not fail', () => {
    expect(
      holds(
        {
          Or: [
            { Variable: '$.flag', BooleanEquals: true },
            { Variable: '$.missing', IsNull: true },
          ],
        },
        input,
      ),
    ).toBe(true);
    expect(
      holds(
        {
          And: [
            { Variable: '$.missing', IsPresent: true },
            { Variable: '$.missing', IsNull: true },
          ],
        },
        input,
      ),
    ).toBe(false);
  });

  it('selects the first matching rule, in order', () => {
    const choices: ChoiceRule[] = [
      { Variable: '$.value', NumericGreaterThan: 100, Next: 'Big' },
      { Variable: '$.value', NumericGreaterThan: 10, Next: 'Medium' },
      { Variable: '$.value', NumericGreaterThan: 1, Next: 'Small' },
    ];
    expect(selectChoice(choices, scopeOf(input))?.Next).toBe('Medium');
    expect(selectChoice(choices, scopeOf({ value: 0 }))).toBeUndefined();
  });

  it('reads variables and the context object', () => {
    expect(
      holds({ Variable: '$guess', StringEqualsPath: '$answer' }, {}, { guess: 'a', answer: 'a' }),
    ).toBe(true);
    expect(
      holds({ Variable: '$guess', StringEqualsPath: '$answer' }, {}, { guess: 'a', answer: 'b' }),
    ).toBe(false);
    expect(holds({ Variable: '$$.State.Name', StringEquals: 'S' }, {})).toBe(true);
  });

  it('evaluates indefinite Variable paths to their match list', () => {
    expect(holds({ Variable: '$.xs[?(@ > 5)]', IsPresent: true }, { xs: [1] })).toBe(true);
  });

  it('lists every operator name', () => {
    expect(CHOICE_OPERATORS).toContain('StringMatches');
    expect(CHOICE_OPERATORS).not.toContain('StringMatchesPath');
    expect(CHOICE_OPERATORS).toContain('TimestampGreaterThanEqualsPath');
    expect(CHOICE_OPERATORS).toContain('IsTimestamp');
    expect(CHOICE_OPERATORS).toHaveLength(17 + 16 + 6);
  });
});
