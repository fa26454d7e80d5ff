import { describe, expect, it } from 'vitest';
import { ModelmillError } from '../core/index.js';
import { parseDqdl } from './dqdl-parser.js';
import { formatRule } from './format.js';
import type { DqCompositeRule, DqLeafRule } from './types.js';

/** The error parseDqdl throws for `text`. */
function parseError(text: string): ModelmillError {
  try {
    parseDqdl(text);
  } catch (err) {
    if (err instanceof ModelmillError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseDqdl', () => {
  it('parses rules, comments, sections, composites and every expression form', () => {
    const ruleset = parseDqdl(`# data-quality rules
Metadata = { "Version": "1.0", "Owners": ["ml-platform"] }
Rules = [
    RowCount between 100 and 5000,   # a comment after a rule
    IsComplete "part_name",
    Completeness "temperature" >= 0.95 where "line_speed > 0",
    ColumnValues "shift" in ["A", "B", NULL] with threshold > 0.9,
    ColumnValues "temperature" not between -10.5 and 60,
    ColumnValues "code" matches "[A-Z]{2}-\\\\d+",
    ColumnValues "note" != EMPTY,
    ColumnValues "date" > (now() - 3 days),
    IsPrimaryKey "part_name" "date",
    CustomSql "select count(*) from primary where name = \\"x\\"" = 0,
    (Mean "defect_count" > 3) and ((Sum "defect_count" > 500) or (IsComplete "id"))
]`);
    expect(ruleset.metadata).toEqual({ Version: '1.0', Owners: ['ml-platform'] });
    expect(ruleset.rules).toHaveLength(11);
    const [rowCount, , completeness, values, notBetween, matches] = ruleset.rules as DqLeafRule[];
    expect(rowCount).toMatchObject({
      type: 'RowCount',
      parameters: [],
      condition: { op: 'between', low: { value: 100 }, high: { value: 5000 } },
      position: { line: 4, column: 5 },
    });
    expect(completeness?.where).toBe('line_speed > 0');
    expect(values?.threshold).toEqual({
      op: '>',
      operand: { kind: 'number', value: 0.9, text: '0.9' },
    });
    expect(notBetween?.condition).toMatchObject({ op: 'not between', low: { value: -10.5 } });
    expect(matches?.condition).toEqual({ op: 'matches', pattern: '[A-Z]{2}-\\d+' });
    const composite = ruleset.rules[10] as DqCompositeRule;
    expect(composite.operator).toBe('and');
    expect((composite.rules[1] as DqCompositeRule).operator).toBe('or');
    expect(ruleset.rules.map(formatRule)).toEqual([
      'RowCount between 100 and 5000',
      'IsComplete "part_name"',
      'Completeness "temperature" >= 0.95 where "line_speed > 0"',
      'ColumnValues "shift" in ["A","B",NULL] with threshold > 0.9',
      'ColumnValues "temperature" not between -10.5 and 60',
      'ColumnValues "code" matches "[A-Z]{2}-\\\\d+"',
      'ColumnValues "note" != EMPTY',
      'ColumnValues "date" > (now() - 3 days)',
      'IsPrimaryKey "part_name" "date"',
      'CustomSql "select count(*) from primary where name = \\"x\\"" = 0',
      '(Mean "defect_count" > 3) and ((Sum "defect_count" > 500) or (IsComplete "id"))',
    ]);
  });

  it('accepts an empty ruleset, AND/OR in capitals and a lone parenthesized rule', () => {
    expect(parseDqdl('Rules = [ ]').rules).toEqual([]);
    const ruleset = parseDqdl('Rules = [ (IsComplete "a") OR (IsUnique "a"), (RowCount > 0) ]');
    expect(ruleset.rules.map(formatRule)).toEqual([
      '(IsComplete "a") or (IsUnique "a")',
      'RowCount > 0',
    ]);
  });

  it.each([
    [
      'an unknown rule type, with a suggestion',
      'Rules = [\n  IsComplete "a",\n  Completness "b" > 0.9\n]',
      "line 3, column 3: unknown rule type 'Completness' in rule 2; did you mean Completeness?",
      { line: 3, column: 3, rule: 2 },
    ],
    [
      'a missing expression',
      'Rules = [\n  Completeness "b"\n]',
      'line 3, column 1: rule 1 (Completeness) needs an expression after its parameters, e.g. Completeness "col" > 0.95',
      { line: 3, column: 1, rule: 1 },
    ],
    [
      'an unclosed string',
      'Rules = [\n  IsComplete "part_name,\n  RowCount > 0\n]',
      'line 2, column 14: the string that starts here is never closed',
      { line: 2, column: 14 },
    ],
    [
      "'and' and 'or' at one level",
      'Rules = [ (RowCount > 0) and (IsComplete "a") or (IsUnique "a") ]',
      "line 1, column 47: rule 1 mixes 'and' and 'or' at one level; wrap one side in parentheses",
      { line: 1, column: 47, rule: 1 },
    ],
    [
      'rules joined without parentheses',
      'Rules = [ IsComplete "a" and IsUnique "a" ]',
      "line 1, column 26: rules joined with 'and' must each be in parentheses",
      { line: 1, column: 26, rule: 1 },
    ],
    [
      'a trailing comma',
      'Rules = [\n  RowCount > 0,\n]',
      "line 3, column 1: a rule is missing after the last ','; remove the trailing comma",
      { line: 3, column: 1, rule: 2 },
    ],
    [
      'a missing comma between rules',
      'Rules = [\n  RowCount > 0\n  IsComplete "a"\n]',
      "line 3, column 3: expected ',' before the next rule or ']' to close the list after rule 1 (RowCount); found 'IsComplete'",
      { line: 3, column: 3, rule: 1 },
    ],
    [
      'a document without Rules',
      'Rulez = [ RowCount > 0 ]',
      "line 1, column 1: a DQDL document is Rules = [ <rule>, <rule>, ... ]; found 'Rulez'",
      { line: 1, column: 1 },
    ],
    [
      'an expression on a rule type that takes none',
      'Rules = [ IsComplete "a" > 0.5 ]',
      'line 1, column 26: IsComplete takes no expression in rule 1 (IsComplete); write it as IsComplete "col"',
      { line: 1, column: 26, rule: 1 },
    ],
    [
      'a threshold where none applies',
      'Rules = [ Completeness "a" > 0.5 with threshold > 0.9 ]',
      "line 1, column 34: 'with threshold' applies to ColumnValues and CustomSql rules only",
      { line: 1, column: 34, rule: 1 },
    ],
    [
      'a keyword in capitals',
      'Rules = [ RowCount BETWEEN 1 and 5 ]',
      "line 1, column 20: DQDL keywords are case sensitive: write 'between' instead of 'BETWEEN' in rule 1 (RowCount)",
      { line: 1, column: 20, rule: 1 },
    ],
    [
      'a dynamic rule',
      'Rules = [ RowCount > avg(last(10)) ]',
      'line 1, column 22: rule 1 (RowCount) uses a dynamic rule (avg(...)), which needs the metrics of earlier runs',
      { line: 1, column: 22, rule: 1 },
    ],
    [
      'a DQDL rule type not evaluated locally',
      'Rules = [ RowCount > 0, ReferentialIntegrity "a" "ref.a" = 1.0 ]',
      'line 1, column 25: ReferentialIntegrity (rule 2) is a DQDL rule type modelmill does not evaluate locally: it needs a reference data source',
      { line: 1, column: 25, rule: 2 },
    ],
    [
      'bounds in the wrong order',
      'Rules = [ Mean "x" between 10 and 1 ]',
      "line 1, column 20: 'between 10 and 1' in rule 1 (Mean) needs the lower bound first",
      { line: 1, column: 20, rule: 1 },
    ],
    [
      'text where a metric needs a number',
      'Rules = [ Completeness "x" > "high" ]',
      'line 1, column 28: Completeness in rule 1 (Completeness) compares a number, so its values must be numbers; found "high"',
      { line: 1, column: 28, rule: 1 },
    ],
    [
      'an ordered comparison with a string that is not a date',
      'Rules = [ ColumnValues "x" > "abc" ]',
      'line 1, column 28: \'>\' in rule 1 (ColumnValues) orders numbers and dates; "abc" is neither',
      { line: 1, column: 28, rule: 1 },
    ],
    [
      'the wrong number of parameters',
      'Rules = [ ColumnCorrelation "a" > 0.5 ]',
      'line 1, column 11: ColumnCorrelation takes 2 quoted parameters (column, column) but rule 1 (ColumnCorrelation) has 1',
      { line: 1, column: 11, rule: 1 },
    ],
    [
      "a 'where' on a rule that does not filter rows",
      'Rules = [ CustomSql "select count(*) from primary" > 0 where "x > 1" ]',
      "line 1, column 56: 'where' does not apply to CustomSql in rule 1 (CustomSql): filter in its SQL instead",
      { line: 1, column: 56, rule: 1 },
    ],
    [
      'an unexpected character',
      'Rules = [ RowCount > 0; ]',
      "line 1, column 23: unexpected character ';' in the DQDL rules",
      { line: 1, column: 23 },
    ],
  ])('rejects %s, naming line, column and rule', (_what, text, message, details) => {
    const err = parseError(text);
    expect(err.code).toBe('InvalidInputException');
    expect(err.message).toContain(message);
    expect(err.details).toEqual(details);
  });
});
