import type { Catcher, Retrier } from './types.js';

/**
 * The Retry / Catch policy: which rule matches an error, and how long to wait
 * before the next attempt. Pure; the engine keeps the attempt counters.
 */

/** Errors that `States.ALL` does not match (AWS: terminal, or a definition-level runtime error). */
const NOT_MATCHED_BY_ALL = new Set(['States.DataLimitExceeded', 'States.Runtime']);

/** True when `errorEquals` matches the error name, with AWS's wildcard rules. */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === 'States.ALL' && !NOT_MATCHED_BY_ALL.has(error)) return true;
    if (name === 'States.TaskFailed' && error !== 'States.Timeout' && !error.startsWith('States.'))
      return true;
  }
  return false;
}

/** The index of the first Retry rule that matches, or -1. */
export function findRetrier(retriers: readonly Retrier[] | undefined, error: string): number {
  if (!retriers) return -1;
  return retriers.findIndex((r) => errorMatches(r.ErrorEquals, error));
}

/** The first Catch rule that matches, or undefined. */
export function findCatcher(
  catchers: readonly Catcher[] | undefined,
  error: string,
): Catcher | undefined {
  return catchers?.find((c) => errorMatches(c.ErrorEquals, error));
}

/** The retry decision for one failed attempt. */
export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * Whether to retry after `attemptsSoFar` earlier retries under this rule, and
 * after how long: IntervalSeconds × BackoffRate^attempts, capped by
 * MaxDelaySeconds, with FULL jitter drawing uniformly below that.
 */
export function retryDecision(
  retrier: Retrier,
  attemptsSoFar: number,
  random: () => number = Math.random,
): RetryDecision {
  const maxAttempts = retrier.MaxAttempts ?? 3;
  if (attemptsSoFar >= maxAttempts) return { retry: false };
  const interval = retrier.IntervalSeconds ?? 1;
  const backoff = retrier.BackoffRate ?? 2;
  let seconds = interval * Math.pow(backoff, attemptsSoFar);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return { retry: true, delayMs: Math.round(seconds * 1000) };
}
