import type { BatchContext } from './context.js';
import { jobDetail } from './describe.js';
import type { JobRecord } from './job-record.js';
import { isTerminal } from './job-record.js';
import { setStatus } from './lifecycle.js';
import type { JobDetail } from './types.js';

/**
 * TerminateJob, CancelJob and waiting for a job. Terminating stops an
 * attempt in flight (its process tree is killed) and fails the job without
 * retry; cancelling fails jobs that have not started and leaves running ones
 * alone, as Batch does. Both reach every child of an array job.
 */

function unstarted(job: JobRecord): boolean {
  return job.status === 'SUBMITTED' || job.status === 'PENDING' || job.status === 'RUNNABLE';
}

/** TerminateJob of one job (not an array parent). */
function terminateOne(ctx: BatchContext, job: JobRecord, reason: string): void {
  if (isTerminal(job.status)) return;
  job.isTerminated = true;
  job.terminateReason = reason;
  const handle = ctx.running.get(job.jobId);
  if (handle) {
    ctx.jobs.save(job);
    handle.terminate(reason);
    return;
  }
  setStatus(ctx, job, 'FAILED', reason);
}

/** TerminateJob: the job, or every unfinished child of an array job. */
export function terminate(ctx: BatchContext, job: JobRecord, reason: string): void {
  if (job.arraySize === undefined) return terminateOne(ctx, job, reason);
  for (const child of ctx.jobs.children(job.jobId)) terminateOne(ctx, child, reason);
}

/** CancelJob: fails the job (or the children) not yet started; started ones go on. */
export function cancel(ctx: BatchContext, job: JobRecord, reason: string): void {
  const targets = job.arraySize === undefined ? [job] : ctx.jobs.children(job.jobId);
  for (const target of targets) {
    if (!unstarted(target)) continue;
    target.isCancelled = true;
    setStatus(ctx, target, 'FAILED', reason);
  }
}

/** Resolves with the job's description once it has finished; rejects with the signal's reason on abort. */
export function waitFor(
  ctx: BatchContext,
  job: JobRecord,
  signal?: AbortSignal,
): Promise<JobDetail> {
  if (isTerminal(job.status)) return Promise.resolve(jobDetail(job));
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let set = ctx.waiters.get(job.jobId);
    if (!set) ctx.waiters.set(job.jobId, (set = new Set()));
    const notify = (finished: JobRecord): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve(jobDetail(finished));
    };
    const onAbort = (): void => {
      set.delete(notify);
      reject(signal?.reason);
    };
    set.add(notify);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
