import { errorMessage } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';

/**
 * How an orchestration job ends: 0 when its body returns, 1 after one error
 * line that says why when it throws (the orchestrator then runs cleanup and
 * ends FAILED). Stage times are ISO strings, as the meta item keeps them.
 */

/** Runs a job body; a thrown error becomes one `error` log line and exit code 1. */
export async function runJob(
  ctx: ProgramContext,
  name: string,
  body: () => Promise<void>,
): Promise<number> {
  try {
    await body();
    return 0;
  } catch (err) {
    ctx.logger.error(`${name} failed: ${errorMessage(err)}`);
    return 1;
  }
}

/** The current time as the meta item's stage times spell it. */
export function isoNow(): string {
  return new Date().toISOString();
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Splits `items` into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
