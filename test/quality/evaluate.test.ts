import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/core/index.js';
import type { DqEvaluation, DqRuleResult } from '../../src/quality/index.js';
import { evaluateRules, parseDqdl } from '../../src/quality/index.js';
import { tempDir, writeTable } from './fixtures.js';

/**
 * Every rule type, passing and failing, over five small rows:
 *
 *   id name price country day        code  note
 *   1  a    10    US      2024-01-01 x1    ''
 *   2  b    20    CA      2024-01-02 NULL  '  '
 *   3  c    30    US      2024-01-03 x333  ok
 *   4  d    NULL  UK      2024-01-04 x4    NULL
 *   5  e    40    NULL    2024-01-05 x55   ok2
 */
const ITEMS = `SELECT id, name, CAST(price AS DOUBLE) AS price, country, CAST(day AS DATE) AS day, code, note
  FROM (VALUES
    (1, 'a', 10, 'US', '2024-01-01', 'x1', ''),
    (2, 'b', 20, 'CA', '2024-01-02', NULL, '  '),
    (3, 'c', 30, 'US', '2024-01-03', 'x333', 'ok'),
    (4, 'd', NULL, 'UK', '2024-01-04', 'x4', NULL),
    (5, 'e', 40, NULL, '2024-01-05', 'x55', 'ok2')
  ) AS t(id, name, price, country, day, code, note)`;

/** [rule, outcome, failure reason (or undefined), metrics (subset)] */
type Case = [string, 'Passed' | 'Failed', string | undefined, Record<string, number>?];

const value = (v: string) => `Value: ${v} does not meet the constraint requirement!`;
const CUSTOM = 'Custom SQL response failed to satisfy the threshold';

const CASES: Case[] = [
  ['RowCount = 5', 'Passed', undefined, { 'Dataset.*.RowCount': 5 }],
  ['RowCount > 5', 'Failed', value('5.0')],
  ['RowCount between 4 and 6', 'Passed', undefined],
  ['RowCount between 5 and 6', 'Failed', value('5.0')],
  ['RowCount not between 5 and 6', 'Passed', undefined],
  ['RowCount in [3,5]', 'Passed', undefined],
  ['RowCount = 2 where "country = \'US\'"', 'Passed', undefined, { 'Dataset.*.RowCount': 2 }],
  ['ColumnCount = 7', 'Passed', undefined, { 'Dataset.*.ColumnCount': 7 }],
  ['ColumnCount > 7', 'Failed', value('7.0')],
  ['Completeness "price" >= 0.8', 'Passed', undefined, { 'Column.price.Completeness': 0.8 }],
  ['Completeness "price" > 0.8', 'Failed', value('0.8')],
  [
    'Completeness "price" = 1.0 where "id <> 4"',
    'Passed',
    undefined,
    { 'Column.price.Completeness': 1 },
  ],
  ['Completeness "nope" > 0', 'Failed', 'Input data does not include column nope!'],
  ['IsComplete "id"', 'Passed', undefined, { 'Column.id.Completeness': 1 }],
  ['IsComplete "price"', 'Failed', value('0.8')],
  ['Uniqueness "country" = 0.5', 'Passed', undefined, { 'Column.country.Uniqueness': 0.5 }],
  ['Uniqueness "country" > 0.5', 'Failed', value('0.5')],
  ['IsUnique "id"', 'Passed', undefined, { 'Column.id.Uniqueness': 1 }],
  ['IsUnique "country"', 'Failed', value('0.5')],
  [
    'IsPrimaryKey "id"',
    'Passed',
    undefined,
    { 'Column.id.Uniqueness': 1, 'Column.id.Completeness': 1 },
  ],
  ['IsPrimaryKey "country"', 'Failed', value('0.5')],
  [
    'IsPrimaryKey "id" "country"',
    'Failed',
    value('0.8'),
    {
      'Multicolumn.id,country.Uniqueness': 1,
      'Column.id.Completeness': 1,
      'Column.country.Completeness': 0.8,
    },
  ],
  ['ColumnExists "code"', 'Passed', undefined, { 'Dataset.code.ColumnExists': 1 }],
  [
    'ColumnExists "nope"',
    'Failed',
    'Input data does not include column nope!',
    { 'Dataset.nope.ColumnExists': 0 },
  ],
  [
    'ColumnValues "country" in ["US","CA","UK"]',
    'Failed',
    value('NULL'),
    { 'Column.country.ColumnValues.Compliance': 0.8 },
  ],
  ['ColumnValues "country" in ["US","CA","UK"] with threshold >= 0.8', 'Passed', undefined],
  [
    'ColumnValues "country" in ["US","CA","UK",NULL]',
    'Passed',
    undefined,
    { 'Column.country.ColumnValues.Compliance': 1 },
  ],
  ['ColumnValues "country" not in ["FR"]', 'Passed', undefined],
  ['ColumnValues "country" not in ["FR",NULL]', 'Failed', value('NULL')],
  ['ColumnValues "country" != "US"', 'Failed', value('0.6')],
  ['ColumnValues "country" = "US"', 'Failed', value('0.4')],
  ['ColumnValues "price" between 5 and 45', 'Failed', value('NULL')],
  ['ColumnValues "price" between 10 and 40', 'Failed', value('0.4')],
  ['ColumnValues "price" > 10', 'Failed', value('0.6')],
  [
    'ColumnValues "price" <= 40 with threshold > 0.7',
    'Passed',
    undefined,
    { 'Column.price.ColumnValues.Compliance': 0.8 },
  ],
  ['ColumnValues "price" in [10,20,30,40,NULL]', 'Passed', undefined],
  ['ColumnValues "price" != 15', 'Passed', undefined],
  ['ColumnValues "price" != 10', 'Failed', value('0.8')],
  ['ColumnValues "id" between 0 and 6', 'Passed', undefined],
  ['ColumnValues "name" matches "[a-e]"', 'Passed', undefined],
  ['ColumnValues "name" matches "[a-c]"', 'Failed', value('0.6')],
  ['ColumnValues "name" not matches "[a-c]"', 'Failed', value('0.4')],
  ['ColumnValues "day" > "2023-12-31"', 'Passed', undefined],
  ['ColumnValues "day" between "2024-01-01" and "2024-01-05"', 'Failed', value('0.6')],
  ['ColumnValues "day" <= (now() - 1 days)', 'Failed', value('0.6')],
  ['ColumnValues "day" < (now() + 2 days)', 'Passed', undefined],
  [
    'ColumnValues "day" in ["2024-01-01","2024-01-02","2024-01-03","2024-01-04","2024-01-05"]',
    'Passed',
    undefined,
  ],
  ['ColumnValues "code" = NULL', 'Failed', value('0.2')],
  ['ColumnValues "code" != NULL', 'Failed', value('NULL')],
  ['ColumnValues "note" in [EMPTY,WHITESPACES_ONLY,"ok","ok2",NULL]', 'Passed', undefined],
  ['ColumnValues "note" != EMPTY', 'Failed', value('0.8')],
  ['ColumnValues "note" = WHITESPACES_ONLY', 'Failed', value('0.2')],
  [
    'ColumnLength "code" <= 4',
    'Passed',
    undefined,
    { 'Column.code.MinimumLength': 0, 'Column.code.MaximumLength': 4 },
  ],
  ['ColumnLength "code" > 1', 'Failed', value('0.0')],
  ['ColumnLength "code" < 4', 'Failed', value('4.0')],
  ['ColumnLength "name" = 1', 'Passed', undefined],
  [
    'ColumnLength "code" in [2,3,4]',
    'Failed',
    value('0.8'),
    { 'Column.code.LengthCompliance': 0.8 },
  ],
  [
    'DistinctValuesCount "country" = 3',
    'Passed',
    undefined,
    { 'Column.country.DistinctValuesCount': 3 },
  ],
  ['DistinctValuesCount "country" > 3', 'Failed', value('3.0')],
  ['UniqueValueRatio "country" > 0.6', 'Passed', undefined],
  ['UniqueValueRatio "country" > 0.7', 'Failed', value('0.6666666666666666')],
  ['Mean "price" = 25', 'Passed', undefined, { 'Column.price.Mean': 25 }],
  ['Mean "price" between 25 and 30', 'Failed', value('25.0')],
  ['Mean "name" > 0', 'Failed', 'Column name has type VARCHAR; Mean needs a numeric column'],
  ['Sum "price" = 100', 'Passed', undefined, { 'Column.price.Sum': 100 }],
  ['Sum "price" < 100', 'Failed', value('100.0')],
  ['StandardDeviation "price" between 11 and 11.2', 'Passed', undefined],
  ['StandardDeviation "price" < 11', 'Failed', value('11.180339887498949')],
  ['Entropy "country" between 1.03 and 1.04', 'Passed', undefined],
  ['Entropy "country" > 2', 'Failed', value('1.0397207708399179')],
  ['ColumnCorrelation "id" "price" > 0.95', 'Passed', undefined],
  ['ColumnCorrelation "id" "price" < 0', 'Failed', undefined],
  [
    'ColumnNamesMatchPattern "[a-z]+"',
    'Passed',
    undefined,
    { 'Dataset.*.ColumnNamesPatternMatchRatio': 1 },
  ],
  [
    'ColumnNamesMatchPattern "[a-z]{2,4}"',
    'Failed',
    'Columns that do not match the pattern "[a-z]{2,4}": price, country',
  ],
  [
    'CustomSql "select count(*) from primary where price > 15" = 3',
    'Passed',
    undefined,
    { 'Dataset.*.CustomSQL': 3 },
  ],
  ['CustomSql "select count(*) from primary where price > 15" > 3', 'Failed', CUSTOM],
  [
    'CustomSql "select id from primary where price > 15"',
    'Failed',
    CUSTOM,
    { 'Dataset.*.CustomSQL.Compliance': 0.6 },
  ],
  [
    'CustomSql "select id from primary where price > 15" with threshold >= 0.6',
    'Passed',
    undefined,
  ],
  ['CustomSql "select count(*) from primary where `name` <> \'primary\'" = 5', 'Passed', undefined],
  [
    'CustomSql "select id from primary" = 1',
    'Failed',
    'Custom SQL did not return exactly 1 row (it returned 5)',
  ],
  [
    '(IsComplete "id") and (IsComplete "price")',
    'Failed',
    value('0.8'),
    { 'Column.id.Completeness': 1, 'Column.price.Completeness': 0.8 },
  ],
  ['(IsComplete "price") or (IsComplete "id")', 'Passed', undefined],
  [
    '(RowCount > 10) or ((IsComplete "price") and (IsUnique "country"))',
    'Failed',
    `${value('5.0')}\n${value('0.8')}\n${value('0.5')}`,
  ],
];

describe('evaluateRules', () => {
  let evaluation: DqEvaluation;
  const byRule = new Map<string, DqRuleResult>();
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    await writeTable(join(dir, 'items.parquet'), ITEMS);
    const text = `Rules = [\n${CASES.map((c) => `  ${c[0]}`).join(',\n')}\n]`;
    evaluation = await evaluateRules(text, join(dir, 'items.parquet'), {
      clock: createFakeClock(Date.UTC(2024, 0, 4, 12)),
    });
    for (const result of evaluation.results) byRule.set(result.rule, result);
  });

  it.each(CASES)('%s → %s', (rule, outcome, reason, metrics) => {
    const result = byRule.get(rule);
    expect(result, `no result for ${rule}`).toBeDefined();
    expect(result?.outcome).toBe(outcome);
    if (reason !== undefined) expect(result?.failureReason).toBe(reason);
    if (outcome === 'Passed') expect(result?.failureReason).toBeUndefined();
    if (metrics) expect(result?.evaluatedMetrics).toEqual(expect.objectContaining(metrics));
  });

  it('reports the overall status, the counts, the columns and the source name', () => {
    const failed = CASES.filter((c) => c[1] === 'Failed').length;
    expect(evaluation).toMatchObject({
      source: 'items',
      rowCount: 5,
      columns: ['id', 'name', 'price', 'country', 'day', 'code', 'note'],
      overallStatus: 'Failed',
      failed,
      passed: CASES.length - failed,
    });
    expect(evaluation.results).toHaveLength(CASES.length);
  });

  it('gives the actual value each rule was judged on', () => {
    expect(byRule.get('Completeness "price" > 0.8')?.actualValue).toBe(0.8);
    expect(byRule.get('ColumnLength "code" < 4')?.actualValue).toBe(4);
    expect(byRule.get('(IsComplete "price") or (IsComplete "id")')?.actualValue).toBeNull();
  });

  it('passes with an overall Passed status when every rule passes', async () => {
    const passing = CASES.filter((c) => c[1] === 'Passed').map(
      (c) => parseDqdl(`Rules = [ ${c[0]} ]`).rules[0]!,
    );
    const result = await evaluateRules(passing, join(dir, 'items.parquet'), {
      source: 'items-ok',
      clock: createFakeClock(Date.UTC(2024, 0, 4, 12)),
    });
    expect(result).toMatchObject({ source: 'items-ok', overallStatus: 'Passed', failed: 0 });
  });

  it('fails a rule whose where clause or custom SQL is not valid SQL, naming the problem', async () => {
    const result = await evaluateRules(
      'Rules = [ Completeness "price" > 0.5 where "nope > 1", CustomSql "select count(*) from nowhere" > 0 ]',
      join(dir, 'items.parquet'),
    );
    expect(result.results[0]?.failureReason).toMatch(/nope/);
    expect(result.results[1]?.failureReason).toMatch(/^Custom SQL failed: .*nowhere/);
  });
});
