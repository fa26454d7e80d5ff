import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AccountScope, Clock, Logger } from '../../core/index.js';
import { ModelmillError, silentLogger, systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { invalidArgument } from './errors.js';
import { decodeToken, encodeToken, walkListing } from './list.js';
import type { ListItem, ListStart } from './list.js';
import { copyObject } from './local-copy.js';
import type { S3Context } from './local-context.js';
import { bucketDir, currentRow, isFolder, requireBucket } from './local-context.js';
import { deleteError, deleteOne, getObject, headObject, putObject } from './local-objects.js';
import { assertKey, bucketNameProblem } from './names.js';
import { createObjectMeta } from './object-meta.js';
import { statPath } from './object-files.js';
import type {
  BucketSummary,
  DeleteObjectsInput,
  DeleteObjectsOutput,
  ListObjectsV2Input,
  ListObjectsV2Output,
  LocalObjectStore,
  ObjectSummary,
  S3EventHook,
} from './types.js';

/** Options of the embedded S3. */
export interface LocalS3Options {
  /** The instance's SQLite database; the adapter creates its `s3_*` tables. */
  db: SqliteDatabase;
  /** The home folder; objects live under `<home>/objects/<bucket>/<key>`. */
  home: string;
  /** Region reported by HeadBucket and in events. */
  scope: AccountScope;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: silent. */
  logger?: Logger;
  /** Called after each successful create or remove of an object. Default: none. */
  onEvent?: S3EventHook;
  /** Flush every write to the disk before answering (survives power loss, much slower). Default: false. */
  fsync?: boolean;
  /** Platform whose path rules keys must follow. Default: the running platform. */
  platform?: NodeJS.Platform;
}

/** Creates the embedded S3: buckets are folders, objects are files, metadata is in SQLite. */
export function createLocalS3(options: LocalS3Options): LocalObjectStore {
  const root = resolve(options.home, 'objects');
  mkdirSync(root, { recursive: true });
  const ctx: S3Context = {
    root,
    meta: createObjectMeta(options.db),
    clock: options.clock ?? systemClock,
    scope: options.scope,
    logger: options.logger ?? silentLogger,
    fsync: options.fsync ?? false,
    platform: options.platform ?? process.platform,
    hook: options.onEvent,
    sequence: 0,
    bucketDirs: new Map(),
  };
  return {
    root,
    localPath: (bucket, key = '') => localPath(ctx, bucket, key),
    createBucket: async ({ Bucket }) => createBucket(ctx, Bucket),
    deleteBucket: async ({ Bucket }) => deleteBucket(ctx, Bucket),
    headBucket: async ({ Bucket }) => {
      requireBucket(ctx, Bucket);
      return { BucketRegion: ctx.scope.region };
    },
    listBuckets: async () => ({ Buckets: listBuckets(ctx) }),
    putObject: async (input) => putObject(ctx, input),
    getObject: async (input) => getObject(ctx, input),
    headObject: async (input) => headObject(ctx, input),
    deleteObject: async ({ Bucket, Key }) => {
      deleteOne(ctx, Bucket, requireBucket(ctx, Bucket), Key);
    },
    deleteObjects: async (input) => deleteObjects(ctx, input),
    copyObject: async (input) => copyObject(ctx, input),
    listObjectsV2: async (input) => listObjectsV2(ctx, input),
  };
}

function localPath(ctx: S3Context, bucket: string, key: string): string {
  const dir = bucketDir(ctx, bucket);
  if (key === '') return dir;
  assertKey(bucket, key, { platform: ctx.platform });
  return join(dir, key);
}

function createBucket(ctx: S3Context, bucket: string): { Location: string } {
  const dir = bucketDir(ctx, bucket);
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw new ModelmillError(
      'BucketAlreadyOwnedByYou',
      `Your previous request to create the named bucket succeeded and you already own it: '${bucket}'. Use it as it is, or delete it first.`,
      { details: { BucketName: bucket } },
    );
  }
  ctx.meta.recordBucket(bucket, ctx.clock.now());
  return { Location: `/${bucket}` };
}

function deleteBucket(ctx: S3Context, bucket: string): void {
  const dir = requireBucket(ctx, bucket);
  const first = walkListing({
    bucketDir: dir,
    prefix: '',
    delimiter: undefined,
    start: undefined,
    isMarker: markerCheck(ctx, bucket),
  }).next();
  if (first.done !== true) {
    const what = first.value.kind === 'object' ? first.value.key : first.value.prefix;
    throw new ModelmillError(
      'BucketNotEmpty',
      `The bucket you tried to delete is not empty: '${bucket}' still holds '${what}'. Delete its objects first (DeleteObjects), then the bucket.`,
      { details: { BucketName: bucket } },
    );
  }
  // Only empty folders and leftover temporary files remain.
  rmSync(dir, { recursive: true, force: true });
  ctx.meta.dropBucket(bucket);
}

function listBuckets(ctx: S3Context): BucketSummary[] {
  const names = readdirSync(ctx.root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && bucketNameProblem(entry.name) === undefined)
    .map((entry) => entry.name)
    .sort();
  return names.map((name) => ({
    Name: name,
    CreationDate: new Date(ctx.meta.bucketCreated(name) ?? folderTime(join(ctx.root, name))),
  }));
}

// A folder another tool made: its birth time where the filesystem keeps one, else its mtime.
function folderTime(path: string): number {
  const stat = statSync(path);
  return stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.mtimeMs;
}

function markerCheck(ctx: S3Context, bucket: string): (key: string) => boolean {
  return (key) => ctx.meta.get(bucket, key) !== undefined;
}

function deleteObjects(ctx: S3Context, input: DeleteObjectsInput): DeleteObjectsOutput {
  const dir = requireBucket(ctx, input.Bucket);
  const objects = input.Delete?.Objects;
  if (!Array.isArray(objects) || objects.length === 0 || objects.length > 1000) {
    throw new ModelmillError(
      'MalformedXML',
      `The XML you provided was not well-formed or did not validate against our published schema: Delete.Objects on bucket '${input.Bucket}' must list 1 to 1000 keys (got ${Array.isArray(objects) ? objects.length : 'none'}).`,
    );
  }
  const result: DeleteObjectsOutput = { Deleted: [], Errors: [] };
  for (const { Key } of objects) {
    try {
      deleteOne(ctx, input.Bucket, dir, Key);
      if (input.Delete.Quiet !== true) result.Deleted.push({ Key });
    } catch (err) {
      result.Errors.push(deleteError(String(Key), err));
    }
  }
  return result;
}

function listObjectsV2(ctx: S3Context, input: ListObjectsV2Input): ListObjectsV2Output {
  const dir = requireBucket(ctx, input.Bucket);
  const maxKeys = input.MaxKeys ?? 1000;
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw invalidArgument(
      'MaxKeys',
      `must be a whole number from 0 to 1000 (got ${maxKeys}) when listing bucket '${input.Bucket}'`,
    );
  }
  const limit = Math.min(maxKeys, 1000);
  const prefix = input.Prefix ?? '';
  const start: ListStart | undefined =
    input.ContinuationToken !== undefined
      ? decodeToken(input.ContinuationToken)
      : input.StartAfter !== undefined && input.StartAfter !== ''
        ? { key: input.StartAfter, wholePrefix: false }
        : undefined;
  const items = walkListing({
    bucketDir: dir,
    prefix,
    delimiter: input.Delimiter === '' ? undefined : input.Delimiter,
    start,
    isMarker: markerCheck(ctx, input.Bucket),
  });
  const page = takePage(ctx, input.Bucket, items, limit);
  return {
    Name: input.Bucket,
    Prefix: prefix,
    ...(input.Delimiter !== undefined ? { Delimiter: input.Delimiter } : {}),
    MaxKeys: maxKeys,
    KeyCount: page.contents.length + page.prefixes.length,
    IsTruncated: page.next !== undefined,
    Contents: page.contents,
    CommonPrefixes: page.prefixes.map((p) => ({ Prefix: p })),
    ...(input.ContinuationToken !== undefined
      ? { ContinuationToken: input.ContinuationToken }
      : {}),
    ...(page.next !== undefined ? { NextContinuationToken: encodeToken(page.next) } : {}),
    ...(input.StartAfter !== undefined ? { StartAfter: input.StartAfter } : {}),
  };
}

interface Page {
  contents: ObjectSummary[];
  prefixes: string[];
  next: ListStart | undefined;
}

function takePage(ctx: S3Context, bucket: string, items: Generator<ListItem>, limit: number): Page {
  const page: Page = { contents: [], prefixes: [], next: undefined };
  let last: ListStart | undefined;
  for (const item of items) {
    const summary =
      item.kind === 'object' ? summarize(ctx, bucket, item.key, item.path) : undefined;
    if (item.kind === 'object' && summary === undefined) continue;
    if (page.contents.length + page.prefixes.length === limit) {
      page.next = last;
      break;
    }
    if (summary !== undefined) page.contents.push(summary);
    if (item.kind === 'prefix') page.prefixes.push(item.prefix);
    last =
      item.kind === 'object'
        ? { key: item.key, wholePrefix: false }
        : { key: item.prefix, wholePrefix: true };
  }
  return page;
}

function summarize(
  ctx: S3Context,
  bucket: string,
  key: string,
  path: string,
): ObjectSummary | undefined {
  if (key.endsWith('/')) {
    const row = ctx.meta.get(bucket, key);
    if (row === undefined || !isFolder(path)) return undefined;
    return {
      Key: key,
      LastModified: new Date(row.lastModifiedMs),
      ETag: `"${row.etag}"`,
      Size: 0,
      StorageClass: 'STANDARD',
    };
  }
  const stat = statPath(path);
  if (stat === undefined || stat === 'dir') return undefined;
  const row = currentRow(ctx, bucket, key, path, stat);
  return {
    Key: key,
    LastModified: new Date(row.lastModifiedMs),
    ETag: `"${row.etag}"`,
    Size: row.size,
    StorageClass: 'STANDARD',
  };
}
