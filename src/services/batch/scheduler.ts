import type { QueueEnvironment } from './catalog.js';
import type { BatchContext } from './context.js';
import type { RunnableEntry } from './heap.js';
import type { JobRecord } from './job-record.js';
import { setStatus } from './lifecycle.js';
import { startAttempt } from './runner.js';

/**
 * The dispatch pass: queues by priority (higher first), each queue's
 * RUNNABLE jobs in submission order, each job to the first of the queue's
 * ENABLED environments (in their order) with room for it. A job larger than
 * every environment of its queue could ever hold stays RUNNABLE with Batch's
 * MISCONFIGURATION reason and does not hold up the jobs behind it. Passes run
 * when something changes (a job becomes RUNNABLE, an attempt ends, an
 * environment or queue is updated) — never on a timer.
 */

/** The statusReason of a job no environment of its queue can hold. */
export const RESOURCE_MISCONFIGURATION =
  'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.';

/** How many jobs a pass looks past when the oldest ones do not fit yet. */
const LOOKAHEAD = 256;

/** One pass over every queue. */
export function dispatch(ctx: BatchContext): void {
  for (const queue of ctx.catalog.queuesByPriority()) {
    if (queue.state !== 'ENABLED') continue;
    const heap = ctx.runnable.get(queue.jobQueueName);
    if (!heap || heap.size === 0) continue;
    dispatchQueue(ctx, ctx.catalog.environmentsOf(queue), heap);
  }
}

function dispatchQueue(
  ctx: BatchContext,
  environments: QueueEnvironment[],
  heap: { pop(): RunnableEntry | undefined; insert(entry: RunnableEntry): void },
): void {
  const enabled = environments.filter((e) => e.detail.state === 'ENABLED');
  const held: RunnableEntry[] = [];
  let waiting = 0;
  for (let entry = heap.pop(); entry; entry = heap.pop()) {
    const job = entry.job;
    if (!environments.some((e) => e.pool.fits(job.need))) {
      if (job.statusReason !== RESOURCE_MISCONFIGURATION)
        setStatus(ctx, job, 'RUNNABLE', RESOURCE_MISCONFIGURATION);
      held.push(entry);
      continue;
    }
    const target = enabled.find((e) => e.pool.tryAcquire(job.need));
    if (target) {
      startAttempt(ctx, job, target.detail.computeEnvironmentName);
      continue;
    }
    held.push(entry);
    waiting += 1;
    if (waiting >= LOOKAHEAD || enabled.every((e) => e.pool.free().vcpus <= 0)) break;
  }
  for (const entry of held) heap.insert(entry);
}

/** The resources one attempt of a job takes, from its container. */
export function jobNeed(container: JobRecord['container']): JobRecord['need'] {
  const req = (type: string): number | undefined => {
    const found = container.resourceRequirements?.find((r) => r.type === type);
    return found ? Number(found.value) : undefined;
  };
  return {
    vcpus: req('VCPU') ?? container.vcpus ?? 1,
    memoryMiB: req('MEMORY') ?? container.memory ?? 0,
    gpus: req('GPU') ?? 0,
  };
}
