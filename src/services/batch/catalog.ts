import type { AccountScope, IdGenerator } from '../../core/index.js';
import { formatArn } from '../../core/index.js';
import type { ResourceAmounts, ResourcePool } from '../../runtime/index.js';
import { createResourcePool } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { batchArn, checkName, clientError, refName } from './names.js';
import type {
  ComputeEnvironmentDetail,
  ComputeEnvironmentOrder,
  CreateComputeEnvironmentInput,
  CreateJobQueueInput,
  JobQueueDetail,
  UpdateComputeEnvironmentInput,
  UpdateJobQueueInput,
} from './types.js';

/**
 * Compute environments and job queues: kept in memory (they are few and read
 * on every dispatch) and written through to SQLite. Each environment has a
 * ResourcePool: vCPUs up to its maxvCpus (or unmanagedvCpus), memory and GPUs
 * up to what the host offers.
 */

/** What the host offers every environment besides vCPUs. */
export interface HostCapacity {
  /** vCPUs of an UNMANAGED environment that names none. */
  vcpus: number;
  memoryMiB: number;
  gpus: number;
}

/** An environment of a queue, with its pool. */
export interface QueueEnvironment {
  detail: ComputeEnvironmentDetail;
  pool: ResourcePool;
}

const STATES = new Set(['ENABLED', 'DISABLED']);

function checkState(state: unknown, field: string): 'ENABLED' | 'DISABLED' | undefined {
  if (state === undefined) return undefined;
  if (!STATES.has(state as string))
    throw clientError(`${field} must be ENABLED or DISABLED (got ${JSON.stringify(state)})`);
  return state as 'ENABLED' | 'DISABLED';
}

function checkMaxvCpus(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw clientError(
      `${field} must be a whole number of vCPUs, 0 or more (got ${JSON.stringify(value ?? null)})`,
    );
  }
}

/** Creates the catalog over `db` (tables created by migrateBatch). */
export function createCatalog(
  db: SqliteDatabase,
  scope: AccountScope,
  ids: IdGenerator,
  host: HostCapacity,
) {
  const ces = new Map<string, ComputeEnvironmentDetail>();
  const queues = new Map<string, JobQueueDetail>();
  const pools = new Map<string, ResourcePool>();
  for (const row of db.prepare('SELECT doc FROM batch_compute_environments').all() as Array<{
    doc: string;
  }>) {
    const ce = JSON.parse(row.doc) as ComputeEnvironmentDetail;
    ces.set(ce.computeEnvironmentName, ce);
  }
  for (const row of db.prepare('SELECT doc FROM batch_job_queues').all() as Array<{
    doc: string;
  }>) {
    const queue = JSON.parse(row.doc) as JobQueueDetail;
    queues.set(queue.jobQueueName, queue);
  }
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
  const pool = (ce: ComputeEnvironmentDetail): ResourcePool => {
    let found = pools.get(ce.computeEnvironmentName);
    if (!found) pools.set(ce.computeEnvironmentName, (found = createResourcePool(capacity(ce))));
    return found;
  };
  const saveCe = (ce: ComputeEnvironmentDetail): void => {
    ces.set(ce.computeEnvironmentName, ce);
    putCe.run(ce.computeEnvironmentName, JSON.stringify(ce));
    pools.get(ce.computeEnvironmentName)?.resize(capacity(ce));
  };
  const saveQueue = (queue: JobQueueDetail): void => {
    queues.set(queue.jobQueueName, queue);
    putQueue.run(queue.jobQueueName, JSON.stringify(queue));
  };
  const requireCe = (ref: string): ComputeEnvironmentDetail => {
    const ce = ces.get(refName(ref));
    if (!ce) throw clientError(`ComputeEnvironment ${ref} does not exist`);
    return ce;
  };
  const requireQueue = (ref: string): JobQueueDetail => {
    const queue = queues.get(refName(ref));
    if (!queue) throw clientError(`JobQueue ${ref} not found.`);
    return queue;
  };

  function createComputeEnvironment(input: CreateComputeEnvironmentInput) {
    const name = checkName(input.computeEnvironmentName, 'computeEnvironmentName');
    if (input.type !== 'MANAGED' && input.type !== 'UNMANAGED') {
      throw clientError(
        `type must be MANAGED or UNMANAGED (got ${JSON.stringify(input.type ?? null)})`,
      );
    }
    if (input.type === 'MANAGED') {
      if (!input.computeResources)
        throw clientError(
          `computeResources is required for the MANAGED compute environment '${name}'`,
        );
      checkMaxvCpus(input.computeResources.maxvCpus, 'computeResources.maxvCpus');
    }
    if (ces.has(name)) throw clientError(`Object already exists: compute environment '${name}'`);
    const arn = batchArn(scope, 'compute-environment', name);
    saveCe({
      computeEnvironmentName: name,
      computeEnvironmentArn: arn,
      ecsClusterArn: formatArn(scope, 'ecs', `cluster/${name}_Batch_${ids.uuid().slice(0, 8)}`),
      ...(input.tags ? { tags: input.tags } : {}),
      type: input.type,
      state: checkState(input.state, 'state') ?? 'ENABLED',
      status: 'VALID',
      statusReason: 'ComputeEnvironment Healthy',
      ...(input.unmanagedvCpus === undefined ? {} : { unmanagedvCpus: input.unmanagedvCpus }),
      ...(input.computeResources ? { computeResources: input.computeResources } : {}),
      ...(input.serviceRole ? { serviceRole: input.serviceRole } : {}),
      containerOrchestrationType: 'ECS',
      uuid: ids.uuid(),
    });
    return { computeEnvironmentName: name, computeEnvironmentArn: arn };
  }

  function updateComputeEnvironment(input: UpdateComputeEnvironmentInput) {
    const ce = requireCe(input.computeEnvironment);
    if (input.computeResources?.maxvCpus !== undefined)
      checkMaxvCpus(input.computeResources.maxvCpus, 'computeResources.maxvCpus');
    const next: ComputeEnvironmentDetail = {
      ...ce,
      state: checkState(input.state, 'state') ?? ce.state,
      ...(input.unmanagedvCpus === undefined ? {} : { unmanagedvCpus: input.unmanagedvCpus }),
      ...(input.computeResources
        ? { computeResources: { ...ce.computeResources, ...input.computeResources } }
        : {}),
      ...(input.serviceRole ? { serviceRole: input.serviceRole } : {}),
    };
    saveCe(next);
    return {
      computeEnvironmentName: next.computeEnvironmentName,
      computeEnvironmentArn: next.computeEnvironmentArn,
    };
  }

  function deleteComputeEnvironment(ref: string): void {
    const ce = requireCe(ref);
    if (ce.state !== 'DISABLED') {
      throw clientError(
        `Cannot delete compute environment '${ce.computeEnvironmentName}' while it is ENABLED: disable it first (UpdateComputeEnvironment state=DISABLED)`,
      );
    }
    const user = [...queues.values()].find((q) =>
      q.computeEnvironmentOrder.some(
        (o) => refName(o.computeEnvironment) === ce.computeEnvironmentName,
      ),
    );
    if (user)
      throw clientError(
        `Cannot delete, found existing JobQueue relationship: job queue '${user.jobQueueName}' uses compute environment '${ce.computeEnvironmentName}'`,
      );
    ces.delete(ce.computeEnvironmentName);
    pools.delete(ce.computeEnvironmentName);
    db.prepare('DELETE FROM batch_compute_environments WHERE name = ?').run(
      ce.computeEnvironmentName,
    );
  }

  function checkOrder(order: unknown): ComputeEnvironmentOrder[] {
    if (!Array.isArray(order) || order.length === 0 || order.length > 3) {
      throw clientError(
        'computeEnvironmentOrder must list 1 to 3 compute environments ({ order, computeEnvironment })',
      );
    }
    return (order as ComputeEnvironmentOrder[]).map((entry, i) => {
      if (!Number.isInteger(entry?.order))
        throw clientError(`computeEnvironmentOrder[${i}].order must be an integer`);
      const ce = ces.get(refName(String(entry.computeEnvironment ?? '')));
      if (!ce)
        throw clientError(
          `computeEnvironmentOrder[${i}].computeEnvironment: ComputeEnvironment ${entry.computeEnvironment} does not exist`,
        );
      return { order: entry.order, computeEnvironment: ce.computeEnvironmentArn };
    });
  }

  function checkPriority(priority: unknown): number {
    if (
      typeof priority !== 'number' ||
      !Number.isInteger(priority) ||
      priority < 0 ||
      priority > 1000
    ) {
      throw clientError(
        `priority must be an integer from 0 to 1000 (got ${JSON.stringify(priority ?? null)})`,
      );
    }
    return priority;
  }

  function createJobQueue(input: CreateJobQueueInput) {
    const name = checkName(input.jobQueueName, 'jobQueueName');
    const priority = checkPriority(input.priority);
    const order = checkOrder(input.computeEnvironmentOrder);
    if (queues.has(name)) throw clientError(`Object already exists: job queue '${name}'`);
    const arn = batchArn(scope, 'job-queue', name);
    saveQueue({
      jobQueueName: name,
      jobQueueArn: arn,
      state: checkState(input.state, 'state') ?? 'ENABLED',
      status: 'VALID',
      statusReason: 'JobQueue Healthy',
      priority,
      computeEnvironmentOrder: order,
      ...(input.tags ? { tags: input.tags } : {}),
      jobQueueType: 'ECS',
    });
    return { jobQueueName: name, jobQueueArn: arn };
  }

  function updateJobQueue(input: UpdateJobQueueInput) {
    const queue = requireQueue(input.jobQueue);
    const next: JobQueueDetail = {
      ...queue,
      state: checkState(input.state, 'state') ?? queue.state,
      priority: input.priority === undefined ? queue.priority : checkPriority(input.priority),
      computeEnvironmentOrder:
        input.computeEnvironmentOrder === undefined
          ? queue.computeEnvironmentOrder
          : checkOrder(input.computeEnvironmentOrder),
    };
    saveQueue(next);
    return { jobQueueName: next.jobQueueName, jobQueueArn: next.jobQueueArn };
  }

  function deleteJobQueue(ref: string): void {
    const queue = requireQueue(ref);
    if (queue.state !== 'DISABLED') {
      throw clientError(
        `Cannot delete job queue '${queue.jobQueueName}' while it is ENABLED: disable it first (UpdateJobQueue state=DISABLED)`,
      );
    }
    queues.delete(queue.jobQueueName);
    db.prepare('DELETE FROM batch_job_queues WHERE name = ?').run(queue.jobQueueName);
  }

  return {
    createComputeEnvironment,
    updateComputeEnvironment,
    deleteComputeEnvironment,
    computeEnvironments: (refs?: string[]) =>
      refs?.length
        ? refs.map((r) => ces.get(refName(r))).filter((c) => c !== undefined)
        : [...ces.values()].sort((a, b) =>
            a.computeEnvironmentName.localeCompare(b.computeEnvironmentName),
          ),
    createJobQueue,
    updateJobQueue,
    deleteJobQueue,
    jobQueues: (refs?: string[]) =>
      refs?.length
        ? refs.map((r) => queues.get(refName(r))).filter((q) => q !== undefined)
        : [...queues.values()].sort((a, b) => a.jobQueueName.localeCompare(b.jobQueueName)),
    requireQueue,
    /** Queues in dispatch order: higher priority first, then by name. */
    queuesByPriority: () =>
      [...queues.values()].sort(
        (a, b) => b.priority - a.priority || a.jobQueueName.localeCompare(b.jobQueueName),
      ),
    /** The environments of a queue, in their order, with their pools. */
    environmentsOf(queue: JobQueueDetail): QueueEnvironment[] {
      return [...queue.computeEnvironmentOrder]
        .sort((a, b) => a.order - b.order)
        .map((o) => ces.get(refName(o.computeEnvironment)))
        .filter((ce) => ce !== undefined)
        .map((detail) => ({ detail, pool: pool(detail) }));
    },
    /** Forgets what running attempts held (after the scheduler killed them all). */
    resetPools: () => pools.clear(),
    pool: (name: string) => {
      const ce = ces.get(name);
      return ce ? pool(ce) : undefined;
    },
  };
}

/** The catalog's type. */
export type Catalog = ReturnType<typeof createCatalog>;
