import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { RuleState, Tag, Target } from './types.js';

/**
 * The embedded EventBridge's tables (owner `eventbridge`): buses, rules and
 * targets, and the log of every accepted event with its matched rules and
 * target deliveries.
 */

const MIGRATIONS = [
  `CREATE TABLE eventbridge_buses (
     name TEXT PRIMARY KEY, arn TEXT NOT NULL, description TEXT, tags TEXT NOT NULL,
     created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL);
   CREATE TABLE eventbridge_rules (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, bus TEXT NOT NULL, name TEXT NOT NULL,
     arn TEXT NOT NULL, event_pattern TEXT, schedule_expression TEXT, state TEXT NOT NULL,
     description TEXT, role_arn TEXT, tags TEXT NOT NULL, created_at INTEGER NOT NULL,
     enabled_at INTEGER NOT NULL, UNIQUE (bus, name));
   CREATE TABLE eventbridge_targets (
     bus TEXT NOT NULL, rule TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL,
     body TEXT NOT NULL, PRIMARY KEY (bus, rule, id));
   CREATE TABLE eventbridge_events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, bus TEXT NOT NULL,
     source TEXT NOT NULL, detail_type TEXT NOT NULL, received_at INTEGER NOT NULL,
     event TEXT NOT NULL, matched TEXT NOT NULL, UNIQUE (bus, id));
   CREATE INDEX eventbridge_events_source ON eventbridge_events (source, seq);
   CREATE TABLE eventbridge_deliveries (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, bus TEXT NOT NULL, rule TEXT NOT NULL,
     target_id TEXT NOT NULL, target_arn TEXT NOT NULL, status TEXT NOT NULL,
     attempts INTEGER NOT NULL, input TEXT, result TEXT, error TEXT,
     started_at INTEGER NOT NULL, finished_at INTEGER);
   CREATE INDEX eventbridge_deliveries_event ON eventbridge_deliveries (event_id, bus);`,
];

/** A bus row. */
export interface BusRow {
  name: string;
  arn: string;
  description: string | null;
  tags: string;
  created_at: number;
  modified_at: number;
}

/** A rule row. */
export interface RuleRow {
  seq: number;
  bus: string;
  name: string;
  arn: string;
  event_pattern: string | null;
  schedule_expression: string | null;
  state: RuleState;
  description: string | null;
  role_arn: string | null;
  tags: string;
  created_at: number;
  enabled_at: number;
}

/** The rule fields PutRule sets. */
export interface RuleFields {
  arn: string;
  eventPattern: string | undefined;
  scheduleExpression: string | undefined;
  state: RuleState;
  description: string | undefined;
  roleArn: string | undefined;
  tags: Tag[];
}

/** Prepares each SQL text once per database. */
export function statementCache(db: SqliteDatabase): (sql: string) => Statement<unknown[]> {
  const statements = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

/** Typed access to the catalog tables (buses, rules, targets). */
export class EventBridgeStore {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'eventbridge', MIGRATIONS);
    this.prepare = statementCache(db);
  }

  private readonly prepare: (sql: string) => Statement<unknown[]>;

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getBus(name: string): BusRow | undefined {
    return this.prepare('SELECT * FROM eventbridge_buses WHERE name = ?').get(name) as
      BusRow | undefined;
  }

  insertBus(row: BusRow): void {
    this.prepare(
      'INSERT INTO eventbridge_buses (name, arn, description, tags, created_at, modified_at) VALUES (@name, @arn, @description, @tags, @created_at, @modified_at)',
    ).run(row);
  }

  deleteBus(name: string): void {
    this.prepare('DELETE FROM eventbridge_buses WHERE name = ?').run(name);
  }

  listBuses(prefix: string): BusRow[] {
    return this.prepare(
      'SELECT * FROM eventbridge_buses WHERE substr(name, 1, length(?)) = ? ORDER BY name',
    ).all(prefix, prefix) as BusRow[];
  }

  getRule(bus: string, name: string): RuleRow | undefined {
    return this.prepare('SELECT * FROM eventbridge_rules WHERE bus = ? AND name = ?').get(
      bus,
      name,
    ) as RuleRow | undefined;
  }

  listRules(bus: string, prefix = ''): RuleRow[] {
    return this.prepare(
      'SELECT * FROM eventbridge_rules WHERE bus = ? AND substr(name, 1, length(?)) = ? ORDER BY name',
    ).all(bus, prefix, prefix) as RuleRow[];
  }

  /** Every rule of every bus, in creation order. */
  allRules(): RuleRow[] {
    return this.prepare('SELECT * FROM eventbridge_rules ORDER BY seq').all() as RuleRow[];
  }

  /** Creates or updates a rule; an update keeps its targets, creation time and order. */
  upsertRule(bus: string, name: string, fields: RuleFields, now: number): void {
    const existing = this.getRule(bus, name);
    const enabledAt =
      existing && existing.state !== 'DISABLED' && fields.state !== 'DISABLED'
        ? existing.enabled_at
        : now;
    const values = {
      bus,
      name,
      arn: fields.arn,
      event_pattern: fields.eventPattern ?? null,
      schedule_expression: fields.scheduleExpression ?? null,
      state: fields.state,
      description: fields.description ?? null,
      role_arn: fields.roleArn ?? null,
      tags: JSON.stringify(fields.tags),
      created_at: existing?.created_at ?? now,
      enabled_at: enabledAt,
    };
    if (existing) {
      this.prepare(
        'UPDATE eventbridge_rules SET arn=@arn, event_pattern=@event_pattern, schedule_expression=@schedule_expression, state=@state, description=@description, role_arn=@role_arn, tags=@tags, enabled_at=@enabled_at WHERE bus=@bus AND name=@name',
      ).run(values);
    } else {
      this.prepare(
        'INSERT INTO eventbridge_rules (bus, name, arn, event_pattern, schedule_expression, state, description, role_arn, tags, created_at, enabled_at) VALUES (@bus, @name, @arn, @event_pattern, @schedule_expression, @state, @description, @role_arn, @tags, @created_at, @enabled_at)',
      ).run(values);
    }
  }

  setRuleState(bus: string, name: string, state: RuleState, now: number): void {
    this.prepare(
      "UPDATE eventbridge_rules SET state = ?, enabled_at = CASE WHEN state = 'DISABLED' THEN ? ELSE enabled_at END WHERE bus = ? AND name = ?",
    ).run(state, now, bus, name);
  }

  deleteRule(bus: string, name: string): void {
    this.prepare('DELETE FROM eventbridge_rules WHERE bus = ? AND name = ?').run(bus, name);
  }

  listTargets(bus: string, rule: string): Target[] {
    const rows = this.prepare(
      'SELECT body FROM eventbridge_targets WHERE bus = ? AND rule = ? ORDER BY position, id',
    ).all(bus, rule) as Array<{ body: string }>;
    return rows.map((r) => JSON.parse(r.body) as Target);
  }

  /** Every target of every rule, keyed `bus\u0000rule`. */
  allTargets(): Map<string, Target[]> {
    const rows = this.prepare(
      'SELECT bus, rule, body FROM eventbridge_targets ORDER BY position, id',
    ).all() as Array<{ bus: string; rule: string; body: string }>;
    const out = new Map<string, Target[]>();
    for (const row of rows) {
      const key = `${row.bus}\u0000${row.rule}`;
      const list = out.get(key) ?? [];
      list.push(JSON.parse(row.body) as Target);
      out.set(key, list);
    }
    return out;
  }

  putTarget(bus: string, rule: string, target: Target): void {
    const position =
      (
        this.prepare(
          'SELECT position FROM eventbridge_targets WHERE bus = ? AND rule = ? AND id = ?',
        ).get(bus, rule, target.Id) as { position: number } | undefined
      )?.position ??
      (
        this.prepare(
          'SELECT COALESCE(MAX(position), -1) + 1 AS next FROM eventbridge_targets WHERE bus = ? AND rule = ?',
        ).get(bus, rule) as { next: number }
      ).next;
    this.prepare(
      'INSERT INTO eventbridge_targets (bus, rule, id, position, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT(bus, rule, id) DO UPDATE SET body = excluded.body',
    ).run(bus, rule, target.Id, position, JSON.stringify(target));
  }

  removeTarget(bus: string, rule: string, id: string): boolean {
    return (
      this.prepare('DELETE FROM eventbridge_targets WHERE bus = ? AND rule = ? AND id = ?').run(
        bus,
        rule,
        id,
      ).changes > 0
    );
  }

  countTargets(bus: string, rule: string): number {
    return (
      this.prepare('SELECT COUNT(*) AS n FROM eventbridge_targets WHERE bus = ? AND rule = ?').get(
        bus,
        rule,
      ) as { n: number }
    ).n;
  }
}
