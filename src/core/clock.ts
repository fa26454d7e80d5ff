/**
 * Time as a port: the engine, schedulers and retries read the time and sleep
 * through a Clock, so tests run Wait states and back-offs without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or rejects with the signal's reason as soon as `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort(): void {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock whose time only moves when told or when everyone is asleep. */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, waking the sleepers whose time has come. */
  advance(ms: number): void;
  /** Number of sleepers waiting. */
  pending(): number;
}

interface Sleeper {
  deadline: number;
  seq: number;
  wake: () => void;
}

/**
 * Virtual time for tests. Sleeps do not wait: after the current turn of the
 * event loop, time jumps to the earliest sleeper's deadline and wakes it, one
 * sleeper per turn, in deadline order. A 30-second Wait state therefore takes
 * microseconds, and a 5-second timeout still fires before a 10-second task.
 */
export function createFakeClock(start = Date.UTC(2024, 0, 1)): FakeClock {
  let current = start;
  let seq = 0;
  let scheduled = false;
  const sleepers: Sleeper[] = [];

  function schedule(): void {
    if (scheduled || sleepers.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      sleepers.sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
      const next = sleepers.shift();
      if (next) {
        current = Math.max(current, next.deadline);
        next.wake();
      }
      schedule();
    });
  }

  return {
    now: () => current,
    pending: () => sleepers.length,
    advance(ms: number) {
      current += ms;
      for (const sleeper of sleepers.filter((s) => s.deadline <= current)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
    },
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const sleeper: Sleeper = {
          deadline: current + Math.max(0, ms),
          seq: (seq += 1),
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        function onAbort(): void {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(signal?.reason);
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
        schedule();
      });
    },
  };
}
