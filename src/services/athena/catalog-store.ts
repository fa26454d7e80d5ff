import { ModelmillError } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type {
  DatabaseInput,
  PartitionInput,
  StorageDescriptor,
  TableInput,
} from './catalog-types.js';

/**
 * The catalog's rows in the instance's SQLite database (owner `athena`):
 * databases, tables and partitions kept as Glue's input documents, plus the
 * query executions (see query-store.ts). Names are stored lower case, as
 * Glue stores them.
 */

const MIGRATIONS = [
  `CREATE TABLE athena_databases (
     name TEXT PRIMARY KEY, body TEXT NOT NULL, created INTEGER NOT NULL);
   CREATE TABLE athena_tables (
     database TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
     created INTEGER NOT NULL, updated INTEGER NOT NULL, version INTEGER NOT NULL,
     PRIMARY KEY (database, name));
   CREATE TABLE athena_partitions (
     database TEXT NOT NULL, tbl TEXT NOT NULL, vals TEXT NOT NULL, body TEXT NOT NULL,
     created INTEGER NOT NULL, PRIMARY KEY (database, tbl, vals));
   CREATE TABLE athena_queries (
     id TEXT PRIMARY KEY, seq INTEGER NOT NULL, workgroup TEXT NOT NULL, client_token TEXT,
     body TEXT NOT NULL, state TEXT NOT NULL);
   CREATE INDEX athena_queries_by_workgroup ON athena_queries (workgroup, seq);
   CREATE UNIQUE INDEX athena_queries_by_token ON athena_queries (workgroup, client_token);`,
];

/** Creates or upgrades the athena tables. */
export function migrateAthena(db: SqliteDatabase): void {
  migrate(db, 'athena', MIGRATIONS);
}

/** A stored database. */
export interface DatabaseRow {
  input: DatabaseInput;
  created: number;
}

/** A stored table. */
export interface TableRow {
  database: string;
  input: TableInput;
  created: number;
  updated: number;
  version: number;
}

/** A stored partition. */
export interface PartitionRow {
  values: string[];
  input: PartitionInput & { StorageDescriptor: StorageDescriptor };
  created: number;
}

/** The name Glue stores: lower case. */
export function catalogName(name: string): string {
  return name.toLowerCase();
}

/** Synchronous access to the catalog rows. */
export class CatalogStore {
  constructor(private readonly db: SqliteDatabase) {
    migrateAthena(db);
  }

  database(name: string): DatabaseRow | undefined {
    const row = this.db
      .prepare('SELECT body, created FROM athena_databases WHERE name = ?')
      .get(catalogName(name)) as { body: string; created: number } | undefined;
    return row && { input: JSON.parse(row.body) as DatabaseInput, created: row.created };
  }

  /** The database, or EntityNotFoundException naming it. */
  requireDatabase(name: string): DatabaseRow {
    const row = this.database(name);
    if (!row) {
      throw new ModelmillError(
        'EntityNotFoundException',
        `Database ${catalogName(name)} not found. Create it first (CREATE DATABASE ${catalogName(name)}, or Glue CreateDatabase).`,
      );
    }
    return row;
  }

  databases(): DatabaseRow[] {
    const rows = this.db
      .prepare('SELECT body, created FROM athena_databases ORDER BY name')
      .all() as { body: string; created: number }[];
    return rows.map((r) => ({ input: JSON.parse(r.body) as DatabaseInput, created: r.created }));
  }

  /** Inserts; false when the name is taken. */
  insertDatabase(input: DatabaseInput, now: number): boolean {
    const result = this.db
      .prepare(
        'INSERT INTO athena_databases (name, body, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(catalogName(input.Name), JSON.stringify(input), now);
    return result.changes > 0;
  }

  /** Removes the database with its tables and partitions. */
  deleteDatabase(name: string): void {
    const key = catalogName(name);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM athena_partitions WHERE database = ?').run(key);
      this.db.prepare('DELETE FROM athena_tables WHERE database = ?').run(key);
      this.db.prepare('DELETE FROM athena_databases WHERE name = ?').run(key);
    })();
  }

  table(database: string, name: string): TableRow | undefined {
    const row = this.db
      .prepare(
        'SELECT body, created, updated, version FROM athena_tables WHERE database = ? AND name = ?',
      )
      .get(catalogName(database), catalogName(name)) as
      { body: string; created: number; updated: number; version: number } | undefined;
    return row && toTableRow(catalogName(database), row);
  }

  /** The table, or EntityNotFoundException naming it and its database. */
  requireTable(database: string, name: string): TableRow {
    this.requireDatabase(database);
    const row = this.table(database, name);
    if (!row) {
      throw new ModelmillError(
        'EntityNotFoundException',
        `Table ${catalogName(name)} not found in database ${catalogName(database)}. Create it (CREATE EXTERNAL TABLE, or Glue CreateTable) or check the name.`,
      );
    }
    return row;
  }

  tables(database: string): TableRow[] {
    const rows = this.db
      .prepare(
        'SELECT name, body, created, updated, version FROM athena_tables WHERE database = ? ORDER BY name',
      )
      .all(catalogName(database)) as {
      body: string;
      created: number;
      updated: number;
      version: number;
    }[];
    return rows.map((r) => toTableRow(catalogName(database), r));
  }

  /** Inserts; false when the name is taken. */
  insertTable(database: string, input: TableInput, now: number): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO athena_tables (database, name, body, created, updated, version)
         VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`,
      )
      .run(catalogName(database), catalogName(input.Name), JSON.stringify(input), now, now);
    return result.changes > 0;
  }

  /** Replaces an existing table's definition. */
  replaceTable(database: string, input: TableInput, now: number): void {
    this.db
      .prepare(
        `UPDATE athena_tables SET body = ?, updated = ?, version = version + 1
         WHERE database = ? AND name = ?`,
      )
      .run(JSON.stringify(input), now, catalogName(database), catalogName(input.Name));
  }

  /** Removes the table and its partitions. */
  deleteTable(database: string, name: string): void {
    const [d, t] = [catalogName(database), catalogName(name)];
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM athena_partitions WHERE database = ? AND tbl = ?').run(d, t);
      this.db.prepare('DELETE FROM athena_tables WHERE database = ? AND name = ?').run(d, t);
    })();
  }

  partitions(database: string, table: string): PartitionRow[] {
    const rows = this.db
      .prepare(
        'SELECT vals, body, created FROM athena_partitions WHERE database = ? AND tbl = ? ORDER BY vals',
      )
      .all(catalogName(database), catalogName(table)) as {
      vals: string;
      body: string;
      created: number;
    }[];
    return rows.map(toPartitionRow);
  }

  partition(database: string, table: string, values: string[]): PartitionRow | undefined {
    const row = this.db
      .prepare(
        'SELECT vals, body, created FROM athena_partitions WHERE database = ? AND tbl = ? AND vals = ?',
      )
      .get(catalogName(database), catalogName(table), JSON.stringify(values)) as
      { vals: string; body: string; created: number } | undefined;
    return row && toPartitionRow(row);
  }

  /** Inserts; false when a partition with these values exists. */
  insertPartition(
    database: string,
    table: string,
    input: PartitionRow['input'],
    now: number,
  ): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO athena_partitions (database, tbl, vals, body, created)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        catalogName(database),
        catalogName(table),
        JSON.stringify(input.Values),
        JSON.stringify(input),
        now,
      );
    return result.changes > 0;
  }

  /** Removes one partition; false when there was none. */
  deletePartition(database: string, table: string, values: string[]): boolean {
    const result = this.db
      .prepare('DELETE FROM athena_partitions WHERE database = ? AND tbl = ? AND vals = ?')
      .run(catalogName(database), catalogName(table), JSON.stringify(values));
    return result.changes > 0;
  }

  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

function toTableRow(
  database: string,
  row: { body: string; created: number; updated: number; version: number },
): TableRow {
  return {
    database,
    input: JSON.parse(row.body) as TableInput,
    created: row.created,
    updated: row.updated,
    version: row.version,
  };
}

function toPartitionRow(row: { vals: string; body: string; created: number }): PartitionRow {
  return {
    values: JSON.parse(row.vals) as string[],
    input: JSON.parse(row.body) as PartitionRow['input'],
    created: row.created,
  };
}
