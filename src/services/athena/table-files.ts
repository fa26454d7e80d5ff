import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isS3Uri, parseS3Uri } from '../../core/index.js';
import { AthenaErrorType, QueryFailure } from './query-errors.js';
import type { ObjectFiles } from './types.js';

/**
 * The files behind a table: an `s3://` location mapped to its folder in the
 * object store, and the data files under it. Like Hive, files and folders whose
 * names start with `_` or `.` are not data (`_SUCCESS`, `.crc`, modelmill's
 * temporary files), nor are empty files.
 */

/** One data file. */
export interface DataFile {
  /** Absolute path. */
  path: string;
  size: number;
  /** Path relative to the folder listed, with `/` separators. */
  rel: string;
}

/** The object-store layout of `<home>/objects/<bucket>/<key>`, for when no S3 service is wired in. */
export function homeObjectFiles(home: string): ObjectFiles {
  const root = join(home, 'objects');
  return {
    localPath: (bucket, key = '') => (key === '' ? join(root, bucket) : join(root, bucket, key)),
  };
}

/** True when `path` is a folder. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The local folder of an `s3://bucket/prefix/` location. The bucket must
 * exist (HIVE error naming it and `what` otherwise); the prefix need not.
 */
export function locationFolder(objects: ObjectFiles, location: string, what: string): string {
  if (!isS3Uri(location)) {
    throw new QueryFailure(
      `HIVE_METASTORE_ERROR: ${what} has LOCATION '${location}', which is not an s3:// URI. Set it to s3://<bucket>/<prefix>/.`,
      AthenaErrorType.InvalidArgument,
    );
  }
  const { bucket, key } = parseS3Uri(location);
  let bucketDir: string;
  try {
    bucketDir = objects.localPath(bucket);
  } catch (err) {
    throw new QueryFailure(
      `HIVE_METASTORE_ERROR: ${what} has LOCATION '${location}' with an invalid bucket name: ${(err as Error).message}`,
      AthenaErrorType.InvalidArgument,
    );
  }
  if (!isFolder(bucketDir)) {
    throw new QueryFailure(
      `HIVE_UNKNOWN_ERROR: The specified bucket does not exist: '${bucket}', the LOCATION of ${what} (${location}). Create the bucket, or point the table at an existing location.`,
      AthenaErrorType.BucketNotFound,
    );
  }
  const prefix = key.replace(/\/+$/, '');
  return prefix === '' ? bucketDir : objects.localPath(bucket, prefix);
}

function hidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/** Every data file under `dir` (recursively), sorted by relative path; none when `dir` is missing. */
export function listDataFiles(dir: string): DataFile[] {
  const files: DataFile[] = [];
  walk(dir, '', files);
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return files;
}

function walk(dir: string, rel: string, out: DataFile[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (hidden(entry.name)) continue;
    const path = join(dir, entry.name);
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) walk(path, childRel, out);
    else if (entry.isFile()) {
      const size = statSync(path).size;
      if (size > 0) out.push({ path, size, rel: childRel });
    }
  }
}

/** The sub-folders of `dir` (names only), none when it is missing. */
export function subFolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !hidden(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
