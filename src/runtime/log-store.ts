import { EventEmitter } from 'node:events';
import type { Clock } from '../core/index.js';
import { systemClock } from '../core/index.js';
import type { SqliteDatabase } from '../store/index.js';
import { migrate } from '../store/index.js';
import type {
  LogEvent,
  LogFollowOptions,
  LogReadOptions,
  LogStore,
  LogStreamSummary,
  StoredLogEvent,
} from './types.js';

/**
 * The LogStore in the instance's SQLite database. Appends are buffered and
 * written in one transaction per turn of the event loop (thousands of jobs
 * writing a few lines each cost a handful of commits); `follow` wakes on this
 * process's writes at once and looks for other processes' writes every
 * `pollMs`.
 */

/** Options of the SQLite log store. */
export interface SqliteLogStoreOptions {
  db: SqliteDatabase;
  /** Stamps ingestion times. Default: the system clock. */
  clock?: Clock;
}

/** CloudWatch's limit on one event; longer lines are cut there. */
export const MAX_LOG_EVENT_BYTES = 256 * 1024;

const MIGRATIONS = [
  `CREATE TABLE log_events (
     seq INTEGER PRIMARY KEY,
     log_group TEXT NOT NULL,
     log_stream TEXT NOT NULL,
     timestamp INTEGER NOT NULL,
     ingestion_time INTEGER NOT NULL,
     message TEXT NOT NULL
   );
   CREATE INDEX log_events_by_stream ON log_events (log_group, log_stream, seq);
   CREATE TABLE log_streams (
     log_group TEXT NOT NULL,
     log_stream TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     first_event INTEGER,
     last_event INTEGER,
     events INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (log_group, log_stream)
   ) WITHOUT ROWID;`,
];

interface Pending {
  group: string;
  stream: string;
  events: LogEvent[];
  ingestion: number;
}

interface Row {
  seq: number;
  timestamp: number;
  ingestion_time: number;
  message: string;
}

function clip(message: string): string {
  if (message.length * 3 <= MAX_LOG_EVENT_BYTES) return message;
  const bytes = Buffer.from(message, 'utf8');
  return bytes.length <= MAX_LOG_EVENT_BYTES
    ? message
    : bytes.subarray(0, MAX_LOG_EVENT_BYTES).toString('utf8');
}

/** Creates the log store over `db` (tables `log_events` and `log_streams`). */
export function createSqliteLogStore(options: SqliteLogStoreOptions): LogStore {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  migrate(db, 'logs', MIGRATIONS);
  const insert = db.prepare(
    'INSERT INTO log_events (log_group, log_stream, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)',
  );
  const upsertStream = db.prepare(
    `INSERT INTO log_streams (log_group, log_stream, created_at, first_event, last_event, events)
     VALUES (@group, @stream, @now, @first, @last, @count)
     ON CONFLICT (log_group, log_stream) DO UPDATE SET
       first_event = COALESCE(MIN(first_event, excluded.first_event), first_event, excluded.first_event),
       last_event = COALESCE(MAX(last_event, excluded.last_event), last_event, excluded.last_event),
       events = events + excluded.events`,
  );
  const select = db.prepare(
    'SELECT seq, timestamp, ingestion_time, message FROM log_events WHERE log_group = ? AND log_stream = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let pending: Pending[] = [];
  let scheduled = false;

  const write = db.transaction((batch: Pending[]) => {
    for (const { group, stream, events, ingestion } of batch) {
      let first = Infinity;
      let last = -Infinity;
      for (const event of events) {
        insert.run(group, stream, event.timestamp, ingestion, clip(event.message));
        first = Math.min(first, event.timestamp);
        last = Math.max(last, event.timestamp);
      }
      const count = events.length;
      upsertStream.run({
        group,
        stream,
        now: ingestion,
        first: count ? first : null,
        last: count ? last : null,
        count,
      });
    }
  });

  function flush(): void {
    // A timer that fires after the instance closed its database has nothing left to do.
    if (pending.length === 0 || !db.open) return;
    const batch = pending;
    pending = [];
    write(batch);
    emitter.emit('append');
  }

  function read(group: string, stream: string, opts: LogReadOptions = {}) {
    const from = opts.from ?? 0;
    const rows = select.all(group, stream, from, opts.limit ?? 10_000) as Row[];
    const events: StoredLogEvent[] = rows.map((r) => ({
      seq: r.seq,
      timestamp: r.timestamp,
      ingestionTime: r.ingestion_time,
      message: r.message,
    }));
    return { events, next: events.at(-1)?.seq ?? from };
  }

  return {
    append(group, stream, events) {
      pending.push({ group, stream, events, ingestion: clock.now() });
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        flush();
      });
    },
    read(group, stream, opts) {
      flush();
      return read(group, stream, opts);
    },
    follow: (group, stream, opts = {}) => follow(group, stream, opts),
    streams(group, prefix = '') {
      flush();
      const rows = db
        .prepare(
          `SELECT log_stream AS stream, created_at, first_event, last_event, events FROM log_streams
           WHERE log_group = ? AND substr(log_stream, 1, ?) = ? ORDER BY log_stream`,
        )
        .all(group, prefix.length, prefix) as Array<Record<string, number | string | null>>;
      return rows.map((r) => streamSummary(group, r));
    },
    flush,
  };

  async function* follow(
    group: string,
    stream: string,
    opts: LogFollowOptions,
  ): AsyncGenerator<StoredLogEvent> {
    let from = opts.from ?? 0;
    const limit = opts.limit ?? 10_000;
    for (;;) {
      const finished = opts.until?.() ?? false;
      flush();
      for (;;) {
        const page = read(group, stream, { from, limit });
        for (const event of page.events) yield event;
        from = page.next;
        if (page.events.length < limit) break;
      }
      if (finished || opts.signal?.aborted) return;
      await changed(emitter, opts.pollMs ?? 250, opts.signal);
    }
  }
}

function streamSummary(group: string, r: Record<string, number | string | null>): LogStreamSummary {
  return {
    group,
    stream: String(r.stream),
    createdAt: Number(r.created_at),
    ...(r.first_event === null ? {} : { firstEventAt: Number(r.first_event) }),
    ...(r.last_event === null ? {} : { lastEventAt: Number(r.last_event) }),
    events: Number(r.events),
  };
}

/** Resolves on this process's next append, after `pollMs`, or when `signal` aborts. */
function changed(emitter: EventEmitter, pollMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      emitter.off('append', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, pollMs);
    emitter.once('append', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
