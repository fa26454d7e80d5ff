import type { SageMakerContext } from './context.js';
import { missingImage, resolveImage } from './images.js';
import {
  currentJob,
  isFinished,
  jobsLeftRunning,
  signalStop,
  waitForEnd,
} from './job-lifecycle.js';
import { listPage, pick } from './listing.js';
import {
  Kind,
  arnOf,
  checkName,
  required,
  resourceInUse,
  resourceNotFound,
  seconds,
  validation,
} from './names.js';
import { runProcessing, saveProcessing } from './processing-run.js';
import type { ResourceRow } from './store.js';
import { checkS3Uri } from './training.js';
import type { CreateProcessingJobInput, ProcessingJobDescription, SageMakerJobs } from './types.js';

/**
 * Processing jobs: ProcessingInputs staged from S3 into their LocalPath
 * (`/opt/ml/processing/...`, mapped under the job's folder; the program finds
 * it through MODELMILL_OPT_ML), the image run with ContainerEntrypoint and
 * ContainerArguments (an image registered to a built-in program gets the
 * arguments as its `--key value` args), Environment set, and
 * ProcessingOutputs uploaded from their LocalPath when the job completes.
 * Output goes to `/aws/sagemaker/ProcessingJobs` under `<job>/algo-1-<epoch>`.
 */

type Row = ResourceRow<ProcessingJobDescription>;

function checkLocalPath(value: unknown, field: string): void {
  const path = String(required(value, field));
  if (!path.startsWith('/opt/ml/processing/') || path.split('/').includes('..')) {
    throw validation(
      `${field} '${path}' must be a folder under /opt/ml/processing/ (e.g. /opt/ml/processing/input)`,
    );
  }
}

function newRow(ctx: SageMakerContext, input: CreateProcessingJobInput): Row {
  const name = checkName(input?.ProcessingJobName, 'processingJobName');
  const app = required(input.AppSpecification, 'appSpecification');
  required(input.RoleArn, 'roleArn');
  const image = String(required(app.ImageUri, 'appSpecification.imageUri'));
  if (resolveImage(ctx.images, image).kind === 'missing')
    throw missingImage(image, 'AppSpecification.ImageUri');
  (input.ProcessingInputs ?? []).forEach((p, i) => {
    if (!p.S3Input) return;
    checkS3Uri(p.S3Input.S3Uri, `ProcessingInputs[${i}].S3Input.S3Uri`);
    checkLocalPath(p.S3Input.LocalPath, `ProcessingInputs[${i}].S3Input.LocalPath`);
  });
  (input.ProcessingOutputConfig?.Outputs ?? []).forEach((o, i) => {
    if (!o.S3Output) return;
    checkS3Uri(o.S3Output.S3Uri, `ProcessingOutputConfig.Outputs[${i}].S3Output.S3Uri`);
    checkLocalPath(o.S3Output.LocalPath, `ProcessingOutputConfig.Outputs[${i}].S3Output.LocalPath`);
  });
  const existing = ctx.store.get<ProcessingJobDescription>(Kind.ProcessingJob, name);
  if (existing) {
    throw resourceInUse(
      `Job name must be unique within an AWS account and region, and a job with this name already exists (${existing.doc.ProcessingJobArn})`,
    );
  }
  const now = seconds(ctx.clock.now());
  const { Tags: _tags, ...fields } = input;
  return {
    kind: Kind.ProcessingJob,
    name,
    created: now,
    status: 'InProgress',
    doc: {
      ...fields,
      ProcessingJobName: name,
      ProcessingJobArn: arnOf(ctx.scope, Kind.ProcessingJob, name),
      StoppingCondition: { MaxRuntimeInSeconds: 86_400, ...input.StoppingCondition },
      ProcessingJobStatus: 'InProgress',
      CreationTime: now,
      LastModifiedTime: now,
    },
    plan: { logStream: `${name}/algo-1-${Math.floor(now)}` },
  };
}

function requireRow(ctx: SageMakerContext, name: unknown): Row {
  const row =
    typeof name === 'string'
      ? ctx.store.get<ProcessingJobDescription>(Kind.ProcessingJob, name)
      : undefined;
  if (!row) throw validation(`Could not find requested job with name ${String(name)}`);
  return row;
}

/** The processing job operations of the port. */
export function processingOps(
  ctx: SageMakerContext,
): Pick<
  SageMakerJobs,
  | 'createProcessingJob'
  | 'describeProcessingJob'
  | 'listProcessingJobs'
  | 'stopProcessingJob'
  | 'waitForProcessingJob'
> {
  return {
    async createProcessingJob(input) {
      const row = newRow(ctx, input);
      saveProcessing(ctx, row);
      void runProcessing(ctx, row);
      return { ProcessingJobArn: row.doc.ProcessingJobArn };
    },
    describeProcessingJob: async (input) => requireRow(ctx, input?.ProcessingJobName).doc,
    async listProcessingJobs(input = {}) {
      const page = listPage(ctx.store.list(Kind.ProcessingJob), input, {
        nameField: 'ProcessingJobName',
        statusField: 'ProcessingJobStatus',
        defaultOrder: 'Ascending',
        summarize: (r) =>
          pick(r.doc, [
            'ProcessingJobName',
            'ProcessingJobArn',
            'CreationTime',
            'ProcessingEndTime',
            'LastModifiedTime',
            'ProcessingJobStatus',
            'FailureReason',
            'ExitMessage',
          ]),
      });
      return {
        ProcessingJobSummaries: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async stopProcessingJob(input) {
      const stored = ctx.store.get<ProcessingJobDescription>(
        Kind.ProcessingJob,
        String(input?.ProcessingJobName),
      );
      if (!stored)
        throw resourceNotFound(
          `Processing job '${String(input?.ProcessingJobName)}' does not exist`,
        );
      const { row, active } = currentJob(ctx, stored);
      if (isFinished(row.doc.ProcessingJobStatus)) {
        throw validation(
          `The processing job '${row.name}' is ${row.doc.ProcessingJobStatus}; only a job in progress can be stopped`,
        );
      }
      saveProcessing(ctx, row, 'Stopping');
      signalStop(active, 'stopped by StopProcessingJob');
      return {};
    },
    waitForProcessingJob: (name, options = {}) =>
      waitForEnd(
        ctx,
        () => requireRow(ctx, name),
        (d) => d.ProcessingJobStatus,
        options.signal,
      ),
  };
}

/** Processing jobs a previous process left: Stopping ones end Stopped, InProgress ones run again. */
export function recoverProcessing(ctx: SageMakerContext): void {
  for (const row of jobsLeftRunning<ProcessingJobDescription>(ctx, Kind.ProcessingJob)) {
    if (row.doc.ProcessingJobStatus === 'Stopping') saveProcessing(ctx, row, 'Stopped');
    else void runProcessing(ctx, row);
  }
}
