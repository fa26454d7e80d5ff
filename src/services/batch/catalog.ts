import type { AccountScope, IdGenerator } from '../../core/index.js';
import type { ResourcePool } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { HostCapacity } from './catalog-state.js';
import { loadCatalogState } from './catalog-state.js';
import {
  createComputeEnvironment,
  deleteComputeEnvironment,
  updateComputeEnvironment,
} from './environments.js';
import { refName } from './names.js';
import { createJobQueue, deleteJobQueue, updateJobQueue } from './queues.js';
import type {
  ComputeEnvironmentDetail,
  CreateComputeEnvironmentInput,
  CreateJobQueueInput,
  JobQueueDetail,
  UpdateComputeEnvironmentInput,
  UpdateJobQueueInput,
} from './types.js';

/**
 * Compute environments and job queues as the scheduler sees them: each
 * environment has a ResourcePool — vCPUs up to its maxvCpus (or
 * unmanagedvCpus), memory and GPUs up to what the host offers.
 */

export type { HostCapacity } from './catalog-state.js';

/** An environment of a queue, with its pool. */
export interface QueueEnvironment {
  detail: ComputeEnvironmentDetail;
  pool: ResourcePool;
}

const byName = <T>(items: Iterable<T>, name: (item: T) => string): T[] =>
  [...items].sort((a, b) => name(a).localeCompare(name(b)));

/** Creates the catalog over `db` (tables created by migrateBatch). */
export function createCatalog(
  db: SqliteDatabase,
  scope: AccountScope,
  ids: IdGenerator,
  host: HostCapacity,
) {
  const state = loadCatalogState(db, scope, ids, host);
  const { ces, queues, pools } = state;
  const pick = <T>(map: Map<string, T>, refs: string[]): T[] =>
    refs.map((r) => map.get(refName(r))).filter((x): x is T => x !== undefined);
  return {
    createComputeEnvironment: (input: CreateComputeEnvironmentInput) =>
      createComputeEnvironment(state, input),
    updateComputeEnvironment: (input: UpdateComputeEnvironmentInput) =>
      updateComputeEnvironment(state, input),
    deleteComputeEnvironment: (ref: string) => deleteComputeEnvironment(state, ref),
    computeEnvironments: (refs?: string[]): ComputeEnvironmentDetail[] =>
      refs?.length ? pick(ces, refs) : byName(ces.values(), (c) => c.computeEnvironmentName),
    createJobQueue: (input: CreateJobQueueInput) => createJobQueue(state, input),
    updateJobQueue: (input: UpdateJobQueueInput) => updateJobQueue(state, input),
    deleteJobQueue: (ref: string) => deleteJobQueue(state, ref),
    jobQueues: (refs?: string[]): JobQueueDetail[] =>
      refs?.length ? pick(queues, refs) : byName(queues.values(), (q) => q.jobQueueName),
    requireQueue: (ref: string) => state.requireQueue(ref),
    /** Queues in dispatch order: higher priority first, then by name. */
    queuesByPriority: (): JobQueueDetail[] =>
      [...queues.values()].sort(
        (a, b) => b.priority - a.priority || a.jobQueueName.localeCompare(b.jobQueueName),
      ),
    /** The environments of a queue, in their order, with their pools. */
    environmentsOf(queue: JobQueueDetail): QueueEnvironment[] {
      return [...queue.computeEnvironmentOrder]
        .sort((a, b) => a.order - b.order)
        .map((o) => ces.get(refName(o.computeEnvironment)))
        .filter((ce): ce is ComputeEnvironmentDetail => ce !== undefined)
        .map((detail) => ({ detail, pool: state.pool(detail) }));
    },
    /** Forgets what running attempts held (after the scheduler killed them all). */
    resetPools: () => pools.clear(),
    pool: (name: string): ResourcePool | undefined => {
      const ce = ces.get(name);
      return ce ? state.pool(ce) : undefined;
    },
  };
}

/** The catalog's type. */
export type Catalog = ReturnType<typeof createCatalog>;
