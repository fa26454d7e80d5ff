import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { StreamConfig } from './names.js';
import type { DeliveryError } from './types.js';

/**
 * The embedded Firehose's tables (owner `firehose`): streams, the records
 * accepted and not yet delivered (so a restart loses nothing), and failed
 * deliveries. A flush claims its records first, so two processes sharing
 * the database never write the same records twice.
 */

const MIGRATIONS = [
  `CREATE TABLE firehose_streams (
     name TEXT PRIMARY KEY,
     arn TEXT NOT NULL,
     config TEXT NOT NULL,
     version INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     tags TEXT NOT NULL
   );
   CREATE TABLE firehose_records (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     stream TEXT NOT NULL,
     record_id TEXT NOT NULL,
     data BLOB NOT NULL,
     arrived_at INTEGER NOT NULL,
     claim TEXT,
     claimed_at INTEGER
   );
   CREATE INDEX firehose_records_stream ON firehose_records (stream, seq);
   CREATE TABLE firehose_errors (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     stream TEXT NOT NULL,
     time INTEGER NOT NULL,
     code TEXT NOT NULL,
     message TEXT NOT NULL,
     records INTEGER NOT NULL
   );`,
];

/** A stored stream. */
export interface StreamRow {
  name: string;
  arn: string;
  config: StreamConfig;
  version: number;
  createdAt: number;
  tags: Array<{ Key: string; Value?: string }>;
}

/** A buffered record. */
export interface RecordRow {
  seq: number;
  data: Buffer;
  arrivedAt: number;
}

interface RawStream {
  name: string;
  arn: string;
  config: string;
  version: number;
  created_at: number;
  tags: string;
}

function toStream(raw: RawStream): StreamRow {
  return {
    name: raw.name,
    arn: raw.arn,
    config: JSON.parse(raw.config) as StreamConfig,
    version: raw.version,
    createdAt: raw.created_at,
    tags: JSON.parse(raw.tags) as StreamRow['tags'],
  };
}

/** Claims older than this (ms) belong to a process that died mid-flush and are released. */
const STALE_CLAIM_MS = 5 * 60_000;

/** Records per INSERT statement. */
const INSERT_ROWS = 100;

/** The Firehose tables. */
export class FirehoseStore {
  private readonly inserts = new Map<number, Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'firehose', MIGRATIONS);
  }

  insertStream(row: StreamRow): boolean {
    const result = this.db
      .prepare(
        'INSERT OR IGNORE INTO firehose_streams (name, arn, config, version, created_at, tags) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        row.name,
        row.arn,
        JSON.stringify(row.config),
        row.version,
        row.createdAt,
        JSON.stringify(row.tags),
      );
    return result.changes === 1;
  }

  getStream(name: string): StreamRow | undefined {
    const raw = this.db.prepare('SELECT * FROM firehose_streams WHERE name = ?').get(name) as
      RawStream | undefined;
    return raw && toStream(raw);
  }

  listStreams(): StreamRow[] {
    const rows = this.db
      .prepare('SELECT * FROM firehose_streams ORDER BY name')
      .all() as RawStream[];
    return rows.map(toStream);
  }

  deleteStream(name: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM firehose_records WHERE stream = ?').run(name);
      this.db.prepare('DELETE FROM firehose_streams WHERE name = ?').run(name);
    })();
  }

  /**
   * Stores accepted records in one transaction, up to INSERT_ROWS rows per
   * statement (one call into SQLite per row cost about as much as the rest
   * of a put).
   */
  appendRecords(
    stream: string,
    records: Array<{ recordId: string; data: Buffer }>,
    now: number,
  ): void {
    this.db.transaction(() => {
      for (let i = 0; i < records.length; i += INSERT_ROWS) {
        const rows = records.slice(i, i + INSERT_ROWS);
        const values: unknown[] = [];
        for (const record of rows) values.push(stream, record.recordId, record.data, now);
        this.insertRows(rows.length).run(values);
      }
    })();
  }

  /** The prepared INSERT of `n` records. */
  private insertRows(n: number): Statement<unknown[]> {
    let statement = this.inserts.get(n);
    if (!statement) {
      statement = this.db.prepare(
        `INSERT INTO firehose_records (stream, record_id, data, arrived_at) VALUES ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`,
      );
      this.inserts.set(n, statement);
    }
    return statement;
  }

  /** Unclaimed records of `stream`: count, bytes and the first arrival. */
  pending(stream: string, now: number): { records: number; bytes: number; firstArrival?: number } {
    this.db
      .prepare(
        'UPDATE firehose_records SET claim = NULL, claimed_at = NULL WHERE stream = ? AND claimed_at < ?',
      )
      .run(stream, now - STALE_CLAIM_MS);
    const row = this.db
      .prepare(
        'SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes, MIN(arrived_at) AS first FROM firehose_records WHERE stream = ? AND claim IS NULL',
      )
      .get(stream) as { n: number; bytes: number; first: number | null };
    return {
      records: row.n,
      bytes: row.bytes,
      ...(row.first === null ? {} : { firstArrival: row.first }),
    };
  }

  /** Streams that hold unclaimed records. */
  streamsWithRecords(): string[] {
    const rows = this.db
      .prepare('SELECT DISTINCT stream FROM firehose_records WHERE claim IS NULL')
      .all() as Array<{ stream: string }>;
    return rows.map((r) => r.stream);
  }

  /** Claims every unclaimed record of `stream`, oldest first, and answers them. */
  claim(stream: string, claim: string, now: number): RecordRow[] {
    return this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE firehose_records SET claim = ?, claimed_at = ? WHERE stream = ? AND claim IS NULL',
        )
        .run(claim, now, stream);
      const rows = this.db
        .prepare('SELECT seq, data, arrived_at FROM firehose_records WHERE claim = ? ORDER BY seq')
        .all(claim) as Array<{ seq: number; data: Buffer; arrived_at: number }>;
      return rows.map((r) => ({ seq: r.seq, data: r.data, arrivedAt: r.arrived_at }));
    })();
  }

  /** Removes delivered records: those of `claim` from sequence number `first` to `last`. */
  deleteRecords(claim: string, first: number, last: number): void {
    this.db
      .prepare('DELETE FROM firehose_records WHERE claim = ? AND seq BETWEEN ? AND ?')
      .run(claim, first, last);
  }

  /** Gives a claim's undelivered records back to the buffer. */
  release(claim: string): void {
    this.db
      .prepare('UPDATE firehose_records SET claim = NULL, claimed_at = NULL WHERE claim = ?')
      .run(claim);
  }

  recordError(error: DeliveryError): void {
    this.db
      .prepare(
        'INSERT INTO firehose_errors (stream, time, code, message, records) VALUES (?, ?, ?, ?, ?)',
      )
      .run(error.stream, error.time, error.code, error.message, error.records);
  }

  errors(stream?: string): DeliveryError[] {
    const rows = (
      stream === undefined
        ? this.db.prepare('SELECT * FROM firehose_errors ORDER BY seq DESC').all()
        : this.db
            .prepare('SELECT * FROM firehose_errors WHERE stream = ? ORDER BY seq DESC')
            .all(stream)
    ) as DeliveryError[];
    return rows.map(({ stream: s, time, code, message, records }) => ({
      stream: s,
      time,
      code,
      message,
      records,
    }));
  }
}
