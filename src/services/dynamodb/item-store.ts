import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { EncodedKey } from './keys.js';
import type { Item } from './types.js';

/**
 * The SQLite side of the local DynamoDB: one row per item, keyed by table id
 * and the order-preserving encodings of the hash and range keys, so that
 * SQLite's BLOB order (memcmp) is DynamoDB's sort-key order and a Query is an
 * index range scan.
 */

const MIGRATIONS = [
  `CREATE TABLE dynamodb_tables (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL UNIQUE,
     description TEXT NOT NULL
   );
   CREATE TABLE dynamodb_items (
     table_id INTEGER NOT NULL,
     hk BLOB NOT NULL,
     rk BLOB NOT NULL,
     item TEXT NOT NULL,
     size INTEGER NOT NULL,
     PRIMARY KEY (table_id, hk, rk)
   ) WITHOUT ROWID;`,
];

/** Creates or upgrades the DynamoDB tables of the database. */
export function migrateDynamoDb(db: SqliteDatabase): void {
  migrate(db, 'dynamodb', MIGRATIONS);
}

/** A stored row as a range scan yields it. */
export interface StoredRow {
  item: string;
  size: number;
}

/** A bound on the range key of a Query: `rk <op> value`. */
export interface RangeBound {
  op: '=' | '<' | '<=' | '>' | '>=';
  value: Buffer;
}

/** Item reads and writes by encoded key, and ordered range scans. */
export class ItemStore {
  private readonly getStatement;
  private readonly putStatement;
  private readonly deleteStatement;
  private readonly statements = new Map<string, Statement<unknown[], StoredRow & { hk: Buffer }>>();
  private readonly transaction;

  /** Expects the schema of `migrateDynamoDb` to be in place. */
  constructor(private readonly db: SqliteDatabase) {
    this.getStatement = db
      .prepare('SELECT item FROM dynamodb_items WHERE table_id = ? AND hk = ? AND rk = ?')
      .pluck();
    this.putStatement = db.prepare(
      'INSERT OR REPLACE INTO dynamodb_items (table_id, hk, rk, item, size) VALUES (?, ?, ?, ?, ?)',
    );
    this.deleteStatement = db.prepare(
      'DELETE FROM dynamodb_items WHERE table_id = ? AND hk = ? AND rk = ?',
    );
    this.transaction = db.transaction((work: () => unknown) => work());
  }

  /** The item stored under `key`, or undefined. */
  get(tableId: number, key: EncodedKey): Item | undefined {
    const text = this.getStatement.get(tableId, key.hk, key.rk) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as Item);
  }

  /** Stores (or replaces) an item of `size` bytes. */
  put(tableId: number, key: EncodedKey, item: Item, size: number): void {
    this.putStatement.run(tableId, key.hk, key.rk, JSON.stringify(item), size);
  }

  /** Deletes the item under `key` (nothing when there is none). */
  delete(tableId: number, key: EncodedKey): void {
    this.deleteStatement.run(tableId, key.hk, key.rk);
  }

  /**
   * Runs `work` in one write transaction (BEGIN IMMEDIATE), so a
   * read-check-write is atomic also against other processes on the database.
   */
  atomically<T>(work: () => T): T {
    return this.transaction.immediate(work) as T;
  }

  private prepared(sql: string): Statement<unknown[], StoredRow & { hk: Buffer }> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], StoredRow & { hk: Buffer }>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The items of one hash key within the range bounds, in sort-key order (descending when `forward` is false). */
  queryRange(
    tableId: number,
    hk: Buffer,
    bounds: RangeBound[],
    forward: boolean,
  ): IterableIterator<StoredRow> {
    const clauses = bounds.map((b) => `rk ${b.op} ?`).join(' AND ');
    const sql = `SELECT item, size FROM dynamodb_items WHERE table_id = ? AND hk = ?${clauses ? ` AND ${clauses}` : ''} ORDER BY rk ${forward ? 'ASC' : 'DESC'}`;
    return this.prepared(sql).iterate(tableId, hk, ...bounds.map((b) => b.value));
  }

  /** Every item of a table in key order, after `start` when given. */
  scan(
    tableId: number,
    start: EncodedKey | undefined,
  ): IterableIterator<StoredRow & { hk: Buffer }> {
    const sql = `SELECT hk, item, size FROM dynamodb_items WHERE table_id = ?${start ? ' AND (hk, rk) > (?, ?)' : ''} ORDER BY hk, rk`;
    const params = start ? [tableId, start.hk, start.rk] : [tableId];
    return this.prepared(sql).iterate(...params);
  }
}
