import type { ServiceClients } from '../../../clients/index.js';
import type { JobDetail } from '../../../services/batch/index.js';
import type { JobArgs } from './orchestration-args.js';
import { runLocations } from './orchestration-args.js';
import { doubledResources, isFinished, jobCommand, logStreamOf } from './orchestration-batch.js';
import { hiveValue } from './ml-args.js';
import { deletePrefix } from './orchestration-s3.js';
import type { Row } from './orchestration-tables.js';
import { text, updateWithRetry } from './orchestration-tables.js';

/**
 * How the status check moves one state item on: the status Batch reports,
 * or — for a job that failed on its first run — the single re-run at double
 * vCPU and memory, after the first run's outputs are deleted. Every write
 * is conditional on the item's version; a lost race means reading again.
 */

/** The contract's status of a Batch status (PENDING counts as SUBMITTED, STARTING as RUNNABLE). */
export function overallStatus(status: string): string {
  if (status === 'PENDING') return 'SUBMITTED';
  if (status === 'STARTING') return 'RUNNABLE';
  return status;
}

/** True once a state item will not change any more: SUCCEEDED, or FAILED on its second run. */
export function isFinal(item: Row): boolean {
  const status = item.awsbatch_job_status_overall;
  return status === 'SUCCEEDED' || (status === 'FAILED' && Number(item.num_runs) >= 2);
}

const stateKey = (item: Row) => ({ name: 'batchjob_id', value: String(item.batchjob_id) });

/** Whether the item's current job failed on its first run, so the status check re-runs it. */
export function needsRerun(item: Row, detail: JobDetail | undefined): boolean {
  return (detail?.status ?? 'FAILED') === 'FAILED' && Number(item.num_runs) < 2;
}

/** Records what Batch reports of the item's current job; re-runs a first run that failed. */
export async function refreshItem(
  clients: ServiceClients,
  job: JobArgs,
  item: Row,
  detail: JobDetail | undefined,
  inputItem: Row | undefined,
): Promise<Row> {
  if (needsRerun(item, detail)) return rerun(clients, job, item, detail, inputItem);
  const status = detail?.status ?? 'FAILED';
  const second = Number(item.num_runs) >= 2;
  const fields: Row = { awsbatch_job_status_overall: overallStatus(status) };
  const stream = logStreamOf(detail);
  if (stream) fields[second ? 'rerun_log_stream' : 'first_run_log_stream'] = stream;
  if (status === 'FAILED') {
    fields.status_reason = detail
      ? (detail.statusReason ?? 'failed')
      : 'Batch no longer knows the job';
  }
  const current = item.cur_batchjob_id;
  const updated = await updateWithRetry(
    clients.dynamodb,
    job.tables.state,
    stateKey(item),
    item,
    (row) => {
      if (row.cur_batchjob_id !== current) return undefined;
      const changed = Object.entries(fields).some(([k, v]) => row[k] !== v);
      return changed ? fields : undefined;
    },
  );
  return updated ?? item;
}

/**
 * The outputs of a partition's first run, which its re-run replaces: its
 * folders in the contract's layout (values escaped as the model jobs escape
 * them) and the folders of the paths it recorded.
 */
function firstRunOutputs(job: JobArgs, item: Row): string[] {
  const at = runLocations(job.sharedBucket, job.run);
  const partition = `pk=${hiveValue(text(item.pk))}/mapping=${hiveValue(text(item.mapping_id))}/`;
  const id = hiveValue(text(item.batchjob_id));
  const recorded = Array.isArray(item.algo_final_run_s3outputpaths)
    ? (item.algo_final_run_s3outputpaths as Row[]).flatMap((p) =>
        [p.model_s3_output_path, p.pred_or_eval_s3_output_path]
          .filter((path): path is string => typeof path === 'string' && path.startsWith('s3://'))
          .map((path) => path.slice(0, path.lastIndexOf('/') + 1)),
      )
    : [];
  const folders =
    job.ctx === 'inferencing'
      ? [`${at.inferenceOut}${partition}`]
      : [
          `${at.training}${partition}batchjobid=${id}/`,
          `${at.predOrEval}${partition}batchjobid=${id}/`,
        ];
  return [...new Set([...folders, ...recorded])];
}

/** The re-run's command: the first run's, with `--prev_batch_job_id` set to the first job's id. */
function rerunCommand(
  job: JobArgs,
  item: Row,
  detail: JobDetail | undefined,
  input: Row | undefined,
): string[] {
  const first = String(item.batchjob_id);
  const command = detail?.container?.command;
  if (command && command.includes('--prev_batch_job_id')) {
    const copy = [...command];
    copy[copy.indexOf('--prev_batch_job_id') + 1] = first;
    return copy;
  }
  return jobCommand(job, input ?? item, { prevJobId: first });
}

async function rerun(
  clients: ServiceClients,
  job: JobArgs,
  item: Row,
  detail: JobDetail | undefined,
  inputItem: Row | undefined,
): Promise<Row> {
  const first = String(item.batchjob_id);
  let claimed = false;
  // Claim the re-run first, so that a second status check (or a retry) never submits it twice.
  const row = await updateWithRetry(
    clients.dynamodb,
    job.tables.state,
    stateKey(item),
    item,
    (current) => {
      if (Number(current.num_runs) >= 2 || current.cur_batchjob_id !== first) return undefined;
      claimed = true;
      return {
        num_runs: 2,
        rerun_batchjob_id: 'PENDING',
        awsbatch_job_status_overall: 'SUBMITTED',
        first_run_log_stream: logStreamOf(detail),
        first_run_status_reason: detail?.statusReason ?? 'Batch no longer knows the job',
        algo_final_run_s3outputpaths: [],
      };
    },
  );
  if (!claimed || !row) return row ?? item;
  for (const prefix of firstRunOutputs(job, item)) await deletePrefix(clients, prefix);
  const out = await clients.batch.submitJob({
    jobName: text(item.job_name, detail?.jobName ?? `rerun-${first}`),
    jobQueue: detail?.jobQueue ?? String(job.raw.aws_batch_job_queue),
    jobDefinition:
      detail?.jobDefinition ?? text(inputItem?.job_definition, job.raw.job_definition_arn ?? ''),
    containerOverrides: {
      command: rerunCommand(job, item, detail, inputItem),
      resourceRequirements: doubledResources(detail),
    },
  });
  const ids = { rerun_batchjob_id: out.jobId, cur_batchjob_id: out.jobId };
  return (
    (await updateWithRetry(clients.dynamodb, job.tables.state, stateKey(item), row, () => ids)) ??
    row
  );
}

/** Whether the current job of an item still runs (not finished in Batch's eyes). */
export function stillRunning(item: Row): boolean {
  return !isFinished(String(item.awsbatch_job_status_overall));
}
