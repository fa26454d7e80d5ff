import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import { tableNotFound } from './catalog.js';
import type { EncodedKey, TableSchema } from './keys.js';
import type { Item } from './types.js';

/**
 * The SQLite side of the local DynamoDB: one row per item, keyed by table id
 * and the order-preserving encodings of the hash and range keys, so that
 * SQLite's BLOB order (memcmp) is DynamoDB's sort-key order and a Query is an
 * index range scan. Statements find the table id by name in the same
 * statement, so a table deleted or re-created by another process is never
 * read or written through a stale id.
 */

const TABLE_ID = 'table_id = (SELECT id FROM dynamodb_tables WHERE name = ?)';
/** Pages up to this many rows are read at once; larger ones row by row (a page stops at 1 MB). */
const READ_AT_ONCE = 100;

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
  private readonly tableStatement;
  private readonly statements = new Map<string, Statement<unknown[], StoredRow & { hk: Buffer }>>();
  private readonly transaction;

  /**
   * Expects the schema of `migrateDynamoDb` to be in place; `forget` drops a
   * table from the catalog's cache when it turns out to be gone or re-created.
   */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly forget: (name: string) => void,
  ) {
    this.getStatement = db
      .prepare(`SELECT item FROM dynamodb_items WHERE ${TABLE_ID} AND hk = ? AND rk = ?`)
      .pluck();
    this.putStatement = db.prepare(
      'INSERT OR REPLACE INTO dynamodb_items (table_id, hk, rk, item, size) SELECT id, ?, ?, ?, ? FROM dynamodb_tables WHERE name = ?',
    );
    this.deleteStatement = db.prepare(
      `DELETE FROM dynamodb_items WHERE ${TABLE_ID} AND hk = ? AND rk = ?`,
    );
    this.tableStatement = db.prepare('SELECT id FROM dynamodb_tables WHERE name = ?').pluck();
    this.transaction = db.transaction((work: () => unknown) => work());
  }

  /**
   * Confirms that `table` still exists as the catalog knows it; throws
   * ResourceNotFoundException when it is gone. Called on the slow paths only
   * (a miss, an empty page), since a hit proves the table exists.
   */
  confirm(table: TableSchema): void {
    const id = this.tableStatement.get(table.name) as number | undefined;
    if (id === table.id) return;
    this.forget(table.name);
    if (id === undefined) throw tableNotFound(table.name);
  }

  /** The item stored under `key`, or undefined. */
  get(table: TableSchema, key: EncodedKey): Item | undefined {
    const text = this.getStatement.get(table.name, key.hk, key.rk) as string | undefined;
    if (text !== undefined) return JSON.parse(text) as Item;
    this.confirm(table);
    return undefined;
  }

  /** Stores (or replaces) an item of `size` bytes. */
  put(table: TableSchema, key: EncodedKey, item: Item, size: number): void {
    const { changes } = this.putStatement.run(
      key.hk,
      key.rk,
      JSON.stringify(item),
      size,
      table.name,
    );
    if (changes === 0) this.confirm(table);
  }

  /** Deletes the item under `key` (nothing when there is none). */
  delete(table: TableSchema, key: EncodedKey): void {
    this.deleteStatement.run(table.name, key.hk, key.rk);
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

  /**
   * The items of one hash key within the range bounds, in sort-key order
   * (descending when `forward` is false); a small `limit` is read at once
   * (stepping row by row costs more than small rows themselves).
   */
  queryRange(
    table: TableSchema,
    hk: Buffer,
    bounds: RangeBound[],
    forward: boolean,
    limit?: number,
  ): Iterable<StoredRow> {
    const clauses = bounds.map((b) => ` AND rk ${b.op} ?`).join('');
    const order = `ORDER BY rk ${forward ? 'ASC' : 'DESC'}`;
    const sql = `SELECT item, size FROM dynamodb_items WHERE ${TABLE_ID} AND hk = ?${clauses} ${order}`;
    const params = [table.name, hk, ...bounds.map((b) => b.value)];
    if (limit === undefined || limit > READ_AT_ONCE) return this.prepared(sql).iterate(...params);
    return this.prepared(`${sql} LIMIT ?`).all(...params, limit);
  }

  /** Every item of a table in key order, after `start` when given (see queryRange for `limit`). */
  scan(
    table: TableSchema,
    start: EncodedKey | undefined,
    limit?: number,
  ): Iterable<StoredRow & { hk: Buffer }> {
    const after = start ? ' AND (hk, rk) > (?, ?)' : '';
    const sql = `SELECT hk, item, size FROM dynamodb_items WHERE ${TABLE_ID}${after} ORDER BY hk, rk`;
    const params = start ? [table.name, start.hk, start.rk] : [table.name];
    if (limit === undefined || limit > READ_AT_ONCE) return this.prepared(sql).iterate(...params);
    return this.prepared(`${sql} LIMIT ?`).all(...params, limit);
  }
}
