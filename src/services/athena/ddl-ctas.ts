import { readTableName } from './ddl-names.js';
import { notSupported } from './query-errors.js';
import type { CtasProperties, Statement } from './statements.js';
import type { Cursor } from './sql-cursor.js';
import { TokenKind, isOp, isWord } from './sql-lexer.js';

/**
 * The Trino statements that write tables: `CREATE TABLE t [WITH (format =
 * 'PARQUET', external_location = 's3://...', partitioned_by = ARRAY['year'])]
 * AS <query> [WITH [NO] DATA]` and `INSERT INTO t [(cols)] <query>`.
 */

const FORMATS = new Set(['PARQUET', 'JSON', 'TEXTFILE', 'ORC', 'AVRO', 'ION']);

/** After `CREATE TABLE`. */
export function readCreateTableAs(cursor: Cursor, sql: string): Statement {
  const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
  const table = readTableName(cursor);
  const properties: CtasProperties = { format: 'PARQUET', partitionedBy: [] };
  if (cursor.acceptWords('WITH')) readWithProperties(cursor, properties);
  if (!isWord(cursor.peek(), 'AS')) {
    if (
      isOp(cursor.peek(), '(') ||
      isWord(cursor.peek(), 'ROW') ||
      isWord(cursor.peek(), 'LOCATION')
    ) {
      throw notSupported(
        'Only external table creation is supported: write CREATE EXTERNAL TABLE ... LOCATION, or CREATE TABLE ... AS SELECT',
        sql,
        cursor.offset(),
      );
    }
    cursor.fail('expected AS <query> (CREATE TABLE AS SELECT)');
  }
  cursor.next();
  const tokens = cursor.tokens;
  let end = tokens.length;
  let withData = true;
  const last = (n: number) => tokens[tokens.length - n];
  if (isWord(last(3), 'WITH') && isWord(last(2), 'NO') && isWord(last(1), 'DATA')) {
    withData = false;
    end -= 3;
  } else if (isWord(last(2), 'WITH') && isWord(last(1), 'DATA')) {
    end -= 2;
  }
  const first = cursor.peek();
  const stop = tokens[end - 1];
  if (!first || !stop || first.start > stop.start) cursor.fail('expected the query after AS');
  const query = { text: sql.slice(first.start, stop.end), offset: first.start };
  return { kind: 'createTableAs', table, ifNotExists, properties, query, withData };
}

function readWithProperties(cursor: Cursor, properties: CtasProperties): void {
  cursor.expectOp('(', ' after WITH');
  do {
    const keyToken = cursor.peek();
    const key = cursor.expectName('a table property name').toLowerCase();
    cursor.expectOp('=', ` after '${key}'`);
    const value = readValue(cursor);
    switch (key) {
      case 'format': {
        const format = String(value).toUpperCase();
        if (!FORMATS.has(format))
          cursor.error(
            `unknown format '${String(value)}': use PARQUET, JSON or TEXTFILE`,
            keyToken,
          );
        properties.format = format;
        break;
      }
      case 'external_location':
        properties.externalLocation = String(value);
        break;
      case 'partitioned_by':
        if (!Array.isArray(value)) cursor.error("partitioned_by takes ARRAY['col', ...]", keyToken);
        properties.partitionedBy = value.map((v) => v.toLowerCase());
        break;
      case 'field_delimiter':
        properties.fieldDelimiter = String(value);
        break;
      case 'write_compression':
      case 'parquet_compression':
        properties.writeCompression = String(value).toUpperCase();
        break;
      default:
        // bucketed_by, bucket_count, table_type, ...: accepted and ignored locally.
        break;
    }
  } while (cursor.acceptOp(','));
  cursor.expectOp(')', ' to close the WITH properties');
}

function readValue(cursor: Cursor): string | string[] {
  if (cursor.acceptWords('ARRAY')) {
    cursor.expectOp('[', ' after ARRAY');
    const items: string[] = [];
    if (!cursor.acceptOp(']')) {
      do items.push(cursor.expectString('an array item'));
      while (cursor.acceptOp(','));
      cursor.expectOp(']', ' to close the ARRAY');
    }
    return items;
  }
  const token = cursor.next();
  if (token?.kind === TokenKind.String || token?.kind === TokenKind.Number) return token.value;
  if (isWord(token, 'TRUE') || isWord(token, 'FALSE')) return token?.value.toLowerCase() ?? '';
  return cursor.fail(
    "expected a property value ('text', a number, true/false or ARRAY[...])",
    token,
  );
}

/** `INSERT INTO [db.]t [(c1, c2)] <query>`. */
export function readInsertInto(cursor: Cursor, sql: string): Statement {
  cursor.next();
  cursor.expectWords('INTO');
  const table = readTableName(cursor);
  let columns: string[] | undefined;
  // A parenthesis opens a column list unless it opens the query itself.
  if (
    isOp(cursor.peek(), '(') &&
    !isWord(cursor.peek(1), 'SELECT') &&
    !isWord(cursor.peek(1), 'WITH')
  ) {
    cursor.next();
    columns = [];
    do columns.push(cursor.expectName('a column name').toLowerCase());
    while (cursor.acceptOp(','));
    cursor.expectOp(')', ' to close the column list');
  }
  const first = cursor.peek();
  if (!first) cursor.fail('expected the query to insert (SELECT ... or VALUES ...)');
  const query = { text: sql.slice(first.start), offset: first.start };
  return columns === undefined
    ? { kind: 'insertInto', table, query }
    : { kind: 'insertInto', table, columns, query };
}
