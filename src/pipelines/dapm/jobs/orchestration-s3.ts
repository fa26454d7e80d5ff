import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError, isModelmillError, parseS3Uri } from '../../../core/index.js';
import { chunks, mapLimit } from './orchestration-job.js';

/**
 * S3 as the orchestration jobs use it: text objects, every key under a
 * prefix, deleting a prefix, and moving whole folders of files between S3 and
 * the job's disk. Against a local instance files are read and placed where
 * the object store keeps them (fast for thousands of partitions); elsewhere
 * they go through GetObject / PutObject.
 */

/** An object's text, or undefined when there is no such key. */
export async function readTextIfExists(
  clients: ServiceClients,
  uri: string,
): Promise<string | undefined> {
  const { bucket, key } = parseS3Uri(uri);
  try {
    const out = await clients.s3.getObject({ Bucket: bucket, Key: key });
    return Buffer.from(out.Body).toString('utf8');
  } catch (err) {
    if (isModelmillError(err, 'NoSuchKey')) return undefined;
    throw err;
  }
}

/** An object's text; a missing object is an error naming the URI and what `what` is. */
export async function readText(
  clients: ServiceClients,
  uri: string,
  what: string,
): Promise<string> {
  const text = await readTextIfExists(clients, uri);
  if (text === undefined) {
    throw new ModelmillError('NoSuchKey', `${what} ${uri} does not exist: upload it there`);
  }
  return text;
}

/** Stores text at `uri`. */
export async function putText(
  clients: ServiceClients,
  uri: string,
  text: string,
  contentType = 'application/json',
): Promise<void> {
  const { bucket, key } = parseS3Uri(uri);
  await clients.s3.putObject({ Bucket: bucket, Key: key, Body: text, ContentType: contentType });
}

/** Every key under `uri` (a prefix). */
export async function listKeys(clients: ServiceClients, uri: string): Promise<string[]> {
  const { bucket, key } = parseS3Uri(uri);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.listObjectsV2({
      Bucket: bucket,
      Prefix: key,
      ...(token ? { ContinuationToken: token } : {}),
    });
    for (const object of page.Contents) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Deletes every object under `uri` (a prefix ending in `/`); returns how many. */
export async function deletePrefix(clients: ServiceClients, uri: string): Promise<number> {
  const { bucket } = parseS3Uri(uri);
  const keys = await listKeys(clients, uri);
  for (const chunk of chunks(keys, 1000)) {
    const out = await clients.s3.deleteObjects({
      Bucket: bucket,
      Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
    });
    const failed = out.Errors[0];
    if (failed) {
      throw new ModelmillError(
        failed.Code,
        `could not delete s3://${bucket}/${failed.Key}: ${failed.Message}`,
      );
    }
  }
  return keys.length;
}

/** Files under a folder, as paths relative to it with `/` separators. */
export function filesUnder(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(folder, path).split(sep).join('/'));
    }
  };
  walk(folder);
  return out;
}

/**
 * A local folder holding the objects under `uri`: the object store's own
 * folder on a local instance, else a copy downloaded under `scratch`.
 */
export async function localFolder(
  clients: ServiceClients,
  uri: string,
  scratch: string,
): Promise<string> {
  const local = clients.localPath(uri);
  if (local !== undefined) return local;
  const { bucket, key } = parseS3Uri(uri);
  const keys = await listKeys(clients, uri);
  mkdirSync(scratch, { recursive: true });
  await mapLimit(keys, 8, async (k) => {
    const out = await clients.s3.getObject({ Bucket: bucket, Key: k });
    const file = join(scratch, ...k.slice(key.length).split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, out.Body);
  });
  return scratch;
}

/**
 * Moves the files of a local folder to `uri` (a prefix ending in `/`): by
 * renaming into the object store's folder on a local instance (the whole
 * folder at once when the prefix holds nothing yet), else by
 * PutObject, eight at a time. Returns the keys written.
 */
export async function publishFolder(
  clients: ServiceClients,
  folder: string,
  uri: string,
): Promise<string[]> {
  const files = filesUnder(folder);
  const { bucket, key } = parseS3Uri(uri);
  const local = clients.localPath(uri);
  if (local !== undefined) {
    if (moveWholeFolder(folder, local)) return files.map((file) => `${key}${file}`);
    for (const file of files) {
      const target = join(local, ...file.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      moveFile(join(folder, ...file.split('/')), target);
    }
  } else {
    await mapLimit(files, 8, async (file) => {
      await clients.s3.putObject({
        Bucket: bucket,
        Key: `${key}${file}`,
        Body: readFileSync(join(folder, ...file.split('/'))),
        ContentType: 'application/octet-stream',
      });
    });
  }
  return files.map((file) => `${key}${file}`);
}

/**
 * Moves `from` to `to` in one rename when nothing is at `to` yet: one call
 * instead of a folder created and a rename per file (each folder costs
 * about a millisecond on a slow disk). False, having moved nothing, when
 * `to` is taken or on another file system.
 */
function moveWholeFolder(from: string, to: string): boolean {
  if (existsSync(to)) return false;
  mkdirSync(dirname(to), { recursive: true });
  try {
    renameSync(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EXDEV' || code === 'EEXIST' || code === 'ENOTEMPTY') return false;
    throw err;
  }
}

function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    // Another file system (EXDEV): copy instead.
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    copyFileSync(from, to);
  }
}
