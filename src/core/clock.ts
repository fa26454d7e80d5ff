/**
 * Time as a port: the engine, schedulers and retries read the time and sleep
 * through a Clock, so tests run Wait states and back-offs without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or at once when `signal` aborts, rejecting with its reason). */
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

/**
 * A clock for tests: time stands still until someone sleeps, and a sleep
 * advances time at once by the slept amount instead of waiting.
 */
export function createFakeClock(start = Date.UTC(2024, 0, 1)): Clock & { advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      current += Math.max(0, ms);
      await Promise.resolve();
    },
  };
}
