import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../store/index.js';
import { statementCache } from './store.js';
import type {
  DeliveryRecord,
  DeliveryStatus,
  EventBridgeEvent,
  EventQuery,
  EventRecord,
} from './types.js';

/**
 * The event log: every event a bus accepted, the rules it matched, and each
 * target delivery with its input, attempts and outcome (tables created by
 * the store's migrations).
 */

interface DeliveryRow {
  seq: number;
  event_id: string;
  rule: string;
  target_id: string;
  target_arn: string;
  status: DeliveryStatus;
  attempts: number;
  input: string | null;
  result: string | null;
  error: string | null;
  started_at: number;
  finished_at: number | null;
}

interface EventRow {
  id: string;
  bus: string;
  source: string;
  detail_type: string;
  received_at: number;
  event: string;
  matched: string;
}

/** Writes and reads the event log. */
export class EventLog {
  private readonly prepare: (sql: string) => Statement<unknown[]>;

  constructor(private readonly db: SqliteDatabase) {
    this.prepare = statementCache(db);
  }

  /** Runs `fn` in one transaction (one commit for a whole PutEvents call). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  recordEvent(bus: string, event: EventBridgeEvent, matched: string[], now: number): void {
    this.prepare(
      'INSERT INTO eventbridge_events (id, bus, source, detail_type, received_at, event, matched) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      event.id,
      bus,
      event.source,
      event['detail-type'],
      now,
      JSON.stringify(event),
      JSON.stringify(matched),
    );
  }

  /** Inserts a PENDING delivery; returns its row id. */
  startDelivery(bus: string, d: Omit<DeliveryRecord, 'status' | 'attempts'>): number {
    return Number(
      this.prepare(
        "INSERT INTO eventbridge_deliveries (event_id, bus, rule, target_id, target_arn, status, attempts, input, started_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)",
      ).run(d.eventId, bus, d.rule, d.targetId, d.targetArn, d.input ?? null, d.startedAt)
        .lastInsertRowid,
    );
  }

  finishDelivery(
    seq: number,
    outcome: { status: DeliveryStatus; attempts: number; result?: string; error?: string },
    now: number,
  ): void {
    this.prepare(
      'UPDATE eventbridge_deliveries SET status = ?, attempts = ?, result = ?, error = ?, finished_at = ? WHERE seq = ?',
    ).run(
      outcome.status,
      outcome.attempts,
      outcome.result ?? null,
      outcome.error ?? null,
      now,
      seq,
    );
  }

  listEvents(query: EventQuery): EventRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.bus !== undefined) {
      where.push('bus = ?');
      args.push(query.bus);
    }
    if (query.id !== undefined) {
      where.push('id = ?');
      args.push(query.id);
    }
    if (query.source !== undefined) {
      where.push('source = ?');
      args.push(query.source);
    }
    const sql = `SELECT * FROM eventbridge_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.prepare(sql).all(...args, query.limit ?? 50) as EventRow[];
    const deliveries = this.prepare(
      'SELECT * FROM eventbridge_deliveries WHERE event_id = ? AND bus = ? ORDER BY seq',
    );
    return rows.map((row) => ({
      id: row.id,
      bus: row.bus,
      source: row.source,
      detailType: row.detail_type,
      receivedAt: row.received_at,
      event: JSON.parse(row.event) as EventBridgeEvent,
      matchedRules: JSON.parse(row.matched) as string[],
      deliveries: (deliveries.all(row.id, row.bus) as DeliveryRow[]).map(toDelivery),
    }));
  }
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    eventId: row.event_id,
    rule: row.rule,
    targetId: row.target_id,
    targetArn: row.target_arn,
    status: row.status,
    attempts: row.attempts,
    ...(row.input === null ? {} : { input: row.input }),
    ...(row.result === null ? {} : { result: row.result }),
    ...(row.error === null ? {} : { error: row.error }),
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}
