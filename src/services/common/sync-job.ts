import { StatesError } from '../../asl/index.js';
import { isSuspension } from '../../engine/index.js';
import type { TaskContext } from '../../engine/index.js';

/**
 * The waiting half of the `.sync` integrations (`batch:submitJob.sync`,
 * `glue:startJobRun.sync`, `ecs:runTask.sync`, `sagemaker:create*Job.sync`):
 * once a job is started (or re-attached to after a restart), wait for its
 * end, stop it when the execution stops or the state times out, and judge it.
 */

/** What a `.sync` integration does with the one job it started. */
export interface SyncJob<T> {
  /** Waits until the job has ended; rejects when `signal` aborts. */
  wait(signal: AbortSignal): Promise<T>;
  /**
   * Stops the job. Called when the execution stops or the state times out;
   * not when the engine only suspends the execution (the job goes on, and the
   * resumed execution re-attaches to it). A failure to stop is ignored.
   */
  stop(): Promise<unknown>;
  /** The state's output for the ended job. */
  output(ended: T): unknown;
  /** True when the job failed: the state fails with `States.TaskFailed` and the output as the cause. */
  failed(ended: T): boolean;
}

/** Waits for a started job as a `.sync` Task does (see `SyncJob`) and answers its output. */
export async function awaitSyncJob<T>(job: SyncJob<T>, context: TaskContext): Promise<unknown> {
  let ended: T;
  try {
    ended = await job.wait(context.signal);
  } catch (err) {
    if (context.signal.aborted && !isSuspension(context.signal.reason)) {
      await job.stop().catch(() => undefined);
    }
    throw err;
  }
  const output = job.output(ended);
  if (job.failed(ended)) throw new StatesError('States.TaskFailed', JSON.stringify(output));
  return output;
}
