import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBType } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import type { ExecContext, PreparedQuery, ResultColumn, StatementRun } from './exec-context.js';
import { prepareQuery, runWrapped, withRunConnection } from './exec-context.js';
import { quoteIdent, quoteString } from './hive-types.js';
import { tempBeside, writeCsvResult } from './results.js';
import type { SqlFragment } from './statements.js';

/**
 * SELECT (and WITH, VALUES, EXPLAIN): into a result file, the way Athena
 * answers StartQueryExecution — DuckDB writes the CSV itself (`COPY ... TO`),
 * so no row passes through JavaScript — or into rows for the programmatic API.
 */

/** What a SELECT produced. */
export interface SelectOutcome {
  columns: ResultColumn[];
  rowCount: number;
  bytes: number;
  /** Rows as objects (rows mode only). */
  rows?: Record<string, unknown>[];
}

/**
 * The name Athena gives a result column: a column or alias keeps its name
 * (lower case, as Trino folds identifiers), any other expression is
 * `_col<position>` (DuckDB would name it by its text).
 */
export function athenaColumnName(name: string, index: number): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name.toLowerCase() : `_col${index}`;
}

/** Result columns renamed as Athena names them. */
function athenaColumns(columns: readonly ResultColumn[]): ResultColumn[] {
  return columns.map((c, i) => ({ ...c, name: athenaColumnName(c.name, i) }));
}

/** The projection that names each column of `(<sql>)` as it came and prints values as Athena does. */
export function outputProjection(columns: readonly ResultColumn[]): string {
  return columns
    .map((column, i) => `${printed(`#${i + 1}`, column.type)} AS ${quoteIdent(column.name)}`)
    .join(', ');
}

const TIMESTAMPS = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_S,
]);

/** An expression printing `ref` as Trino does: timestamps with milliseconds, rows as `{k=v, ...}`. */
function printed(ref: string, type: DuckDBType): string {
  if (TIMESTAMPS.has(type.typeId)) return `strftime(${ref}, '%Y-%m-%d %H:%M:%S.%g')`;
  if (type.typeId === DuckDBTypeId.TIMESTAMP_TZ)
    return `strftime(${ref}, '%Y-%m-%d %H:%M:%S.%g UTC')`;
  if (type.typeId !== DuckDBTypeId.STRUCT) return ref;
  const fields = type.entryNames.map(
    (name) =>
      `${quoteString(`${name}=`)} || coalesce(CAST(struct_extract(${ref}, ${quoteString(name)}) AS VARCHAR), 'null')`,
  );
  return `CASE WHEN ${ref} IS NULL THEN NULL ELSE '{' || concat_ws(', ', ${fields.join(', ')}) || '}' END`;
}

/** Runs the query and writes its CSV result (header row first) to `file`. */
export async function selectToFile(
  ctx: ExecContext,
  run: StatementRun,
  fragment: SqlFragment,
  file: string,
  explain: boolean,
): Promise<SelectOutcome> {
  if (explain) {
    const outcome = await selectRows(ctx, run, fragment);
    const names = outcome.columns.map((c) => c.name);
    const rows = (outcome.rows ?? []).map((r) => names.map((n) => text(r[n])));
    writeCsvResult(file, [names, ...rows]);
    return outcome;
  }
  return withRunConnection(ctx, run, async (conn) => {
    const query = await prepareQuery(ctx, run, conn, fragment);
    mkdirSync(dirname(file), { recursive: true });
    const temp = tempBeside(file);
    const columns = athenaColumns(query.columns);
    const prefix = `COPY (SELECT ${outputProjection(columns)} FROM (\n`;
    const sql = `${prefix}${query.translated.sql}\n) AS q) TO ${quoteString(temp)} (FORMAT csv, HEADER true, FORCE_QUOTE *)`;
    try {
      const result = await runWrapped(run, query, prefix.length, () => conn.run(sql));
      renameSync(temp, file);
      return { columns, rowCount: Number(result.rowsChanged), bytes: query.bytes };
    } finally {
      rmSync(temp, { force: true });
    }
  });
}

/** Runs the query and returns its rows as objects with JSON-friendly values. */
export async function selectRows(
  ctx: ExecContext,
  run: StatementRun,
  fragment: SqlFragment,
): Promise<SelectOutcome> {
  return withRunConnection(ctx, run, async (conn) => {
    const query: PreparedQuery = await prepareQuery(ctx, run, conn, fragment, false);
    const reader = await runWrapped(run, query, 0, () => conn.runAndReadAll(query.translated.sql));
    const types = reader.columnTypes();
    const columns = athenaColumns(
      reader.columnNames().map((name, i) => ({ name, type: types[i]! })),
    );
    const converters = columns.map((c) => converterOf(c.type));
    const rows = reader.getRowsJson().map((row) => {
      const out: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        out[column.name] = converters[i]!(row[i] ?? null);
      });
      return out;
    });
    return { columns, rowCount: rows.length, bytes: query.bytes, rows };
  });
}

const NUMERIC_STRINGS = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/** DuckDB's JSON form keeps 64-bit integers and decimals as strings; numbers are friendlier when exact. */
function converterOf(type: DuckDBType): (value: unknown) => unknown {
  if (!NUMERIC_STRINGS.has(type.typeId)) return (value) => value;
  return (value) => {
    if (typeof value !== 'string') return value;
    const number = Number(value);
    const exact =
      type.typeId === DuckDBTypeId.DECIMAL ? Number.isFinite(number) : Number.isSafeInteger(number);
    return exact ? number : value;
  };
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
