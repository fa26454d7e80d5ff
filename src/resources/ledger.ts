import type { SqliteDatabase } from '../store/index.js';
import { migrate } from '../store/index.js';
import type { ResourceSpec } from './types.js';

/**
 * The applied state: per stack, every resource `up` touched, with the spec it
 * last applied and whether the stack created it (`owned`). `down` removes only
 * owned resources, newest first; a resource that existed before `up` is
 * remembered as not owned and left alone.
 */

const MIGRATIONS = [
  `CREATE TABLE resource_stacks (
     stack TEXT PRIMARY KEY,
     source TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE resource_entries (
     stack TEXT NOT NULL REFERENCES resource_stacks(stack) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     key TEXT NOT NULL,
     spec TEXT NOT NULL,
     owned INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     applied_at INTEGER NOT NULL,
     PRIMARY KEY (stack, kind, key)
   );`,
];

/** A stack as remembered. */
export interface StackRecord {
  stack: string;
  /** The resolved config path it was applied from, if any. */
  source?: string;
  createdAt: number;
  updatedAt: number;
}

/** One remembered resource of a stack. */
export interface LedgerEntry {
  stack: string;
  kind: string;
  key: string;
  spec: ResourceSpec;
  /** True when this stack created the resource (down removes it). */
  owned: boolean;
  /** Order of creation (or of first sight, for resources the stack did not create). */
  seq: number;
  appliedAt: number;
}

/** The applied-state store of an instance. */
export interface Ledger {
  getStack(stack: string): StackRecord | undefined;
  /** The stack last applied from `source` (a resolved config path). */
  stackForSource(source: string): StackRecord | undefined;
  listStacks(): StackRecord[];
  /** Creates or touches a stack record. */
  touchStack(stack: string, source: string | undefined, now: number): void;
  entries(stack: string): LedgerEntry[];
  /** Records an applied resource; a new entry gets the next sequence number, `owned` never goes from true to false. */
  record(entry: Omit<LedgerEntry, 'seq'>): void;
  forget(stack: string, kind: string, key: string): void;
  /** Removes the stack and its entries. */
  dropStack(stack: string): void;
}

interface StackRow {
  stack: string;
  source: string | null;
  created_at: number;
  updated_at: number;
}

interface EntryRow {
  stack: string;
  kind: string;
  key: string;
  spec: string;
  owned: number;
  seq: number;
  applied_at: number;
}

/** Opens the ledger in `db` (creating its tables on first use). */
export function createLedger(db: SqliteDatabase): Ledger {
  migrate(db, 'resources', MIGRATIONS);
  const statements = {
    getStack: db.prepare('SELECT * FROM resource_stacks WHERE stack = ?'),
    bySource: db.prepare(
      'SELECT * FROM resource_stacks WHERE source = ? ORDER BY updated_at DESC LIMIT 1',
    ),
    listStacks: db.prepare('SELECT * FROM resource_stacks ORDER BY stack'),
    touch: db.prepare(
      `INSERT INTO resource_stacks (stack, source, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(stack) DO UPDATE SET source = COALESCE(excluded.source, source), updated_at = excluded.updated_at`,
    ),
    entries: db.prepare('SELECT * FROM resource_entries WHERE stack = ? ORDER BY seq'),
    nextSeq: db.prepare(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM resource_entries WHERE stack = ?',
    ),
    upsert: db.prepare(
      `INSERT INTO resource_entries (stack, kind, key, spec, owned, seq, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(stack, kind, key) DO UPDATE SET spec = excluded.spec,
         seq = CASE WHEN owned = 0 AND excluded.owned = 1 THEN excluded.seq ELSE seq END,
         owned = MAX(owned, excluded.owned), applied_at = excluded.applied_at`,
    ),
    forget: db.prepare('DELETE FROM resource_entries WHERE stack = ? AND kind = ? AND key = ?'),
    dropEntries: db.prepare('DELETE FROM resource_entries WHERE stack = ?'),
    dropStack: db.prepare('DELETE FROM resource_stacks WHERE stack = ?'),
  };
  const toStack = (row: StackRow | undefined): StackRecord | undefined =>
    row && {
      stack: row.stack,
      ...(row.source === null ? {} : { source: row.source }),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  return {
    getStack: (stack) => toStack(statements.getStack.get(stack) as StackRow | undefined),
    stackForSource: (source) => toStack(statements.bySource.get(source) as StackRow | undefined),
    listStacks: () =>
      (statements.listStacks.all() as StackRow[]).map((r) => toStack(r) as StackRecord),
    touchStack(stack, source, now) {
      statements.touch.run(stack, source ?? null, now, now);
    },
    entries: (stack) =>
      (statements.entries.all(stack) as EntryRow[]).map((row) => ({
        stack: row.stack,
        kind: row.kind,
        key: row.key,
        spec: JSON.parse(row.spec) as ResourceSpec,
        owned: row.owned === 1,
        seq: row.seq,
        appliedAt: row.applied_at,
      })),
    record(entry) {
      const { seq } = statements.nextSeq.get(entry.stack) as { seq: number };
      statements.upsert.run(
        entry.stack,
        entry.kind,
        entry.key,
        JSON.stringify(entry.spec),
        entry.owned ? 1 : 0,
        seq,
        entry.appliedAt,
      );
    },
    forget(stack, kind, key) {
      statements.forget.run(stack, kind, key);
    },
    dropStack: db.transaction((stack: string) => {
      statements.dropEntries.run(stack);
      statements.dropStack.run(stack);
    }),
  };
}
