import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * DuckDB for the Glue jobs of the model side (evaluation, the summaries):
 * reading every partition's predictions at once and writing Parquet. Each
 * job opens its own connection and closes it. (A Batch job's one partition
 * is read and written in process: ml-partition-io.)
 */

/** A DuckDB connection as the jobs use it. */
export interface JobDuck {
  run(sql: string): Promise<void>;
  /** Rows as plain objects (64-bit integers as numbers; DATE and TIMESTAMP as Dates). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Columns as arrays (same conversions), keyed by column name. */
  columns(sql: string): Promise<Record<string, unknown[]>>;
  /** Creates (or replaces) in-memory table `name` with `columns` and appends their values. */
  load(name: string, columns: readonly LoadColumn[]): Promise<void>;
  close(): void;
}

/** A column to load: its name, type and one value per row (null for NULL). */
export interface LoadColumn {
  name: string;
  type: 'VARCHAR' | 'DOUBLE' | 'BIGINT';
  values: ArrayLike<unknown>;
}

/** A connection of its own (DuckDB's default threads unless given); close it when done. */
export async function openDuck(options: { threads?: number } = {}): Promise<JobDuck> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...(options.threads ? { threads: String(options.threads) } : {}),
  });
  let conn: DuckDBConnection;
  try {
    conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
  } catch (err) {
    instance.closeSync();
    throw err;
  }
  return {
    run: async (sql) => {
      await conn.run(sql);
    },
    rows: (sql) => readRows(conn, sql),
    columns: async (sql) => {
      const reader = await conn.runAndReadAll(sql);
      const out: Record<string, unknown[]> = {};
      const names = reader.columnNames();
      const columns = reader.getColumnsJS() as unknown[][];
      names.forEach((name, i) => {
        const values = columns[i] ?? [];
        for (let r = 0; r < values.length; r++) {
          if (typeof values[r] === 'bigint') values[r] = Number(values[r]);
        }
        out[name] = values;
      });
      return out;
    },
    load: (name, columns) => loadTable(conn, name, columns),
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

async function loadTable(
  conn: DuckDBConnection,
  name: string,
  columns: readonly LoadColumn[],
): Promise<void> {
  const defs = columns.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(', ');
  await conn.run(`CREATE OR REPLACE TABLE ${sqlIdent(name)} (${defs})`);
  const appender = await conn.createAppender(name);
  const rows = columns[0]?.values.length ?? 0;
  for (let r = 0; r < rows; r++) {
    for (const column of columns) {
      const value = column.values[r];
      if (value === null || value === undefined) appender.appendNull();
      else if (column.type === 'VARCHAR')
        appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
      else if (column.type === 'DOUBLE') appender.appendDouble(Number(value));
      else appender.appendBigInt(BigInt(value as number));
    }
    appender.endRow();
  }
  appender.closeSync();
}

async function readRows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  for (const row of rows) {
    for (const key in row) if (typeof row[key] === 'bigint') row[key] = Number(row[key]);
  }
  return rows;
}

/** A SQL identifier in double quotes. */
function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A list of doubles as a DuckDB list literal (`NULL` for non-finite values). */
export function sqlDoubles(values: ArrayLike<number>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    // An exponent makes DuckDB read a DOUBLE; plain `1.25` would be a DECIMAL, rounded on the cast.
    const text = String(v);
    parts[i] = !Number.isFinite(v) ? 'NULL' : text.includes('e') ? text : `${text}e0`;
  }
  return `[${parts.join(',')}]::DOUBLE[]`;
}
