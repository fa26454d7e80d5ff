import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseS3Uri } from '../../core/index.js';
import { LogGroup } from '../../runtime/index.js';
import type { SageMakerContext } from './context.js';
import { note } from './context.js';
import { clip } from './job-folder.js';
import { failureReason, saveJob, trackRun, untrackRun } from './job-lifecycle.js';
import { requireModel } from './models.js';
import { seconds, textOr, trimSlash } from './names.js';
import type { ModelServer } from './serving.js';
import { startModelServer } from './serving.js';
import type { StagedObject } from './staging.js';
import { ClientError, listSource } from './staging.js';
import type { ResourceRow } from './store.js';
import type { JobStatus, TransformJobDescription } from './types.js';

/**
 * A batch transform on the runtime: the model's server (built-in or
 * bring-your-own `serve`) is started, every input object is split into
 * records (SplitType Line: one per line; None: the whole object), records are
 * sent one per request (BatchStrategy SingleRecord) or packed up to
 * MaxPayloadInMB (MultiRecord), and the answers are written to
 * `<S3OutputPath>/<input key under the prefix>.out` (AssembleWith Line: one
 * answer per line). A record the model refuses fails the job, naming the
 * record and the object in FailureReason; the server's output and the
 * record failures go to `/aws/sagemaker/TransformJobs`.
 */

type Row = ResourceRow<TransformJobDescription>;

/** Saves the job and wakes its waiters. */
export function saveTransform(ctx: SageMakerContext, row: Row, status?: JobStatus): void {
  if (status) row.doc.TransformJobStatus = status;
  saveJob(ctx, row, row.doc.TransformJobStatus);
}

const stream = (row: Row): string => textOr(row.plan?.logStream, row.name);

function records(text: string, split: string | undefined): string[] {
  if (split !== 'Line') return text === '' ? [] : [text];
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

function batches(
  items: string[],
  strategy: string | undefined,
  maxBytes: number,
): { start: number; records: string[] }[] {
  if (strategy !== 'MultiRecord')
    return items.map((record, i) => ({ start: i, records: [record] }));
  const out: { start: number; records: string[] }[] = [];
  let current: string[] = [];
  let size = 0;
  let start = 0;
  items.forEach((record, i) => {
    const bytes = Buffer.byteLength(record) + 1;
    if (current.length > 0 && size + bytes > maxBytes) {
      out.push({ start, records: current });
      current = [];
      size = 0;
      start = i;
    }
    current.push(record);
    size += bytes;
  });
  if (current.length > 0) out.push({ start, records: current });
  return out;
}

class RecordFailure extends Error {}

async function send(
  server: ModelServer,
  row: Row,
  batch: { start: number; records: string[] },
  where: string,
  signal: AbortSignal,
): Promise<string> {
  const input = row.doc.TransformInput;
  const body = batch.records.join('\n');
  const answer = await server.invoke(
    body,
    input.ContentType ?? 'text/csv',
    row.doc.TransformOutput.Accept,
    signal,
  );
  if (answer.status >= 200 && answer.status < 300) return answer.body.toString('utf8');
  if (batch.records.length > 1) {
    // Find the record the model refuses, one at a time, to name it.
    for (const [offset, record] of batch.records.entries()) {
      await send(server, row, { start: batch.start + offset, records: [record] }, where, signal);
    }
  }
  const text = answer.body.toString('utf8').trim().slice(0, 300);
  throw new RecordFailure(
    `ClientError: the model could not score record ${batch.start + 1} of ${where} (HTTP ${answer.status}: ${text}); fix the record or the model, then run the transform again`,
  );
}

async function transformObject(
  ctx: SageMakerContext,
  row: Row,
  server: ModelServer,
  object: StagedObject,
  signal: AbortSignal,
): Promise<void> {
  const where = `s3://${object.bucket}/${object.key}`;
  const raw = (await ctx.objects.getObject({ Bucket: object.bucket, Key: object.key })).Body;
  const text = Buffer.from(
    row.doc.TransformInput.CompressionType === 'Gzip' ? gunzipSync(raw) : raw,
  ).toString('utf8');
  const items = records(text, row.doc.TransformInput.SplitType);
  const maxBytes = (row.doc.MaxPayloadInMB ?? 6) * 1024 * 1024;
  const answers: string[] = [];
  for (const batch of batches(items, row.doc.BatchStrategy, maxBytes)) {
    if (signal.aborted) throw signal.reason as Error;
    try {
      answers.push(await send(server, row, batch, where, signal));
    } catch (err) {
      if (err instanceof RecordFailure)
        note(ctx, LogGroup.SageMakerTransform, `${stream(row)}/data-log`, [err.message]);
      throw err;
    }
  }
  const output = row.doc.TransformOutput;
  const body =
    output.AssembleWith === 'Line'
      ? answers.map((a) => `${a.replace(/\r?\n$/, '')}\n`).join('')
      : answers.join('');
  const { bucket, key } = parseS3Uri(`${trimSlash(output.S3OutputPath)}/${object.rel}.out`);
  await ctx.objects.putObject({
    Bucket: bucket,
    Key: key,
    Body: body,
    ...(output.Accept ? { ContentType: output.Accept } : {}),
  });
}

/** Runs (or, after a restart, runs again) the transform of `row`. */
export async function runTransform(ctx: SageMakerContext, row: Row): Promise<void> {
  const epoch = ctx.epoch;
  const active = trackRun(ctx, row);
  let server: ModelServer | undefined;
  let status: JobStatus = 'Completed';
  let reason: string | undefined;
  try {
    const source = row.doc.TransformInput.DataSource.S3DataSource;
    const objects = await listSource(ctx.objects, source.S3Uri, source.S3DataType);
    if (objects.length === 0)
      throw new ClientError(
        `No S3 objects found under S3 URL "${source.S3Uri}" given in TransformInput.`,
      );
    const model = requireModel(ctx, row.doc.ModelName);
    row.doc.TransformStartTime = seconds(ctx.clock.now());
    saveTransform(ctx, row);
    server = await startModelServer(ctx, model, {
      folder: join(ctx.workDir, 'transform', row.name),
      log: { group: LogGroup.SageMakerTransform, stream: stream(row) },
      ...(row.doc.Environment ? { environment: row.doc.Environment } : {}),
    });
    for (const object of objects) {
      if (active.stopRequested || epoch !== ctx.epoch) break;
      await transformObject(ctx, row, server, object, active.controller.signal);
    }
    if (active.stopRequested) status = 'Stopped';
  } catch (err) {
    if (active.stopRequested) status = 'Stopped';
    else {
      status = 'Failed';
      reason = err instanceof RecordFailure ? err.message : failureReason(err);
      note(ctx, LogGroup.SageMakerTransform, stream(row), [reason]);
    }
  } finally {
    await server?.stop().catch(() => undefined);
  }
  if (epoch !== ctx.epoch) return;
  if (reason !== undefined) row.doc.FailureReason = clip(reason);
  row.doc.TransformEndTime = seconds(ctx.clock.now());
  saveTransform(ctx, row, status);
  untrackRun(ctx, row);
}
