import { ModelmillError } from '../../core/index.js';

/**
 * S3's errors: the codes S3 answers with, their HTTP statuses, and the
 * constructors the adapters share so a user sees the same message whichever
 * backend runs.
 */

/** HTTP status of each S3 error code modelmill raises (400 when not listed). */
export const S3_ERROR_STATUS: Readonly<Record<string, number>> = {
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NotFound: 404,
  BucketAlreadyOwnedByYou: 409,
  BucketAlreadyExists: 409,
  BucketNotEmpty: 409,
  InvalidRange: 416,
  PreconditionFailed: 412,
  MethodNotAllowed: 405,
  NotImplemented: 501,
  InternalError: 500,
};

/** The HTTP status S3 answers `code` with. */
export function s3Status(code: string): number {
  return S3_ERROR_STATUS[code] ?? 400;
}

/** NoSuchBucket naming the bucket. */
export function noSuchBucket(bucket: string): ModelmillError {
  return new ModelmillError(
    'NoSuchBucket',
    `The specified bucket does not exist: '${bucket}'. Create it first (CreateBucket, or declare it as a resource).`,
    { details: { BucketName: bucket } },
  );
}

/** NoSuchKey naming the bucket and key. */
export function noSuchKey(bucket: string, key: string): ModelmillError {
  return new ModelmillError(
    'NoSuchKey',
    `The specified key does not exist: 's3://${bucket}/${key}'. Check the key, or list the bucket with Prefix to see what is there.`,
    { details: { Key: key, BucketName: bucket } },
  );
}

/** InvalidArgument for a key that clashes with a file or folder already stored. */
export function keyConflict(bucket: string, key: string, reason: string): ModelmillError {
  return new ModelmillError(
    'InvalidArgument',
    `Cannot store 's3://${bucket}/${key}': ${reason}. Objects are files, so a key cannot also be a folder of other keys; rename one of them.`,
    { details: { ArgumentName: 'Key', ArgumentValue: key } },
  );
}

/** InvalidRange for a range outside the object. */
export function invalidRange(
  bucket: string,
  key: string,
  range: string,
  size: number,
): ModelmillError {
  return new ModelmillError(
    'InvalidRange',
    `The requested range is not satisfiable: Range '${range}' on 's3://${bucket}/${key}', which is ${size} bytes long; ranges are zero-based and must start below the size.`,
    { details: { RangeRequested: range, ActualObjectSize: size } },
  );
}

/** InvalidArgument naming a field, for requests S3 would reject. */
export function invalidArgument(field: string, message: string): ModelmillError {
  return new ModelmillError('InvalidArgument', `${field}: ${message}`, {
    details: { ArgumentName: field },
  });
}
