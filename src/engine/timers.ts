import { StatesError } from '../asl/index.js';
import type { Clock } from '../core/index.js';

/** Limits on a unit of work: an overall timeout and a heartbeat interval, both optional. */
export interface WorkLimits {
  clock: Clock;
  timeoutMs?: number | undefined;
  heartbeatMs?: number | undefined;
  /** The enclosing signal (execution stop, sibling failure). */
  signal: AbortSignal;
}

/** A running unit of work under limits. */
export interface LimitedWork<T> {
  promise: Promise<T>;
  /** Tells the heartbeat watchdog the work is alive. */
  heartbeat(): void;
}

/**
 * Runs `work` with a signal that aborts when the enclosing signal aborts, the
 * timeout passes (States.Timeout) or no heartbeat came in time
 * (States.HeartbeatTimeout); the promise rejects with that error.
 */
export function runWithLimits<T>(
  work: (signal: AbortSignal) => Promise<T>,
  limits: WorkLimits,
): LimitedWork<T> {
  const workController = new AbortController();
  const timers = new AbortController();
  const ignore = (): void => undefined;
  // One listener on the enclosing signal, removed when the work settles (a frame runs many tasks).
  let rejectParent: (reason: unknown) => void = ignore;
  const parentAborted = new Promise<never>((_, reject) => {
    rejectParent = reject;
  });
  const onParentAbort = (): void => {
    workController.abort(limits.signal.reason);
    rejectParent(limits.signal.reason);
  };
  if (limits.signal.aborted) onParentAbort();
  else limits.signal.addEventListener('abort', onParentAbort, { once: true });

  let heartbeatTimer: AbortController | undefined;
  let fail: (err: unknown) => void = ignore;
  const watchdog = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const expire = (error: string): void => {
    const err = new StatesError(
      error,
      error === 'States.HeartbeatTimeout'
        ? 'The task did not send a heartbeat in time.'
        : 'The task did not finish within its TimeoutSeconds.',
    );
    workController.abort(err);
    fail(err);
  };
  if (limits.timeoutMs !== undefined) {
    limits.clock
      .sleep(limits.timeoutMs, timers.signal)
      .then(() => expire('States.Timeout'), ignore);
  }
  const armHeartbeat = (): void => {
    if (limits.heartbeatMs === undefined) return;
    heartbeatTimer?.abort();
    heartbeatTimer = new AbortController();
    limits.clock
      .sleep(limits.heartbeatMs, AbortSignal.any([timers.signal, heartbeatTimer.signal]))
      .then(() => expire('States.HeartbeatTimeout'), ignore);
  };
  armHeartbeat();
  parentAborted.catch(ignore);
  watchdog.catch(ignore);
  const promise = Promise.race([work(workController.signal), watchdog, parentAborted]).finally(
    () => {
      timers.abort();
      limits.signal.removeEventListener('abort', onParentAbort);
    },
  );
  return { promise, heartbeat: armHeartbeat };
}
