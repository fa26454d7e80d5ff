import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogStore } from './catalog-store.js';
import { CATALOG } from './duck-host.js';
import { quoteIdent, quoteString } from './hive-types.js';
import type { Token } from './sql-lexer.js';
import { isName, isOp } from './sql-lexer.js';
import type { DataFile } from './table-files.js';
import type { SourceContext } from './table-source.js';
import { buildTableSource } from './table-source.js';
import type { ObjectFiles } from './types.js';

/**
 * Keeps DuckDB's views in step with the catalog, per query: the names a
 * query mentions are looked up in the catalog, and each table found gets its
 * view (re)built over the files there now; names of dropped tables lose
 * theirs, so DuckDB reports them missing. Call inside DuckHost.exclusive.
 */

/** A table a query reads. */
export interface TableRef {
  database: string;
  table: string;
}

/** The candidate table names in a query's tokens (`t`, `db.t`, `awsdatacatalog.db.t`). */
export function tableRefs(tokens: readonly Token[], database: string): TableRef[] {
  const refs = new Map<string, TableRef>();
  const add = (db: string, table: string) => {
    const ref = { database: db.toLowerCase(), table: table.toLowerCase() };
    refs.set(`${ref.database}.${ref.table}`, ref);
  };
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isName(tokens[i]) || isOp(tokens[i - 1], '.')) continue;
    const parts = [tokens[i]!.value];
    let j = i + 1;
    while (isOp(tokens[j], '.') && isName(tokens[j + 1])) {
      parts.push(tokens[j + 1]!.value);
      j += 2;
    }
    if (isOp(tokens[j], '(')) continue;
    if (parts.length === 1) add(database, parts[0]!);
    else if (parts.length === 2) add(parts[0]!, parts[1]!);
    else if (parts[0]!.toLowerCase() === CATALOG) add(parts[1]!, parts[2]!);
    else add(parts[0]!, parts[1]!);
  }
  return [...refs.values()];
}

/** Builds and caches views. */
export class ViewManager {
  private readonly views = new Map<string, string>();
  /** Grows whenever a view changes, so what was bound over the old views is known stale. */
  version = 0;
  private readonly schemas = new Set<string>();
  private readonly parquetSchemas = new Map<string, ReadonlySet<string>>();
  private readonly jsonKeySets = new Map<string, ReadonlySet<string>>();
  private readonly context: SourceContext;

  constructor(
    private readonly store: CatalogStore,
    objects: ObjectFiles,
  ) {
    this.context = {
      objects,
      store,
      parquetColumns: () => Promise.resolve(new Set<string>()),
      jsonKeys: () => Promise.resolve(new Set<string>()),
    };
  }

  /**
   * Brings the views of the tables `tokens` may name up to date (unqualified
   * names resolve in `database`). Resolves to the bytes those tables hold.
   */
  async refresh(
    conn: DuckDBConnection,
    tokens: readonly Token[],
    database: string,
  ): Promise<number> {
    const context: SourceContext = {
      ...this.context,
      parquetColumns: (files) => this.parquetColumns(conn, files),
      jsonKeys: (files) => this.jsonKeys(conn, files),
    };
    await this.ensureSchema(conn, database);
    let bytes = 0;
    for (const ref of tableRefs(tokens, database)) {
      if (!this.store.database(ref.database)) {
        if (ref.database !== database && this.schemas.has(ref.database))
          await this.dropSchema(conn, ref.database);
        continue;
      }
      await this.ensureSchema(conn, ref.database);
      const key = `${quoteIdent(ref.database)}.${quoteIdent(ref.table)}`;
      const row = this.store.table(ref.database, ref.table);
      if (!row) {
        if (this.views.delete(key)) {
          await conn.run(`DROP VIEW IF EXISTS ${CATALOG}.${key}`);
          this.version += 1;
        }
        continue;
      }
      const source = await buildTableSource(context, row);
      bytes += source.bytes;
      if (this.views.get(key) === source.sql) continue;
      await conn.run(`CREATE OR REPLACE VIEW ${CATALOG}.${key} AS ${source.sql}`);
      this.version += 1;
      this.views.set(key, source.sql);
    }
    return bytes;
  }

  /** Forgets a database's schema (after DROP DATABASE). */
  async dropSchema(conn: DuckDBConnection, database: string): Promise<void> {
    await conn.run(`DROP SCHEMA IF EXISTS ${CATALOG}.${quoteIdent(database)} CASCADE`);
    this.version += 1;
    this.schemas.delete(database);
    const prefix = `${quoteIdent(database)}.`;
    for (const key of [...this.views.keys()]) if (key.startsWith(prefix)) this.views.delete(key);
  }

  /** Creates the schema of a catalog database when missing. */
  async ensureSchema(conn: DuckDBConnection, database: string): Promise<void> {
    if (this.schemas.has(database)) return;
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${quoteIdent(database)}`);
    this.schemas.add(database);
  }

  private async parquetColumns(
    conn: DuckDBConnection,
    files: readonly DataFile[],
  ): Promise<ReadonlySet<string>> {
    const key = files.map((f) => `${f.path}:${f.size}`).join('\n');
    const known = this.parquetSchemas.get(key);
    if (known) return known;
    const list = `[${files.map((f) => quoteString(f.path)).join(', ')}]`;
    const reader = await conn.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet(${list}, hive_partitioning=false, union_by_name=true)`,
    );
    const names = new Set(reader.getRowsJson().map((r) => `${r[0] as string}`.toLowerCase()));
    if (this.parquetSchemas.size > 1000) this.parquetSchemas.clear();
    this.parquetSchemas.set(key, names);
    return names;
  }

  /** Every key of the JSON objects in `files` (one scan per changed file set, then cached). */
  private async jsonKeys(
    conn: DuckDBConnection,
    files: readonly DataFile[],
  ): Promise<ReadonlySet<string>> {
    const key = files.map((f) => `${f.path}:${f.size}`).join('\n');
    const known = this.jsonKeySets.get(key);
    if (known) return known;
    const list = `[${files.map((f) => quoteString(f.path)).join(', ')}]`;
    const reader = await conn.runAndReadAll(
      `SELECT DISTINCT unnest(json_keys(json)) FROM read_json_objects(${list}, format='newline_delimited', ignore_errors=true)`,
    );
    const keys = new Set(reader.getRowsJson().map((r) => `${r[0] as string}`));
    if (this.jsonKeySets.size > 1000) this.jsonKeySets.clear();
    this.jsonKeySets.set(key, keys);
    return keys;
  }
}
