import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { AccountScope, Clock, Logger } from '../../core/index.js';
import { errorMessage } from '../../core/index.js';
import { keyConflict, noSuchBucket } from './errors.js';
import { assertBucketName, assertKey, isFolderKey } from './names.js';
import type { ObjectMeta, ObjectRow } from './object-meta.js';
import { describesFile } from './object-meta.js';
import type { FileStat } from './object-files.js';
import { md5, md5OfFile, statPath } from './object-files.js';
import type { ObjectDescription, S3EventHook, S3EventName } from './types.js';

/**
 * What the embedded S3 adapter's operations share: where buckets live, the
 * metadata rows, the clock, and the event hook.
 */

/** The default content type of objects stored without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.parquet': 'application/vnd.apache.parquet',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.zip': 'application/zip',
  '.html': 'text/html',
  '.py': 'text/x-python',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
};

/** A content type for a file another tool wrote, guessed from its extension. */
export function guessContentType(key: string): string {
  return TYPES_BY_EXTENSION[extname(key).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

/** The shared state of one embedded S3. */
export interface S3Context {
  root: string;
  meta: ObjectMeta;
  clock: Clock;
  scope: AccountScope;
  logger: Logger;
  fsync: boolean;
  platform: NodeJS.Platform;
  hook: S3EventHook | undefined;
  sequence: number;
  /** Folders of bucket names already validated (validation is pure, so the answer never changes). */
  bucketDirs: Map<string, string>;
}

/** The folder of a bucket whose name is valid; does not check that it exists. */
export function bucketDir(ctx: S3Context, bucket: string): string {
  const known = ctx.bucketDirs.get(bucket);
  if (known !== undefined) return known;
  assertBucketName(bucket);
  const dir = join(ctx.root, bucket);
  if (ctx.bucketDirs.size < 10_000) ctx.bucketDirs.set(bucket, dir);
  return dir;
}

/** The folder of an existing bucket; NoSuchBucket otherwise. */
export function requireBucket(ctx: S3Context, bucket: string): string {
  const dir = bucketDir(ctx, bucket);
  if (!isFolder(dir)) throw noSuchBucket(bucket);
  return dir;
}

/** The file (or folder, for a folder key) of a valid key. */
export function objectPath(ctx: S3Context, bucket: string, key: unknown): string {
  const dir = bucketDir(ctx, bucket);
  assertKey(bucket, key, { platform: ctx.platform });
  return `${dir}/${key}`;
}

/** True when a folder exists at `path`. */
export function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** The row describing the file at `path` now, recomputing defaults for a file another tool wrote. */
export function currentRow(
  ctx: S3Context,
  bucket: string,
  key: string,
  path: string,
  stat: FileStat,
  data?: Buffer,
): ObjectRow {
  const row = ctx.meta.get(bucket, key, stat);
  if (row !== undefined && describesFile(row, stat)) return row;
  const fresh: ObjectRow = {
    bucket,
    key,
    ...stat,
    etag: data !== undefined && data.length === stat.size ? md5(data) : md5OfFile(path),
    lastModifiedMs: Math.floor(stat.mtimeMs),
    contentType: guessContentType(key),
    headers: {},
    metadata: {},
  };
  ctx.meta.put(fresh, true);
  return fresh;
}

/**
 * True when a row for `key` holds nothing the file cannot tell again (no user
 * metadata or headers, the content type a file without a row gets), so it
 * may be written lazily: losing it in a crash loses nothing.
 */
export function isDerivable(
  key: string,
  attributes: { contentType: string; headers: object; metadata: object },
): boolean {
  return (
    !key.endsWith('/') &&
    attributes.contentType === guessContentType(key) &&
    Object.keys(attributes.headers).length === 0 &&
    Object.keys(attributes.metadata).length === 0
  );
}

/** The row of a folder marker, when the marker exists (its row and its folder). */
export function markerRow(
  ctx: S3Context,
  bucket: string,
  key: string,
  path: string,
): ObjectRow | undefined {
  const row = ctx.meta.get(bucket, key);
  return row !== undefined && isFolder(path) ? row : undefined;
}

/** The row of whatever object is at `key`, or undefined. */
export function describeKey(
  ctx: S3Context,
  bucket: string,
  key: string,
  path: string,
): ObjectRow | undefined {
  if (isFolderKey(key)) return markerRow(ctx, bucket, key, path);
  const stat = statPath(path);
  return stat === undefined || stat === 'dir'
    ? undefined
    : currentRow(ctx, bucket, key, path, stat);
}

/** The description GetObject and HeadObject share. */
export function describeRow(row: ObjectRow, contentLength: number): ObjectDescription {
  return {
    ...row.headers,
    ContentType: row.contentType,
    ContentLength: contentLength,
    ETag: `"${row.etag}"`,
    LastModified: new Date(row.lastModifiedMs),
    Metadata: { ...row.metadata },
    AcceptRanges: 'bytes',
  };
}

/**
 * The error for a write that the filesystem refused because the key collides
 * with an object or folder already there; NoSuchBucket when the bucket is gone.
 */
export function conflictError(ctx: S3Context, bucket: string, key: string): Error {
  const dir = bucketDir(ctx, bucket);
  if (!isFolder(dir)) return noSuchBucket(bucket);
  const segments = key.split('/');
  for (let i = 1; i < segments.length; i += 1) {
    const parent = segments.slice(0, i).join('/');
    if (statPath(`${dir}/${parent}`) !== 'dir' && existsSync(`${dir}/${parent}`)) {
      return keyConflict(
        bucket,
        key,
        `'${parent}' is already an object, so it cannot also be a folder`,
      );
    }
  }
  return keyConflict(bucket, key, `'${key.replace(/\/$/, '')}' is a folder holding other keys`);
}

/** Reports an object event to the hook; a failing hook is logged, never rethrown. */
export function emitEvent(
  ctx: S3Context,
  eventName: S3EventName,
  bucket: string,
  key: string,
  created?: { size: number; etag: string },
): void {
  const hook = ctx.hook;
  if (hook === undefined) return;
  const now = ctx.clock.now();
  ctx.sequence = (ctx.sequence + 1) % 0x10000;
  const sequencer =
    `${now.toString(16).padStart(12, '0')}${ctx.sequence.toString(16).padStart(4, '0')}`.toUpperCase();
  const event = {
    eventName,
    eventTime: new Date(now).toISOString(),
    region: ctx.scope.region,
    bucket,
    key,
    sequencer,
    ...(created === undefined ? {} : { size: created.size, eTag: created.etag }),
  };
  const warn = (err: unknown) =>
    ctx.logger.warn('s3 event hook failed', { eventName, bucket, key, error: errorMessage(err) });
  try {
    const result = hook(event);
    if (result instanceof Promise) result.catch(warn);
  } catch (err) {
    warn(err);
  }
}
