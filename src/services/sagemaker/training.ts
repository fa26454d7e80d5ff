import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainObject, parseS3Uri } from '../../core/index.js';
import { LogGroup } from '../../runtime/index.js';
import { builtinMetricDefinitions } from './builtin-train.js';
import type { SageMakerContext } from './context.js';
import type { ResolvedImage } from './images.js';
import { missingImage, resolveAlgorithm } from './images.js';
import {
  currentJob,
  isFinished,
  jobsLeftRunning,
  signalStop,
  waitForEnd,
} from './job-lifecycle.js';
import { listPage, pick } from './listing.js';
import { compileMetricDefinitions } from './metrics.js';
import {
  Kind,
  arnOf,
  checkName,
  required,
  resourceInUse,
  resourceNotFound,
  seconds,
  textOr,
  trimSlash,
  validation,
} from './names.js';
import type { ResourceRow } from './store.js';
import { runTraining, saveTraining, transition } from './training-run.js';
import type {
  AlgorithmSpecification,
  CreateTrainingJobInput,
  SageMakerJobs,
  TrainingJobDescription,
} from './types.js';

/**
 * CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs, StopTrainingJob
 * and the wait of `.sync`, over the store; the run itself is training-run.ts.
 */

type Row = ResourceRow<TrainingJobDescription>;

/** Checks an S3 URI field. */
export function checkS3Uri(value: unknown, field: string): string {
  const uri = required(value, field);
  try {
    parseS3Uri(String(uri));
  } catch {
    throw validation(`${field} '${String(uri)}' is not an S3 URI: expected s3://<bucket>/<prefix>`);
  }
  return String(uri);
}

function checkHyperParameters(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw validation(`${field} must be a map of strings to strings`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw validation(
        `${field}.${key} is ${JSON.stringify(v)}: hyperparameter values must be strings (write "${String(v)}")`,
      );
    }
  }
  return value as Record<string, string>;
}

function checkChannels(input: CreateTrainingJobInput): void {
  const seen = new Set<string>();
  (input.InputDataConfig ?? []).forEach((channel, i) => {
    const name = required(channel?.ChannelName, `inputDataConfig.${i + 1}.member.channelName`);
    if (seen.has(name))
      throw validation(`Channel names must be unique: '${name}' is given twice in InputDataConfig`);
    seen.add(name);
    const source = channel.DataSource?.S3DataSource;
    if (source) checkS3Uri(source.S3Uri, `InputDataConfig[${i}].DataSource.S3DataSource.S3Uri`);
  });
}

/** A bring-your-own folder must hold the `train` the container would run. */
function checkFolder(resolved: ResolvedImage, spec: AlgorithmSpecification): void {
  if (resolved.kind !== 'target' || resolved.target.kind !== 'folder' || spec.ContainerEntrypoint)
    return;
  const { folder } = resolved.target;
  if (!existsSync(join(folder, 'train'))) {
    throw validation(
      `TrainingImage '${resolved.image}' is registered to the folder ${folder}, which ${existsSync(folder) ? "holds no 'train' executable" : 'does not exist'}; put the train executable there, or register the image to another folder`,
    );
  }
}

/** What a checked request resolved to. */
interface Checked {
  name: string;
  resolved: ResolvedImage;
  hyperParameters: Record<string, string>;
  maxRuntime: number;
}

function checkRequest(ctx: SageMakerContext, input: CreateTrainingJobInput): Checked {
  const name = checkName(input?.TrainingJobName, 'trainingJobName');
  const spec = required(input.AlgorithmSpecification, 'algorithmSpecification');
  required(input.RoleArn, 'roleArn');
  checkS3Uri(
    required(input.OutputDataConfig, 'outputDataConfig').S3OutputPath,
    'OutputDataConfig.S3OutputPath',
  );
  if (!spec.TrainingImage && !spec.AlgorithmName) {
    throw validation('AlgorithmSpecification needs a TrainingImage or an AlgorithmName');
  }
  const resolved = resolveAlgorithm(ctx.images, spec);
  if (resolved.kind === 'missing') {
    throw missingImage(resolved.image, spec.TrainingImage ? 'TrainingImage' : 'AlgorithmName');
  }
  checkFolder(resolved, spec);
  compileMetricDefinitions(spec.MetricDefinitions);
  const hyperParameters = checkHyperParameters(input.HyperParameters, 'HyperParameters');
  checkChannels(input);
  const maxRuntime = input.StoppingCondition?.MaxRuntimeInSeconds ?? 86_400;
  if (typeof maxRuntime !== 'number' || !(maxRuntime >= 1)) {
    throw validation(
      `StoppingCondition.MaxRuntimeInSeconds must be a number of seconds of at least 1 (got ${JSON.stringify(maxRuntime)})`,
    );
  }
  return { name, resolved, hyperParameters, maxRuntime };
}

function describeNew(
  ctx: SageMakerContext,
  input: CreateTrainingJobInput,
  checked: Checked,
  parent: { name: string; arn: string } | undefined,
): TrainingJobDescription {
  const { name, resolved } = checked;
  const spec = input.AlgorithmSpecification;
  const output = input.OutputDataConfig;
  const now = seconds(ctx.clock.now());
  const { Tags: _tags, ...fields } = input;
  const metricDefinitions =
    resolved.kind === 'builtin'
      ? [...builtinMetricDefinitions(), ...(spec.MetricDefinitions ?? [])]
      : spec.MetricDefinitions;
  const artifact = output.CompressionType === 'NONE' ? 'model' : 'model.tar.gz';
  return {
    ...fields,
    TrainingJobName: name,
    TrainingJobArn: arnOf(ctx.scope, Kind.TrainingJob, name),
    ...(parent ? { TuningJobArn: parent.arn } : {}),
    ModelArtifacts: {
      S3ModelArtifacts: `${trimSlash(output.S3OutputPath)}/${name}/output/${artifact}`,
    },
    TrainingJobStatus: 'InProgress',
    SecondaryStatus: 'Starting',
    AlgorithmSpecification: {
      ...spec,
      TrainingInputMode: spec.TrainingInputMode ?? 'File',
      ...(metricDefinitions ? { MetricDefinitions: metricDefinitions } : {}),
    },
    HyperParameters: checked.hyperParameters,
    ResourceConfig: {
      InstanceCount: 1,
      InstanceType: 'ml.m5.large',
      VolumeSizeInGB: 30,
      ...input.ResourceConfig,
    },
    StoppingCondition: { ...input.StoppingCondition, MaxRuntimeInSeconds: checked.maxRuntime },
    EnableNetworkIsolation: input.EnableNetworkIsolation ?? false,
    EnableInterContainerTrafficEncryption: input.EnableInterContainerTrafficEncryption ?? false,
    EnableManagedSpotTraining: input.EnableManagedSpotTraining ?? false,
    CreationTime: now,
    LastModifiedTime: now,
    SecondaryStatusTransitions: [
      { Status: 'Starting', StartTime: now, StatusMessage: 'Preparing the instances for training' },
    ],
    FinalMetricDataList: [],
  };
}

/** Validates a request and builds the new job's row (not saved). */
export function newTrainingRow(
  ctx: SageMakerContext,
  input: CreateTrainingJobInput,
  parent?: { name: string; arn: string },
  options: { dryRun?: boolean } = {},
): Row {
  const checked = checkRequest(ctx, input);
  const { name } = checked;
  const existing = options.dryRun
    ? undefined
    : ctx.store.get<TrainingJobDescription>(Kind.TrainingJob, name);
  if (existing) {
    throw resourceInUse(
      `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${existing.doc.TrainingJobArn}); choose another TrainingJobName`,
    );
  }
  const doc = describeNew(ctx, input, checked, parent);
  return {
    kind: Kind.TrainingJob,
    name,
    created: doc.CreationTime,
    status: 'InProgress',
    ...(parent ? { parent: parent.name } : {}),
    doc,
    plan: { logStream: `${name}/algo-1-${Math.floor(doc.CreationTime)}` },
  };
}

/** Saves a new job and starts it. */
export function launchTraining(ctx: SageMakerContext, row: Row): void {
  saveTraining(ctx, row);
  void runTraining(ctx, row);
}

function requireTraining(ctx: SageMakerContext, name: unknown): Row {
  const row =
    typeof name === 'string'
      ? ctx.store.get<TrainingJobDescription>(Kind.TrainingJob, name)
      : undefined;
  if (!row) {
    throw validation(
      `Requested resource not found: no training job is named '${String(name)}' (ListTrainingJobs lists them)`,
    );
  }
  return row;
}

/** Requests the stop of a job in flight; false when it is not running here. */
export function stopTraining(ctx: SageMakerContext, stored: Row): boolean {
  const { row, active } = currentJob(ctx, stored);
  if (isFinished(row.doc.TrainingJobStatus)) return false;
  if (row.doc.TrainingJobStatus !== 'Stopping') {
    transition(ctx, row, 'Stopping', 'Stopping the training job', 'Stopping');
  }
  signalStop(active, 'stopped by StopTrainingJob');
  return true;
}

/** The training job operations of the port. */
export function trainingOps(
  ctx: SageMakerContext,
): Pick<
  SageMakerJobs,
  | 'createTrainingJob'
  | 'describeTrainingJob'
  | 'listTrainingJobs'
  | 'stopTrainingJob'
  | 'waitForTrainingJob'
> {
  return {
    async createTrainingJob(input) {
      const row = newTrainingRow(ctx, input);
      launchTraining(ctx, row);
      return { TrainingJobArn: row.doc.TrainingJobArn };
    },
    describeTrainingJob: async (input) => requireTraining(ctx, input?.TrainingJobName).doc,
    async listTrainingJobs(input = {}) {
      const page = listPage(ctx.store.list(Kind.TrainingJob), input, {
        nameField: 'TrainingJobName',
        statusField: 'TrainingJobStatus',
        defaultOrder: 'Ascending',
        summarize: (row) =>
          pick(row.doc, [
            'TrainingJobName',
            'TrainingJobArn',
            'CreationTime',
            'TrainingEndTime',
            'LastModifiedTime',
            'TrainingJobStatus',
            'SecondaryStatus',
          ]),
      });
      return {
        TrainingJobSummaries: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async stopTrainingJob(input) {
      const row = ctx.store.get<TrainingJobDescription>(
        Kind.TrainingJob,
        String(input?.TrainingJobName),
      );
      if (!row)
        throw resourceNotFound(`Training job '${String(input?.TrainingJobName)}' does not exist`);
      if (!stopTraining(ctx, row)) {
        throw validation(
          `The training job '${row.name}' is ${row.doc.TrainingJobStatus}; only a job in progress can be stopped`,
        );
      }
      return {};
    },
    waitForTrainingJob: (name, options = {}) =>
      waitForEnd(
        ctx,
        () => requireTraining(ctx, name),
        (d) => d.TrainingJobStatus,
        options.signal,
      ),
  };
}

/** Jobs a previous process left: Stopping ones end Stopped, InProgress ones run again. */
export function recoverTraining(ctx: SageMakerContext): void {
  for (const row of jobsLeftRunning<TrainingJobDescription>(ctx, Kind.TrainingJob)) {
    if (row.doc.TrainingJobStatus === 'Stopping') {
      transition(ctx, row, 'Stopped', 'Training job stopped', 'Stopped');
      continue;
    }
    ctx.runtime.logs.append(LogGroup.SageMakerTraining, textOr(row.plan?.logStream, row.name), [
      {
        timestamp: ctx.clock.now(),
        message: `modelmill: the process that ran ${row.name} stopped before the job ended; running it again`,
      },
    ]);
    void runTraining(ctx, row);
  }
}
