import { ModelmillError } from '../../core/index.js';

/**
 * Bucket names and object keys, checked before anything touches the disk.
 *
 * Objects live as plain files at `<home>/objects/<bucket>/<key>`, so a key is
 * also a relative path. Keys that S3 would accept but that cannot be stored as
 * a path without escaping the bucket folder or colliding with another key are
 * refused with `InvalidArgument` and a message saying why:
 * - empty segments (`a//b`, a leading `/`) and `.` / `..` segments;
 * - NUL characters, and backslashes or `:` on Windows where they are separators;
 * - a segment longer than 255 bytes (the file-name limit of common filesystems);
 * - a segment starting with `.modelmill-` (reserved for temporary files).
 * A key ending in `/` is a folder marker: it is stored as the folder itself.
 */

/** The longest key S3 accepts, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** The longest file name most filesystems accept, in bytes. */
export const MAX_SEGMENT_BYTES = 255;
/** File names starting with this are modelmill's own (temporary files) and never objects. */
export const RESERVED_PREFIX = '.modelmill-';

const BUCKET_CHARS = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `name` is not a valid bucket name, or undefined when it is one. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63)
    return `must be 3 to 63 characters long (it has ${name.length})`;
  if (!BUCKET_CHARS.test(name)) {
    return 'may contain only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  }
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (IP_ADDRESS.test(name)) return 'must not look like an IP address';
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix '${prefix}'`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with the reserved suffix '${suffix}'`;
  return undefined;
}

/** Throws InvalidBucketName, naming the bucket and the rule it breaks. */
export function assertBucketName(name: unknown): asserts name is string {
  const problem = typeof name === 'string' ? bucketNameProblem(name) : 'must be a string';
  if (problem !== undefined) {
    throw new ModelmillError(
      'InvalidBucketName',
      `The specified bucket is not valid: bucket name '${String(name)}' ${problem}. Use a name such as 'my-team-data'.`,
      { details: { BucketName: String(name) } },
    );
  }
}

/** Platform-dependent rules for keys. */
export interface KeyRules {
  /** `process.platform`; on `win32` backslashes and colons are refused. Default: the running platform. */
  platform?: NodeJS.Platform;
}

/** Why `key` cannot be stored as a file, or undefined when it can. */
export function keyProblem(key: string, rules: KeyRules = {}): string | undefined {
  if (key.length === 0) return 'is empty; give a key such as data/file.csv';
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES)
    return `is ${bytes} bytes long; S3 keys are at most ${MAX_KEY_BYTES} bytes`;
  if (key.includes('\0')) return 'contains a NUL character, which no file name can hold';
  const windows = (rules.platform ?? process.platform) === 'win32';
  if (windows && /[\\:]/.test(key)) {
    return "contains '\\' or ':', which are path separators on Windows; use '/' between folders";
  }
  if (key.startsWith('/'))
    return "starts with '/', which would make it an absolute path; drop the leading '/'";
  const segments = key.split('/');
  const last = segments.length - 1;
  for (let i = 0; i <= last; i += 1) {
    const problem = segmentProblem(segments[i] ?? '', i === last);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function segmentProblem(segment: string, isLast: boolean): string | undefined {
  if (segment === '') {
    return isLast
      ? undefined
      : "contains an empty folder ('//'), which cannot be stored as a path; use a single '/'";
  }
  if (segment === '.' || segment === '..') {
    return `contains a '${segment}' segment, which would point outside its folder; remove it`;
  }
  if (segment.startsWith(RESERVED_PREFIX)) {
    return `has a segment starting with '${RESERVED_PREFIX}', which modelmill reserves for temporary files`;
  }
  const bytes = Buffer.byteLength(segment, 'utf8');
  if (bytes > MAX_SEGMENT_BYTES) {
    return `has a segment of ${bytes} bytes; file names are at most ${MAX_SEGMENT_BYTES} bytes, so split it with '/'`;
  }
  return undefined;
}

/**
 * Throws when `key` cannot be stored: KeyTooLongError for keys over 1024
 * bytes, InvalidArgument otherwise, naming the bucket, the key and the fix.
 */
export function assertKey(
  bucket: string,
  key: unknown,
  rules: KeyRules = {},
): asserts key is string {
  if (typeof key !== 'string') {
    throw new ModelmillError(
      'InvalidArgument',
      `Key in bucket '${bucket}' must be a string, got ${typeof key}`,
    );
  }
  const problem = keyProblem(key, rules);
  if (problem === undefined) return;
  const code =
    Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES ? 'KeyTooLongError' : 'InvalidArgument';
  const shown = key.length > 120 ? `${key.slice(0, 120)}...` : key;
  throw new ModelmillError(
    code,
    `Key '${shown.replace(/\0/g, '\\0')}' in bucket '${bucket}' ${problem}`,
    {
      details: { ArgumentName: 'Key' },
    },
  );
}

/** True for a key that names a folder marker (`data/`). */
export function isFolderKey(key: string): boolean {
  return key.endsWith('/');
}

/** Why `prefix` (a listing prefix or a local-path prefix) is unsafe as a path, or undefined. */
export function prefixProblem(prefix: string, rules: KeyRules = {}): string | undefined {
  if (prefix === '') return undefined;
  return keyProblem(prefix, rules);
}
