import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { ObjectHeaders } from './types.js';

/**
 * What S3 keeps beside an object's bytes (ETag, content type, user metadata,
 * LastModified), in SQLite. The file is the truth: a row describes a file only
 * while the file's size, mtime and inode still match the ones recorded when it
 * was written; a file changed or written by another tool gets fresh defaults.
 */

const MIGRATIONS = [
  `CREATE TABLE s3_buckets (
     name TEXT PRIMARY KEY,
     created_ms INTEGER NOT NULL
   );
   CREATE TABLE s3_objects (
     bucket TEXT NOT NULL,
     key TEXT NOT NULL,
     size INTEGER NOT NULL,
     mtime_ms REAL NOT NULL,
     ino INTEGER NOT NULL,
     etag TEXT NOT NULL,
     last_modified_ms INTEGER NOT NULL,
     content_type TEXT NOT NULL,
     headers TEXT,
     metadata TEXT,
     PRIMARY KEY (bucket, key)
   ) WITHOUT ROWID;`,
];

/** One object's stored description. `mtimeMs`/`ino` identify the file version it describes. */
export interface ObjectRow {
  bucket: string;
  key: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** MD5 hex, unquoted. */
  etag: string;
  lastModifiedMs: number;
  contentType: string;
  headers: Omit<ObjectHeaders, 'ContentType'>;
  metadata: Record<string, string>;
}

interface RawRow {
  size: number;
  mtime_ms: number;
  ino: number;
  etag: string;
  last_modified_ms: number;
  content_type: string;
  headers: string | null;
  metadata: string | null;
}

/** Reads and writes object and bucket rows. */
export interface ObjectMeta {
  /**
   * The row for a key. Given the file's identity, a row this process already
   * holds for that very file version is returned without a query (every write
   * makes a new file, so a matching identity means the row is current).
   */
  get(bucket: string, key: string, file?: FileIdentity): ObjectRow | undefined;
  /**
   * Stores a row. A `deferred` row only caches what the file itself tells
   * (its MD5, the default content type), so losing it in a crash loses
   * nothing: it is written with others in one transaction at the end of the
   * event-loop turn (or every 256 rows). Other rows are committed at once.
   */
  put(row: ObjectRow, deferred?: boolean): void;
  /** Commits deferred rows now. */
  flush(): void;
  delete(bucket: string, key: string): void;
  /** Forgets every row of a bucket (after the bucket is deleted). */
  dropBucket(bucket: string): void;
  bucketCreated(bucket: string): number | undefined;
  recordBucket(bucket: string, createdMs: number): void;
}

/** Rows written together in one transaction at most. */
const BATCH_ROWS = 256;
/** Rows of files kept in memory, so reads of a file version already seen skip the query. */
const CACHED_ROWS = 10_000;

/** What identifies one version of a file. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** True when `row` describes exactly this version of the file. */
export function describesFile(row: ObjectRow, file: FileIdentity): boolean {
  return row.size === file.size && row.mtimeMs === file.mtimeMs && row.ino === file.ino;
}

/** Creates the tables when missing and returns the accessors. */
export function createObjectMeta(db: SqliteDatabase): ObjectMeta {
  migrate(db, 's3', MIGRATIONS);
  const rows = createRowStatements(db);
  const pending = createPendingRows(db, (row) => rows.write(row));
  const cache = createRowCache();
  return {
    get(bucket, key, file) {
      const id = `${bucket}/${key}`;
      const waiting = pending.get(id);
      if (waiting !== undefined && (file === undefined || describesFile(waiting, file)))
        return waiting;
      const known = file === undefined ? undefined : cache.get(id);
      if (known !== undefined && file !== undefined && describesFile(known, file)) return known;
      const row = rows.read(bucket, key);
      if (row !== undefined) cache.remember(id, row);
      return row;
    },
    put(row, deferred = false) {
      const id = `${row.bucket}/${row.key}`;
      cache.remember(id, row);
      if (deferred) return pending.add(id, row);
      pending.forget(id);
      rows.write(row);
    },
    flush: () => pending.flush(),
    delete(bucket, key) {
      pending.forget(`${bucket}/${key}`);
      cache.forget(`${bucket}/${key}`);
      rows.remove(bucket, key);
    },
    dropBucket(bucket) {
      pending.forgetBucket(bucket);
      cache.clear();
      rows.drop(bucket);
    },
    bucketCreated: (bucket) => rows.bucketCreated(bucket),
    recordBucket: (bucket, createdMs) => rows.recordBucket(bucket, createdMs),
  };
}

// Deferred rows, written together in one transaction at the end of the
// event-loop turn, or as soon as BATCH_ROWS of them wait.
function createPendingRows(db: SqliteDatabase, write: (row: ObjectRow) => void) {
  const pending = new Map<string, ObjectRow>();
  let scheduled = false;
  const writeAll = db.transaction(() => {
    for (const row of pending.values()) write(row);
  });
  const flush = () => {
    scheduled = false;
    if (pending.size === 0) return;
    // The database may have been closed since (end of a test, shutdown): the rows are only a cache.
    if (db.open) writeAll();
    pending.clear();
  };
  return {
    get: (id: string) => pending.get(id),
    add(id: string, row: ObjectRow): void {
      pending.set(id, row);
      if (pending.size >= BATCH_ROWS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    forget: (id: string) => void pending.delete(id),
    forgetBucket(bucket: string): void {
      for (const id of pending.keys()) if (id.startsWith(`${bucket}/`)) pending.delete(id);
    },
    flush,
  };
}

// Only rows of files are cached: their file identity tells whether they are
// current. A folder marker's row is its existence, so it is always queried.
function createRowCache() {
  const rows = new Map<string, ObjectRow>();
  return {
    get: (id: string) => rows.get(id),
    remember(id: string, row: ObjectRow): void {
      if (row.key.endsWith('/')) return;
      // Starting over when full is cheaper than keeping an LRU order in a Map.
      if (rows.size >= CACHED_ROWS && !rows.has(id)) rows.clear();
      rows.set(id, row);
    },
    forget: (id: string) => void rows.delete(id),
    clear: () => rows.clear(),
  };
}

function createRowStatements(db: SqliteDatabase) {
  const select = db.prepare(
    'SELECT size, mtime_ms, ino, etag, last_modified_ms, content_type, headers, metadata FROM s3_objects WHERE bucket = ? AND key = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO s3_objects (bucket, key, size, mtime_ms, ino, etag, last_modified_ms, content_type, headers, metadata)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (bucket, key) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, ino = excluded.ino,
       etag = excluded.etag, last_modified_ms = excluded.last_modified_ms, content_type = excluded.content_type,
       headers = excluded.headers, metadata = excluded.metadata`,
  );
  const remove = db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?');
  const removeAll = db.prepare('DELETE FROM s3_objects WHERE bucket = ?');
  const removeBucket = db.prepare('DELETE FROM s3_buckets WHERE name = ?');
  const selectBucket = db.prepare('SELECT created_ms FROM s3_buckets WHERE name = ?');
  const insertBucket = db.prepare(
    'INSERT INTO s3_buckets (name, created_ms) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET created_ms = excluded.created_ms',
  );
  return {
    read(bucket: string, key: string): ObjectRow | undefined {
      const raw = select.get(bucket, key) as RawRow | undefined;
      return raw === undefined ? undefined : fromRaw(bucket, key, raw);
    },
    write(row: ObjectRow): void {
      const headers = Object.keys(row.headers).length > 0 ? JSON.stringify(row.headers) : null;
      const metadata = Object.keys(row.metadata).length > 0 ? JSON.stringify(row.metadata) : null;
      const { bucket, key, size, mtimeMs, ino, etag, lastModifiedMs, contentType } = row;
      upsert.run(
        bucket,
        key,
        size,
        mtimeMs,
        ino,
        etag,
        lastModifiedMs,
        contentType,
        headers,
        metadata,
      );
    },
    remove: (bucket: string, key: string) => void remove.run(bucket, key),
    drop(bucket: string): void {
      removeAll.run(bucket);
      removeBucket.run(bucket);
    },
    bucketCreated: (bucket: string) =>
      (selectBucket.get(bucket) as { created_ms: number } | undefined)?.created_ms,
    recordBucket: (bucket: string, createdMs: number) => void insertBucket.run(bucket, createdMs),
  };
}

function fromRaw(bucket: string, key: string, raw: RawRow): ObjectRow {
  return {
    bucket,
    key,
    size: raw.size,
    mtimeMs: raw.mtime_ms,
    ino: raw.ino,
    etag: raw.etag,
    lastModifiedMs: raw.last_modified_ms,
    contentType: raw.content_type,
    headers: raw.headers === null ? {} : (JSON.parse(raw.headers) as ObjectRow['headers']),
    metadata: raw.metadata === null ? {} : (JSON.parse(raw.metadata) as Record<string, string>),
  };
}
