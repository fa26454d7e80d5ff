import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { Kind } from './names.js';

/**
 * The embedded SageMaker's one table: every resource (jobs, models, endpoint
 * configurations, endpoints, model package groups and packages) as its
 * Describe document, keyed by kind and name (without regard to case, as
 * SageMaker compares names), with the columns listings filter on and a
 * private `plan` a restart needs.
 */

const MIGRATIONS = [
  `CREATE TABLE sagemaker_resources (
     kind TEXT NOT NULL,
     name TEXT NOT NULL COLLATE NOCASE,
     created REAL NOT NULL,
     status TEXT NOT NULL,
     parent TEXT COLLATE NOCASE,
     doc TEXT NOT NULL,
     plan TEXT,
     PRIMARY KEY (kind, name)
   );
   CREATE INDEX sagemaker_resources_by_parent ON sagemaker_resources (kind, parent);
   CREATE INDEX sagemaker_resources_by_status ON sagemaker_resources (kind, status);`,
];

/** One stored resource. */
export interface ResourceRow<Doc = Record<string, unknown>> {
  kind: Kind;
  name: string;
  /** Epoch seconds. */
  created: number;
  status: string;
  /** The tuning job of a training job, the group of a model package. */
  parent?: string;
  doc: Doc;
  /** What a restart needs that the document does not say. */
  plan?: Record<string, unknown>;
}

/** The stored resources. */
export interface SageMakerStore {
  get<Doc>(kind: Kind, name: string): ResourceRow<Doc> | undefined;
  /** Inserts or replaces (keeping the row's position in listings). */
  put(row: ResourceRow<object>): void;
  delete(kind: Kind, name: string): void;
  /** Rows of a kind in creation order, optionally only one parent's or in some statuses. */
  list<Doc>(
    kind: Kind,
    filter?: { parent?: string; statuses?: readonly string[] },
  ): ResourceRow<Doc>[];
  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T;
}

interface RawRow {
  kind: string;
  name: string;
  created: number;
  status: string;
  parent: string | null;
  doc: string;
  plan: string | null;
}

function decode<Doc>(row: RawRow): ResourceRow<Doc> {
  return {
    kind: row.kind as Kind,
    name: row.name,
    created: row.created,
    status: row.status,
    ...(row.parent === null ? {} : { parent: row.parent }),
    doc: JSON.parse(row.doc) as Doc,
    ...(row.plan === null ? {} : { plan: JSON.parse(row.plan) as Record<string, unknown> }),
  };
}

/** Creates or upgrades the table and prepares the statements. */
export function createSageMakerStore(db: SqliteDatabase): SageMakerStore {
  migrate(db, 'sagemaker', MIGRATIONS);
  const get = db.prepare('SELECT * FROM sagemaker_resources WHERE kind = ? AND name = ?');
  const put = db.prepare(
    `INSERT INTO sagemaker_resources (kind, name, created, status, parent, doc, plan)
     VALUES (@kind, @name, @created, @status, @parent, @doc, @plan)
     ON CONFLICT (kind, name) DO UPDATE SET created = excluded.created, status = excluded.status,
       parent = excluded.parent, doc = excluded.doc, plan = excluded.plan`,
  );
  const del = db.prepare('DELETE FROM sagemaker_resources WHERE kind = ? AND name = ?');
  const byKind = db.prepare(
    'SELECT * FROM sagemaker_resources WHERE kind = ? ORDER BY created, rowid',
  );
  const byParent = db.prepare(
    'SELECT * FROM sagemaker_resources WHERE kind = ? AND parent = ? ORDER BY created, rowid',
  );
  return {
    get<Doc>(kind: Kind, name: string) {
      const row = get.get(kind, name) as RawRow | undefined;
      return row ? decode<Doc>(row) : undefined;
    },
    put(row) {
      put.run({
        kind: row.kind,
        name: row.name,
        created: row.created,
        status: row.status,
        parent: row.parent ?? null,
        doc: JSON.stringify(row.doc),
        plan: row.plan === undefined ? null : JSON.stringify(row.plan),
      });
    },
    delete(kind, name) {
      del.run(kind, name);
    },
    list<Doc>(kind: Kind, filter: { parent?: string; statuses?: readonly string[] } = {}) {
      const rows = (
        filter.parent === undefined ? byKind.all(kind) : byParent.all(kind, filter.parent)
      ) as RawRow[];
      const statuses = filter.statuses ? new Set(filter.statuses) : undefined;
      return rows.filter((r) => !statuses || statuses.has(r.status)).map((r) => decode<Doc>(r));
    },
    transaction: (fn) => db.transaction(fn)(),
  };
}
