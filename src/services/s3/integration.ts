import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isPlainObject, randomIds } from '../../core/index.js';
import { taskApiError } from '../common/index.js';
import { s3Status } from './errors.js';
import type { ObjectStore } from './types.js';

/**
 * Step Functions Task handlers for `arn:aws:states:::aws-sdk:s3:<action>`.
 * Parameters arrive in PascalCase as the SDK integration takes them; results
 * are what the integration returns (getObject's Body as text, timestamps as
 * ISO-8601); failures are `S3.<Code>Exception` errors with AWS's cause text.
 */

/** The part of the engine's integration registry this file needs. */
export interface TaskRegistry {
  register(key: string, handler: (invocation: { parameters: unknown }) => Promise<unknown>): void;
}

/** Options of the S3 integrations. */
export interface S3IntegrationOptions {
  /** Request ids in error causes. Default: random UUIDs. */
  ids?: IdGenerator;
}

type Params = Record<string, any>;

const ACTIONS: Record<string, (s3: ObjectStore, p: Params) => Promise<unknown>> = {
  getObject: async (s3, p) => {
    const { Body, ...rest } = await s3.getObject(pick(p, ['Bucket', 'Key', 'Range']));
    return { ...timestamps(rest), Body: Buffer.from(Body).toString('utf8') };
  },
  headObject: async (s3, p) => timestamps(await s3.headObject(pick(p, ['Bucket', 'Key', 'Range']))),
  putObject: async (s3, p) =>
    s3.putObject({
      ...pick(p, [
        'Bucket',
        'Key',
        'ContentType',
        'ContentEncoding',
        'ContentDisposition',
        'CacheControl',
        'Metadata',
      ]),
      Body: bodyText(p.Body),
    } as never),
  copyObject: async (s3, p) => {
    const out = await s3.copyObject(
      pick(p, [
        'Bucket',
        'Key',
        'CopySource',
        'MetadataDirective',
        'Metadata',
        'ContentType',
        'ContentEncoding',
        'ContentDisposition',
        'CacheControl',
      ]),
    );
    return { CopyObjectResult: timestamps(out.CopyObjectResult) };
  },
  deleteObject: async (s3, p) => {
    await s3.deleteObject(pick(p, ['Bucket', 'Key']));
    return {};
  },
  deleteObjects: async (s3, p) => s3.deleteObjects(pick(p, ['Bucket', 'Delete'])),
  listObjectsV2: async (s3, p) => {
    const out = await s3.listObjectsV2(
      pick(p, ['Bucket', 'Prefix', 'Delimiter', 'MaxKeys', 'ContinuationToken', 'StartAfter']),
    );
    return { ...out, Contents: out.Contents.map(timestamps) };
  },
  createBucket: async (s3, p) => s3.createBucket(pick(p, ['Bucket'])),
  deleteBucket: async (s3, p) => {
    await s3.deleteBucket(pick(p, ['Bucket']));
    return {};
  },
  headBucket: async (s3, p) => s3.headBucket(pick(p, ['Bucket'])),
  listBuckets: async (s3) => {
    const out = await s3.listBuckets();
    return { Buckets: out.Buckets.map(timestamps) };
  },
};

/** The S3 actions served, as `aws-sdk:s3:<action>` keys. */
export const S3_TASK_ACTIONS = Object.keys(ACTIONS);

/** Registers `aws-sdk:s3:<action>` handlers for every served action. */
export function registerS3Integrations(
  registry: TaskRegistry,
  s3: ObjectStore,
  options: S3IntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  for (const [action, run] of Object.entries(ACTIONS)) {
    registry.register(`aws-sdk:s3:${action}`, async ({ parameters }) => {
      const params = isPlainObject(parameters) ? parameters : {};
      try {
        return await run(s3, params);
      } catch (err) {
        throw toStatesError(err, ids);
      }
    });
  }
}

/**
 * The error Step Functions reports for a failed `aws-sdk:s3` call:
 * `S3.<Code>` with AWS's `Exception` suffix always added.
 */
export function toStatesError(err: unknown, ids: IdGenerator = randomIds): StatesError {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') {
    return new StatesError('States.TaskFailed', err instanceof Error ? err.message : String(err));
  }
  const message = err instanceof Error ? err.message : String(err);
  return taskApiError({ code, message }, ids.uuid(), {
    prefix: 'S3',
    service: 'S3',
    wording: 'sdk',
    status: s3Status,
  });
}

function pick(params: Params, names: string[]): any {
  const out: Params = {};
  for (const name of names) if (params[name] !== undefined) out[name] = params[name];
  return out;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** Formats Date fields as Step Functions prints timestamps (ISO-8601, milliseconds only when non-zero). */
function timestamps<T extends object>(value: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = field instanceof Date ? formatTimestamp(field) : field;
  }
  return out;
}

/** `2024-05-01T12:00:00Z`, or `...:00.123Z` when there are milliseconds. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
