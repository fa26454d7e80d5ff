import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, parseS3Uri } from '../../core/index.js';
import type { RunResult } from '../../runtime/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { ActiveJob, SageMakerContext } from './context.js';
import { note } from './context.js';
import { resolveAlgorithm } from './images.js';
import type { JobFolder } from './job-folder.js';
import { clip, createJobFolder, failureText, folderEnv, targetOf } from './job-folder.js';
import { failureReason, saveJob, trackRun, untrackRun } from './job-lifecycle.js';
import { finalMetrics } from './metrics.js';
import { seconds, textOr, trimSlash } from './names.js';
import {
  ClientError,
  filesUnder,
  listSource,
  packTarGz,
  stageObjects,
  uploadFolder,
} from './staging.js';
import type { ResourceRow } from './store.js';
import type { TrainingJobDescription, TrainingJobStatus } from './types.js';

/**
 * A training job on the runtime: Starting → Downloading (channels staged from
 * S3 into `/opt/ml/input/data/<channel>`) → Training (the `train` command,
 * with MaxRuntimeInSeconds as its limit, output in
 * `/aws/sagemaker/TrainingJobs` under `<job>/algo-1-<epoch>`) → Uploading
 * (`/opt/ml/model` packed to `<S3OutputPath>/<job>/output/model.tar.gz`, or
 * copied under `.../output/model/` with CompressionType NONE) → Completed;
 * or Failed (FailureReason from `/opt/ml/output/failure`), or Stopped
 * (StopTrainingJob, or MaxRuntimeExceeded — the model saved so far is still
 * uploaded).
 */

type Row = ResourceRow<TrainingJobDescription>;

/** Saves the job and wakes its waiters. */
export function saveTraining(ctx: SageMakerContext, row: Row): void {
  saveJob(ctx, row, row.doc.TrainingJobStatus);
}

/** Moves the job to a new SecondaryStatus, closing the previous one. */
export function transition(
  ctx: SageMakerContext,
  row: Row,
  status: string,
  message: string,
  primary?: TrainingJobStatus,
): void {
  const now = seconds(ctx.clock.now());
  const history = row.doc.SecondaryStatusTransitions;
  const last = history[history.length - 1];
  if (last && last.EndTime === undefined) last.EndTime = now;
  history.push({ Status: status, StartTime: now, StatusMessage: message });
  row.doc.SecondaryStatus = status;
  if (primary) row.doc.TrainingJobStatus = primary;
  saveTraining(ctx, row);
}

function logStream(row: Row): string {
  return textOr(row.plan?.logStream, `${row.name}/algo-1`);
}

function writeConfig(folder: JobFolder, doc: TrainingJobDescription): void {
  const channels = Object.fromEntries(
    (doc.InputDataConfig ?? []).map((c) => [
      c.ChannelName,
      {
        ContentType: c.ContentType,
        TrainingInputMode: c.InputMode ?? doc.AlgorithmSpecification.TrainingInputMode ?? 'File',
        S3DistributionType: c.DataSource.S3DataSource?.S3DataDistributionType ?? 'FullyReplicated',
        RecordWrapperType: c.RecordWrapperType ?? 'None',
      },
    ]),
  );
  const write = (file: string, value: unknown): void =>
    writeFileSync(join(folder.inputConfig, file), JSON.stringify(value, null, 2));
  write('hyperparameters.json', doc.HyperParameters);
  write('inputdataconfig.json', channels);
  write('resourceconfig.json', {
    current_host: 'algo-1',
    hosts: ['algo-1'],
    network_interface_name: 'eth0',
    current_instance_type: doc.ResourceConfig.InstanceType ?? 'ml.m5.large',
  });
}

async function stageChannels(
  ctx: SageMakerContext,
  folder: JobFolder,
  doc: TrainingJobDescription,
): Promise<void> {
  for (const channel of doc.InputDataConfig ?? []) {
    const source = channel.DataSource.S3DataSource;
    if (!source) continue;
    const staged = await listSource(ctx.objects, source.S3Uri, source.S3DataType);
    if (staged.length === 0) {
      throw new ClientError(
        `No S3 objects found under S3 URL "${source.S3Uri}" given in input data source of channel '${channel.ChannelName}'. Put the data there first, or fix the channel's S3Uri.`,
      );
    }
    stageObjects(ctx.objects, staged, folder.channel(channel.ChannelName));
  }
}

function environment(
  ctx: SageMakerContext,
  row: Row,
  folder: JobFolder,
  algorithm: string | undefined,
): Record<string, string> {
  const doc = row.doc;
  return {
    ...ctx.runEnv(),
    AWS_REGION: ctx.scope.region,
    AWS_DEFAULT_REGION: ctx.scope.region,
    PYTHONUNBUFFERED: '1',
    ...folderEnv(
      folder,
      (doc.InputDataConfig ?? []).map((c) => c.ChannelName),
      doc.HyperParameters,
    ),
    TRAINING_JOB_NAME: doc.TrainingJobName,
    TRAINING_JOB_ARN: doc.TrainingJobArn,
    ...(algorithm ? { MODELMILL_ALGORITHM: algorithm } : {}),
    ...(doc.Environment ?? {}),
  };
}

/** Starts (or, after a restart, starts again) the job of `row`. */
export async function runTraining(ctx: SageMakerContext, row: Row): Promise<void> {
  const epoch = ctx.epoch;
  const active = trackRun(ctx, row);
  let folder: JobFolder | undefined;
  try {
    folder = createJobFolder(ctx, 'training', row.name);
    const doc = row.doc;
    transition(ctx, row, 'Downloading', 'Downloading input data');
    writeConfig(folder, doc);
    await stageChannels(ctx, folder, doc);
    if (epoch !== ctx.epoch) return;
    if (active.stopRequested)
      return await finishTraining(ctx, active, row, folder, { stopped: true });
    const resolved = resolveAlgorithm(ctx.images, doc.AlgorithmSpecification);
    if (resolved.kind === 'missing') {
      throw new ClientError(
        `the training image ${resolved.image} is no longer registered; register it again`,
      );
    }
    const spec = doc.AlgorithmSpecification;
    const command = [...(spec.ContainerEntrypoint ?? []), ...(spec.ContainerArguments ?? [])];
    doc.TrainingStartTime = seconds(ctx.clock.now());
    transition(ctx, row, 'Training', 'Training image download completed. Training in progress.');
    const handle = ctx.runtime.start({
      target: targetOf(resolved, command.length > 0 ? command : ['train']),
      env: environment(
        ctx,
        row,
        folder,
        resolved.kind === 'builtin' ? resolved.algorithm : undefined,
      ),
      cwd: folder.optMl,
      timeoutMs: doc.StoppingCondition.MaxRuntimeInSeconds * 1000,
      log: { group: LogGroup.SageMakerTraining, stream: logStream(row) },
    });
    active.handle = handle;
    if (active.stopRequested) handle.terminate('stopped by StopTrainingJob');
    const result = await handle.done;
    if (epoch !== ctx.epoch) return;
    await finishTraining(ctx, active, row, folder, result);
  } catch (err) {
    if (epoch !== ctx.epoch) return;
    const reason = failureReason(err);
    note(ctx, LogGroup.SageMakerTraining, logStream(row), [reason]);
    await finishTraining(ctx, active, row, folder, { reason });
  }
}

type Outcome = RunResult | { reason: string } | { stopped: true };

function verdict(row: Row, folder: JobFolder | undefined, outcome: Outcome, active: ActiveJob) {
  if ('stopped' in outcome && outcome.stopped === true)
    return { status: 'Stopped' as const, secondary: 'Stopped' };
  if (!('executor' in outcome))
    return { status: 'Failed' as const, secondary: 'Failed', reason: outcome.reason };
  if (outcome.stopped === 'timeout') {
    return { status: 'Stopped' as const, secondary: 'MaxRuntimeExceeded' };
  }
  if (outcome.stopped === 'terminated' || active.stopRequested)
    return { status: 'Stopped' as const, secondary: 'Stopped' };
  if (outcome.exitCode === 0) return { status: 'Completed' as const, secondary: 'Completed' };
  const written = folder ? failureText(folder) : undefined;
  const reason =
    written !== undefined
      ? /^(ClientError|AlgorithmError):/.test(written)
        ? written
        : `AlgorithmError: ${written}`
      : outcome.exitCode === undefined
        ? `ClientError: ${outcome.reason ?? 'the training command could not be started'}`
        : `AlgorithmError: the train command exited with code ${outcome.exitCode} and wrote no /opt/ml/output/failure; see the log stream ${logStream(row)} in ${LogGroup.SageMakerTraining}`;
  return { status: 'Failed' as const, secondary: 'Failed', reason };
}

async function upload(ctx: SageMakerContext, row: Row, folder: JobFolder): Promise<void> {
  const doc = row.doc;
  const base = `${trimSlash(doc.OutputDataConfig.S3OutputPath)}/${doc.TrainingJobName}/output`;
  if (doc.OutputDataConfig.CompressionType === 'NONE') {
    await uploadFolder(ctx.objects, folder.model, `${base}/model`);
  } else {
    await putTarball(ctx, folder.model, join(folder.root, 'model.tar.gz'), `${base}/model.tar.gz`);
  }
  if (filesUnder(folder.outputData).length > 0) {
    await putTarball(
      ctx,
      folder.outputData,
      join(folder.root, 'output.tar.gz'),
      `${base}/output.tar.gz`,
    );
  }
}

async function putTarball(
  ctx: SageMakerContext,
  dir: string,
  file: string,
  uri: string,
): Promise<void> {
  await packTarGz(dir, file);
  const { bucket, key } = parseS3Uri(uri);
  await ctx.objects.putObject({ Bucket: bucket, Key: key, Body: readFileSync(file) });
}

/** Records how the job ended: uploads the model, reads the metrics, wakes the waiters. */
export async function finishTraining(
  ctx: SageMakerContext,
  active: ActiveJob,
  row: Row,
  folder: JobFolder | undefined,
  outcome: Outcome,
): Promise<void> {
  const result = verdict(row, folder, outcome, active);
  const doc = row.doc;
  let reason = result.reason;
  if (folder && result.status !== 'Failed') {
    try {
      transition(ctx, row, 'Uploading', 'Uploading generated training model');
      await upload(ctx, row, folder);
    } catch (err) {
      reason = `ClientError: could not upload the model to ${doc.OutputDataConfig.S3OutputPath}: ${errorMessage(err)}`;
    }
  }
  const status = reason === undefined ? result.status : 'Failed';
  ctx.runtime.logs.flush();
  const lines = ctx.runtime.logs.read(LogGroup.SageMakerTraining, logStream(row), {
    limit: 1_000_000,
  }).events;
  doc.FinalMetricDataList = finalMetrics(doc.AlgorithmSpecification.MetricDefinitions, lines);
  const now = seconds(ctx.clock.now());
  doc.TrainingEndTime = now;
  const start = doc.TrainingStartTime ?? now;
  doc.TrainingTimeInSeconds = Math.max(1, Math.round(now - start));
  doc.BillableTimeInSeconds = doc.TrainingTimeInSeconds;
  if (reason !== undefined) doc.FailureReason = clip(reason);
  const message =
    status === 'Completed'
      ? 'Training job completed'
      : status === 'Failed'
        ? (reason ?? 'Training job failed')
        : 'Training job stopped';
  transition(ctx, row, status === 'Failed' ? 'Failed' : result.secondary, clip(message), status);
  const last = doc.SecondaryStatusTransitions[doc.SecondaryStatusTransitions.length - 1];
  if (last) last.EndTime = now;
  saveTraining(ctx, row);
  untrackRun(ctx, row);
}
