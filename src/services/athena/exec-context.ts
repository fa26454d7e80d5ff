import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import type { Clock } from '../../core/index.js';
import type { CatalogStore } from './catalog-store.js';
import type { DuckHost } from './duck-host.js';
import { duckFailure } from './duck-errors.js';
import type { TranslatedSql } from './trino.js';
import { translateTrino } from './trino.js';
import type { SqlFragment } from './statements.js';
import type { ObjectFiles } from './types.js';
import type { ViewManager } from './views.js';

/**
 * What statement executors share: the DuckDB host, the catalog, the views,
 * the object files, and one statement's run (its text, database, parameters,
 * where results go, and the signal that cancels it).
 */

/** The service-wide parts. */
export interface ExecContext {
  host: DuckHost;
  store: CatalogStore;
  views: ViewManager;
  objects: ObjectFiles;
  clock: Clock;
}

/** One statement being run. */
export interface StatementRun {
  /** The statement as written. */
  statement: string;
  /** Unqualified names resolve here. */
  database: string;
  /** Values for `?` placeholders. */
  parameters: readonly string[];
  /** Used in file names CTAS / INSERT write. */
  queryId: string;
  /** The query's output folder URI (`s3://bucket/prefix/`), when it has one (CTAS default location). */
  outputLocation?: string;
  /** Aborts the DuckDB work. */
  signal?: AbortSignal;
}

/** A result column as DuckDB typed it. */
export interface ResultColumn {
  name: string;
  type: DuckDBType;
}

/** A translated query whose views are ready. */
export interface PreparedQuery {
  translated: TranslatedSql;
  columns: ResultColumn[];
  /** Bytes in the files of the tables the query reads. */
  bytes: number;
}

/** Result columns of recently bound queries, per view manager, by views version, database and SQL. */
const boundColumns = new WeakMap<object, Map<string, ResultColumn[]>>();

/**
 * Translates `fragment` and refreshes the views it reads. With `bind`, also
 * binds it on `conn` for its result columns without running it (remembered
 * while the views stay the same, so a repeated query binds once).
 * Throws QueryFailure.
 */
export async function prepareQuery(
  ctx: ExecContext,
  run: StatementRun,
  conn: DuckDBConnection,
  fragment: SqlFragment,
  bind = true,
): Promise<PreparedQuery> {
  const translated = translateTrino(fragment.text, fragment.offset, run.statement, run.parameters);
  const bytes = await ctx.host.exclusive(() =>
    ctx.views.refresh(conn, translated.tokens, run.database),
  );
  if (!bind) return { translated, columns: [], bytes };
  let bound = boundColumns.get(ctx.views);
  if (!bound) boundColumns.set(ctx.views, (bound = new Map()));
  const key = `${ctx.views.version}\n${run.database}\n${translated.sql}`;
  const known = bound.get(key);
  if (known) return { translated, columns: known, bytes };
  try {
    const prepared = await conn.prepare(translated.sql);
    const columns: ResultColumn[] = [];
    for (let i = 0; i < prepared.columnCount; i += 1) {
      columns.push({ name: prepared.columnName(i), type: prepared.columnType(i) });
    }
    prepared.destroySync();
    if (bound.size >= 256) bound.clear();
    bound.set(key, columns);
    return { translated, columns, bytes };
  } catch (err) {
    throw duckFailure(err, {
      statement: run.statement,
      toOriginal: (offset) => translated.toOriginal(offset),
      database: run.database,
    });
  }
}

/**
 * Runs `fn` with a connection for `run`, interrupting DuckDB when the run's
 * signal aborts; DuckDB errors become QueryFailures (positions mapped through
 * `toOriginal` when given, shifted by `prefix` characters of wrapper text).
 */
export async function withRunConnection<T>(
  ctx: ExecContext,
  run: StatementRun,
  fn: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  return ctx.host.withConnection(run.database, async (conn) => {
    // DuckDB forgets an interrupt that lands between statements, so keep interrupting until the work ends.
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      conn.interrupt();
      timer ??= setInterval(() => conn.interrupt(), 50);
    };
    run.signal?.throwIfAborted();
    run.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await fn(conn);
    } finally {
      run.signal?.removeEventListener('abort', onAbort);
      if (timer) clearInterval(timer);
    }
  });
}

/** Runs wrapped SQL, mapping error positions inside the user's part back to the statement. */
export async function runWrapped<T>(
  run: StatementRun,
  query: PreparedQuery,
  prefix: number,
  work: () => Promise<T>,
): Promise<T> {
  try {
    run.signal?.throwIfAborted();
    return await work();
  } catch (err) {
    if (run.signal?.aborted) throw err;
    throw duckFailure(err, {
      statement: run.statement,
      toOriginal: (offset) => query.translated.toOriginal(Math.max(0, offset - prefix)),
      database: run.database,
    });
  }
}
