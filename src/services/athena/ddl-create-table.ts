import type { Column, StorageDescriptor, TableInput } from './catalog-types.js';
import { withSlash } from './partition-paths.js';
import { readProperties, readTableName } from './ddl-names.js';
import { formatHiveType, readHiveType } from './hive-types.js';
import type { Statement } from './statements.js';
import type { Cursor } from './sql-cursor.js';
import { isOp } from './sql-lexer.js';

/**
 * `CREATE EXTERNAL TABLE [IF NOT EXISTS] [db.]t (col type [COMMENT '...'], ...)
 * [COMMENT '...'] [PARTITIONED BY (...)] [CLUSTERED BY (...) INTO n BUCKETS]
 * [ROW FORMAT SERDE '...' [WITH SERDEPROPERTIES (...)] | ROW FORMAT DELIMITED ...]
 * [STORED AS fmt | STORED AS INPUTFORMAT '...' OUTPUTFORMAT '...']
 * [LOCATION 's3://...'] [TBLPROPERTIES (...)]` → the Glue TableInput Athena writes.
 */

/** Well-known SerDe and format class names. */
export const Serde = {
  Json: 'org.openx.data.jsonserde.JsonSerDe',
  HiveJson: 'org.apache.hive.hcatalog.data.JsonSerDe',
  Parquet: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  LazySimple: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
  OpenCsv: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
  Orc: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  Avro: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
} as const;

const TEXT_FORMATS = {
  InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
};

/** What `STORED AS <name>` means: input/output formats and the default SerDe. */
export const STORED_AS: Readonly<
  Record<string, { InputFormat: string; OutputFormat: string; serde: string }>
> = {
  PARQUET: {
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: Serde.Parquet,
  },
  TEXTFILE: { ...TEXT_FORMATS, serde: Serde.LazySimple },
  ORC: {
    InputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
    serde: Serde.Orc,
  },
  AVRO: {
    InputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
    serde: Serde.Avro,
  },
};

interface Clauses {
  comment?: string;
  partitionKeys: Column[];
  bucketColumns: string[];
  buckets: number;
  serde?: string;
  serdeParameters: Record<string, string>;
  formats?: { InputFormat: string; OutputFormat: string };
  storedAsSerde?: string;
  location?: string;
  properties: Record<string, string>;
}

/** After `CREATE EXTERNAL TABLE`. */
export function readCreateExternalTable(cursor: Cursor): Statement {
  const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
  const table = readTableName(cursor);
  const columns = isOp(cursor.peek(), '(') ? readColumns(cursor, 'column') : [];
  const clauses = readClauses(cursor);
  return {
    kind: 'createTable',
    table,
    ifNotExists,
    input: tableInput(table.name, columns, clauses),
  };
}

/** `(name type [COMMENT '...'], ...)`. */
export function readColumns(cursor: Cursor, what: string): Column[] {
  cursor.expectOp('(', ` to open the ${what} list`);
  const columns: Column[] = [];
  do {
    const name = cursor.expectName(`a ${what} name`).toLowerCase();
    const type = formatHiveType(readHiveType(cursor));
    const comment = cursor.acceptWords('COMMENT')
      ? cursor.expectString('the comment', true)
      : undefined;
    columns.push(
      comment === undefined
        ? { Name: name, Type: type }
        : { Name: name, Type: type, Comment: comment },
    );
  } while (cursor.acceptOp(','));
  cursor.expectOp(')', ` to close the ${what} list (or ',' before the next ${what})`);
  return columns;
}

function readClauses(cursor: Cursor): Clauses {
  const clauses: Clauses = {
    partitionKeys: [],
    bucketColumns: [],
    buckets: 0,
    serdeParameters: {},
    properties: {},
  };
  while (!cursor.atEnd()) {
    if (cursor.acceptWords('COMMENT')) clauses.comment = cursor.expectString('the comment', true);
    else if (cursor.acceptWords('PARTITIONED', 'BY'))
      clauses.partitionKeys = readColumns(cursor, 'partition column');
    else if (cursor.acceptWords('CLUSTERED', 'BY')) readClustered(cursor, clauses);
    else if (cursor.acceptWords('ROW', 'FORMAT')) readRowFormat(cursor, clauses);
    else if (cursor.acceptWords('STORED', 'AS')) readStoredAs(cursor, clauses);
    else if (cursor.acceptWords('WITH', 'SERDEPROPERTIES'))
      Object.assign(clauses.serdeParameters, readProperties(cursor));
    else if (cursor.acceptWords('LOCATION'))
      clauses.location = cursor.expectString('the location', true);
    else if (cursor.acceptWords('TBLPROPERTIES')) clauses.properties = readProperties(cursor);
    else
      cursor.fail(
        'expected COMMENT, PARTITIONED BY, CLUSTERED BY, ROW FORMAT, STORED AS, LOCATION, TBLPROPERTIES or the end of the statement',
      );
  }
  return clauses;
}

function readClustered(cursor: Cursor, clauses: Clauses): void {
  cursor.expectOp('(');
  do clauses.bucketColumns.push(cursor.expectName('a bucket column').toLowerCase());
  while (cursor.acceptOp(','));
  cursor.expectOp(')');
  cursor.expectWords('INTO');
  clauses.buckets = cursor.expectInteger('the number of buckets');
  cursor.expectWords('BUCKETS');
}

function readRowFormat(cursor: Cursor, clauses: Clauses): void {
  if (cursor.acceptWords('SERDE')) {
    clauses.serde = cursor.expectString('the SerDe class name', true);
    if (cursor.acceptWords('WITH', 'SERDEPROPERTIES')) {
      Object.assign(clauses.serdeParameters, readProperties(cursor));
    }
    return;
  }
  cursor.expectWords('DELIMITED');
  clauses.serde = Serde.LazySimple;
  const params = clauses.serdeParameters;
  for (;;) {
    if (cursor.acceptWords('FIELDS', 'TERMINATED', 'BY')) {
      const delim = cursor.expectString('the field delimiter', true);
      params['field.delim'] = delim;
      params['serialization.format'] = delim;
      if (cursor.acceptWords('ESCAPED', 'BY'))
        params['escape.delim'] = cursor.expectString('the escape character', true);
    } else if (cursor.acceptWords('COLLECTION', 'ITEMS', 'TERMINATED', 'BY')) {
      params['collection.delim'] = cursor.expectString('the collection delimiter', true);
    } else if (cursor.acceptWords('MAP', 'KEYS', 'TERMINATED', 'BY')) {
      params['mapkey.delim'] = cursor.expectString('the map key delimiter', true);
    } else if (cursor.acceptWords('LINES', 'TERMINATED', 'BY')) {
      params['line.delim'] = cursor.expectString('the line delimiter', true);
    } else if (cursor.acceptWords('NULL', 'DEFINED', 'AS')) {
      params['serialization.null.format'] = cursor.expectString('the null marker', true);
    } else return;
  }
}

function readStoredAs(cursor: Cursor, clauses: Clauses): void {
  if (cursor.acceptWords('INPUTFORMAT')) {
    const InputFormat = cursor.expectString('the input format class', true);
    cursor.expectWords('OUTPUTFORMAT');
    const OutputFormat = cursor.expectString('the output format class', true);
    clauses.formats = { InputFormat, OutputFormat };
    return;
  }
  const token = cursor.peek();
  const name = cursor.expectName('a storage format (PARQUET, TEXTFILE, ORC, AVRO)').toUpperCase();
  const known = STORED_AS[name];
  if (!known)
    cursor.error(`unknown storage format '${name}': use PARQUET, TEXTFILE, ORC or AVRO`, token);
  clauses.formats = { InputFormat: known.InputFormat, OutputFormat: known.OutputFormat };
  clauses.storedAsSerde = known.serde;
}

function tableInput(name: string, columns: Column[], clauses: Clauses): TableInput {
  const serde = clauses.serde ?? clauses.storedAsSerde ?? Serde.LazySimple;
  const serdeParameters = { ...clauses.serdeParameters };
  if (
    serde === Serde.LazySimple &&
    serdeParameters['field.delim'] === undefined &&
    !clauses.serde
  ) {
    serdeParameters['serialization.format'] = '1';
  }
  const descriptor: StorageDescriptor = {
    Columns: columns,
    ...(clauses.location === undefined ? {} : { Location: clauses.location }),
    ...(clauses.formats ?? TEXT_FORMATS),
    Compressed: false,
    NumberOfBuckets: clauses.buckets > 0 ? clauses.buckets : -1,
    SerdeInfo: { SerializationLibrary: serde, Parameters: serdeParameters },
    BucketColumns: clauses.bucketColumns,
    SortColumns: [],
    Parameters: {},
    StoredAsSubDirectories: false,
  };
  return {
    Name: name,
    ...(clauses.comment === undefined ? {} : { Description: clauses.comment }),
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', ...clauses.properties },
    PartitionKeys: clauses.partitionKeys,
    StorageDescriptor: descriptor,
  };
}

/** The TableInput of a table CTAS wrote (Parquet, JSON lines or delimited text). */
export function writtenTableInput(
  name: string,
  location: string,
  format: 'parquet' | 'json' | 'csv',
  delimiter: string,
  columns: Column[],
  keys: Column[],
): TableInput {
  const stored = format === 'parquet' ? STORED_AS.PARQUET! : STORED_AS.TEXTFILE!;
  const serde =
    format === 'parquet' ? Serde.Parquet : format === 'json' ? Serde.Json : Serde.LazySimple;
  const params =
    format === 'csv' ? { 'field.delim': delimiter, 'serialization.format': delimiter } : {};
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', has_encrypted_data: 'false', classification: format },
    PartitionKeys: keys,
    StorageDescriptor: {
      Columns: columns,
      Location: withSlash(location),
      InputFormat: stored.InputFormat,
      OutputFormat: stored.OutputFormat,
      Compressed: false,
      NumberOfBuckets: -1,
      SerdeInfo: { SerializationLibrary: serde, Parameters: params },
      BucketColumns: [],
      SortColumns: [],
      Parameters: {},
      StoredAsSubDirectories: false,
    },
  };
}
