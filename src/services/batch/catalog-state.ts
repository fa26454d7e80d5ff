import type { AccountScope, IdGenerator } from '../../core/index.js';
import type { ResourceAmounts, ResourcePool } from '../../runtime/index.js';
import { createResourcePool } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { clientError, refName } from './names.js';
import type { ComputeEnvironmentDetail, JobQueueDetail } from './types.js';

/**
 * What the catalog keeps: compute environments and job queues in memory
 * (they are few and read on every dispatch), written through to SQLite, and
 * one ResourcePool per environment.
 */

/** What the host offers every environment besides vCPUs. */
export interface HostCapacity {
  /** vCPUs of an UNMANAGED environment that names none. */
  vcpus: number;
  memoryMiB: number;
  gpus: number;
}

/** The catalog's state and its primitives. */
export interface CatalogState {
  db: SqliteDatabase;
  scope: AccountScope;
  ids: IdGenerator;
  ces: Map<string, ComputeEnvironmentDetail>;
  queues: Map<string, JobQueueDetail>;
  pools: Map<string, ResourcePool>;
  saveCe(ce: ComputeEnvironmentDetail): void;
  saveQueue(queue: JobQueueDetail): void;
  pool(ce: ComputeEnvironmentDetail): ResourcePool;
  requireCe(ref: string): ComputeEnvironmentDetail;
  requireQueue(ref: string): JobQueueDetail;
}

function load<T>(db: SqliteDatabase, table: string, key: (item: T) => string): Map<string, T> {
  const rows = db.prepare(`SELECT doc FROM ${table}`).all() as Array<{ doc: string }>;
  return new Map(rows.map((r) => JSON.parse(r.doc) as T).map((item) => [key(item), item]));
}

/** Loads the catalog from `db`. */
export function loadCatalogState(
  db: SqliteDatabase,
  scope: AccountScope,
  ids: IdGenerator,
  host: HostCapacity,
): CatalogState {
  const ces = load<ComputeEnvironmentDetail>(
    db,
    'batch_compute_environments',
    (c) => c.computeEnvironmentName,
  );
  const queues = load<JobQueueDetail>(db, 'batch_job_queues', (q) => q.jobQueueName);
  const pools = new Map<string, ResourcePool>();
  const putCe = db.prepare(
    'INSERT OR REPLACE INTO batch_compute_environments (name, doc) VALUES (?, ?)',
  );
  const putQueue = db.prepare('INSERT OR REPLACE INTO batch_job_queues (name, doc) VALUES (?, ?)');
  const capacity = (ce: ComputeEnvironmentDetail): ResourceAmounts => ({
    vcpus:
      ce.type === 'MANAGED'
        ? (ce.computeResources?.maxvCpus ?? 0)
        : (ce.unmanagedvCpus ?? host.vcpus),
    memoryMiB: host.memoryMiB,
    gpus: host.gpus,
  });
  return {
    db,
    scope,
    ids,
    ces,
    queues,
    pools,
    saveCe(ce) {
      ces.set(ce.computeEnvironmentName, ce);
      putCe.run(ce.computeEnvironmentName, JSON.stringify(ce));
      pools.get(ce.computeEnvironmentName)?.resize(capacity(ce));
    },
    saveQueue(queue) {
      queues.set(queue.jobQueueName, queue);
      putQueue.run(queue.jobQueueName, JSON.stringify(queue));
    },
    pool(ce) {
      let found = pools.get(ce.computeEnvironmentName);
      if (!found) pools.set(ce.computeEnvironmentName, (found = createResourcePool(capacity(ce))));
      return found;
    },
    requireCe(ref) {
      const ce = ces.get(refName(ref));
      if (!ce) throw clientError(`ComputeEnvironment ${ref} does not exist`);
      return ce;
    },
    requireQueue(ref) {
      const queue = queues.get(refName(ref));
      if (!queue) throw clientError(`JobQueue ${ref} not found.`);
      return queue;
    },
  };
}

const STATES = new Set(['ENABLED', 'DISABLED']);

/** An ENABLED/DISABLED field, or undefined when not given. */
export function checkState(state: unknown, field: string): 'ENABLED' | 'DISABLED' | undefined {
  if (state === undefined) return undefined;
  if (!STATES.has(state as string)) {
    throw clientError(`${field} must be ENABLED or DISABLED (got ${JSON.stringify(state)})`);
  }
  return state as 'ENABLED' | 'DISABLED';
}
