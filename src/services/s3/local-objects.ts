import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ModelmillError, isModelmillError } from '../../core/index.js';
import { invalidArgument, invalidRange, noSuchBucket, noSuchKey } from './errors.js';
import type { S3Context } from './local-context.js';
import {
  DEFAULT_CONTENT_TYPE,
  bucketDir,
  conflictError,
  currentRow,
  describeKey,
  describeRow,
  emitEvent,
  isDerivable,
  isFolder,
  markerRow,
  objectPath,
  requireBucket,
} from './local-context.js';
import { isFolderKey } from './names.js';
import type { ObjectRow } from './object-meta.js';
import type { FileStat } from './object-files.js';
import {
  errnoCode,
  md5,
  readFileWithStat,
  removeEmptyFolders,
  unlinkQuietly,
  writeFileAtomic,
} from './object-files.js';
import type {
  GetObjectInput,
  GetObjectOutput,
  ObjectBody,
  ObjectDescription,
  ObjectHeaders,
  PutObjectInput,
  PutObjectOutput,
} from './types.js';

/** The most user metadata S3 accepts per object, in bytes (names plus values). */
export const MAX_METADATA_BYTES = 2048;

/** Bytes of a body, without copying a Buffer or Uint8Array. */
export function toBuffer(body: ObjectBody | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** User metadata as S3 stores it: names lower-cased, at most 2 KB. */
export function normalizeMetadata(
  bucket: string,
  key: string,
  metadata: Record<string, string> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata ?? {})) {
    result[name.toLowerCase()] = String(value);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(String(value));
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw new ModelmillError(
      'MetadataTooLarge',
      `Your metadata headers exceed the maximum allowed metadata size: ${bytes} bytes of Metadata on 's3://${bucket}/${key}', at most ${MAX_METADATA_BYTES}; keep large values in the object instead.`,
    );
  }
  return result;
}

/** The headers kept besides ContentType. */
export function pickHeaders(input: ObjectHeaders): ObjectRow['headers'] {
  const headers: ObjectRow['headers'] = {};
  if (input.ContentEncoding !== undefined) headers.ContentEncoding = input.ContentEncoding;
  if (input.ContentDisposition !== undefined) headers.ContentDisposition = input.ContentDisposition;
  if (input.CacheControl !== undefined) headers.CacheControl = input.CacheControl;
  return headers;
}

/** What a write stores besides the bytes. */
export interface WriteAttributes {
  contentType: string;
  headers: ObjectRow['headers'];
  metadata: Record<string, string>;
}

/** PutObject. */
export function putObject(ctx: S3Context, input: PutObjectInput): PutObjectOutput {
  const path = objectPath(ctx, input.Bucket, input.Key);
  const data = toBuffer(input.Body);
  const etag = md5(data);
  if (
    input.ContentMD5 !== undefined &&
    Buffer.from(etag, 'hex').toString('base64') !== input.ContentMD5
  ) {
    throw new ModelmillError(
      'BadDigest',
      `The Content-MD5 you specified did not match what we received: ContentMD5 '${input.ContentMD5}' for 's3://${input.Bucket}/${input.Key}'; send the base64 MD5 of the body, or omit it.`,
    );
  }
  const attributes: WriteAttributes = {
    contentType: input.ContentType ?? DEFAULT_CONTENT_TYPE,
    headers: pickHeaders(input),
    metadata: normalizeMetadata(input.Bucket, input.Key, input.Metadata),
  };
  storeBytes(ctx, input.Bucket, input.Key, path, data, etag, attributes);
  emitEvent(ctx, 'ObjectCreated:Put', input.Bucket, input.Key, { size: data.length, etag });
  return { ETag: `"${etag}"` };
}

/** Writes an object's bytes (or its folder, for a folder key) and its row. */
export function storeBytes(
  ctx: S3Context,
  bucket: string,
  key: string,
  path: string,
  data: Buffer,
  etag: string,
  attributes: WriteAttributes,
): void {
  let stat: FileStat;
  if (isFolderKey(key)) {
    if (data.length > 0) {
      throw invalidArgument(
        'Body',
        `'s3://${bucket}/${key}' ends in '/', so it is a folder marker and is stored as a folder; it can only be empty (got ${data.length} bytes). Drop the trailing '/' to store data.`,
      );
    }
    makeFolders(ctx, bucket, key, path);
    stat = { size: 0, mtimeMs: 0, ino: 0 };
  } else {
    stat = writeWithFolders(ctx, bucket, key, path, (target) =>
      writeFileAtomic(target, data, ctx.fsync),
    );
  }
  const row = { bucket, key, ...stat, etag, lastModifiedMs: ctx.clock.now(), ...attributes };
  ctx.meta.put(row, isDerivable(key, attributes));
}

/** Runs `write(path)`, creating missing folders once, and turns collisions into clear errors. */
export function writeWithFolders(
  ctx: S3Context,
  bucket: string,
  key: string,
  path: string,
  write: (path: string) => FileStat,
): FileStat {
  try {
    return write(path);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw translateWriteError(ctx, bucket, key, err);
  }
  makeFolders(ctx, bucket, key, dirname(path));
  try {
    return write(path);
  } catch (err) {
    throw translateWriteError(ctx, bucket, key, err);
  }
}

function makeFolders(ctx: S3Context, bucket: string, key: string, folder: string): void {
  if (!isFolder(bucketDir(ctx, bucket))) throw noSuchBucket(bucket);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    throw translateWriteError(ctx, bucket, key, err);
  }
}

function translateWriteError(ctx: S3Context, bucket: string, key: string, err: unknown): unknown {
  const code = errnoCode(err);
  if (
    code === 'ENOTDIR' ||
    code === 'EISDIR' ||
    code === 'EEXIST' ||
    code === 'ENOTEMPTY' ||
    code === 'ENOENT'
  ) {
    return conflictError(ctx, bucket, key);
  }
  return err;
}

/**
 * Resolves a Range header against the object's size: `undefined` for no range
 * or a malformed one (S3 then returns the whole object), InvalidRange when no
 * byte of the object is in it.
 */
export function resolveRange(
  range: string | undefined,
  size: number,
  where: { bucket: string; key: string },
) {
  if (range === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const unsatisfiable = () => invalidRange(where.bucket, where.key, range, size);
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  if (match[2] !== '' && Number(match[2]) < start) return undefined;
  if (start >= size) throw unsatisfiable();
  return { start, end: match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1) };
}

/** GetObject. */
export function getObject(ctx: S3Context, input: GetObjectInput): GetObjectOutput {
  const path = objectPath(ctx, input.Bucket, input.Key);
  const where = { bucket: input.Bucket, key: input.Key };
  if (isFolderKey(input.Key)) {
    const row =
      markerRow(ctx, input.Bucket, input.Key, path) ?? missing(ctx, input.Bucket, input.Key);
    resolveRange(input.Range, 0, where);
    return { ...describeRow(row, 0), Body: Buffer.alloc(0) };
  }
  let range: { start: number; end: number } | undefined;
  const read = readOrMissing(path, (size) => (range = resolveRange(input.Range, size, where)));
  if (read === undefined) missing(ctx, input.Bucket, input.Key);
  const row = currentRow(
    ctx,
    input.Bucket,
    input.Key,
    path,
    read.stat,
    range === undefined ? read.data : undefined,
  );
  const description = describeRow(row, read.data.length);
  if (range !== undefined)
    description.ContentRange = `bytes ${range.start}-${range.end}/${read.stat.size}`;
  return { ...description, Body: read.data };
}

function readOrMissing(
  path: string,
  pick: (size: number) => { start: number; end: number } | undefined,
) {
  try {
    return readFileWithStat(path, pick);
  } catch (err) {
    if (errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** HeadObject. */
export function headObject(ctx: S3Context, input: GetObjectInput): ObjectDescription {
  const path = objectPath(ctx, input.Bucket, input.Key);
  const row =
    describeKey(ctx, input.Bucket, input.Key, path) ?? missing(ctx, input.Bucket, input.Key);
  const range = resolveRange(input.Range, row.size, { bucket: input.Bucket, key: input.Key });
  if (range === undefined) return describeRow(row, row.size);
  return {
    ...describeRow(row, range.end - range.start + 1),
    ContentRange: `bytes ${range.start}-${range.end}/${row.size}`,
  };
}

/** Throws NoSuchBucket when the bucket is missing, NoSuchKey otherwise. */
export function missing(ctx: S3Context, bucket: string, key: string): never {
  requireBucket(ctx, bucket);
  throw noSuchKey(bucket, key);
}

/** Deletes one object; true when something was removed. Validation errors are thrown. */
export function deleteOne(ctx: S3Context, bucket: string, dir: string, key: string): boolean {
  const path = objectPath(ctx, bucket, key);
  const keep = (folder: string) =>
    ctx.meta.get(bucket, `${folder.slice(dir.length + 1)}/`) !== undefined;
  let removed: boolean;
  if (isFolderKey(key)) {
    removed = markerRow(ctx, bucket, key, path) !== undefined;
    ctx.meta.delete(bucket, key);
    removeEmptyFolders(path.slice(0, -1), dir, keep);
  } else {
    removed = unlinkFile(path);
    ctx.meta.delete(bucket, key);
    if (removed) removeEmptyFolders(dirname(path), dir, keep);
  }
  if (removed) emitEvent(ctx, 'ObjectRemoved:Delete', bucket, key);
  return removed;
}

function unlinkFile(path: string): boolean {
  try {
    return unlinkQuietly(path);
  } catch (err) {
    const code = errnoCode(err);
    // A folder or a file in the way of the path: there is no object at this key.
    if (code === 'EISDIR' || code === 'EPERM' || code === 'ENOTDIR') return false;
    throw err;
  }
}

/** The error entry DeleteObjects reports for a key it could not delete. */
export function deleteError(
  key: string,
  err: unknown,
): { Key: string; Code: string; Message: string } {
  if (isModelmillError(err)) return { Key: key, Code: err.code, Message: err.message };
  return {
    Key: key,
    Code: 'InternalError',
    Message: err instanceof Error ? err.message : String(err),
  };
}
