import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../core/index.js';
import type { RunResult } from '../../runtime/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { SageMakerContext } from './context.js';
import { note } from './context.js';
import { resolveImage } from './images.js';
import type { JobFolder } from './job-folder.js';
import { clip, createJobFolder, failureText, targetOf } from './job-folder.js';
import { failureReason, saveJob, trackRun, untrackRun } from './job-lifecycle.js';
import { seconds, textOr } from './names.js';
import { ClientError, listSource, stageObjects, uploadFolder } from './staging.js';
import type { ResourceRow } from './store.js';
import type { JobStatus, ProcessingJobDescription } from './types.js';

/**
 * A processing job on the runtime: inputs staged, the container run with its
 * entrypoint and arguments, outputs uploaded when it completes; Failed with
 * the failure file's text (or the exit code), Stopped by StopProcessingJob.
 */

type Row = ResourceRow<ProcessingJobDescription>;

/** Where a container path under `/opt/ml` lives in the job's folder. */
export function localPathOf(folder: JobFolder, path: string): string {
  return join(
    folder.optMl,
    ...path
      .replace(/^\/opt\/ml\/?/, '')
      .split('/')
      .filter(Boolean),
  );
}

/** Saves the job and wakes its waiters. */
export function saveProcessing(ctx: SageMakerContext, row: Row, status?: JobStatus): void {
  if (status) row.doc.ProcessingJobStatus = status;
  saveJob(ctx, row, row.doc.ProcessingJobStatus);
}

const stream = (row: Row): string => textOr(row.plan?.logStream, row.name);

/** Writes the job's config and stages its inputs into their local paths. */
async function prepare(
  ctx: SageMakerContext,
  doc: ProcessingJobDescription,
  folder: JobFolder,
): Promise<void> {
  mkdirSync(join(folder.optMl, 'config'), { recursive: true });
  writeFileSync(
    join(folder.optMl, 'config', 'processingjobconfig.json'),
    JSON.stringify(doc, null, 2),
  );
  for (const p of doc.ProcessingInputs ?? []) {
    if (!p.S3Input) continue;
    const staged = await listSource(ctx.objects, p.S3Input.S3Uri, p.S3Input.S3DataType);
    if (staged.length === 0) {
      throw new ClientError(
        `No S3 objects found under S3 URL "${p.S3Input.S3Uri}" given in processing input '${p.InputName}'.`,
      );
    }
    stageObjects(ctx.objects, staged, localPathOf(folder, p.S3Input.LocalPath));
  }
  for (const o of doc.ProcessingOutputConfig?.Outputs ?? []) {
    if (o.S3Output) mkdirSync(localPathOf(folder, o.S3Output.LocalPath), { recursive: true });
  }
}

/** Runs (or, after a restart, runs again) the processing job of `row`. */
export async function runProcessing(ctx: SageMakerContext, row: Row): Promise<void> {
  const epoch = ctx.epoch;
  const active = trackRun(ctx, row);
  let folder: JobFolder | undefined;
  try {
    folder = createJobFolder(ctx, 'processing', row.name);
    const doc = row.doc;
    await prepare(ctx, doc, folder);
    if (epoch !== ctx.epoch) return;
    if (active.stopRequested) return await finish(ctx, row, folder, { stopped: true });
    const resolved = resolveImage(ctx.images, doc.AppSpecification.ImageUri);
    const command = [
      ...(doc.AppSpecification.ContainerEntrypoint ?? []),
      ...(doc.AppSpecification.ContainerArguments ?? []),
    ];
    doc.ProcessingStartTime = seconds(ctx.clock.now());
    saveProcessing(ctx, row);
    const handle = ctx.runtime.start({
      target: targetOf(resolved, command),
      env: {
        ...ctx.runEnv(),
        AWS_REGION: ctx.scope.region,
        AWS_DEFAULT_REGION: ctx.scope.region,
        PYTHONUNBUFFERED: '1',
        MODELMILL_OPT_ML: folder.optMl,
        PROCESSING_JOB_NAME: doc.ProcessingJobName,
        ...(doc.Environment ?? {}),
      },
      cwd: folder.optMl,
      timeoutMs: (doc.StoppingCondition?.MaxRuntimeInSeconds ?? 86_400) * 1000,
      log: { group: LogGroup.SageMakerProcessing, stream: stream(row) },
    });
    active.handle = handle;
    if (active.stopRequested) handle.terminate('stopped by StopProcessingJob');
    const result = await handle.done;
    if (epoch !== ctx.epoch) return;
    await finish(ctx, row, folder, active.stopRequested ? { stopped: true } : result);
  } catch (err) {
    if (epoch !== ctx.epoch) return;
    const reason = failureReason(err);
    note(ctx, LogGroup.SageMakerProcessing, stream(row), [reason]);
    await finish(ctx, row, folder, { reason });
  }
}

type Outcome = RunResult | { reason: string } | { stopped: true };

function verdict(
  row: Row,
  folder: JobFolder | undefined,
  outcome: Outcome,
): { status: JobStatus; reason?: string } {
  if ('stopped' in outcome && outcome.stopped === true) return { status: 'Stopped' };
  if (!('executor' in outcome)) return { status: 'Failed', reason: outcome.reason };
  if (outcome.stopped === 'terminated') return { status: 'Stopped' };
  if (outcome.stopped === 'timeout') {
    return {
      status: 'Failed',
      reason: `ClientError: the processing job ran past StoppingCondition.MaxRuntimeInSeconds (${row.doc.StoppingCondition?.MaxRuntimeInSeconds} s) and was stopped; raise the limit if it needs longer`,
    };
  }
  if (outcome.exitCode === 0) return { status: 'Completed' };
  if (outcome.exitCode === undefined)
    return {
      status: 'Failed',
      reason: `ClientError: ${outcome.reason ?? 'the container could not be started'}`,
    };
  const written = folder ? failureText(folder) : undefined;
  return {
    status: 'Failed',
    reason: `AlgorithmError: ${written ?? `the container exited with code ${outcome.exitCode}; see the log stream ${stream(row)} in ${LogGroup.SageMakerProcessing}`}`,
  };
}

async function finish(
  ctx: SageMakerContext,
  row: Row,
  folder: JobFolder | undefined,
  outcome: Outcome,
): Promise<void> {
  let { status, reason } = verdict(row, folder, outcome);
  if (status === 'Completed' && folder) {
    try {
      for (const o of row.doc.ProcessingOutputConfig?.Outputs ?? []) {
        if (o.S3Output)
          await uploadFolder(
            ctx.objects,
            localPathOf(folder, o.S3Output.LocalPath),
            o.S3Output.S3Uri,
          );
      }
    } catch (err) {
      status = 'Failed';
      reason = `ClientError: could not upload the processing outputs: ${errorMessage(err)}`;
    }
  }
  const message = folder ? join(folder.output, 'message') : undefined;
  if (message && existsSync(message))
    row.doc.ExitMessage = clip(readFileSync(message, 'utf8').trim());
  if (reason !== undefined) row.doc.FailureReason = clip(reason);
  row.doc.ProcessingEndTime = seconds(ctx.clock.now());
  saveProcessing(ctx, row, status);
  untrackRun(ctx, row);
}
