import { describe, expect, it } from 'vitest';
import { parseStatement } from './ddl-parser.js';
import { formatHiveType, parseHiveType } from './hive-types.js';
import { QueryFailure } from './query-errors.js';
import type { Statement } from './statements.js';

function failure(sql: string): string {
  try {
    parseStatement(sql);
  } catch (err) {
    expect(err).toBeInstanceOf(QueryFailure);
    return (err as QueryFailure).reason;
  }
  throw new Error(`expected '${sql}' not to parse`);
}

function parsed<K extends Statement['kind']>(
  sql: string,
  kind: K,
): Extract<Statement, { kind: K }> {
  const statement = parseStatement(sql);
  expect(statement.kind).toBe(kind);
  return statement as Extract<Statement, { kind: K }>;
}

describe('Hive column types', () => {
  it('parses nested types and spells them as Glue does', () => {
    const text =
      'ARRAY< STRUCT<name: STRING, `date`: timestamp COMMENT "d", m: MAP<string, DECIMAL(10, 2)>>>';
    expect(formatHiveType(parseHiveType(text))).toBe(
      'array<struct<name:string,date:timestamp,m:map<string,decimal(10,2)>>>',
    );
    expect(formatHiveType(parseHiveType('INTEGER'))).toBe('int');
    expect(formatHiveType(parseHiveType('varchar(20)'))).toBe('varchar(20)');
  });

  it('names the position and the allowed types when a type is unknown', () => {
    expect(() => parseHiveType('array<strin>')).toThrow(
      /unknown column type 'strin': use one of .*array<T>/,
    );
    expect(() => parseHiveType('map<string>')).toThrow(
      "expected ',' between the key and value types of map<...> but found '>'",
    );
  });
});

describe('CREATE EXTERNAL TABLE', () => {
  it('builds the Glue TableInput Athena writes for a partitioned JSON table', () => {
    const { table, input, ifNotExists } = parsed(
      `CREATE EXTERNAL TABLE IF NOT EXISTS \`np-db\`.MetaTable (
         metaKey string COMMENT 'hash key',  -- trailing comment
         algo_score array<struct<algo_name:string,algo_score:double>>,
         \`end\` timestamp
       )
       PARTITIONED BY (year string, month string, day string, stepjobid string)
       ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
       WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')
       LOCATION 's3://np-training-shared/meta/'
       TBLPROPERTIES ('classification' = 'json')`,
      'createTable',
    );
    expect(ifNotExists).toBe(true);
    expect(table).toMatchObject({ database: 'np-db', name: 'metatable' });
    expect(input.PartitionKeys?.map((k) => k.Name)).toEqual(['year', 'month', 'day', 'stepjobid']);
    expect(input.StorageDescriptor).toMatchObject({
      Columns: [
        { Name: 'metakey', Type: 'string', Comment: 'hash key' },
        { Name: 'algo_score', Type: 'array<struct<algo_name:string,algo_score:double>>' },
        { Name: 'end', Type: 'timestamp' },
      ],
      Location: 's3://np-training-shared/meta/',
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
        Parameters: { 'ignore.malformed.json': 'true' },
      },
    });
    expect(input.Parameters).toEqual({ EXTERNAL: 'TRUE', classification: 'json' });
  });

  it('reads STORED AS PARQUET and ROW FORMAT DELIMITED with Hive string escapes', () => {
    const parquet = parsed(
      "CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://b/p/'",
      'createTable',
    );
    expect(parquet.input.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    const csv = parsed(
      "CREATE EXTERNAL TABLE t (a string, b int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' LOCATION 's3://b/p/' TBLPROPERTIES ('skip.header.line.count'='1')",
      'createTable',
    );
    expect(csv.input.StorageDescriptor?.SerdeInfo?.Parameters).toMatchObject({
      'field.delim': '\t',
      'line.delim': '\n',
    });
  });

  it('fails malformed DDL with Hive’s ParseException naming line and column', () => {
    expect(failure("CREATE EXTERNAL TABLE t (a int,\n  b strng) LOCATION 's3://b/'")).toBe(
      "FAILED: ParseException line 2:5 unknown column type 'strng': use one of tinyint, smallint, int, bigint, boolean, float, double, string, varchar, char, binary, timestamp, date, decimal, array<T>, map<K,V> or struct<name:T,...>",
    );
    expect(failure("CREATE EXTERNAL TABLE t (a int b int) LOCATION 's3://b/'")).toBe(
      "FAILED: ParseException line 1:32 expected ')' to close the column list (or ',' before the next column) but found 'b'",
    );
    expect(failure("CREATE EXTERNAL TABLE t (a int) STORED AS CSVX LOCATION 's3://b/'")).toMatch(
      /^FAILED: ParseException line 1:43 unknown storage format 'CSVX'/,
    );
    expect(failure("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/")).toMatch(
      /^SYNTAX_ERROR: line 1:42: unterminated string/,
    );
  });
});

describe('other statements', () => {
  it('parses partitions, repair, show and describe', () => {
    const add = parsed(
      "ALTER TABLE db.t ADD IF NOT EXISTS PARTITION (year='2024', month=1) LOCATION 's3://b/x/' PARTITION (year='2025', month=2)",
      'addPartitions',
    );
    expect(add.ifNotExists).toBe(true);
    expect(add.partitions).toEqual([
      { values: { year: '2024', month: '1' }, location: 's3://b/x/', position: 35 },
      { values: { year: '2025', month: '2' }, position: 89 },
    ]);
    expect(parsed('MSCK REPAIR TABLE awsdatacatalog.db.t;', 'msckRepair').table).toMatchObject({
      database: 'db',
      name: 't',
    });
    expect(parsed("SHOW TABLES IN db 'meta*'", 'showTables')).toMatchObject({
      database: 'db',
      pattern: 'meta*',
    });
    expect(parsed('DESCRIBE FORMATTED t', 'describe').table.name).toBe('t');
    expect(parsed('DROP DATABASE IF EXISTS db CASCADE', 'dropDatabase')).toMatchObject({
      name: 'db',
      ifExists: true,
      cascade: true,
    });
  });

  it('splits CTAS into properties and the query, keeping the query’s offset', () => {
    const sql =
      "CREATE TABLE db.summary WITH (format = 'JSON', external_location = 's3://b/s/', partitioned_by = ARRAY['year']) AS SELECT a, year FROM t WITH NO DATA";
    const ctas = parsed(sql, 'createTableAs');
    expect(ctas.properties).toEqual({
      format: 'JSON',
      externalLocation: 's3://b/s/',
      partitionedBy: ['year'],
    });
    expect(ctas.withData).toBe(false);
    expect(ctas.query.text).toBe('SELECT a, year FROM t');
    expect(sql.slice(ctas.query.offset, ctas.query.offset + 6)).toBe('SELECT');
    expect(failure("CREATE TABLE t WITH (format = 'CSV') AS SELECT 1")).toMatch(
      /^SYNTAX_ERROR: line 1:22: unknown format 'CSV': use PARQUET, JSON or TEXTFILE/,
    );
    expect(failure("CREATE TABLE t (a int) LOCATION 's3://b/'")).toMatch(
      /^NOT_SUPPORTED: line 1:16: Only external table creation is supported/,
    );
  });

  it('reads INSERT INTO column lists, queries, and refuses several statements', () => {
    expect(parsed('INSERT INTO t (a, b) SELECT 1, 2', 'insertInto')).toMatchObject({
      columns: ['a', 'b'],
      query: { text: 'SELECT 1, 2' },
    });
    expect(parsed('INSERT INTO t (SELECT 1)', 'insertInto').query.text).toBe('(SELECT 1)');
    expect(parsed('WITH x AS (SELECT 1) SELECT * FROM x', 'query').explain).toBe(false);
    expect(failure('SELECT 1; SELECT 2')).toMatch(
      /^SYNTAX_ERROR: line 1:9: Only one sql statement is allowed/,
    );
    expect(failure('UPDATE t SET a = 1')).toMatch(
      /^NOT_SUPPORTED: line 1:1: 'UPDATE' statements are not supported/,
    );
    expect(failure('   ')).toMatch(/the query is empty/);
  });
});
