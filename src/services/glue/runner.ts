import { join } from 'node:path';
import type { RunResult } from '../../runtime/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { ActiveRun, GlueContext } from './context.js';
import { ignoredPythonExtras, pythonSetup } from './python.js';
import { planScript } from './script.js';
import type { RunRecord } from './store.js';
import type { JobRun, JobRunState } from './types.js';
import { FINISHED_RUN_STATES } from './types.js';

/**
 * Job runs on the runtime: STARTING while the script is resolved and its
 * process starts, RUNNING once it is up, then SUCCEEDED, FAILED (with the
 * error line of the output as ErrorMessage), TIMEOUT or STOPPED. Output goes
 * to `/aws-glue/jobs/output` and error summaries to `/aws-glue/jobs/error`,
 * both under the run id. A failed run is retried as a new run
 * (`<id>_attempt_<n>`) while the job's MaxRetries allow.
 */

/** Epoch seconds, as Glue's JSON protocol has them. */
export function seconds(ms: number): number {
  return ms / 1000;
}

function save(ctx: GlueContext, record: RunRecord, state?: JobRunState): void {
  if (state) record.run.JobRunState = state;
  record.run.LastModifiedOn = seconds(ctx.clock.now());
  // A run of a job deleted meanwhile (DeleteJob stops it) leaves no row behind.
  if (ctx.store.getJob(record.run.JobName)) ctx.store.putRun(record);
  ctx.hook?.(record.run);
}

function note(ctx: GlueContext, run: JobRun, lines: string[], group: string = LogGroup.Glue): void {
  if (lines.length === 0) return;
  const timestamp = ctx.clock.now();
  ctx.runtime.logs.append(
    group,
    run.Id,
    lines.map((message) => ({ timestamp, message })),
  );
}

async function environment(
  ctx: GlueContext,
  record: RunRecord,
  kind: string,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    ...ctx.runEnv(),
    AWS_REGION: ctx.scope.region,
    AWS_DEFAULT_REGION: ctx.scope.region,
  };
  const args = record.plan.arguments;
  if (kind === 'python') {
    const setup = await pythonSetup(args, ctx.script, ctx.workDir, process.env.PYTHONPATH);
    env.PYTHONPATH = setup.pythonPath;
    env.PYTHONUNBUFFERED = '1';
    note(ctx, record.run, setup.notes);
  } else {
    note(ctx, record.run, ignoredPythonExtras(args));
  }
  return env;
}

/** Starts (or, after a restart, starts again) the run of `record`; a failure of modelmill's own ends it in ERROR. */
export async function launch(ctx: GlueContext, record: RunRecord): Promise<void> {
  const active: ActiveRun = { record };
  ctx.active.set(record.run.Id, active);
  try {
    await start(ctx, active);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.logger.error('glue run could not start', { run: record.run.Id, error: message });
    active.handle?.terminate('internal error');
    if (ctx.active.get(record.run.Id) === active) finish(ctx, active, { error: message });
  }
}

async function start(ctx: GlueContext, active: ActiveRun): Promise<void> {
  const { record } = active;
  const epoch = ctx.epoch;
  const planned = planScript(record.plan.scriptLocation, record.plan.argv, ctx.script);
  if (planned.kind === 'fail') {
    note(ctx, record.run, [planned.reason]);
    finish(ctx, active, { reason: planned.reason });
    return;
  }
  const env = await environment(ctx, record, planned.kind);
  if (epoch !== ctx.epoch) return;
  if (active.stopRequested) {
    finish(ctx, active, { stopped: true });
    return;
  }
  const handle = ctx.runtime.start({
    target: planned.target,
    env,
    cwd: join(ctx.workDir, record.run.Id),
    timeoutMs: record.run.Timeout * 60_000,
    log: { group: LogGroup.Glue, stream: record.run.Id },
  });
  active.handle = handle;
  void handle.started.then((started) => {
    if (started && epoch === ctx.epoch && record.run.JobRunState === 'STARTING') {
      save(ctx, record, 'RUNNING');
    }
  });
  void handle.done.then((result) => {
    if (epoch === ctx.epoch) finish(ctx, active, result);
  });
}

// A Python or Node exception line, or a built-in program's `error ...` log line.
const PYTHON_OR_NODE_ERROR =
  /^\s*(error\s+\S|([A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt))(:.*)?$)/;

/** The last line of the run's output that names an error (a Python or Node exception). */
function errorLine(ctx: GlueContext, runId: string): string | undefined {
  ctx.runtime.logs.flush();
  const { events } = ctx.runtime.logs.read(LogGroup.Glue, runId, { limit: 100_000 });
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const message = events[i]?.message ?? '';
    if (PYTHON_OR_NODE_ERROR.test(message)) return message.trim();
  }
  return undefined;
}

type Outcome = RunResult | { reason: string } | { stopped: true } | { error: string };

function verdict(
  ctx: GlueContext,
  active: ActiveRun,
  outcome: Outcome,
): { state: JobRunState; message?: string } {
  const run = active.record.run;
  if ('stopped' in outcome && outcome.stopped === true) return { state: 'STOPPED' };
  if ('error' in outcome) {
    return { state: 'ERROR', message: `modelmill could not run the job: ${outcome.error}` };
  }
  if (!('executor' in outcome)) return { state: 'FAILED', message: outcome.reason };
  if (outcome.stopped === 'timeout') {
    return {
      state: 'TIMEOUT',
      message: `Job run timed out after ${run.Timeout} minute(s) (the run's Timeout); raise Timeout on the job or the run if it needs longer`,
    };
  }
  if (outcome.stopped === 'terminated') return { state: 'STOPPED' };
  if (outcome.exitCode === undefined) {
    return { state: 'FAILED', message: outcome.reason ?? 'the script could not be started' };
  }
  if (outcome.exitCode === 0) return { state: 'SUCCEEDED' };
  const line = errorLine(ctx, run.Id);
  const code = `Command failed with exit code ${outcome.exitCode}`;
  return { state: 'FAILED', message: line ? `${line} (${code})` : code };
}

/** Records how the run ended, wakes its waiters, and retries it when the job says so. */
export function finish(ctx: GlueContext, active: ActiveRun, outcome: Outcome): void {
  const { record } = active;
  const run = record.run;
  ctx.active.delete(run.Id);
  const { state, message } = verdict(ctx, active, outcome);
  const now = ctx.clock.now();
  const startedAt = 'executor' in outcome ? outcome.startedAt : undefined;
  run.CompletedOn = seconds(now);
  run.ExecutionTime = startedAt === undefined ? 0 : Math.round((now - startedAt) / 1000);
  if (message === undefined) delete run.ErrorMessage;
  else run.ErrorMessage = message;
  save(ctx, record, state);
  if (message !== undefined && state !== 'SUCCEEDED') {
    note(ctx, run, [`${state}: ${message}`], LogGroup.GlueError);
  }
  const waiting = ctx.waiters.get(run.Id);
  ctx.waiters.delete(run.Id);
  for (const wake of waiting ?? []) wake(run);
  if (state === 'FAILED' && run.Attempt < record.plan.maxRetries) retry(ctx, record);
}

function retry(ctx: GlueContext, previous: RunRecord): void {
  const attempt = previous.run.Attempt + 1;
  const base = previous.run.Id.replace(/_attempt_\d+$/, '');
  const now = seconds(ctx.clock.now());
  const run: JobRun = {
    ...previous.run,
    Id: `${base}_attempt_${attempt}`,
    Attempt: attempt,
    PreviousRunId: previous.run.Id,
    StartedOn: now,
    LastModifiedOn: now,
    JobRunState: 'STARTING',
    ExecutionTime: 0,
  };
  delete run.CompletedOn;
  delete run.ErrorMessage;
  const record: RunRecord = { run, plan: previous.plan };
  save(ctx, record);
  void launch(ctx, record);
}

/** BatchStopJobRun of one run in flight: STOPPING, then STOPPED once its process is gone. */
export function requestStop(ctx: GlueContext, runId: string): boolean {
  const active = ctx.active.get(runId);
  if (!active || FINISHED_RUN_STATES.has(active.record.run.JobRunState)) return false;
  active.stopRequested = true;
  save(ctx, active.record, 'STOPPING');
  active.handle?.terminate('stopped by BatchStopJobRun');
  return true;
}

/** Resolves once the run has finished. */
export function waitForRun(
  ctx: GlueContext,
  run: JobRun,
  signal: AbortSignal | undefined,
): Promise<JobRun> {
  if (FINISHED_RUN_STATES.has(run.JobRunState)) return Promise.resolve(run);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let set = ctx.waiters.get(run.Id);
    if (!set) ctx.waiters.set(run.Id, (set = new Set()));
    const wake = (finished: JobRun): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve(finished);
    };
    const onAbort = (): void => {
      set.delete(wake);
      reject(signal?.reason);
    };
    set.add(wake);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
