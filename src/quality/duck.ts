import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * The one place data quality touches DuckDB: an in-memory instance per
 * evaluation (or per results read/write), closed afterwards, with rows
 * returned as plain objects (64-bit integers as numbers).
 */

/** An open DuckDB session. */
export interface DuckSession {
  /** Runs a statement that returns nothing of interest. */
  run(sql: string): Promise<void>;
  /** Runs a query and returns its rows. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Closes the connection and the instance. */
  close(): void;
}

/** Opens an in-memory DuckDB (UTC session time zone). */
export async function openDuckSession(): Promise<DuckSession> {
  const instance = await DuckDBInstance.create(':memory:');
  let conn: DuckDBConnection | undefined;
  try {
    conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
  } catch (err) {
    conn?.closeSync();
    instance.closeSync();
    throw err;
  }
  const open = conn;
  return {
    run: async (sql) => {
      await open.run(sql);
    },
    rows: async (sql) => {
      const reader = await open.runAndReadAll(sql);
      return reader.getRowObjectsJS().map(plainRow);
    },
    close: () => {
      open.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs `fn` with a fresh session and closes it afterwards. */
export async function withDuckSession<T>(fn: (session: DuckSession) => Promise<T>): Promise<T> {
  const session = await openDuckSession();
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === 'bigint' ? Number(value) : value;
  }
  return out;
}

/** A SQL identifier in double quotes. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A DuckDB error's message without its JSON wrapping or trailing context lines. */
export function duckMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
