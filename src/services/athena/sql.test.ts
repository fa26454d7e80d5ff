import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePartitionFilter } from './partition-filter.js';
import { escapePathValue, unescapePathValue, valuesOfPath } from './partition-paths.js';
import type { QueryFailure } from './query-errors.js';
import { readResultPage } from './results.js';
import { lineCol, tokenize } from './sql-lexer.js';
import { mysqlToStrftime, translateTrino } from './trino.js';
import { tableRefs } from './views.js';

describe('tokens and positions', () => {
  it('keeps offsets, skips comments and reads quoted names and strings', () => {
    const sql = "SELECT \"a b\", 'it''s' -- note\n/* c */ FROM `t`";
    const tokens = tokenize(sql);
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['word', 'SELECT'],
      ['quoted', 'a b'],
      ['op', ','],
      ['string', "it's"],
      ['word', 'FROM'],
      ['backtick', 't'],
    ]);
    expect(sql.slice(tokens[4]!.start, tokens[4]!.end)).toBe('FROM');
    expect(lineCol(sql, tokens[4]!.start)).toEqual({ line: 2, col: 9 });
    expect(tokenize("'\\t\\001'", { backslashEscapes: true })[0]?.value).toBe('\t\u0001');
  });
});

describe('Trino to DuckDB', () => {
  const translate = (sql: string, parameters: string[] = []) =>
    translateTrino(sql, 0, sql, parameters);

  it('renames functions and maps positions back onto the original text', () => {
    const sql = 'SELECT approx_distinct(a), cardinality(b), nope FROM t';
    const out = translate(sql);
    expect(out.sql).toBe('SELECT approx_count_distinct(a), len(b), nope FROM t');
    expect(out.toOriginal(out.sql.indexOf('nope'))).toBe(sql.indexOf('nope'));
    expect(out.toOriginal(out.sql.indexOf('len'))).toBe(sql.indexOf('cardinality'));
    expect(translate('SELECT t.cardinality FROM t').sql).toBe('SELECT t.cardinality FROM t');
  });

  it('rewrites MySQL date formats and substitutes execution parameters', () => {
    expect(mysqlToStrftime('%Y-%m-%d %H:%i:%s %M')).toBe('%Y-%m-%d %H:%M:%S %B');
    expect(translate("SELECT date_format(ts, '%Y/%m %i') FROM t").sql).toBe(
      "SELECT strftime(ts, '%Y/%m %M') FROM t",
    );
    expect(translate('SELECT * FROM t WHERE a = ? AND b = ?', ["'x'", '2']).sql).toBe(
      "SELECT * FROM t WHERE a = 'x' AND b = 2",
    );
  });

  it('refuses unsupported functions and wrong parameter counts with the position', () => {
    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as QueryFailure).reason;
      }
      return 'no error';
    };
    expect(reason(() => translate("SELECT\n  format_datetime(ts, 'yyyy')"))).toMatch(
      /^NOT_SUPPORTED: line 2:3: Function 'format_datetime' is not supported by the embedded Athena: use date_format/,
    );
    expect(reason(() => translate('SELECT date_format(ts, f) FROM t'))).toMatch(
      /needs the format as a string literal/,
    );
    expect(reason(() => translate('SELECT ?', []))).toMatch(
      /^INVALID_PARAMETER_USAGE: Incorrect number of parameters: expected 1 but found 0/,
    );
  });

  it('finds the tables a query may name', () => {
    const refs = tableRefs(
      translate('SELECT x.a FROM db.t x JOIN "Other" ON true, awsdatacatalog.db2.u WHERE f(y) > 0')
        .tokens,
      'cur',
    );
    const names = refs.map((r) => `${r.database}.${r.table}`);
    expect(names).toEqual(expect.arrayContaining(['db.t', 'cur.other', 'db2.u', 'x.a']));
    expect(names).not.toContain('cur.f');
  });
});

describe('partition paths and filters', () => {
  it('escapes values as Hive does and reads key=value folders back', () => {
    expect(escapePathValue('2024-01-01 10:00')).toBe('2024-01-01 10%3A00');
    expect(unescapePathValue('a%2Fb')).toBe('a/b');
    expect(valuesOfPath('Year=2024/month=01/', ['year', 'month'])).toEqual(['2024', '01']);
    expect(valuesOfPath('year=2024', ['year', 'month'])).toBeUndefined();
  });

  it('evaluates GetPartitions expressions', () => {
    const test = compilePartitionFilter(
      "year = '2024' AND (month IN ('01', '02') OR day BETWEEN 10 AND 20) AND NOT stepjobid LIKE 'tmp%'",
      ['year', 'month', 'day', 'stepjobid'],
    );
    expect(test({ year: '2024', month: '02', day: '01', stepjobid: 'a' })).toBe(true);
    expect(test({ year: '2024', month: '05', day: '15', stepjobid: 'a' })).toBe(true);
    expect(test({ year: '2024', month: '05', day: '9', stepjobid: 'a' })).toBe(false);
    expect(test({ year: '2024', month: '01', day: '1', stepjobid: 'tmp-1' })).toBe(false);
    expect(() => compilePartitionFilter("region = 'x'", ['year'])).toThrow(
      /'region' is not a partition key \(keys: year\)/,
    );
  });
});

describe('result files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mm-results-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pages through a CSV by byte offset, with NULLs, quotes and newlines', () => {
    const file = join(dir, 'r.csv');
    writeFileSync(file, '"a","b"\n"1",\n"x,""y""","multi\nline é"\n"3",""\n');
    const first = readResultPage(file, 'csv', undefined, 2);
    expect(first.rows).toEqual([
      ['a', 'b'],
      ['1', null],
    ]);
    const second = readResultPage(file, 'csv', first.next, 5);
    expect(second.rows).toEqual([
      ['x,"y"', 'multi\nline é'],
      ['3', ''],
    ]);
    expect(second.next).toBeUndefined();
    expect(() => readResultPage(file, 'csv', 'garbage', 1)).toThrow(/NextToken is not a token/);
  });
});
