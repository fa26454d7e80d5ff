/**
 * The in-process side of the callback pattern: Task states waiting on a
 * `.waitForTaskToken` token park here; SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat wake them. Tokens themselves are stored durably by the
 * engine, so an outcome that arrives while nobody waits is kept for later.
 */

/** What a worker reported for a token. */
export type TaskOutcome = { output: string } | { error: string; cause: string };

interface Waiter {
  resolve: (outcome: TaskOutcome) => void;
  heartbeat: () => void;
}

/** Parked callback waiters by token. */
export class CallbackHub {
  private readonly waiters = new Map<string, Waiter>();

  /** Waits for the outcome of `token`; `onHeartbeat` runs on each SendTaskHeartbeat. */
  wait(
    token: string,
    signal: AbortSignal,
    onHeartbeat: () => void = () => undefined,
  ): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        this.waiters.delete(token);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(token, {
        resolve: (outcome) => {
          signal.removeEventListener('abort', onAbort);
          this.waiters.delete(token);
          resolve(outcome);
        },
        heartbeat: onHeartbeat,
      });
    });
  }

  /** Delivers an outcome; false when nobody in this process waits for the token. */
  deliver(token: string, outcome: TaskOutcome): boolean {
    const waiter = this.waiters.get(token);
    if (!waiter) return false;
    waiter.resolve(outcome);
    return true;
  }

  /** Records a heartbeat; false when nobody waits for the token. */
  heartbeat(token: string): boolean {
    const waiter = this.waiters.get(token);
    if (!waiter) return false;
    waiter.heartbeat();
    return true;
  }
}
