import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * DuckDB for the orchestration jobs: an in-memory instance per use (UTC),
 * rows as plain objects with 64-bit integers as numbers, and SQL quoting.
 */

/** An open DuckDB connection. */
export interface Duck {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** Runs `fn` with a fresh in-memory DuckDB and closes it afterwards. */
export async function withDuck<T>(fn: (duck: Duck) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  let conn: DuckDBConnection | undefined;
  try {
    conn = await instance.connect();
    const open = conn;
    await open.run("SET TimeZone = 'UTC'");
    return await fn({
      run: async (sql) => {
        await open.run(sql);
      },
      rows: async (sql) => {
        const reader = await open.runAndReadAll(sql);
        return reader.getRowObjectsJS().map((row) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
          return out;
        });
      },
    });
  } finally {
    conn?.closeSync();
    instance.closeSync();
  }
}

/** A SQL identifier in double quotes. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function lit(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The DuckDB reader of every Parquet file under a local folder (any layout;
 * Hive `key=value` folders become columns; `_`/`.` files are not data).
 */
export function parquetReader(folder: string): string {
  const glob = `${folder.replace(/\/+$/, '')}/**/*.parquet`;
  return `read_parquet(${lit(glob)}, hive_partitioning = true, union_by_name = true)`;
}
