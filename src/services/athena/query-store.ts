import type { SqliteDatabase } from '../../store/index.js';
import { migrateAthena } from './catalog-store.js';
import type { ResultFormat } from './results.js';
import type { AthenaError, ColumnInfo, QueryExecutionState } from './types.js';

/**
 * Query executions in SQLite (table `athena_queries`): what was asked, where
 * it stands, its statistics and where its result file is. A process that
 * stops while queries run leaves them FAILED at the next start.
 */

/** Where a finished query's result lives. */
export interface StoredResult {
  /** Local path of the result file. */
  file: string;
  format: ResultFormat;
  columns: ColumnInfo[];
  updateCount: number;
}

/** One query execution. */
export interface QueryRecord {
  id: string;
  query: string;
  database: string;
  catalog: string;
  workGroup: string;
  /** The folder URI results go to (`s3://bucket/prefix/`). */
  outputLocation: string;
  /** `<outputLocation><id>.csv` (or `.txt`). */
  outputUri?: string;
  clientToken?: string;
  parameters?: string[];
  state: QueryExecutionState;
  reason?: string;
  error?: AthenaError;
  statementType?: 'DDL' | 'DML' | 'UTILITY';
  substatementType?: string;
  submitted: number;
  started?: number;
  planned?: number;
  completed?: number;
  bytes: number;
  result?: StoredResult;
  /** The process and service instance running it (to tell a crashed run from one still going). */
  owner?: QueryOwner;
}

/** Who runs a query. */
export interface QueryOwner {
  pid: number;
  instance: string;
}

/** Synchronous access to the query rows. */
export class QueryStore {
  constructor(private readonly db: SqliteDatabase) {
    migrateAthena(db);
  }

  /** Inserts a new record. */
  insert(record: QueryRecord): void {
    const row = this.db
      .prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM athena_queries')
      .get() as {
      seq: number;
    };
    this.db
      .prepare(
        'INSERT INTO athena_queries (id, seq, workgroup, client_token, body, state) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.id,
        row.seq,
        record.workGroup,
        record.clientToken ?? null,
        JSON.stringify(record),
        record.state,
      );
  }

  /** Saves a changed record. */
  update(record: QueryRecord): void {
    this.db
      .prepare('UPDATE athena_queries SET body = ?, state = ? WHERE id = ?')
      .run(JSON.stringify(record), record.state, record.id);
  }

  get(id: string): QueryRecord | undefined {
    const row = this.db.prepare('SELECT body FROM athena_queries WHERE id = ?').get(id) as
      { body: string } | undefined;
    return row && (JSON.parse(row.body) as QueryRecord);
  }

  /** The query started with `token` in `workGroup`, if any. */
  byToken(workGroup: string, token: string): QueryRecord | undefined {
    const row = this.db
      .prepare('SELECT body FROM athena_queries WHERE workgroup = ? AND client_token = ?')
      .get(workGroup, token) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as QueryRecord);
  }

  /** Ids in `workGroup`, newest first, from position `start`. */
  ids(workGroup: string, start: number, count: number): { ids: string[]; more: boolean } {
    const rows = this.db
      .prepare(
        'SELECT id FROM athena_queries WHERE workgroup = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
      )
      .all(workGroup, count + 1, start) as { id: string }[];
    return { ids: rows.slice(0, count).map((r) => r.id), more: rows.length > count };
  }

  /**
   * Marks as FAILED the queries left QUEUED or RUNNING by owners that are
   * gone (a process that stopped); those of live owners (another process
   * serving the same home) are left alone.
   */
  failInterrupted(now: number, alive: (owner: QueryOwner | undefined) => boolean): number {
    const rows = this.db
      .prepare("SELECT body FROM athena_queries WHERE state IN ('QUEUED', 'RUNNING')")
      .all() as { body: string }[];
    let failed = 0;
    for (const row of rows) {
      const record = JSON.parse(row.body) as QueryRecord;
      if (alive(record.owner)) continue;
      failed += 1;
      record.state = 'FAILED';
      record.reason =
        'GENERIC_INTERNAL_ERROR: modelmill stopped while this query was running; start the query again.';
      record.error = {
        ErrorCategory: 1,
        ErrorType: 9999,
        Retryable: true,
        ErrorMessage: record.reason,
      };
      record.completed = now;
      this.update(record);
    }
    return failed;
  }
}

/** Runner instances alive in this process (a query's owner is alive while its runner is). */
export const liveOwners = new Set<string>();

/** Whether the owner of a QUEUED or RUNNING query is still at work. */
export function isOwnerAlive(owner: QueryOwner | undefined): boolean {
  if (!owner) return false;
  if (owner.pid === process.pid) return liveOwners.has(owner.instance);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
