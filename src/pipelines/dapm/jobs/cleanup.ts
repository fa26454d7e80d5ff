import type { ServiceClients } from '../../../clients/index.js';
import { clientsFromEnv } from '../../../clients/index.js';
import { ModelmillError, errorMessage } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { RunReport } from './cleanup-mail.js';
import { mailBody, mailSubject } from './cleanup-mail.js';
import type { JobArgs } from './orchestration-args.js';
import { readJobArgs, requireArg, runLocations } from './orchestration-args.js';
import { describeAll, isFinished } from './orchestration-batch.js';
import { isoNow, runJob } from './orchestration-job.js';
import type { StageTime } from './orchestration-meta.js';
import { META_KEY, readMeta, updateMeta } from './orchestration-meta.js';
import { putText } from './orchestration-s3.js';
import { setFlag } from './orchestration-ssm.js';
import type { Row } from './orchestration-tables.js';
import { deleteKeys, scanRun, text } from './orchestration-tables.js';
import { isFinal } from './status-check-rerun.js';

/**
 * `dapm-cleanup` (Glue job `np-{ctx}-clean-up-job`), which always runs:
 * terminates the run's unfinished Batch jobs, deletes the run's items from
 * the input, state and meta tables (after recording its final timings in
 * the meta dump), sets the loop flag to False and mails the outcome. Each
 * step is tried; any step that fails makes the job exit non-zero after the
 * mail, so a run that cannot be cleaned up never ends as if it had been.
 */

/** Terminates the jobs of `items` that Batch has not finished; returns how many. */
async function terminateUnfinished(
  clients: ServiceClients,
  items: readonly Row[],
): Promise<number> {
  const ids = items.filter((i) => !isFinal(i)).map((i) => String(i.cur_batchjob_id));
  const details = await describeAll(clients.batch, ids);
  let terminated = 0;
  for (const detail of details.values()) {
    if (isFinished(detail.status)) continue;
    await clients.batch.terminateJob({
      jobId: detail.jobId,
      reason: 'DAPM run ended: terminated by cleanup',
    });
    terminated += 1;
  }
  return terminated;
}

/** Partition counts and failure lines for the mail. */
function partitionReport(states: readonly Row[], inputs: readonly Row[], terminated: number) {
  const noJob = inputs.filter((i) => i.batch_job_status_overall === 'FAILED');
  const failedStates = states.filter(
    (s) => s.awsbatch_job_status_overall === 'FAILED' && isFinal(s),
  );
  const total = Math.max(inputs.length, states.length + noJob.length);
  const succeeded = states.filter((s) => s.awsbatch_job_status_overall === 'SUCCEEDED').length;
  const failures = [
    ...failedStates.map(
      (s) =>
        `${String(s.pk_mappingid)}: ${text(s.status_reason, 'failed twice')} (job ${String(s.cur_batchjob_id)})`,
    ),
    ...noJob.map((i) => `${String(i.pk_mappingid)}: ${text(i.failure_reason, 'not submitted')}`),
  ];
  return {
    partitions: {
      total,
      succeeded,
      failed: failedStates.length + noJob.length,
      unfinished: terminated,
    },
    failures,
  };
}

/** Adds cleanup's timings to the meta item and rewrites the run's meta dump with them. */
async function recordTimings(
  clients: ServiceClients,
  job: JobArgs,
  meta: Row,
  run: { startTime: string; status: string },
): Promise<void> {
  const stages = { ...((meta.stage_times as Record<string, StageTime> | undefined) ?? {}) };
  const end = isoNow();
  stages.cleanup = { start_time: run.startTime, end_time: end };
  const began = stages.gatekeeper?.start_time;
  const seconds = began ? Math.round((Date.parse(end) - Date.parse(began)) / 10) / 100 : undefined;
  const fields: Row = {
    run_status: run.status,
    end_to_end_seconds: seconds,
  };
  await updateMeta(clients, job.tables.meta, job.run.stepJobId, fields, {
    cleanup: stages.cleanup,
  });
  const final = { ...meta, ...fields, stage_times: stages };
  await putText(
    clients,
    runLocations(job.sharedBucket, job.run).meta,
    `${JSON.stringify(final)}\n`,
  );
}

/** Runs cleanup steps, each tried on its own; failures are logged and kept. */
function createSteps(ctx: ProgramContext) {
  const problems: string[] = [];
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      problems.push(`${what}: ${errorMessage(err)}`);
      ctx.logger.error(`cleanup could not ${what}: ${errorMessage(err)}`);
      return undefined;
    }
  };
  return { step, problems };
}

type Step = ReturnType<typeof createSteps>['step'];

/** Everything but the mail: terminations, the flag, the timings, the deletions. */
async function cleanRun(
  clients: ServiceClients,
  job: JobArgs,
  step: Step,
  run: { startTime: string; status: string },
) {
  const { dynamodb } = clients;
  const found = await step('read the meta item', () => readMeta(clients, job.tables.meta));
  const meta = found?.step_job_id === job.run.stepJobId ? found : undefined;
  const scan = (table: string) => scanRun(dynamodb, table, job.run.stepJobId);
  const states = (await step('read the state items', () => scan(job.tables.state))) ?? [];
  const inputs = (await step('read the input items', () => scan(job.tables.input))) ?? [];
  const terminated =
    (await step('terminate unfinished jobs', () => terminateUnfinished(clients, states))) ?? 0;
  await step('reset the completion flag', () => setFlag(clients, job.flagParam, false));
  if (meta) await step('record the timings', () => recordTimings(clients, job, meta, run));
  const inputKeys = inputs.map((i) => String(i.pk_mappingid));
  const stateKeys = states.map((s) => String(s.batchjob_id));
  await step('delete the input items', () =>
    deleteKeys(dynamodb, job.tables.input, 'pk_mappingid', inputKeys),
  );
  await step('delete the state items', () =>
    deleteKeys(dynamodb, job.tables.state, 'batchjob_id', stateKeys),
  );
  if (meta) await step('delete the meta item', () => deleteMeta(clients, job));
  return { meta, states, inputs, terminated };
}

/** The program. */
export async function cleanup(ctx: ProgramContext): Promise<number> {
  return runJob(ctx, 'dapm-cleanup', async () => {
    const startTime = isoNow();
    const job = readJobArgs(ctx.args);
    const clients = clientsFromEnv(ctx.env);
    const status = ctx.args.run_status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
    const { step, problems } = createSteps(ctx);
    const { meta, states, inputs, terminated } = await cleanRun(clients, job, step, {
      startTime,
      status,
    });
    const report: RunReport = {
      status,
      error: ctx.args.run_error ?? '',
      cause: ctx.args.run_cause ?? '',
      meta,
      ...partitionReport(states, inputs, terminated),
      cleanupProblems: [...problems],
    };
    await step('mail the outcome', () =>
      clients.sns.publish({
        TopicArn: requireArg(job.raw, 'sns_topic_arn'),
        Subject: mailSubject(job, status),
        Message: mailBody(job, report),
      }),
    );
    if (problems.length > 0) {
      throw new ModelmillError('DAPM.CleanupFailed', problems.join('; '));
    }
    ctx.logger.info(
      `cleanup of ${job.run.stepJobId} done (${status}): ${terminated} jobs terminated, ${inputs.length} input and ${states.length} state items deleted`,
    );
  });
}

/** Deletes the meta item only while it still belongs to this run. */
async function deleteMeta(clients: ServiceClients, job: JobArgs): Promise<void> {
  try {
    await clients.dynamodb.deleteItem({
      TableName: job.tables.meta,
      Key: { [META_KEY.name]: { S: META_KEY.value } },
      ConditionExpression: 'step_job_id = :run',
      ExpressionAttributeValues: { ':run': { S: job.run.stepJobId } },
    });
  } catch (err) {
    if (err instanceof ModelmillError && err.code === 'ConditionalCheckFailedException') return;
    throw err;
  }
}
