import { notSupported, sqlFailure } from './query-errors.js';
import type { Token } from './sql-lexer.js';
import { LexError, TokenKind, isOp, tokenize } from './sql-lexer.js';

/**
 * Athena speaks Trino SQL; DuckDB is close but not the same. Identifiers,
 * literals, joins, aggregates, window functions and CTEs read alike, so the
 * text goes through unchanged except for: Trino function names DuckDB spells
 * differently (renamed here, with a position map so DuckDB's errors still
 * point at the user's text), Trino functions whose arguments differ (SQL
 * macros installed at startup, see TRINO_MACROS), `?` execution parameters,
 * and functions with no cheap equivalent (refused with NOT_SUPPORTED).
 *
 * Known differences left: `date_add` on a DATE answers a TIMESTAMP at
 * midnight; `/` on integers divides as integers (as Trino) but division by
 * zero gives NULL (Trino fails); Trino's ROW and `array(T)` type syntax,
 * lambdas outside `transform`/`filter`, and Joda formats are not translated;
 * DuckDB accepts a few things Trino refuses (trailing commas, implicit casts).
 */

/** Trino name → DuckDB name, for functions that differ only in name. */
const RENAMES: Readonly<Record<string, string>> = {
  approx_distinct: 'approx_count_distinct',
  approx_percentile: 'approx_quantile',
  cardinality: 'len',
  regexp_like: 'regexp_matches',
  regexp_replace: 'trino_regexp_replace',
  array_join: 'array_to_string',
  json_extract_scalar: 'json_extract_string',
  to_unixtime: 'epoch',
  from_unixtime: 'to_timestamp',
  day_of_week: 'isodow',
  dow: 'isodow',
  day_of_month: 'day',
  day_of_year: 'dayofyear',
  doy: 'dayofyear',
  week_of_year: 'weekofyear',
  is_nan: 'isnan',
  is_finite: 'isfinite',
  is_infinite: 'isinf',
  levenshtein_distance: 'levenshtein',
  hamming_distance: 'hamming',
  transform: 'list_transform',
  array_max: 'list_max',
  array_min: 'list_min',
  array_sort: 'list_sort',
  array_distinct: 'list_distinct',
  array_intersect: 'list_intersect',
  codepoint: 'unicode',
  truncate: 'trunc',
  sequence: 'generate_series',
  to_hex: 'hex',
  from_hex: 'unhex',
  last_day_of_month: 'last_day',
};

/** Trino functions without a cheap DuckDB equivalent, with what to use instead. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  format_datetime: 'use date_format(ts, mysql_format) instead',
  parse_datetime: 'use date_parse(text, mysql_format) instead',
  try: 'use try_cast(...) or a CASE expression instead',
  with_timezone: 'use AT TIME ZONE instead',
  at_timezone: 'use AT TIME ZONE instead',
  to_milliseconds: 'use date_diff(...) instead',
  reduce: 'use an aggregate over UNNEST(...) instead',
  zip_with: 'use UNNEST(a, b) instead',
  map_agg: 'use map(array_agg(k), array_agg(v)) instead',
  approx_set: 'use approx_distinct(x) instead',
};

/** MySQL date format specifiers (Trino's date_format/date_parse) → strftime, in a safe order. */
const MYSQL_TO_STRFTIME: [string, string][] = [
  ['%M', '%B'],
  ['%i', '%M'],
  ['%s', '%S'],
  ['%c', '%-m'],
  ['%e', '%-d'],
  ['%T', '%H:%M:%S'],
  ['%r', '%I:%M:%S %p'],
  ['%W', '%A'],
  ['%h', '%I'],
  ['%k', '%-H'],
  ['%l', '%-I'],
];

/** A MySQL format string as a strftime one. */
export function mysqlToStrftime(format: string): string {
  return MYSQL_TO_STRFTIME.reduce((text, [from, to]) => text.split(from).join(to), format);
}

/** Trino functions taking a MySQL format as their second argument, and their DuckDB names. */
const FORMAT_FUNCTIONS: Readonly<Record<string, string>> = {
  date_format: 'strftime',
  date_parse: 'strptime',
};

/** SQL macros (installed in `memory.main`) that give Trino's signatures and results. */
export const TRINO_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO date_add(unit, n, t) AS t + CAST(CAST(n AS VARCHAR) || ' ' || unit AS INTERVAL)`,
  `CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE MACRO from_iso8601_date(s) AS CAST(s AS DATE)`,
  `CREATE OR REPLACE MACRO to_iso8601(t) AS strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  `CREATE OR REPLACE MACRO element_at(c, k) AS c[k]`,
  `CREATE OR REPLACE MACRO nan() AS CAST('NaN' AS DOUBLE)`,
  `CREATE OR REPLACE MACRO infinity() AS CAST('Infinity' AS DOUBLE)`,
  `CREATE OR REPLACE MACRO json_parse(s) AS CAST(s AS JSON)`,
  `CREATE OR REPLACE MACRO json_format(j) AS CAST(j AS VARCHAR)`,
  `CREATE OR REPLACE MACRO array_position(a, x) AS coalesce(list_position(a, x), 0)`,
  `CREATE OR REPLACE MACRO trino_regexp_replace(s, p, r := '') AS regexp_replace(s, p, regexp_replace(r, '\\$(\\d)', '\\\\\\1', 'g'), 'g')`,
];

/** The DuckDB text of a statement fragment and how to map its offsets back. */
export interface TranslatedSql {
  sql: string;
  /** Offset in `sql` → offset in the original statement. */
  toOriginal(offset: number): number;
  /** The fragment's tokens in the original text (names for table lookup). */
  tokens: Token[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Translates a Trino fragment (which starts at `fragmentOffset` in `statement`)
 * to DuckDB. Throws QueryFailure for lexing errors, unsupported functions and
 * a wrong number of execution parameters.
 */
export function translateTrino(
  fragment: string,
  fragmentOffset: number,
  statement: string,
  parameters: readonly string[] = [],
): TranslatedSql {
  let tokens: Token[];
  try {
    tokens = tokenize(fragment);
  } catch (err) {
    if (err instanceof LexError) {
      throw sqlFailure('SYNTAX_ERROR', err.message, statement, err.position + fragmentOffset);
    }
    throw err;
  }
  const edits: Edit[] = [];
  let parameter = 0;
  for (const [i, token] of tokens.entries()) {
    if (isOp(token, '?')) {
      const value = parameters[parameter];
      parameter += 1;
      if (value !== undefined) edits.push({ start: token.start, end: token.end, text: value });
      continue;
    }
    if (token.kind !== TokenKind.Word || !isOp(tokens[i + 1], '(') || isOp(tokens[i - 1], '.')) {
      continue;
    }
    const name = token.value.toLowerCase();
    const hint = UNSUPPORTED[name];
    if (hint !== undefined) {
      throw notSupported(
        `Function '${name}' is not supported by the embedded Athena: ${hint}`,
        statement,
        token.start + fragmentOffset,
      );
    }
    const strftime = FORMAT_FUNCTIONS[name];
    if (strftime !== undefined) {
      edits.push(...formatCall(tokens, i, strftime, statement, fragmentOffset));
      continue;
    }
    const renamed = RENAMES[name];
    if (renamed !== undefined) edits.push({ start: token.start, end: token.end, text: renamed });
    else if (name === 'filter' && !isOp(tokens[i - 1], ')')) {
      edits.push({ start: token.start, end: token.end, text: 'list_filter' });
    }
  }
  if (parameter !== parameters.length) {
    throw sqlFailure(
      'INVALID_PARAMETER_USAGE',
      `Incorrect number of parameters: expected ${parameter} but found ${parameters.length}. Pass one ExecutionParameters value per ? in the query.`,
      statement,
      undefined,
    );
  }
  return { ...applyEdits(fragment, edits, fragmentOffset), tokens };
}

/** Renames a date_format/date_parse call and rewrites its literal MySQL format. */
function formatCall(
  tokens: readonly Token[],
  at: number,
  duckName: string,
  statement: string,
  base: number,
): Edit[] {
  const name = tokens[at]!;
  let depth = 0;
  let comma = -1;
  let close = -1;
  for (let j = at + 1; j < tokens.length && close < 0; j += 1) {
    if (isOp(tokens[j], '(') || isOp(tokens[j], '[')) depth += 1;
    else if (isOp(tokens[j], ')') || isOp(tokens[j], ']')) {
      depth -= 1;
      if (depth === 0) close = j;
    } else if (depth === 1 && isOp(tokens[j], ',')) comma = j;
  }
  const literal = tokens[comma + 1];
  if (comma < 0 || close !== comma + 2 || literal?.kind !== TokenKind.String) {
    throw notSupported(
      `${name.value}(value, format) needs the format as a string literal in the embedded Athena, e.g. ${name.value}(ts, '%Y-%m-%d')`,
      statement,
      name.start + base,
    );
  }
  const format = mysqlToStrftime(literal.value).replace(/'/g, "''");
  return [
    { start: name.start, end: name.end, text: duckName },
    { start: literal.start, end: literal.end, text: `'${format}'` },
  ];
}

function applyEdits(
  text: string,
  edits: Edit[],
  base: number,
): { sql: string; toOriginal(offset: number): number } {
  let sql = '';
  let from = 0;
  // Each placed edit: where it starts in the output, its output length, and the original span.
  const placed: { out: number; outEnd: number; start: number; end: number }[] = [];
  for (const edit of edits) {
    sql += text.slice(from, edit.start);
    placed.push({
      out: sql.length,
      outEnd: sql.length + edit.text.length,
      start: edit.start,
      end: edit.end,
    });
    sql += edit.text;
    from = edit.end;
  }
  sql += text.slice(from);
  return {
    sql,
    toOriginal(offset) {
      let shift = 0;
      for (const p of placed) {
        if (offset < p.out) break;
        if (offset < p.outEnd) return base + p.start;
        shift = p.end - p.outEnd;
      }
      return base + offset + shift;
    },
  };
}
