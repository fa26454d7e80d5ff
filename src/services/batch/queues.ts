import type { CatalogState } from './catalog-state.js';
import { checkState } from './catalog-state.js';
import { batchArn, checkName, clientError, refName } from './names.js';
import type {
  ComputeEnvironmentOrder,
  CreateJobQueueInput,
  JobQueueDetail,
  UpdateJobQueueInput,
} from './types.js';

/** CreateJobQueue, UpdateJobQueue and DeleteJobQueue. */

function checkOrder(state: CatalogState, order: unknown): ComputeEnvironmentOrder[] {
  const { ces } = state;
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

/** CreateJobQueue. */
export function createJobQueue(state: CatalogState, input: CreateJobQueueInput) {
  const { queues, scope } = state;
  const name = checkName(input.jobQueueName, 'jobQueueName');
  const priority = checkPriority(input.priority);
  const order = checkOrder(state, input.computeEnvironmentOrder);
  if (queues.has(name)) throw clientError(`Object already exists: job queue '${name}'`);
  const arn = batchArn(scope, 'job-queue', name);
  state.saveQueue({
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

/** UpdateJobQueue: state, priority, environments. */
export function updateJobQueue(state: CatalogState, input: UpdateJobQueueInput) {
  const queue = state.requireQueue(input.jobQueue);
  const next: JobQueueDetail = {
    ...queue,
    state: checkState(input.state, 'state') ?? queue.state,
    priority: input.priority === undefined ? queue.priority : checkPriority(input.priority),
    computeEnvironmentOrder:
      input.computeEnvironmentOrder === undefined
        ? queue.computeEnvironmentOrder
        : checkOrder(state, input.computeEnvironmentOrder),
  };
  state.saveQueue(next);
  return { jobQueueName: next.jobQueueName, jobQueueArn: next.jobQueueArn };
}

/** DeleteJobQueue: only a DISABLED queue. */
export function deleteJobQueue(state: CatalogState, ref: string): void {
  const { queues, db } = state;
  const queue = state.requireQueue(ref);
  if (queue.state !== 'DISABLED') {
    throw clientError(
      `Cannot delete job queue '${queue.jobQueueName}' while it is ENABLED: disable it first (UpdateJobQueue state=DISABLED)`,
    );
  }
  queues.delete(queue.jobQueueName);
  db.prepare('DELETE FROM batch_job_queues WHERE name = ?').run(queue.jobQueueName);
}
