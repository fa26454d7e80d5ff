import type { SageMakerContext } from './context.js';
import {
  currentJob,
  isFinished,
  jobsLeftRunning,
  signalStop,
  waitForEnd,
} from './job-lifecycle.js';
import { listPage, pick } from './listing.js';
import { requireModel } from './models.js';
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
import type { ResourceRow } from './store.js';
import { checkS3Uri } from './training.js';
import { runTransform, saveTransform } from './transform-run.js';
import type { CreateTransformJobInput, SageMakerJobs, TransformJobDescription } from './types.js';

/**
 * CreateTransformJob (checked as SageMaker checks it), Describe, List, Stop
 * and the wait of `.sync`; the run is transform-run.ts.
 */

type Row = ResourceRow<TransformJobDescription>;

function newRow(ctx: SageMakerContext, input: CreateTransformJobInput): Row {
  const name = checkName(input?.TransformJobName, 'transformJobName');
  requireModel(ctx, required(input.ModelName, 'modelName'));
  const transformInput = required(input.TransformInput, 'transformInput');
  const source = required(
    transformInput.DataSource?.S3DataSource,
    'transformInput.dataSource.s3DataSource',
  );
  checkS3Uri(source.S3Uri, 'TransformInput.DataSource.S3DataSource.S3Uri');
  checkS3Uri(
    required(input.TransformOutput, 'transformOutput').S3OutputPath,
    'TransformOutput.S3OutputPath',
  );
  const split = transformInput.SplitType ?? 'None';
  if (split !== 'None' && split !== 'Line') {
    throw validation(
      `TransformInput.SplitType '${split}' is not served locally: use Line (one record per line) or None (one record per object)`,
    );
  }
  const payload = input.MaxPayloadInMB ?? 6;
  if (!Number.isInteger(payload) || payload < 0 || payload > 100) {
    throw validation(
      `MaxPayloadInMB must be a whole number from 0 to 100 (got ${JSON.stringify(input.MaxPayloadInMB)})`,
    );
  }
  const existing = ctx.store.get<TransformJobDescription>(Kind.TransformJob, name);
  if (existing) {
    throw resourceInUse(
      `Job name must be unique within an AWS account and region, and a job with this name already exists (${existing.doc.TransformJobArn})`,
    );
  }
  const now = seconds(ctx.clock.now());
  const { Tags: _tags, ...fields } = input;
  return {
    kind: Kind.TransformJob,
    name,
    created: now,
    status: 'InProgress',
    doc: {
      ...fields,
      TransformJobName: name,
      TransformJobArn: arnOf(ctx.scope, Kind.TransformJob, name),
      TransformInput: { CompressionType: 'None', SplitType: 'None', ...transformInput },
      TransformOutput: { AssembleWith: 'None', ...input.TransformOutput },
      BatchStrategy: input.BatchStrategy ?? 'MultiRecord',
      MaxPayloadInMB: payload,
      MaxConcurrentTransforms: input.MaxConcurrentTransforms ?? 1,
      TransformJobStatus: 'InProgress',
      CreationTime: now,
      LastModifiedTime: now,
    },
    plan: {
      logStream: `${name}/i-${ctx.ids.uuid().replace(/-/g, '').slice(0, 17)}-${Math.floor(now)}`,
    },
  };
}

function requireRow(ctx: SageMakerContext, name: unknown): Row {
  const row =
    typeof name === 'string'
      ? ctx.store.get<TransformJobDescription>(Kind.TransformJob, name)
      : undefined;
  if (!row) throw validation(`Could not find requested job with name ${String(name)}`);
  return row;
}

/** The transform job operations of the port. */
export function transformOps(
  ctx: SageMakerContext,
): Pick<
  SageMakerJobs,
  | 'createTransformJob'
  | 'describeTransformJob'
  | 'listTransformJobs'
  | 'stopTransformJob'
  | 'waitForTransformJob'
> {
  return {
    async createTransformJob(input) {
      const row = newRow(ctx, input);
      saveTransform(ctx, row);
      void runTransform(ctx, row);
      return { TransformJobArn: row.doc.TransformJobArn };
    },
    describeTransformJob: async (input) => requireRow(ctx, input?.TransformJobName).doc,
    async listTransformJobs(input = {}) {
      const page = listPage(ctx.store.list(Kind.TransformJob), input, {
        nameField: 'TransformJobName',
        statusField: 'TransformJobStatus',
        defaultOrder: 'Descending',
        summarize: (r) =>
          pick(r.doc, [
            'TransformJobName',
            'TransformJobArn',
            'CreationTime',
            'TransformEndTime',
            'LastModifiedTime',
            'TransformJobStatus',
            'FailureReason',
          ]),
      });
      return {
        TransformJobSummaries: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async stopTransformJob(input) {
      const stored = ctx.store.get<TransformJobDescription>(
        Kind.TransformJob,
        String(input?.TransformJobName),
      );
      if (!stored)
        throw resourceNotFound(`Transform job '${String(input?.TransformJobName)}' does not exist`);
      const { row, active } = currentJob(ctx, stored);
      if (isFinished(row.doc.TransformJobStatus)) return {};
      saveTransform(ctx, row, 'Stopping');
      signalStop(active, 'stopped by StopTransformJob');
      return {};
    },
    waitForTransformJob: (name, options = {}) =>
      waitForEnd(
        ctx,
        () => requireRow(ctx, name),
        (d) => d.TransformJobStatus,
        options.signal,
      ),
  };
}

/** Transform jobs a previous process left: Stopping ones end Stopped, InProgress ones run again. */
export function recoverTransforms(ctx: SageMakerContext): void {
  for (const row of jobsLeftRunning<TransformJobDescription>(ctx, Kind.TransformJob)) {
    if (row.doc.TransformJobStatus === 'Stopping') saveTransform(ctx, row, 'Stopped');
    else void runTransform(ctx, row);
  }
}
