import type { SqliteDatabase } from '../../store/index.js';
import type { JobRecord } from './job-record.js';
import { isTerminal } from './job-record.js';
import type { JobStatus, ListJobsInput } from './types.js';
import { clientError } from './names.js';

/**
 * Jobs in memory while they live, in SQLite always. Changes are collected
 * and written in one transaction per turn of the event loop, so a burst of
 * submissions and state changes costs a few commits; `committed()` resolves
 * once what was changed so far is on disk (SubmitJob waits for it). Finished
 * jobs leave memory once written and are read back on demand.
 */

interface Row {
  doc: string;
}

/** One page of ListJobs. */
export interface JobPage {
  jobs: JobRecord[];
  nextToken?: string;
}

/** Creates the store over `db` (table `batch_jobs`). */
export function createJobStore(db: SqliteDatabase) {
  const live = new Map<string, JobRecord>();
  const dirty = new Set<JobRecord>();
  let waiting: Array<() => void> = [];
  let scheduled = false;
  const insert = db.prepare(
    `INSERT INTO batch_jobs (job_id, seq, queue, status, job_name, definition, created_at, parent_id, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare('UPDATE batch_jobs SET status = ?, doc = ? WHERE job_id = ?');
  const byId = db.prepare('SELECT doc FROM batch_jobs WHERE job_id = ?');
  // Jobs known to have a row: later writes are plain UPDATEs.
  const stored = new WeakSet<JobRecord>();
  const write = db.transaction((jobs: JobRecord[], inserted: JobRecord[]) => {
    for (const job of jobs) {
      const doc = JSON.stringify(job);
      if (stored.has(job)) {
        update.run(job.status, doc, job.jobId);
        continue;
      }
      const { jobId, seq, queueName, status, jobName, definitionName, createdAt } = job;
      insert.run(
        jobId,
        seq,
        queueName,
        status,
        jobName,
        definitionName,
        createdAt,
        job.parentId ?? null,
        doc,
      );
      inserted.push(job);
    }
  });

  function flush(): void {
    // A timer that fires after the instance closed its database has nothing left to do.
    if (dirty.size > 0 && db.open) {
      const jobs = [...dirty];
      dirty.clear();
      const inserted: JobRecord[] = [];
      write(jobs, inserted);
      for (const job of inserted) stored.add(job);
      for (const job of jobs) if (isTerminal(job.status)) live.delete(job.jobId);
    }
    const done = waiting;
    waiting = [];
    for (const resolve of done) resolve();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // A millisecond gathers the changes of many turns (a job's RUNNING and
    // SUCCEEDED often land in one write) at little cost to SubmitJob's latency.
    setTimeout(() => {
      scheduled = false;
      flush();
    }, 1);
  }

  function query(sql: string, args: unknown[]): JobRecord[] {
    flush();
    return (db.prepare(sql).all(...args) as Row[]).map((r) => {
      const job = JSON.parse(r.doc) as JobRecord;
      const found = live.get(job.jobId);
      if (found) return found;
      stored.add(job);
      return job;
    });
  }

  return {
    flush,
    /** Marks `job` changed; it is written on the next flush. */
    save(job: JobRecord): void {
      live.set(job.jobId, job);
      dirty.add(job);
      schedule();
    },
    /** Resolves once everything saved so far is written. */
    committed(): Promise<void> {
      if (dirty.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        waiting.push(resolve);
        schedule();
      });
    },
    /** The job, from memory or the database. */
    get(jobId: string): JobRecord | undefined {
      const found = live.get(jobId);
      if (found) return found;
      const row = byId.get(jobId) as Row | undefined;
      if (!row) return undefined;
      const job = JSON.parse(row.doc) as JobRecord;
      stored.add(job);
      return job;
    },
    /** Like `get`, or a ClientException naming the id. */
    require(jobId: string, field = 'jobId'): JobRecord {
      const job = this.get(jobId);
      if (!job) throw clientError(`${field} '${jobId}': Job ${jobId} not found`);
      return job;
    },
    /** Jobs not yet finished, in submission order (for recovery). */
    unfinished(): JobRecord[] {
      const jobs = query(
        `SELECT doc FROM batch_jobs WHERE status NOT IN ('SUCCEEDED', 'FAILED') ORDER BY seq`,
        [],
      );
      for (const job of jobs) live.set(job.jobId, job);
      return jobs;
    },
    /** The children of an array job, by index. */
    children(parentId: string): JobRecord[] {
      return query('SELECT doc FROM batch_jobs WHERE parent_id = ? ORDER BY seq', [parentId]);
    },
    /** The highest submission number used. */
    maxSeq(): number {
      flush();
      const row = db.prepare('SELECT MAX(seq) AS seq FROM batch_jobs').get() as {
        seq: number | null;
      };
      return row.seq ?? 0;
    },
    /** Forgets what is in memory (the next reads come from the database). */
    reset(): void {
      flush();
      live.clear();
    },
    list: (input: ListJobsInput, queueName?: string) => listJobs(query, input, queueName),
  };
}

/** The store's type. */
export type JobStore = ReturnType<typeof createJobStore>;

function listJobs(
  query: (sql: string, args: unknown[]) => JobRecord[],
  input: ListJobsInput,
  queueName?: string,
): JobPage {
  const where: string[] = [];
  const args: unknown[] = [];
  if (input.arrayJobId) {
    where.push('parent_id = ?');
    args.push(input.arrayJobId);
  } else {
    where.push('queue = ? AND parent_id IS NULL');
    args.push(queueName);
  }
  const filters = input.filters ?? [];
  if (filters.length === 0) {
    where.push('status = ?');
    args.push(input.jobStatus ?? ('RUNNING' satisfies JobStatus));
  }
  for (const filter of filters) addFilter(filter.name, filter.values ?? [], where, args);
  if (input.nextToken !== undefined) {
    const after = Number(input.nextToken);
    if (!Number.isInteger(after))
      throw clientError(`nextToken '${input.nextToken}' was not returned by ListJobs`);
    where.push('seq < ?');
    args.push(after);
  }
  const size = Math.min(Math.max(input.maxResults ?? 100, 1), 1000);
  const jobs = query(
    `SELECT doc FROM batch_jobs WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
    [...args, size + 1],
  );
  const page = jobs.slice(0, size);
  const last = page.at(-1);
  return jobs.length > size && last ? { jobs: page, nextToken: String(last.seq) } : { jobs: page };
}

function addFilter(name: string, values: string[], where: string[], args: unknown[]): void {
  const value = values[0] ?? '';
  if (name === 'JOB_NAME') {
    const prefix = value.endsWith('*');
    where.push(prefix ? 'substr(job_name, 1, ?) = ?' : 'job_name = ?');
    args.push(...(prefix ? [value.length - 1, value.slice(0, -1)] : [value]));
  } else if (name === 'JOB_DEFINITION') {
    const ref =
      value.replace(/^arn:[^:]*:batch:[^:]*:[^:]*:job-definition\//, '').split(':')[0] ?? '';
    const prefix = ref.endsWith('*');
    where.push(prefix ? 'substr(definition, 1, ?) = ?' : 'definition = ?');
    args.push(...(prefix ? [ref.length - 1, ref.slice(0, -1)] : [ref]));
  } else if (name === 'BEFORE_CREATED_AT' || name === 'AFTER_CREATED_AT') {
    const at = Number(value);
    if (!Number.isFinite(at))
      throw clientError(`filters ${name}: '${value}' is not a time in epoch milliseconds`);
    where.push(name === 'BEFORE_CREATED_AT' ? 'created_at < ?' : 'created_at > ?');
    args.push(at);
  } else {
    throw clientError(
      `filters: '${name}' is not a filter of ListJobs (JOB_NAME, JOB_DEFINITION, BEFORE_CREATED_AT, AFTER_CREATED_AT)`,
    );
  }
}
