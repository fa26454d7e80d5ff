import type { Column, TableInput } from './catalog-types.js';
import { Serde } from './ddl-create-table.js';
import type { HiveType } from './hive-types.js';
import { duckdbTypeOf, parseHiveType, quoteString } from './hive-types.js';
import { AthenaErrorType, QueryFailure } from './query-errors.js';

/**
 * How a catalog table's files are read: the format its SerDe and input format
 * name (Parquet, JSON lines, delimited text), the reader options its SerDe
 * properties and TBLPROPERTIES set, and its columns with DuckDB types.
 */

/** A declared column, with its DuckDB type. */
export interface TypedColumn {
  name: string;
  hive: HiveType;
  duck: string;
}

/** How to read the files. */
export type FileFormat =
  | { kind: 'parquet' }
  | { kind: 'json'; keys: Record<string, string>; ignoreErrors: boolean; caseInsensitive: boolean }
  | { kind: 'csv'; options: string };

/** The columns of a list, typed; HIVE_INVALID_METADATA names the table and column otherwise. */
export function typedColumns(columns: Column[] | undefined, table: string): TypedColumn[] {
  return (columns ?? []).map((column) => {
    try {
      const hive = parseHiveType(column.Type ?? 'string');
      return { name: column.Name.toLowerCase(), hive, duck: duckdbTypeOf(hive) };
    } catch (err) {
      throw new QueryFailure(
        `HIVE_INVALID_METADATA: Column '${column.Name}' of table ${table} has type '${column.Type ?? ''}', which is not a Hive type: ${(err as Error).message}. Fix the table definition.`,
        AthenaErrorType.SchemaError,
      );
    }
  });
}

/** The format of a table's files, from its SerDe and input format. */
export function fileFormat(input: TableInput, table: string): FileFormat {
  const sd = input.StorageDescriptor ?? {};
  const serde = sd.SerdeInfo?.SerializationLibrary ?? '';
  const params = sd.SerdeInfo?.Parameters ?? {};
  const inputFormat = sd.InputFormat ?? '';
  if (serde === Serde.Parquet || /parquet/i.test(inputFormat)) return { kind: 'parquet' };
  if (serde === Serde.Json || serde === Serde.HiveJson) {
    const keys: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) {
      if (key.startsWith('mapping.')) keys[key.slice('mapping.'.length).toLowerCase()] = value;
    }
    return {
      kind: 'json',
      keys,
      ignoreErrors: params['ignore.malformed.json'] === 'true',
      caseInsensitive: params['case.insensitive'] !== 'false',
    };
  }
  if (serde === Serde.LazySimple || serde === Serde.OpenCsv) {
    return { kind: 'csv', options: csvOptions(serde, params, input.Parameters ?? {}) };
  }
  throw new QueryFailure(
    `HIVE_UNSUPPORTED_FORMAT: Table ${table} is stored with SerDe '${serde || 'none'}' and input format '${inputFormat || 'none'}', which the embedded Athena cannot read. Use Parquet (STORED AS PARQUET), JSON lines (ROW FORMAT SERDE '${Serde.Json}') or delimited text (ROW FORMAT DELIMITED).`,
    AthenaErrorType.NotSupported,
  );
}

function csvOptions(
  serde: string,
  params: Record<string, string>,
  tableParams: Record<string, string>,
): string {
  const skip = Number(tableParams['skip.header.line.count'] ?? '0');
  const options: string[] = [`header=${skip > 0 ? 'true' : 'false'}`];
  if (skip > 1) options.push(`skip=${skip - 1}`);
  if (serde === Serde.OpenCsv) {
    options.push(`delim=${quoteString(params.separatorChar ?? ',')}`);
    options.push(`quote=${quoteString(params.quoteChar ?? '"')}`);
    options.push(`escape=${quoteString(params.escapeChar ?? '\\')}`);
    return options.join(', ');
  }
  const format = params['field.delim'] ?? params['serialization.format'] ?? '\u0001';
  // LazySimpleSerDe's serialization.format '1' means the default Ctrl-A delimiter.
  const delim = format === '1' ? '\u0001' : format;
  options.push(`delim=${quoteString(delim)}`, "quote=''");
  if (params['escape.delim'] !== undefined)
    options.push(`escape=${quoteString(params['escape.delim'])}`);
  options.push(`nullstr=${quoteString(params['serialization.null.format'] ?? '\\N')}`);
  return options.join(', ');
}
