import { readCreateExternalTable } from './ddl-create-table.js';
import { readCreateTableAs, readInsertInto } from './ddl-ctas.js';
import { readProperties, readTableName } from './ddl-names.js';
import { ddlParseFailure, notSupported, sqlFailure } from './query-errors.js';
import type { PartitionSpec, Statement } from './statements.js';
import { Cursor, ParseError } from './sql-cursor.js';
import type { Token } from './sql-lexer.js';
import { LexError, TokenKind, isOp, isWord, tokenize } from './sql-lexer.js';

/**
 * Parses one Athena statement: Hive DDL in full (databases, external tables,
 * partitions, SHOW, DESCRIBE, MSCK REPAIR), CTAS and INSERT INTO headers, and
 * SELECT-like statements as fragments for DuckDB. Malformed DDL fails with
 * `FAILED: ParseException line L:C ...`; other syntax errors with `SYNTAX_ERROR`.
 */

const QUERY_STARTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'EXPLAIN']);

/** Parses `sql` (one statement, an optional trailing `;`). Throws QueryFailure. */
export function parseStatement(sql: string): Statement {
  const hive = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(create\s+external|alter|msck)\b/i.test(
    sql,
  );
  let tokens: Token[];
  try {
    tokens = withoutTrailingSemicolon(tokenize(sql, { backslashEscapes: hive }));
  } catch (err) {
    if (err instanceof LexError) throw sqlFailure('SYNTAX_ERROR', err.message, sql, err.position);
    throw err;
  }
  const first = tokens[0];
  if (!first) throw sqlFailure('SYNTAX_ERROR', 'the query is empty: write a statement', sql, 0);
  const semicolon = tokens.findIndex((t) => isOp(t, ';'));
  if (semicolon >= 0) {
    throw sqlFailure(
      'SYNTAX_ERROR',
      'Only one sql statement is allowed: remove the text after the first ;',
      sql,
      tokens[semicolon]?.start,
    );
  }
  const cursor = new Cursor(tokens, sql.length);
  try {
    return readStatement(cursor, sql);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    if (isHiveDdl(tokens)) throw ddlParseFailure(err.message, sql, err.position);
    throw sqlFailure('SYNTAX_ERROR', err.message, sql, err.position);
  }
}

function withoutTrailingSemicolon(tokens: Token[]): Token[] {
  return isOp(tokens[tokens.length - 1], ';') ? tokens.slice(0, -1) : tokens;
}

/** Statements Athena hands to Hive (everything but SELECT, CTAS and INSERT INTO). */
function isHiveDdl(tokens: Token[]): boolean {
  const [first, second] = tokens;
  if (isWord(first, 'CREATE')) return !isWord(second, 'TABLE');
  return ['DROP', 'ALTER', 'MSCK', 'SHOW', 'DESCRIBE', 'DESC'].some((w) => isWord(first, w));
}

function readStatement(cursor: Cursor, sql: string): Statement {
  const first = cursor.peek();
  const word = first?.kind === TokenKind.Word ? first.value.toUpperCase() : '';
  if (QUERY_STARTS.has(word) || isOp(first, '(')) return queryStatement(cursor, sql);
  switch (word) {
    case 'CREATE':
      return readCreate(cursor, sql);
    case 'DROP':
      return readDrop(cursor);
    case 'SHOW':
      return readShow(cursor);
    case 'DESCRIBE':
    case 'DESC':
      cursor.next();
      if (!cursor.acceptWords('EXTENDED')) cursor.acceptWords('FORMATTED');
      return finish(cursor, { kind: 'describe', table: readTableName(cursor) });
    case 'MSCK':
      cursor.next();
      cursor.expectWords('REPAIR', 'TABLE');
      return finish(cursor, { kind: 'msckRepair', table: readTableName(cursor) });
    case 'ALTER':
      return readAlter(cursor, sql);
    case 'INSERT':
      return readInsertInto(cursor, sql);
    default:
      throw notSupported(
        `'${first?.text ?? ''}' statements are not supported by the embedded Athena: use SELECT, CTAS, INSERT INTO, or Hive DDL (CREATE EXTERNAL TABLE, ALTER TABLE ADD PARTITION, MSCK REPAIR TABLE, DROP, SHOW, DESCRIBE)`,
        sql,
        first?.start,
      );
  }
}

function queryStatement(cursor: Cursor, sql: string): Statement {
  const first = cursor.peek();
  const explain = isWord(first, 'EXPLAIN');
  const start = first?.start ?? 0;
  return { kind: 'query', query: { text: sql.slice(start), offset: start }, explain };
}

function readCreate(cursor: Cursor, sql: string): Statement {
  cursor.next();
  if (cursor.acceptWords('DATABASE') || cursor.acceptWords('SCHEMA'))
    return readCreateDatabase(cursor);
  if (cursor.acceptWords('EXTERNAL', 'TABLE')) return readCreateExternalTable(cursor);
  if (cursor.acceptWords('TABLE')) return readCreateTableAs(cursor, sql);
  if (isWord(cursor.peek(), 'VIEW') || isWord(cursor.peek(), 'OR')) {
    throw notSupported(
      'CREATE VIEW is not supported by the embedded Athena: use a WITH clause (CTE) in the query, or CTAS to materialise the result',
      sql,
      cursor.peek()?.start,
    );
  }
  return cursor.fail('expected DATABASE, SCHEMA, EXTERNAL TABLE or TABLE after CREATE');
}

function readCreateDatabase(cursor: Cursor): Statement {
  const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
  const name = cursor.expectName('the database name');
  let description: string | undefined;
  let location: string | undefined;
  let parameters: Record<string, string> | undefined;
  while (!cursor.atEnd()) {
    if (cursor.acceptWords('COMMENT')) description = cursor.expectString('the comment', true);
    else if (cursor.acceptWords('LOCATION')) location = cursor.expectString('the location', true);
    else if (cursor.acceptWords('WITH', 'DBPROPERTIES')) parameters = readProperties(cursor);
    else cursor.fail('expected COMMENT, LOCATION, WITH DBPROPERTIES or the end of the statement');
  }
  return {
    kind: 'createDatabase',
    ifNotExists,
    input: {
      Name: name.toLowerCase(),
      ...(description === undefined ? {} : { Description: description }),
      ...(location === undefined ? {} : { LocationUri: location }),
      ...(parameters === undefined ? {} : { Parameters: parameters }),
    },
  };
}

function readDrop(cursor: Cursor): Statement {
  cursor.next();
  if (cursor.acceptWords('DATABASE') || cursor.acceptWords('SCHEMA')) {
    const ifExists = cursor.acceptWords('IF', 'EXISTS');
    const name = cursor.expectName('the database name');
    const cascade = cursor.acceptWords('CASCADE');
    if (!cascade) cursor.acceptWords('RESTRICT');
    return finish(cursor, { kind: 'dropDatabase', name: name.toLowerCase(), ifExists, cascade });
  }
  cursor.expectWords('TABLE');
  const ifExists = cursor.acceptWords('IF', 'EXISTS');
  return finish(cursor, { kind: 'dropTable', table: readTableName(cursor), ifExists });
}

function readShow(cursor: Cursor): Statement {
  cursor.next();
  if (cursor.acceptWords('DATABASES') || cursor.acceptWords('SCHEMAS')) {
    const pattern =
      cursor.acceptWords('LIKE') || isString(cursor.peek()) ? pattern_(cursor) : undefined;
    return finish(cursor, { kind: 'showDatabases', ...(pattern ? { pattern } : {}) });
  }
  if (cursor.acceptWords('TABLES')) {
    const database =
      cursor.acceptWords('IN') || cursor.acceptWords('FROM')
        ? cursor.expectName('the database name').toLowerCase()
        : undefined;
    const pattern =
      cursor.acceptWords('LIKE') || isString(cursor.peek()) ? pattern_(cursor) : undefined;
    return finish(cursor, {
      kind: 'showTables',
      ...(database ? { database } : {}),
      ...(pattern ? { pattern } : {}),
    });
  }
  if (cursor.acceptWords('PARTITIONS')) {
    return finish(cursor, { kind: 'showPartitions', table: readTableName(cursor) });
  }
  if (cursor.acceptWords('COLUMNS')) {
    if (!cursor.acceptWords('IN')) cursor.expectWords('FROM');
    const table = readTableName(cursor);
    if (cursor.acceptWords('IN') || cursor.acceptWords('FROM')) {
      table.database = cursor.expectName('the database name').toLowerCase();
    }
    return finish(cursor, { kind: 'showColumns', table });
  }
  if (cursor.acceptWords('CREATE', 'TABLE')) {
    return finish(cursor, { kind: 'showCreateTable', table: readTableName(cursor) });
  }
  return cursor.fail(
    'expected DATABASES, SCHEMAS, TABLES, PARTITIONS, COLUMNS or CREATE TABLE after SHOW',
  );
}

function pattern_(cursor: Cursor): string {
  return cursor.expectString('the name pattern', true);
}

function isString(token: Token | undefined): boolean {
  return token?.kind === TokenKind.String;
}

function readAlter(cursor: Cursor, sql: string): Statement {
  cursor.next();
  cursor.expectWords('TABLE');
  const table = readTableName(cursor);
  if (cursor.acceptWords('ADD')) {
    const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
    const partitions: PartitionSpec[] = [];
    do partitions.push(readPartitionSpec(cursor, true));
    while (isWord(cursor.peek(), 'PARTITION'));
    return finish(cursor, { kind: 'addPartitions', table, ifNotExists, partitions });
  }
  if (cursor.acceptWords('DROP')) {
    const ifExists = cursor.acceptWords('IF', 'EXISTS');
    const partitions: PartitionSpec[] = [];
    do partitions.push(readPartitionSpec(cursor, false));
    while (cursor.acceptOp(','));
    return finish(cursor, { kind: 'dropPartitions', table, ifExists, partitions });
  }
  if (cursor.acceptWords('SET', 'LOCATION')) {
    const location = cursor.expectString('the location', true);
    return finish(cursor, { kind: 'setLocation', table, location });
  }
  if (cursor.acceptWords('SET', 'TBLPROPERTIES')) {
    return finish(cursor, { kind: 'setProperties', table, properties: readProperties(cursor) });
  }
  throw notSupported(
    `this ALTER TABLE form is not supported by the embedded Athena: use ADD PARTITION, DROP PARTITION, SET LOCATION or SET TBLPROPERTIES (or drop and re-create the table)`,
    sql,
    cursor.offset(),
  );
}

/** `PARTITION (k = 'v', k2 = 3) [LOCATION 's3://...']`. */
function readPartitionSpec(cursor: Cursor, allowLocation: boolean): PartitionSpec {
  const position = cursor.offset();
  cursor.expectWords('PARTITION');
  cursor.expectOp('(', ' after PARTITION');
  const values: Record<string, string> = {};
  do {
    const key = cursor.expectName('a partition key').toLowerCase();
    cursor.expectOp('=', ` after partition key '${key}'`);
    const token = cursor.next();
    if (token?.kind !== TokenKind.String && token?.kind !== TokenKind.Number) {
      cursor.fail(`expected the value of partition key '${key}' ('text' or a number)`, token);
    }
    values[key] = token.value;
  } while (cursor.acceptOp(','));
  cursor.expectOp(')', ' to close the partition spec');
  const location =
    allowLocation && cursor.acceptWords('LOCATION')
      ? cursor.expectString('the partition location', true)
      : undefined;
  return location === undefined ? { values, position } : { values, location, position };
}

/** Checks nothing follows the statement. */
function finish<T extends Statement>(cursor: Cursor, statement: T): T {
  if (!cursor.atEnd()) cursor.fail('expected the end of the statement');
  return statement;
}
