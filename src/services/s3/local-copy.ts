import { ModelmillError } from '../../core/index.js';
import { invalidArgument } from './errors.js';
import type { S3Context } from './local-context.js';
import {
  DEFAULT_CONTENT_TYPE,
  describeKey,
  emitEvent,
  objectPath,
  requireBucket,
} from './local-context.js';
import type { WriteAttributes } from './local-objects.js';
import {
  missing,
  normalizeMetadata,
  pickHeaders,
  storeBytes,
  writeWithFolders,
} from './local-objects.js';
import { isFolderKey } from './names.js';
import { copyFileAtomic } from './object-files.js';
import type { CopyObjectInput, CopyObjectOutput } from './types.js';

/** CopyObject for the embedded adapter: the bytes are copied file to file, atomically. */

/** Splits `CopySource` (`bucket/key`, optionally `/`-led, URL-encoded, with `?versionId=`). */
export function parseCopySource(copySource: unknown): { bucket: string; key: string } {
  if (typeof copySource !== 'string')
    throw invalidArgument('CopySource', 'must be a string such as my-bucket/path/to/key');
  const text = copySource.replace(/^\//, '').replace(/\?versionId=.*$/, '');
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    throw invalidArgument(
      'CopySource',
      `'${copySource}' must name a bucket and a key as <bucket>/<key>, e.g. my-bucket/data/file.csv`,
    );
  }
  return { bucket: decode(text.slice(0, slash)), key: decode(text.slice(slash + 1)) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** CopyObject. */
export function copyObject(ctx: S3Context, input: CopyObjectInput): CopyObjectOutput {
  const source = parseCopySource(input.CopySource);
  const sourcePath = objectPath(ctx, source.bucket, source.key);
  const targetPath = objectPath(ctx, input.Bucket, input.Key);
  const row =
    describeKey(ctx, source.bucket, source.key, sourcePath) ??
    missing(ctx, source.bucket, source.key);
  requireBucket(ctx, input.Bucket);
  const replace = input.MetadataDirective === 'REPLACE';
  if (!replace && source.bucket === input.Bucket && source.key === input.Key) {
    throw new ModelmillError(
      'InvalidRequest',
      `This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata: 's3://${input.Bucket}/${input.Key}'. Set MetadataDirective to REPLACE, or copy to another key.`,
    );
  }
  const attributes: WriteAttributes = replace
    ? {
        contentType: input.ContentType ?? DEFAULT_CONTENT_TYPE,
        headers: pickHeaders(input),
        metadata: normalizeMetadata(input.Bucket, input.Key, input.Metadata),
      }
    : { contentType: row.contentType, headers: row.headers, metadata: row.metadata };
  if (isFolderKey(source.key) || isFolderKey(input.Key)) {
    // Folder markers hold no bytes: only an empty object copies to or from one.
    if (row.size > 0) {
      throw invalidArgument(
        'Key',
        `'s3://${input.Bucket}/${input.Key}' ends in '/', so it is a folder marker and can only be empty; the source has ${row.size} bytes. Drop the trailing '/'.`,
      );
    }
    storeBytes(ctx, input.Bucket, input.Key, targetPath, Buffer.alloc(0), row.etag, attributes);
  } else {
    // Copying onto itself rewrites the file as well: every row change comes with a new file version.
    const stat = writeWithFolders(ctx, input.Bucket, input.Key, targetPath, (target) =>
      copyFileAtomic(sourcePath, target, ctx.fsync),
    );
    const lastModifiedMs = ctx.clock.now();
    ctx.meta.put({
      bucket: input.Bucket,
      key: input.Key,
      ...stat,
      etag: row.etag,
      lastModifiedMs,
      ...attributes,
    });
  }
  emitEvent(ctx, 'ObjectCreated:Copy', input.Bucket, input.Key, { size: row.size, etag: row.etag });
  const lastModified = ctx.meta.get(input.Bucket, input.Key)?.lastModifiedMs ?? ctx.clock.now();
  return { CopyObjectResult: { ETag: `"${row.etag}"`, LastModified: new Date(lastModified) } };
}
