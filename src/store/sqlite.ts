import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** The one SQLite database of an instance; each embedded service owns its own tables in it. */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating when missing) the database at `file`, or an in-memory one
 * for `:memory:`. WAL mode with synchronous=NORMAL: a committed transaction
 * survives a crash of the process; only a power loss can lose the last ones.
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Brings one owner's tables up to date. `migrations[i]` is the SQL that moves
 * the owner's schema from version i to i+1; each runs once, in a transaction,
 * and the version is kept in `schema_versions`.
 */
export function migrate(db: SqliteDatabase, owner: string, migrations: readonly string[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_versions (owner TEXT PRIMARY KEY, version INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT version FROM schema_versions WHERE owner = ?').get(owner) as
    { version: number } | undefined;
  const current = row?.version ?? 0;
  for (let version = current; version < migrations.length; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version] ?? '');
      db.prepare(
        'INSERT INTO schema_versions (owner, version) VALUES (?, ?) ON CONFLICT(owner) DO UPDATE SET version = excluded.version',
      ).run(owner, version + 1);
    })();
  }
}
