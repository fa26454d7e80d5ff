import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { NotificationQuery, NotificationRecord, NotificationStatus } from './types.js';

/**
 * The embedded SNS's tables (owner `sns`): topics, subscriptions, published
 * messages, and one delivery row per message and subscription.
 */

const MIGRATIONS = [
  `CREATE TABLE sns_topics (
     name TEXT PRIMARY KEY, arn TEXT NOT NULL, attributes TEXT NOT NULL, tags TEXT NOT NULL,
     created_at INTEGER NOT NULL, sequence INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE sns_subscriptions (
     arn TEXT PRIMARY KEY, topic TEXT NOT NULL, protocol TEXT NOT NULL, endpoint TEXT NOT NULL,
     confirmed INTEGER NOT NULL, token TEXT NOT NULL, attributes TEXT NOT NULL,
     created_at INTEGER NOT NULL);
   CREATE INDEX sns_subscriptions_topic ON sns_subscriptions (topic, created_at);
   CREATE TABLE sns_messages (
     id TEXT PRIMARY KEY, topic_arn TEXT NOT NULL, subject TEXT, message TEXT NOT NULL,
     attributes TEXT NOT NULL, published_at INTEGER NOT NULL);
   CREATE TABLE sns_deliveries (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, topic_arn TEXT NOT NULL,
     subscription_arn TEXT NOT NULL, protocol TEXT NOT NULL, endpoint TEXT NOT NULL,
     status TEXT NOT NULL, attempts INTEGER NOT NULL, detail TEXT, error TEXT,
     created_at INTEGER NOT NULL, finished_at INTEGER);
   CREATE INDEX sns_deliveries_topic ON sns_deliveries (topic_arn, seq);`,
];

/** A topic row. */
export interface TopicRow {
  name: string;
  arn: string;
  attributes: string;
  tags: string;
  created_at: number;
  sequence: number;
}

/** A subscription row. */
export interface SubscriptionRow {
  arn: string;
  /** Topic name. */
  topic: string;
  protocol: string;
  endpoint: string;
  confirmed: number;
  token: string;
  attributes: string;
  created_at: number;
}

interface DeliveryRow {
  message_id: string;
  topic_arn: string;
  subject: string | null;
  subscription_arn: string;
  protocol: string;
  endpoint: string;
  status: NotificationStatus;
  attempts: number;
  detail: string | null;
  error: string | null;
  created_at: number;
  finished_at: number | null;
}

/** Typed access to the SNS tables. */
export class SnsStore {
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'sns', MIGRATIONS);
  }

  private sql(text: string): Statement<unknown[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getTopic(name: string): TopicRow | undefined {
    return this.sql('SELECT * FROM sns_topics WHERE name = ?').get(name) as TopicRow | undefined;
  }

  listTopics(): TopicRow[] {
    return this.sql('SELECT * FROM sns_topics ORDER BY name').all() as TopicRow[];
  }

  insertTopic(row: Omit<TopicRow, 'sequence'>): void {
    this.sql(
      'INSERT INTO sns_topics (name, arn, attributes, tags, created_at) VALUES (@name, @arn, @attributes, @tags, @created_at)',
    ).run(row);
  }

  setTopicAttributes(name: string, attributes: Record<string, string>): void {
    this.sql('UPDATE sns_topics SET attributes = ? WHERE name = ?').run(
      JSON.stringify(attributes),
      name,
    );
  }

  /** Deletes a topic and its subscriptions. */
  deleteTopic(name: string): void {
    this.transaction(() => {
      this.sql('DELETE FROM sns_subscriptions WHERE topic = ?').run(name);
      this.sql('DELETE FROM sns_topics WHERE name = ?').run(name);
    });
  }

  /** The next sequence number of a FIFO topic. */
  nextSequence(name: string): number {
    this.sql('UPDATE sns_topics SET sequence = sequence + 1 WHERE name = ?').run(name);
    return (
      this.sql('SELECT sequence FROM sns_topics WHERE name = ?').get(name) as { sequence: number }
    ).sequence;
  }

  getSubscription(arn: string): SubscriptionRow | undefined {
    return this.sql('SELECT * FROM sns_subscriptions WHERE arn = ?').get(arn) as
      SubscriptionRow | undefined;
  }

  /** Subscriptions of a topic (name), or all when undefined, oldest first. */
  listSubscriptions(topic?: string): SubscriptionRow[] {
    return (
      topic === undefined
        ? this.sql('SELECT * FROM sns_subscriptions ORDER BY created_at, arn').all()
        : this.sql('SELECT * FROM sns_subscriptions WHERE topic = ? ORDER BY created_at, arn').all(
            topic,
          )
    ) as SubscriptionRow[];
  }

  insertSubscription(row: SubscriptionRow): void {
    this.sql(
      'INSERT INTO sns_subscriptions (arn, topic, protocol, endpoint, confirmed, token, attributes, created_at) VALUES (@arn, @topic, @protocol, @endpoint, @confirmed, @token, @attributes, @created_at)',
    ).run(row);
  }

  updateSubscription(arn: string, fields: { confirmed?: number; attributes?: string }): void {
    const row = this.getSubscription(arn);
    if (!row) return;
    this.sql('UPDATE sns_subscriptions SET confirmed = ?, attributes = ? WHERE arn = ?').run(
      fields.confirmed ?? row.confirmed,
      fields.attributes ?? row.attributes,
      arn,
    );
  }

  deleteSubscription(arn: string): void {
    this.sql('DELETE FROM sns_subscriptions WHERE arn = ?').run(arn);
  }

  recordMessage(m: {
    id: string;
    topicArn: string;
    subject?: string;
    message: string;
    attributes: unknown;
    at: number;
  }): void {
    this.sql(
      'INSERT INTO sns_messages (id, topic_arn, subject, message, attributes, published_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(m.id, m.topicArn, m.subject ?? null, m.message, JSON.stringify(m.attributes), m.at);
  }

  /** Inserts a delivery row (PENDING unless said otherwise); returns its id. */
  startDelivery(d: {
    messageId: string;
    topicArn: string;
    subscriptionArn: string;
    protocol: string;
    endpoint: string;
    status?: NotificationStatus;
    at: number;
  }): number {
    const finished = d.status === undefined || d.status === 'PENDING' ? null : d.at;
    return Number(
      this.sql(
        'INSERT INTO sns_deliveries (message_id, topic_arn, subscription_arn, protocol, endpoint, status, attempts, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)',
      ).run(
        d.messageId,
        d.topicArn,
        d.subscriptionArn,
        d.protocol,
        d.endpoint,
        d.status ?? 'PENDING',
        d.at,
        finished,
      ).lastInsertRowid,
    );
  }

  finishDelivery(
    seq: number,
    outcome: { status: NotificationStatus; attempts: number; detail?: string; error?: string },
    at: number,
  ): void {
    this.sql(
      'UPDATE sns_deliveries SET status = ?, attempts = ?, detail = ?, error = ?, finished_at = ? WHERE seq = ?',
    ).run(outcome.status, outcome.attempts, outcome.detail ?? null, outcome.error ?? null, at, seq);
  }

  listDeliveries(query: NotificationQuery & { topicArnSuffix?: string }): NotificationRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.topicArnSuffix !== undefined) {
      where.push("(d.topic_arn LIKE '%:' || ?)");
      args.push(query.topicArnSuffix);
    }
    if (query.status !== undefined) {
      where.push('d.status = ?');
      args.push(query.status);
    }
    const rows = this.db
      .prepare(
        `SELECT d.*, m.subject FROM sns_deliveries d LEFT JOIN sns_messages m ON m.id = d.message_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.seq DESC LIMIT ?`,
      )
      .all(...args, query.limit ?? 50) as DeliveryRow[];
    return rows.map((row) => ({
      messageId: row.message_id,
      topicArn: row.topic_arn,
      ...(row.subject === null ? {} : { subject: row.subject }),
      subscriptionArn: row.subscription_arn,
      protocol: row.protocol,
      endpoint: row.endpoint,
      status: row.status,
      attempts: row.attempts,
      ...(row.detail === null ? {} : { detail: row.detail }),
      ...(row.error === null ? {} : { error: row.error }),
      createdAt: row.created_at,
      ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    }));
  }
}
