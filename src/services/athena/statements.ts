import type { DatabaseInput, TableInput } from './catalog-types.js';

/**
 * The statements the embedded Athena understands, as the parser hands them
 * to the executor. Hive DDL is parsed here completely; SELECT-like text is
 * kept as a fragment of the original for DuckDB, with its offset so error
 * positions still point into what the user wrote.
 */

/** A piece of the statement's text and where it starts in the statement. */
export interface SqlFragment {
  text: string;
  offset: number;
}

/** `[db.]name` as written (db undefined when unqualified). */
export interface TableName {
  database?: string;
  name: string;
  /** Offset of the name in the statement, for error positions. */
  position: number;
}

/** `PARTITION (k = 'v', ...) [LOCATION '...']`. */
export interface PartitionSpec {
  values: Record<string, string>;
  location?: string;
  position: number;
}

/** CTAS `WITH (...)` properties Athena defines. */
export interface CtasProperties {
  /** PARQUET (default), JSON, TEXTFILE; ORC and AVRO are refused. */
  format: string;
  externalLocation?: string;
  partitionedBy: string[];
  fieldDelimiter?: string;
  writeCompression?: string;
}

/** A parsed statement. */
export type Statement =
  | { kind: 'createDatabase'; ifNotExists: boolean; input: DatabaseInput }
  | { kind: 'dropDatabase'; name: string; ifExists: boolean; cascade: boolean }
  | { kind: 'createTable'; table: TableName; ifNotExists: boolean; input: TableInput }
  | {
      kind: 'createTableAs';
      table: TableName;
      ifNotExists: boolean;
      properties: CtasProperties;
      query: SqlFragment;
      withData: boolean;
    }
  | { kind: 'insertInto'; table: TableName; columns?: string[]; query: SqlFragment }
  | { kind: 'dropTable'; table: TableName; ifExists: boolean }
  | { kind: 'showDatabases'; pattern?: string }
  | { kind: 'showTables'; database?: string; pattern?: string }
  | { kind: 'showPartitions'; table: TableName }
  | { kind: 'showColumns'; table: TableName }
  | { kind: 'showCreateTable'; table: TableName }
  | { kind: 'describe'; table: TableName }
  | { kind: 'msckRepair'; table: TableName }
  | { kind: 'addPartitions'; table: TableName; ifNotExists: boolean; partitions: PartitionSpec[] }
  | { kind: 'dropPartitions'; table: TableName; ifExists: boolean; partitions: PartitionSpec[] }
  | { kind: 'setLocation'; table: TableName; location: string }
  | { kind: 'setProperties'; table: TableName; properties: Record<string, string> }
  | { kind: 'query'; query: SqlFragment; explain: boolean };

/** The statement kinds. */
export type StatementKind = Statement['kind'];

/** Athena's StatementType and SubstatementType of each kind. */
export const STATEMENT_TYPES: Readonly<Record<StatementKind, ['DDL' | 'DML' | 'UTILITY', string]>> =
  {
    createDatabase: ['DDL', 'CREATE_DATABASE'],
    dropDatabase: ['DDL', 'DROP_DATABASE'],
    createTable: ['DDL', 'CREATE_TABLE'],
    createTableAs: ['DDL', 'CREATE_TABLE_AS_SELECT'],
    insertInto: ['DML', 'INSERT'],
    dropTable: ['DDL', 'DROP_TABLE'],
    showDatabases: ['UTILITY', 'SHOW_DATABASES'],
    showTables: ['UTILITY', 'SHOW_TABLES'],
    showPartitions: ['UTILITY', 'SHOW_PARTITIONS'],
    showColumns: ['UTILITY', 'SHOW_COLUMNS'],
    showCreateTable: ['UTILITY', 'SHOW_CREATE_TABLE'],
    describe: ['UTILITY', 'DESCRIBE_TABLE'],
    msckRepair: ['DDL', 'MSCK_REPAIR_TABLE'],
    addPartitions: ['DDL', 'ALTER_TABLE_ADD_PARTITION'],
    dropPartitions: ['DDL', 'ALTER_TABLE_DROP_PARTITION'],
    setLocation: ['DDL', 'ALTER_TABLE_SET_LOCATION'],
    setProperties: ['DDL', 'ALTER_TABLE_SET_TBLPROPERTIES'],
    query: ['DML', 'SELECT'],
  };
