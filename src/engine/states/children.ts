import type { QueryLanguage, SubMachine } from '../../asl/index.js';
import type { Frame } from '../run.js';

/** A child frame (Parallel branch or Map iteration) of `parent`, reading a copy of its variables. */
export function childFrame(
  parent: Frame,
  machine: SubMachine,
  path: string,
  signal: AbortSignal,
  language: QueryLanguage,
): Frame {
  return {
    run: parent.run,
    path,
    states: machine.States,
    startAt: machine.StartAt,
    language: machine.QueryLanguage ?? language,
    variables: { ...parent.variables },
    lastEventId: parent.lastEventId,
    signal,
  };
}

/** An AbortController that also aborts when `parent` does. */
export function linkedController(parent: AbortSignal): AbortController {
  const controller = new AbortController();
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  return controller;
}

/**
 * Runs `count` tasks with at most `limit` at a time (0 = no limit), in index
 * order; stops starting new ones once one fails, and rejects with the first
 * failure after the running ones settle.
 */
export async function runPool(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  const width = limit > 0 ? Math.min(limit, count) : count;
  let next = 0;
  let failure: { err: unknown } | undefined;
  async function worker(): Promise<void> {
    while (next < count && !failure) {
      const index = next;
      next += 1;
      try {
        await task(index);
      } catch (err) {
        failure ??= { err };
      }
    }
  }
  const workers: Array<Promise<void>> = [];
  for (let i = 0; i < width; i += 1) workers.push(worker());
  await Promise.all(workers);
  if (failure) throw failure.err;
}
