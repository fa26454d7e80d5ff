import type { ServiceClients } from '../../../clients/index.js';
import { clientsFromEnv } from '../../../clients/index.js';
import { ModelmillError, errorMessage } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { JobArgs } from './orchestration-args.js';
import { readJobArgs, requireArg } from './orchestration-args.js';
import { batchJobName, jobCommand } from './orchestration-batch.js';
import { isoNow, mapLimit, runJob } from './orchestration-job.js';
import { readRunMeta, updateRunMeta } from './orchestration-meta.js';
import type { Row } from './orchestration-tables.js';
import { putRows, scanRun, text } from './orchestration-tables.js';
import type { ModelPath, TrainedModels } from './submit-models.js';
import { modelPathsFor, trainedModels } from './submit-models.js';

/**
 * `dapm-submit` (Glue job `np-{ctx}-submit-awsbatch-statetable`): one Batch
 * job per input item of the run, one state item per job (`version` 1), the
 * input items moved to SUBMITTED. Inference items whose partition has no
 * trained model are marked FAILED with that reason instead. Fails when any
 * job could not be submitted.
 */

type Outcome =
  | { kind: 'submitted'; item: Row; jobId: string }
  | { kind: 'no-model'; item: Row; reason: string }
  | { kind: 'error'; item: Row; error: string };

/** Writes the state item of a new job, keeping what the job itself may already have recorded. */
export async function writeStateItem(
  clients: ServiceClients,
  table: string,
  job: JobArgs,
  item: Row,
  submitted: { jobId: string; jobName: string },
): Promise<void> {
  const s = (value: string) => ({ S: value });
  await clients.dynamodb.updateItem({
    TableName: table,
    Key: { batchjob_id: s(submitted.jobId) },
    UpdateExpression:
      'SET cur_batchjob_id = :id, rerun_batchjob_id = :na, num_runs = :one, awsbatch_job_status_overall = :status, ' +
      'pk_mappingid = :key, pk = :pk, mapping_id = :mapping, job_name = :name, first_run_log_stream = :empty, ' +
      'rerun_log_stream = :empty, step_job_id = :run, ' +
      'algo_execution_status = if_not_exists(algo_execution_status, :list), ' +
      'algo_final_run_s3outputpaths = if_not_exists(algo_final_run_s3outputpaths, :list), ' +
      'version = if_not_exists(version, :zero) + :one',
    ExpressionAttributeValues: {
      ':id': s(submitted.jobId),
      ':na': s('NA'),
      ':one': { N: '1' },
      ':zero': { N: '0' },
      ':status': s('SUBMITTED'),
      ':key': s(String(item.pk_mappingid)),
      ':pk': s(String(item.pk)),
      ':mapping': s(String(item.mapping_id)),
      ':name': s(submitted.jobName),
      ':empty': s(''),
      ':run': s(job.run.stepJobId),
      ':list': { L: [] },
    },
  });
}

async function submitOne(
  clients: ServiceClients,
  job: JobArgs,
  item: Row,
  modelPaths: ModelPath[] | undefined,
): Promise<Outcome> {
  const jobName = batchJobName(
    requireArg(job.raw, 'aws_batch_job_name'),
    String(item.pk),
    String(item.mapping_id),
  );
  let jobId: string;
  try {
    const out = await clients.batch.submitJob({
      jobName,
      jobQueue: requireArg(job.raw, 'aws_batch_job_queue'),
      jobDefinition: text(item.job_definition) || requireArg(job.raw, 'job_definition_arn'),
      containerOverrides: {
        command: jobCommand(job, item, {
          prevJobId: 'NA',
          ...(modelPaths ? { modelPaths } : {}),
        }),
      },
    });
    jobId = out.jobId;
  } catch (err) {
    return { kind: 'error', item, error: errorMessage(err) };
  }
  await writeStateItem(clients, job.tables.state, job, item, { jobId, jobName });
  return { kind: 'submitted', item, jobId };
}

/** Submits the jobs of `items` (eight SubmitJob calls in flight). */
async function submitAll(
  clients: ServiceClients,
  job: JobArgs,
  meta: Row,
  items: Row[],
): Promise<Outcome[]> {
  const models: TrainedModels | undefined =
    job.ctx === 'inferencing' ? await trainedModels(clients, job, meta) : undefined;
  return mapLimit(items, 8, async (item) => {
    if (!models) return submitOne(clients, job, item, undefined);
    const paths = modelPathsFor(models, meta, item);
    if (paths.length === 0) {
      const reason = `no trained model for pk=${String(item.pk)} mapping=${String(item.mapping_id)} (algorithms ${String(item.algo_names)}) in the approved training run`;
      return { kind: 'no-model', item, reason };
    }
    return submitOne(clients, job, item, paths);
  });
}

/** The program. */
export async function submit(ctx: ProgramContext): Promise<number> {
  return runJob(ctx, 'dapm-submit', async () => {
    const startTime = isoNow();
    const job = readJobArgs(ctx.args);
    const clients = clientsFromEnv(ctx.env);
    const meta = await readRunMeta(clients, job.tables.meta, job.run.stepJobId);
    const all = await scanRun(clients.dynamodb, job.tables.input, job.run.stepJobId);
    const items = all.filter((i) => i.batch_job_status_overall === 'TO_BE_CREATED');
    if (items.length === 0) {
      throw new ModelmillError(
        'ResourceNotFoundException',
        `${job.tables.input} holds no TO_BE_CREATED items of run ${job.run.stepJobId} (${all.length} items in all): preprocessing writes them; run the orchestrator from the start`,
      );
    }
    const outcomes = await submitAll(clients, job, meta, items);
    const submitted = outcomes.filter((o) => o.kind === 'submitted');
    const noModel = outcomes.filter((o) => o.kind === 'no-model');
    const errors = outcomes.filter((o) => o.kind === 'error');
    await putRows(clients.dynamodb, job.tables.input, [
      ...submitted.map((o) => ({
        ...o.item,
        batch_job_status_overall: 'SUBMITTED',
        batchjob_id: o.jobId,
      })),
      ...noModel.map((o) => ({
        ...o.item,
        batch_job_status_overall: 'FAILED',
        failure_reason: o.reason,
      })),
    ]);
    for (const o of noModel) ctx.logger.warn(o.reason);
    await updateRunMeta(
      clients,
      job.tables.meta,
      job.run.stepJobId,
      { jobs_submitted: submitted.length, jobs_without_model: noModel.length },
      { submit: { start_time: startTime, end_time: isoNow() } },
    );
    if (errors.length > 0) {
      throw new ModelmillError(
        'SubmitJobFailed',
        `submitted ${submitted.length} of ${items.length - noModel.length} jobs; ${errors.length} failed, first: ${errors[0]?.error ?? ''}`,
      );
    }
    ctx.logger.info(
      `submitted ${submitted.length} jobs to ${job.raw.aws_batch_job_queue ?? ''}${noModel.length ? `; ${noModel.length} partitions have no trained model` : ''}`,
    );
  });
}
