import type { DuckDBType } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import { Cursor, ParseError } from './sql-cursor.js';
import { tokenize } from './sql-lexer.js';

/**
 * Hive column types as the Glue catalog stores them (`int`, `string`,
 * `decimal(10,2)`, `array<struct<a:int,b:string>>`, `map<string,double>`):
 * parsing, the canonical spelling, the DuckDB type a view casts to, and back
 * from DuckDB result types to Hive (CTAS) and to Athena's result type names.
 */

/** A parsed Hive type. */
export type HiveType =
  | { kind: 'primitive'; name: string; params: number[] }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: { name: string; type: HiveType; comment?: string }[] };

/** Primitive names and the DuckDB type of each; aliases point at the canonical name. */
const PRIMITIVES: Readonly<Record<string, string>> = {
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  int: 'INTEGER',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  float: 'FLOAT',
  double: 'DOUBLE',
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  binary: 'BLOB',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  decimal: 'DECIMAL',
};
const ALIASES: Readonly<Record<string, string>> = { integer: 'int', real: 'float' };

/** Parses a type from the cursor (DDL column lists share this). */
export function readHiveType(cursor: Cursor): HiveType {
  const start = cursor.peek();
  const raw = cursor.expectName('a column type (string, int, bigint, double, array<...>, ...)');
  const name = ALIASES[raw.toLowerCase()] ?? raw.toLowerCase();
  if (name === 'array') {
    cursor.expectOp('<', ' after array');
    const element = readHiveType(cursor);
    closeAngle(cursor, 'array');
    return { kind: 'array', element };
  }
  if (name === 'map') {
    cursor.expectOp('<', ' after map');
    const key = readHiveType(cursor);
    cursor.expectOp(',', ' between the key and value types of map<...>');
    const value = readHiveType(cursor);
    closeAngle(cursor, 'map');
    return { kind: 'map', key, value };
  }
  if (name === 'struct') return readStruct(cursor);
  if (PRIMITIVES[name] === undefined) {
    throw new ParseError(
      `unknown column type '${raw}': use one of ${Object.keys(PRIMITIVES).join(', ')}, array<T>, map<K,V> or struct<name:T,...>`,
      start?.start ?? cursor.offset(),
    );
  }
  const params: number[] = [];
  if (cursor.acceptOp('(')) {
    params.push(cursor.expectInteger(`the ${name} length or precision`));
    if (cursor.acceptOp(',')) params.push(cursor.expectInteger(`the ${name} scale`));
    cursor.expectOp(')', ` to close ${name}(...)`);
  }
  return { kind: 'primitive', name, params };
}

function readStruct(cursor: Cursor): HiveType {
  cursor.expectOp('<', ' after struct');
  const fields: { name: string; type: HiveType; comment?: string }[] = [];
  do {
    const name = cursor.expectName('a struct field name');
    cursor.expectOp(':', ` after struct field '${name}'`);
    const type = readHiveType(cursor);
    const comment = cursor.acceptWords('COMMENT')
      ? cursor.expectString('the comment', true)
      : undefined;
    fields.push(comment === undefined ? { name, type } : { name, type, comment });
  } while (cursor.acceptOp(','));
  closeAngle(cursor, 'struct');
  return { kind: 'struct', fields };
}

/** `>` closes a nested type; the lexer reads `>>` as two `>` tokens already. */
function closeAngle(cursor: Cursor, what: string): void {
  cursor.expectOp('>', ` to close ${what}<...>`);
}

/** Parses a Glue column type string; throws ParseError naming the offset in `text`. */
export function parseHiveType(text: string): HiveType {
  const tokens = tokenize(text);
  const cursor = new Cursor(tokens, text.length);
  const type = readHiveType(cursor);
  if (!cursor.atEnd()) cursor.fail(`unexpected text after the type '${text}'`);
  return type;
}

/** The canonical Glue spelling: lower case, no spaces (`array<struct<a:int>>`). */
export function formatHiveType(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.params.length === 0 ? type.name : `${type.name}(${type.params.join(',')})`;
    case 'array':
      return `array<${formatHiveType(type.element)}>`;
    case 'map':
      return `map<${formatHiveType(type.key)},${formatHiveType(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${formatHiveType(f.type)}`).join(',')}>`;
  }
}

/** The DuckDB type a view casts the column to. */
export function duckdbTypeOf(type: HiveType): string {
  switch (type.kind) {
    case 'primitive': {
      const base = PRIMITIVES[type.name] ?? 'VARCHAR';
      if (base !== 'DECIMAL') return base;
      const [precision = 10, scale = 0] = type.params;
      return `DECIMAL(${precision},${scale})`;
    }
    case 'array':
      return `${duckdbTypeOf(type.element)}[]`;
    case 'map':
      return `MAP(${duckdbTypeOf(type.key)}, ${duckdbTypeOf(type.value)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdent(f.name)} ${duckdbTypeOf(f.type)}`).join(', ')})`;
  }
}

/** A DuckDB identifier in double quotes. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A DuckDB string literal. */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const HIVE_OF_DUCK: Partial<Record<DuckDBTypeId, string>> = {
  [DuckDBTypeId.BOOLEAN]: 'boolean',
  [DuckDBTypeId.TINYINT]: 'tinyint',
  [DuckDBTypeId.SMALLINT]: 'smallint',
  [DuckDBTypeId.INTEGER]: 'int',
  [DuckDBTypeId.BIGINT]: 'bigint',
  [DuckDBTypeId.UTINYINT]: 'smallint',
  [DuckDBTypeId.USMALLINT]: 'int',
  [DuckDBTypeId.UINTEGER]: 'bigint',
  [DuckDBTypeId.UBIGINT]: 'decimal(20,0)',
  [DuckDBTypeId.HUGEINT]: 'decimal(38,0)',
  [DuckDBTypeId.UHUGEINT]: 'decimal(38,0)',
  [DuckDBTypeId.FLOAT]: 'float',
  [DuckDBTypeId.DOUBLE]: 'double',
  [DuckDBTypeId.DATE]: 'date',
  [DuckDBTypeId.TIMESTAMP]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_S]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_MS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_NS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'timestamp',
  [DuckDBTypeId.BLOB]: 'binary',
};

/** The Hive type of a DuckDB result column (CTAS registers its columns with these). */
export function hiveTypeOfDuckDb(type: DuckDBType): string {
  const known = HIVE_OF_DUCK[type.typeId];
  if (known !== undefined) return known;
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
      return `decimal(${type.width},${type.scale})`;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `array<${hiveTypeOfDuckDb(type.valueType)}>`;
    case DuckDBTypeId.MAP:
      return `map<${hiveTypeOfDuckDb(type.keyType)},${hiveTypeOfDuckDb(type.valueType)}>`;
    case DuckDBTypeId.STRUCT:
      return `struct<${type.entryNames.map((n, i) => `${n}:${hiveTypeOfDuckDb(type.entryTypes[i] ?? type)}`).join(',')}>`;
    default:
      return 'string';
  }
}

/** One result column as Athena describes it in `ResultSetMetadata.ColumnInfo`. */
export interface AthenaColumnType {
  Type: string;
  Precision: number;
  Scale: number;
}

const ATHENA_OF_DUCK: Partial<Record<DuckDBTypeId, [string, number]>> = {
  [DuckDBTypeId.BOOLEAN]: ['boolean', 0],
  [DuckDBTypeId.TINYINT]: ['tinyint', 3],
  [DuckDBTypeId.SMALLINT]: ['smallint', 5],
  [DuckDBTypeId.INTEGER]: ['integer', 10],
  [DuckDBTypeId.BIGINT]: ['bigint', 19],
  [DuckDBTypeId.UTINYINT]: ['smallint', 5],
  [DuckDBTypeId.USMALLINT]: ['integer', 10],
  [DuckDBTypeId.UINTEGER]: ['bigint', 19],
  [DuckDBTypeId.FLOAT]: ['real', 24],
  [DuckDBTypeId.DOUBLE]: ['double', 53],
  [DuckDBTypeId.VARCHAR]: ['varchar', 2147483647],
  [DuckDBTypeId.BLOB]: ['varbinary', 2147483647],
  [DuckDBTypeId.DATE]: ['date', 0],
  [DuckDBTypeId.TIME]: ['time', 3],
  [DuckDBTypeId.TIMESTAMP]: ['timestamp', 3],
  [DuckDBTypeId.TIMESTAMP_S]: ['timestamp', 3],
  [DuckDBTypeId.TIMESTAMP_MS]: ['timestamp', 3],
  [DuckDBTypeId.TIMESTAMP_NS]: ['timestamp', 3],
  [DuckDBTypeId.TIMESTAMP_TZ]: ['timestamp with time zone', 3],
  [DuckDBTypeId.INTERVAL]: ['interval day to second', 0],
  [DuckDBTypeId.LIST]: ['array', 0],
  [DuckDBTypeId.ARRAY]: ['array', 0],
  [DuckDBTypeId.MAP]: ['map', 0],
  [DuckDBTypeId.STRUCT]: ['row', 0],
  [DuckDBTypeId.UUID]: ['uuid', 0],
  [DuckDBTypeId.SQLNULL]: ['unknown', 0],
};

/** Athena's name, precision and scale for a DuckDB result column type. */
export function athenaTypeOfDuckDb(type: DuckDBType): AthenaColumnType {
  if (type.typeId === DuckDBTypeId.DECIMAL) {
    return { Type: 'decimal', Precision: type.width, Scale: type.scale };
  }
  if (type.alias === 'JSON') return { Type: 'json', Precision: 0, Scale: 0 };
  if (type.typeId === DuckDBTypeId.UBIGINT || type.typeId === DuckDBTypeId.HUGEINT) {
    return { Type: 'decimal', Precision: 38, Scale: 0 };
  }
  const [name, precision] = ATHENA_OF_DUCK[type.typeId] ?? ['varchar', 2147483647];
  return { Type: name, Precision: precision, Scale: 0 };
}
