import { join } from 'node:path';
import type { RunResult, RunSpec } from '../../runtime/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { BatchContext } from './context.js';
import type { JobRecord } from './job-record.js';
import { makeRunnable, scheduleDispatch, setStatus } from './lifecycle.js';
import { taskArns } from './names.js';
import type { AttemptDetail, EvaluateOnExit } from './types.js';

/**
 * Attempts: starting one on the runtime (STARTING, then RUNNING once the
 * program or process is up), and deciding what its end means — SUCCEEDED,
 * back to RUNNABLE under the retry strategy, or FAILED — with the reasons
 * Batch gives.
 */

/** Batch's statusReason once the container has exited. */
export const CONTAINER_EXITED = 'Essential container in task exited';
/** Batch's statusReason when an attempt outlives its timeout (such attempts are not retried). */
export const TIMED_OUT = 'Job attempt duration exceeded timeout';
/** Batch's statusReason when the container never started. */
export const FAILED_TO_START = 'Task failed to start';
/** The statusReason of an attempt lost because modelmill stopped while it ran (a host going away). */
export const HOST_TERMINATED = 'Host EC2 (instance modelmill-local) terminated.';

/** The variables a Batch job sees, on top of its own. */
export function batchEnvironment(
  ctx: BatchContext,
  job: JobRecord,
  ce: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { name, value } of job.container.environment ?? []) env[name] = value;
  env.AWS_BATCH_JOB_ID = job.jobId;
  env.AWS_BATCH_JOB_ATTEMPT = String(job.attempts.length + 1);
  env.AWS_BATCH_JQ_NAME = job.queueName;
  env.AWS_BATCH_CE_NAME = ce;
  if (job.arrayIndex !== undefined) env.AWS_BATCH_JOB_ARRAY_INDEX = String(job.arrayIndex);
  env.AWS_REGION ??= ctx.scope.region;
  env.AWS_DEFAULT_REGION ??= ctx.scope.region;
  return env;
}

function runSpec(ctx: BatchContext, job: JobRecord, ce: string, taskId: string): RunSpec {
  const image = job.container.image ?? '';
  const seconds = job.timeout?.attemptDurationSeconds;
  return {
    target: {
      kind: 'image',
      uri: image,
      image: ctx.images?.resolve(image),
      ...(job.container.command ? { command: job.container.command } : {}),
    },
    env: batchEnvironment(ctx, job, ce),
    cwd: join(ctx.workDir, taskId),
    ...(seconds === undefined ? {} : { timeoutMs: seconds * 1000 }),
    log: { group: LogGroup.Batch, stream: job.container.logStreamName ?? taskId },
  };
}

/** Starts an attempt of `job` in the environment `ce` (whose resources are already taken). */
export function startAttempt(ctx: BatchContext, job: JobRecord, ce: string): void {
  // The first attempt's task (and log stream) carries the job id, as the issue asks; others get their own.
  const taskId = job.attempts.length === 0 && !job.jobId.includes(':') ? job.jobId : ctx.ids.uuid();
  job.current = { ce, taskId };
  job.container.logStreamName = `${job.definitionName}/default/${taskId}`;
  setStatus(ctx, job, 'STARTING', null);
  const handle = ctx.runtime.start(runSpec(ctx, job, ce, taskId));
  ctx.running.set(job.jobId, handle);
  const epoch = ctx.epoch;
  void handle.started.then((started) => {
    if (!started || epoch !== ctx.epoch || job.status !== 'STARTING' || !job.current) return;
    job.current.startedAt = ctx.clock.now();
    job.startedAt = job.current.startedAt;
    setStatus(ctx, job, 'RUNNING');
  });
  void handle.done.then((result) => {
    if (epoch === ctx.epoch) finishAttempt(ctx, job, result);
  });
}

function attemptReason(job: JobRecord, result: RunResult): string {
  if (result.stopped === 'terminated' && job.terminateReason !== undefined)
    return job.terminateReason;
  if (result.stopped === 'timeout') return TIMED_OUT;
  return result.exitCode === undefined ? FAILED_TO_START : CONTAINER_EXITED;
}

/** Records the end of the attempt in flight and moves the job on. */
export function finishAttempt(ctx: BatchContext, job: JobRecord, result: RunResult): void {
  ctx.running.delete(job.jobId);
  const current = job.current;
  if (current) ctx.catalog.pool(current.ce)?.release(job.need);
  const statusReason = attemptReason(job, result);
  const attempt = recordAttempt(ctx, job, statusReason, result.exitCode, result.reason);
  if (result.exitCode === 0 && result.stopped === undefined) {
    setStatus(ctx, job, 'SUCCEEDED', CONTAINER_EXITED);
  } else if (job.isTerminated || result.stopped !== undefined || !shouldRetry(job, attempt)) {
    setStatus(ctx, job, 'FAILED', statusReason);
  } else {
    delete job.stoppedAt;
    makeRunnable(ctx, job, null);
  }
  scheduleDispatch(ctx);
}

/** Adds the attempt in flight to `job.attempts` and copies its outcome to the job's container. */
export function recordAttempt(
  ctx: BatchContext,
  job: JobRecord,
  statusReason: string,
  exitCode: number | undefined,
  reason: string | undefined,
): AttemptDetail {
  const now = ctx.clock.now();
  const arns = taskArns(ctx.scope, job.current?.taskId ?? job.jobId);
  const attempt: AttemptDetail = {
    container: {
      ...arns,
      ...(exitCode === undefined ? {} : { exitCode }),
      ...(reason === undefined ? {} : { reason }),
      ...(job.container.logStreamName ? { logStreamName: job.container.logStreamName } : {}),
      networkInterfaces: [],
    },
    ...(job.current?.startedAt === undefined ? {} : { startedAt: job.current.startedAt }),
    stoppedAt: now,
    statusReason,
  };
  job.attempts.push(attempt);
  Object.assign(job.container, arns);
  if (exitCode === undefined) delete job.container.exitCode;
  else job.container.exitCode = exitCode;
  if (reason === undefined) delete job.container.reason;
  else job.container.reason = reason;
  job.stoppedAt = now;
  delete job.current;
  return attempt;
}

/** Whether a failed attempt is tried again: attempts left, and the first matching rule says RETRY (none matching means retry). */
export function shouldRetry(job: JobRecord, attempt: AttemptDetail): boolean {
  if (job.attempts.length >= (job.retryStrategy?.attempts ?? 1)) return false;
  const exitCode = attempt.container.exitCode;
  for (const rule of job.retryStrategy?.evaluateOnExit ?? []) {
    if (ruleMatches(rule, attempt.statusReason, attempt.container.reason, exitCode)) {
      return rule.action.toUpperCase() === 'RETRY';
    }
  }
  return true;
}

function ruleMatches(
  rule: EvaluateOnExit,
  statusReason?: string,
  reason?: string,
  exitCode?: number,
): boolean {
  return (
    glob(rule.onStatusReason, statusReason) &&
    glob(rule.onReason, reason) &&
    glob(rule.onExitCode, exitCode === undefined ? undefined : String(exitCode))
  );
}

/** Batch's patterns: exact text, or a prefix ending with `*`. */
function glob(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  const parts = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(value);
}
