import type { ServiceClients } from '../../../clients/index.js';
import { clientsFromEnv } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { JobArgs } from './orchestration-args.js';
import { readJobArgs, runLocations } from './orchestration-args.js';
import { describeAll } from './orchestration-batch.js';
import { isoNow, mapLimit, runJob } from './orchestration-job.js';
import type { StageTime } from './orchestration-meta.js';
import { readRunMeta, updateRunMeta } from './orchestration-meta.js';
import { putText } from './orchestration-s3.js';
import { setFlag } from './orchestration-ssm.js';
import type { Row } from './orchestration-tables.js';
import { scanRun } from './orchestration-tables.js';
import { isFinal, needsRerun, refreshItem } from './status-check-rerun.js';

/**
 * `dapm-status-check` (Glue job `np-{ctx}-job-awsbatch-status-check`), run
 * in the orchestrator's wait loop: refreshes every state item of the run
 * from DescribeJobs, re-runs first-run failures once at double resources,
 * logs one progress line, and once every job is final dumps the state table
 * as NDJSON, records the counters, fails above the failure threshold, and
 * sets the completion flag to True (until then False).
 */

/** Where a run stands. */
export interface Progress {
  total: number;
  succeeded: number;
  /** Failed for good, plus partitions that never got a job (no trained model). */
  failed: number;
  /** Failed on the first run, re-running now (counted in `failed`). */
  rerunning: number;
  running: number;
  done: boolean;
}

/** Counts the state items (and the partitions that got no job). */
export function progressOf(items: readonly Row[], withoutJob: number): Progress {
  let succeeded = 0;
  let failed = withoutJob;
  let rerunning = 0;
  for (const item of items) {
    if (item.awsbatch_job_status_overall === 'SUCCEEDED') succeeded += 1;
    else if (isFinal(item)) failed += 1;
    else if (Number(item.num_runs) >= 2) rerunning += 1;
  }
  const total = items.length + withoutJob;
  failed += rerunning;
  return {
    total,
    succeeded,
    failed,
    rerunning,
    running: total - succeeded - failed,
    done: items.every(isFinal),
  };
}

/** `12/40 succeeded, 1 failed (1 re-running), 27 running`. */
export function progressLine(p: Progress): string {
  return `${p.succeeded}/${p.total} succeeded, ${p.failed} failed (${p.rerunning} re-running), ${p.running} running`;
}

/** The threshold: an input (or meta field) `batch_job_failure_threshold_percent`, default 0. */
function threshold(job: JobArgs, meta: Row): number {
  const raw =
    job.raw.batch_job_failure_threshold_percent ?? meta.batch_job_failure_threshold_percent;
  const value = raw === undefined || raw === '' ? 0 : Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw new ModelmillError(
      'InvalidArgument',
      `batch_job_failure_threshold_percent '${String(raw)}' must be a number from 0 to 100`,
    );
  }
  return value;
}

/**
 * Refreshes every unfinished item; returns all items as they are now. The
 * run's input items (the commands of re-runs) are read only when a job is to
 * be re-run.
 */
async function refreshAll(clients: ServiceClients, job: JobArgs, items: Row[]): Promise<Row[]> {
  const pending = items.filter((i) => !isFinal(i));
  const details = await describeAll(
    clients.batch,
    pending.map((i) => String(i.cur_batchjob_id)),
  );
  const rerunning = pending.some((i) => needsRerun(i, details.get(String(i.cur_batchjob_id))));
  const inputs = rerunning
    ? await scanRun(clients.dynamodb, job.tables.input, job.run.stepJobId)
    : [];
  const byKey = new Map(inputs.map((i) => [String(i.pk_mappingid), i]));
  const refreshed = await mapLimit(pending, 8, (item) =>
    refreshItem(
      clients,
      job,
      item,
      details.get(String(item.cur_batchjob_id)),
      byKey.get(String(item.pk_mappingid)),
    ),
  );
  const now = new Map(refreshed.map((r) => [String(r.batchjob_id), r]));
  return items.map((i) => now.get(String(i.batchjob_id)) ?? i);
}

/** Models recorded on succeeded items. */
function modelsCreated(items: readonly Row[]): number {
  return items
    .filter((i) => i.awsbatch_job_status_overall === 'SUCCEEDED')
    .reduce(
      (n, i) =>
        n +
        (Array.isArray(i.algo_final_run_s3outputpaths) ? i.algo_final_run_s3outputpaths.length : 0),
      0,
    );
}

/**
 * The end of the loop: the debug dump, the counters, the threshold (an
 * error above it, leaving the flag False), then the flag True.
 */
async function finishRun(
  clients: ServiceClients,
  job: JobArgs,
  meta: Row,
  items: Row[],
  stage: StageTime,
): Promise<void> {
  const progress = progressOf(items, 0);
  const dump = runLocations(job.sharedBucket, job.run).debug;
  const sorted = [...items].sort((a, b) =>
    String(a.pk_mappingid).localeCompare(String(b.pk_mappingid)),
  );
  const ndjson = sorted.map((i) => JSON.stringify(i)).join('\n') + '\n';
  await putText(clients, dump, ndjson, 'application/x-ndjson');
  const failed = progress.failed + Number(meta.jobs_without_model ?? 0);
  const total = progress.total + Number(meta.jobs_without_model ?? 0);
  const counters = {
    jobs_succeeded: progress.succeeded,
    jobs_failed: failed,
    jobs_rerun: items.filter((i) => Number(i.num_runs) >= 2).length,
    models_created: modelsCreated(items),
  };
  await updateRunMeta(clients, job.tables.meta, job.run.stepJobId, counters, {
    status_check: { ...stage, end_time: isoNow() },
  });
  const limit = threshold(job, meta);
  const share = (failed / total) * 100;
  if (share > limit) {
    throw new ModelmillError(
      'DAPM.FailureThresholdExceeded',
      `${failed} of ${total} partitions failed (${share.toFixed(1)}%), above batch_job_failure_threshold_percent ${limit}; each job's reason is in ${dump}`,
    );
  }
  await setFlag(clients, job.flagParam, true);
}

/** The program. */
export async function statusCheck(ctx: ProgramContext): Promise<number> {
  return runJob(ctx, 'dapm-status-check', async () => {
    const startTime = isoNow();
    const job = readJobArgs(ctx.args);
    const clients = clientsFromEnv(ctx.env);
    const meta = await readRunMeta(clients, job.tables.meta, job.run.stepJobId);
    const states = await scanRun(clients.dynamodb, job.tables.state, job.run.stepJobId);
    const withoutJob = Number(meta.jobs_without_model ?? 0);
    if (states.length === 0 && withoutJob === 0) {
      throw new ModelmillError(
        'ResourceNotFoundException',
        `${job.tables.state} holds no jobs of run ${job.run.stepJobId}: the submit job writes them; run the orchestrator from the start`,
      );
    }
    const items = await refreshAll(clients, job, states);
    const progress = progressOf(items, withoutJob);
    ctx.logger.info(progressLine(progress));
    const stages = meta.stage_times as Record<string, StageTime> | undefined;
    const stage: StageTime = { start_time: stages?.status_check?.start_time ?? startTime };
    if (progress.done) {
      await finishRun(clients, job, meta, items, stage);
      return;
    }
    await updateRunMeta(clients, job.tables.meta, job.run.stepJobId, {}, { status_check: stage });
    await setFlag(clients, job.flagParam, false);
  });
}
