import type { BatchContext } from './context.js';
import { jobDetail } from './describe.js';
import { RunnableHeap } from './heap.js';
import type { JobRecord } from './job-record.js';
import { isTerminal } from './job-record.js';
import type { JobStatus } from './types.js';

/**
 * State changes of jobs and what follows from them: array parents follow
 * their children, dependents leave PENDING (or fail) when what they wait for
 * finishes, waiters hear of finished jobs, the state-change hook hears of
 * everything.
 */

/** Why a job failed because one it depends on failed. */
export const DEPENDENCY_FAILED = 'Dependent Job failed';

/** Moves `job` to `status`; `reason` replaces the status reason (`null` clears it). */
export function setStatus(
  ctx: BatchContext,
  job: JobRecord,
  status: JobStatus,
  reason?: string | null,
): void {
  const previous = job.status;
  job.status = status;
  if (reason === null) delete job.statusReason;
  else if (reason !== undefined) job.statusReason = reason;
  if (isTerminal(status)) job.stoppedAt ??= ctx.clock.now();
  ctx.jobs.save(job);
  if (ctx.hook && previous !== status) ctx.hook(jobDetail(job));
  if (job.parentId !== undefined && previous !== status) followChild(ctx, job, previous);
  if (isTerminal(status) && !isTerminal(previous)) finished(ctx, job);
}

/** Updates an array parent's summary for a child's move from `previous`; finishes it with its last child. */
function followChild(ctx: BatchContext, child: JobRecord, previous: JobStatus): void {
  const parent = ctx.jobs.get(child.parentId ?? '');
  const summary = parent?.statusSummary;
  if (!parent || !summary || parent.arraySize === undefined) return;
  summary[previous] = Math.max(0, (summary[previous] ?? 0) - 1);
  summary[child.status] = (summary[child.status] ?? 0) + 1;
  if (
    child.status === 'RUNNING' &&
    parent.startedAt === undefined &&
    child.startedAt !== undefined
  ) {
    parent.startedAt = child.startedAt;
  }
  ctx.jobs.save(parent);
  const done = (summary.SUCCEEDED ?? 0) + (summary.FAILED ?? 0);
  if (done === parent.arraySize && !isTerminal(parent.status)) {
    setStatus(ctx, parent, (summary.FAILED ?? 0) > 0 ? 'FAILED' : 'SUCCEEDED');
  }
}

function finished(ctx: BatchContext, job: JobRecord): void {
  const waiters = ctx.waiters.get(job.jobId);
  if (waiters) {
    ctx.waiters.delete(job.jobId);
    for (const notify of waiters) notify(job);
  }
  const dependents = ctx.dependents.get(job.jobId);
  if (!dependents) return;
  ctx.dependents.delete(job.jobId);
  for (const id of dependents) {
    const dependent = ctx.jobs.get(id);
    if (dependent && (dependent.status === 'PENDING' || dependent.status === 'SUBMITTED'))
      admit(ctx, dependent);
  }
}

/**
 * Moves a SUBMITTED or PENDING job on: FAILED when a job it waits for failed,
 * PENDING while any has not succeeded, else RUNNABLE (and queued).
 */
export function admit(ctx: BatchContext, job: JobRecord): void {
  if (job.arraySize !== undefined) {
    if (job.status === 'SUBMITTED') setStatus(ctx, job, 'PENDING');
    return;
  }
  const pending: string[] = [];
  for (const id of job.waitsFor) {
    const dependency = ctx.jobs.get(id);
    if (!dependency || dependency.status === 'FAILED') {
      setStatus(ctx, job, 'FAILED', DEPENDENCY_FAILED);
      return;
    }
    if (dependency.status !== 'SUCCEEDED') pending.push(id);
  }
  if (pending.length > 0) {
    for (const id of pending) {
      let set = ctx.dependents.get(id);
      if (!set) ctx.dependents.set(id, (set = new Set()));
      set.add(job.jobId);
    }
    if (job.status !== 'PENDING') setStatus(ctx, job, 'PENDING');
    return;
  }
  makeRunnable(ctx, job);
}

/** Queues `job` as RUNNABLE in its queue. */
export function makeRunnable(ctx: BatchContext, job: JobRecord, reason?: string | null): void {
  job.runnableGen += 1;
  setStatus(ctx, job, 'RUNNABLE', reason);
  let heap = ctx.runnable.get(job.queueName);
  if (!heap) ctx.runnable.set(job.queueName, (heap = new RunnableHeap()));
  heap.push(job);
  scheduleDispatch(ctx);
}

/**
 * Runs a dispatch pass once the code running now is done (once, however
 * often asked) — before the pending writes are flushed, so a job that
 * becomes RUNNABLE and starts at once is written once.
 */
export function scheduleDispatch(ctx: BatchContext): void {
  if (!ctx.active || ctx.dispatchScheduled) return;
  ctx.dispatchScheduled = true;
  queueMicrotask(() => {
    ctx.dispatchScheduled = false;
    if (ctx.active) ctx.dispatch();
  });
}
