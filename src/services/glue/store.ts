import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { Job, JobRun, JobRunState } from './types.js';

/**
 * The embedded Glue's tables: one JSON document per job and per run, plus
 * the columns lookups need. A run's row also keeps what it was started with
 * (the merged arguments and the script), so a restart runs the same thing.
 */

const MIGRATIONS = [
  `CREATE TABLE glue_jobs (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE glue_job_runs (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     job_name TEXT NOT NULL,
     state TEXT NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX glue_job_runs_by_job ON glue_job_runs (job_name, seq);
   CREATE INDEX glue_job_runs_by_state ON glue_job_runs (state);`,
];

/** What a run was started with. */
export interface RunPlan {
  scriptLocation: string;
  commandName: string;
  /** The words after the script: Glue's own `--JOB_*` arguments, then the merged arguments. */
  argv: string[];
  /** The merged arguments (defaults, then the run's, then the non-overridable ones). */
  arguments: Record<string, string>;
  maxRetries: number;
}

/** A run as stored: the JobRun and its plan. */
export interface RunRecord {
  run: JobRun;
  plan: RunPlan;
}

/** The stored jobs and runs. */
export interface GlueStore {
  getJob(name: string): Job | undefined;
  putJob(job: Job): void;
  deleteJob(name: string): void;
  /** Jobs by name, from `after` (exclusive), at most `limit`. */
  jobs(after: string | undefined, limit: number): Job[];
  getRun(id: string): RunRecord | undefined;
  putRun(record: RunRecord): void;
  /** Runs of a job, newest first, skipping `offset`. */
  runs(jobName: string, offset: number, limit: number): RunRecord[];
  /** How many runs of the job are in one of `states`. */
  countRuns(jobName: string, states: readonly JobRunState[]): number;
  /** Runs in one of `states`, oldest first. */
  runsIn(states: readonly JobRunState[]): RunRecord[];
}

/** A prepared statement taking any parameters. */
type Prepared = { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };

/** Creates or upgrades the tables and prepares the statements. */
export function createGlueStore(db: SqliteDatabase): GlueStore {
  migrate(db, 'glue', MIGRATIONS);
  const statements = {
    getJob: db.prepare('SELECT doc FROM glue_jobs WHERE name = ?'),
    putJob: db.prepare('INSERT OR REPLACE INTO glue_jobs (name, doc) VALUES (?, ?)'),
    deleteJob: db.prepare('DELETE FROM glue_jobs WHERE name = ?'),
    deleteRuns: db.prepare('DELETE FROM glue_job_runs WHERE job_name = ?'),
    jobs: db.prepare('SELECT doc FROM glue_jobs WHERE name > ? ORDER BY name LIMIT ?'),
    getRun: db.prepare('SELECT doc FROM glue_job_runs WHERE id = ?'),
    putRun: db.prepare(
      `INSERT INTO glue_job_runs (id, job_name, state, doc) VALUES (@id, @job, @state, @doc)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, doc = excluded.doc`,
    ),
    runs: db.prepare(
      'SELECT doc FROM glue_job_runs WHERE job_name = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
    ),
  };
  const docs = <T>(rows: unknown[]): T[] =>
    rows.map((row) => JSON.parse((row as { doc: string }).doc) as T);
  const one = <T>(row: unknown): T | undefined =>
    row === undefined ? undefined : (JSON.parse((row as { doc: string }).doc) as T);
  const placeholders = (n: number): string => new Array(n).fill('?').join(', ');
  const byStates = new Map<string, Prepared>();
  const cached = (key: string, sql: string) => {
    let statement = byStates.get(key);
    if (!statement) byStates.set(key, (statement = db.prepare(sql) as Prepared));
    return statement;
  };

  return {
    getJob: (name) => one<Job>(statements.getJob.get(name)),
    putJob: (job) => statements.putJob.run(job.Name, JSON.stringify(job)),
    deleteJob: (name) =>
      db.transaction(() => {
        statements.deleteJob.run(name);
        statements.deleteRuns.run(name);
      })(),
    jobs: (after, limit) => docs<Job>(statements.jobs.all(after ?? '', limit)),
    getRun: (id) => one<RunRecord>(statements.getRun.get(id)),
    putRun: (record) =>
      statements.putRun.run({
        id: record.run.Id,
        job: record.run.JobName,
        state: record.run.JobRunState,
        doc: JSON.stringify(record),
      }),
    runs: (jobName, offset, limit) => docs<RunRecord>(statements.runs.all(jobName, limit, offset)),
    countRuns: (jobName, states) => {
      const row = cached(
        `count:${states.join()}`,
        `SELECT COUNT(*) AS n FROM glue_job_runs WHERE job_name = ? AND state IN (${placeholders(states.length)})`,
      ).get(jobName, ...states) as { n: number };
      return row.n;
    },
    runsIn: (states) =>
      docs<RunRecord>(
        cached(
          `in:${states.join()}`,
          `SELECT doc FROM glue_job_runs WHERE state IN (${placeholders(states.length)}) ORDER BY seq`,
        ).all(...states),
      ),
  };
}
