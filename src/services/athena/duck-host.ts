import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteIdent } from './hive-types.js';
import { TRINO_MACROS } from './trino.js';

/**
 * The one DuckDB instance of an embedded Athena: in memory, with the Glue
 * databases as schemas of an attached catalog named `awsdatacatalog` (so
 * `db.t` and `awsdatacatalog.db.t` both resolve) and the Trino macros in
 * `memory.main`. Connections are pooled; changes to views and schemas go
 * through `exclusive` so two queries never race on the DuckDB catalog.
 */

/** The DuckDB catalog holding one schema per Glue database. */
export const CATALOG = 'awsdatacatalog';

/** Options of the DuckDB host. */
export interface DuckHostOptions {
  /** DuckDB worker threads. Default: DuckDB's (one per core). */
  threads?: number;
  /** DuckDB memory limit, e.g. `4GB`. Default: DuckDB's (80% of RAM). */
  memoryLimit?: string;
}

/** Access to the shared DuckDB instance. */
export interface DuckHost {
  /** Runs `fn` with a pooled connection whose unqualified names resolve in `database`. */
  withConnection<T>(database: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Runs `fn` alone among exclusive sections (catalog changes: schemas and views). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Closes every connection and the instance. */
  close(): void;
}

const MAX_IDLE = 8;

/** Points unqualified names at `database`'s schema, creating the schema when DuckDB lacks it. */
async function useDatabase(conn: DuckDBConnection, database: string): Promise<void> {
  const schema = `${CATALOG}.${quoteIdent(database)}`;
  const set = `SET search_path = '${schema.replace(/'/g, "''")},memory.main'`;
  try {
    await conn.run(set);
  } catch {
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await conn.run(set);
  }
}

/** Opens the in-memory DuckDB with the catalog and macros in place. */
export async function openDuckHost(options: DuckHostOptions = {}): Promise<DuckHost> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const setup = await instance.connect();
  await setup.run(`ATTACH ':memory:' AS ${CATALOG}`);
  await setup.run('SET parquet_metadata_cache = true');
  for (const macro of TRINO_MACROS)
    await setup.run(`${macro.replace('MACRO ', 'MACRO memory.main.')}`);
  setup.closeSync();

  const idle: DuckDBConnection[] = [];
  const all = new Set<DuckDBConnection>();
  // The database each pooled connection's search path points at (saves a SET per use).
  const current = new WeakMap<DuckDBConnection, string>();
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function open(): Promise<DuckDBConnection> {
    const conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
    await conn.run('SET integer_division = true');
    await conn.run('SET errors_as_json = true');
    all.add(conn);
    return conn;
  }

  return {
    async withConnection(database, fn) {
      if (closed) throw new Error('the Athena DuckDB host is closed');
      const conn = idle.pop() ?? (await open());
      try {
        if (current.get(conn) !== database) {
          await useDatabase(conn, database);
          current.set(conn, database);
        }
        return await fn(conn);
      } finally {
        if (idle.length < MAX_IDLE && !closed) idle.push(conn);
        else {
          all.delete(conn);
          conn.closeSync();
        }
      }
    },
    exclusive(fn) {
      const run = chain.then(fn, fn);
      chain = run.catch(() => undefined);
      return run;
    },
    close() {
      closed = true;
      for (const conn of all) conn.closeSync();
      all.clear();
      idle.length = 0;
      instance.closeSync();
    },
  };
}

/** A host that opens DuckDB on first use (so services can be built synchronously). */
export function createLazyDuckHost(options: DuckHostOptions = {}): DuckHost {
  let opened: Promise<DuckHost> | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const host = () => (opened ??= openDuckHost(options));
  return {
    async withConnection(database, fn) {
      return (await host()).withConnection(database, fn);
    },
    exclusive(fn) {
      const run = chain.then(fn, fn);
      chain = run.catch(() => undefined);
      return run;
    },
    close() {
      if (!opened) return;
      void opened.then(
        (h) => h.close(),
        () => undefined,
      );
      opened = undefined;
    },
  };
}
