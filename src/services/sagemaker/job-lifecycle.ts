import { errorMessage } from '../../core/index.js';
import type { ActiveJob, SageMakerContext } from './context.js';
import { keyOf, notify, waitUntil } from './context.js';
import { seconds } from './names.js';
import { ClientError } from './staging.js';
import type { ResourceRow } from './store.js';

/**
 * What the four job kinds (training, processing, transform, hyperparameter
 * tuning) share of a job's life: saving a status change, the runner's entry
 * in `ctx.active` that Stop*Job and close() reach, the stop request, the
 * terminal statuses a wait ends on, and the jobs a restart takes up again.
 * Each kind keeps its own statuses, messages and ending.
 */

/** A row of any job kind: its document has a LastModifiedTime. */
type JobRow = ResourceRow<{ LastModifiedTime?: number }>;

const FINISHED: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Stopped']);

/** Whether a job status is terminal (Completed, Failed or Stopped). */
export function isFinished(status: string): boolean {
  return FINISHED.has(status);
}

/**
 * The wait of `.sync`: resolves with the job's document once `status` of it
 * is terminal, re-reading it (`read` throws when it does not exist) on every
 * save; rejects when the signal aborts.
 */
export async function waitForEnd<Doc>(
  ctx: SageMakerContext,
  read: () => ResourceRow<Doc>,
  status: (doc: Doc) => string,
  signal?: AbortSignal,
): Promise<Doc> {
  const { kind, name } = read();
  return waitUntil(
    ctx,
    kind,
    name,
    () => read().doc,
    (doc) => isFinished(status(doc)),
    signal,
  );
}

/**
 * Saves a job whose document now says `status` (stamping LastModifiedTime)
 * and wakes whoever waits on it.
 */
export function saveJob(ctx: SageMakerContext, row: JobRow, status: string): void {
  row.doc.LastModifiedTime = seconds(ctx.clock.now());
  row.status = status;
  ctx.store.put(row);
  notify(ctx, row.kind, row.name);
}

/**
 * Registers the runner of `row` in `ctx.active`, where Stop*Job and close()
 * find it. An entry already there (a stop requested before a restart's
 * runner started) is kept, so its stop request carries over.
 */
export function trackRun(ctx: SageMakerContext, row: ResourceRow<object>): ActiveJob {
  const key = keyOf(row.kind, row.name);
  const active = ctx.active.get(key) ?? { controller: new AbortController() };
  active.row = row;
  ctx.active.set(key, active);
  return active;
}

/** Removes the runner of `row` from `ctx.active` once the job has ended. */
export function untrackRun(ctx: SageMakerContext, row: ResourceRow<object>): void {
  ctx.active.delete(keyOf(row.kind, row.name));
}

/** The job as its runner holds it, when it runs here (else as stored), and the runner. */
export function currentJob<R extends ResourceRow<object>>(
  ctx: SageMakerContext,
  stored: R,
): { row: R; active: ActiveJob | undefined } {
  const active = ctx.active.get(keyOf(stored.kind, stored.name));
  return { row: (active?.row as R | undefined) ?? stored, active };
}

/** Tells a job's runner, if it runs here, to stop: it then ends the job as Stopped. */
export function signalStop(active: ActiveJob | undefined, reason: string): void {
  if (!active) return;
  active.stopRequested = true;
  active.controller.abort();
  active.handle?.terminate(reason);
}

/**
 * Jobs of `kind` a previous process left InProgress or Stopping that no
 * runner here holds: each kind ends or runs them again on start().
 */
export function jobsLeftRunning<Doc>(
  ctx: SageMakerContext,
  kind: ResourceRow['kind'],
): ResourceRow<Doc>[] {
  return ctx.store
    .list<Doc>(kind, { statuses: ['InProgress', 'Stopping'] })
    .filter((row) => !ctx.active.has(keyOf(kind, row.name)));
}

/** The FailureReason of a run that threw: a ClientError's own message, else `ClientError: ...`. */
export function failureReason(err: unknown): string {
  return err instanceof ClientError ? err.message : `ClientError: ${errorMessage(err)}`;
}
