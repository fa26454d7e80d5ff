import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';

/** The embedded Batch's tables: one JSON document per resource, plus the columns queries need. */
const MIGRATIONS = [
  `CREATE TABLE batch_compute_environments (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE batch_job_queues (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE batch_job_definitions (
     name TEXT NOT NULL,
     revision INTEGER NOT NULL,
     status TEXT NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (name, revision)
   );
   CREATE TABLE batch_jobs (
     job_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     queue TEXT NOT NULL,
     status TEXT NOT NULL,
     job_name TEXT NOT NULL,
     definition TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     parent_id TEXT,
     doc TEXT NOT NULL
   );
   CREATE INDEX batch_jobs_by_queue ON batch_jobs (queue, status, seq);
   CREATE INDEX batch_jobs_by_parent ON batch_jobs (parent_id, seq);`,
];

/** Creates or upgrades the tables. */
export function migrateBatch(db: SqliteDatabase): void {
  migrate(db, 'batch', MIGRATIONS);
}
