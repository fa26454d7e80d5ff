import type { BatchContext } from './context.js';
import type { JobRecord } from './job-record.js';
import { admit, makeRunnable, setStatus } from './lifecycle.js';
import { HOST_TERMINATED, recordAttempt, shouldRetry } from './runner.js';

/**
 * What `start()` does with the jobs a previous process (or a stopped
 * scheduler) left unfinished: attempts that were STARTING or RUNNING are lost
 * — recorded with a host-terminated reason, then retried per the job's
 * retry strategy (so `evaluateOnExit` rules on `Host EC2*` apply) or failed;
 * RUNNABLE jobs queue again; SUBMITTED and PENDING ones are admitted again.
 */

function recoverLost(ctx: BatchContext, job: JobRecord): void {
  const attempt = recordAttempt(ctx, job, HOST_TERMINATED, undefined, undefined);
  if (!job.isTerminated && shouldRetry(job, attempt)) {
    delete job.stoppedAt;
    makeRunnable(ctx, job, null);
  } else {
    setStatus(
      ctx,
      job,
      'FAILED',
      job.isTerminated ? (job.terminateReason ?? HOST_TERMINATED) : HOST_TERMINATED,
    );
  }
}

/** Reloads unfinished jobs from the store and moves each on; returns how many there were. */
export function recover(ctx: BatchContext): number {
  ctx.jobs.reset();
  ctx.runnable.clear();
  ctx.dependents.clear();
  ctx.seq = Math.max(ctx.seq, ctx.jobs.maxSeq());
  const jobs = ctx.jobs.unfinished();
  for (const job of jobs) {
    if (job.status === 'STARTING' || job.status === 'RUNNING') recoverLost(ctx, job);
    else if (job.status === 'RUNNABLE') makeRunnable(ctx, job);
    else if (job.status === 'SUBMITTED' || job.status === 'PENDING') admit(ctx, job);
  }
  return jobs.length;
}
