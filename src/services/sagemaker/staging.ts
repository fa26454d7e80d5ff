import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { isPlainObject, parseS3Uri } from '../../core/index.js';
import type { SageMakerObjects } from './context.js';

/**
 * Moving data between the object store and a job's folders: channels and
 * processing inputs in (hard links where the filesystem allows, copies
 * otherwise — treat input files as read-only, as they may be the stored
 * objects themselves), model folders and processing outputs out, and
 * `model.tar.gz` packing and unpacking.
 */

/** One object to stage: where it is and where it goes under the destination. */
export interface StagedObject {
  bucket: string;
  key: string;
  /** The path under the destination folder. */
  rel: string;
  size: number;
}

/** A failure the job reports as its FailureReason (SageMaker's `ClientError: ...`). */
export class ClientError extends Error {
  constructor(message: string) {
    super(`ClientError: ${message}`);
    this.name = 'ClientError';
  }
}

async function listPrefix(
  objects: SageMakerObjects,
  bucket: string,
  prefix: string,
): Promise<{ Key: string; Size: number }[]> {
  const found: { Key: string; Size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await objects.listObjectsV2({
      Bucket: bucket,
      Prefix: prefix,
      ...(token === undefined ? {} : { ContinuationToken: token }),
    });
    found.push(...page.Contents.filter((o) => !o.Key.endsWith('/')));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return found;
}

async function readManifest(objects: SageMakerObjects, uri: string): Promise<StagedObject[]> {
  const { bucket, key } = parseS3Uri(uri);
  const body = await objects.getObject({ Bucket: bucket, Key: key }).catch(() => {
    throw new ClientError(
      `the manifest file ${uri} does not exist; write it first or use S3DataType S3Prefix`,
    );
  });
  let manifest: unknown;
  try {
    manifest = JSON.parse(Buffer.from(body.Body).toString('utf8'));
  } catch (err) {
    throw new ClientError(`the manifest file ${uri} is not valid JSON: ${(err as Error).message}`);
  }
  const [head, ...rest] = Array.isArray(manifest) ? manifest : [];
  if (
    !isPlainObject(head) ||
    typeof head.prefix !== 'string' ||
    rest.some((r) => typeof r !== 'string')
  ) {
    throw new ClientError(
      `the manifest file ${uri} must be a JSON array: [{"prefix": "s3://bucket/prefix/"}, "relative/key", ...]`,
    );
  }
  const base = parseS3Uri(head.prefix);
  return (rest as string[]).map((rel) => ({
    bucket: base.bucket,
    key: `${base.key}${rel}`,
    rel,
    size: 0,
  }));
}

/**
 * The objects an `S3Prefix` or `ManifestFile` source names. Paths under the
 * destination keep what follows the prefix's last `/` (a prefix that is a
 * whole key gives its file name).
 */
export async function listSource(
  objects: SageMakerObjects,
  uri: string,
  dataType: string = 'S3Prefix',
): Promise<StagedObject[]> {
  if (dataType === 'ManifestFile') return readManifest(objects, uri);
  const { bucket, key } = parseS3Uri(uri);
  const dir = key.slice(0, key.lastIndexOf('/') + 1);
  const listed = await listPrefix(objects, bucket, key).catch((err: unknown) => {
    throw new ClientError(`cannot list ${uri}: ${(err as Error).message}`);
  });
  return listed.map((o) => ({ bucket, key: o.Key, rel: o.Key.slice(dir.length), size: o.Size }));
}

/** Puts each object under `dest` (hard link, else copy); returns how many. */
export function stageObjects(
  objects: SageMakerObjects,
  staged: StagedObject[],
  dest: string,
): number {
  mkdirSync(dest, { recursive: true });
  for (const entry of staged) {
    const source = objects.localPath(entry.bucket, entry.key);
    if (!existsSync(source)) {
      throw new ClientError(
        `s3://${entry.bucket}/${entry.key} does not exist (named by a manifest or removed while the job started)`,
      );
    }
    const target = join(dest, ...entry.rel.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
  return staged.length;
}

/** Every file under `dir`, as `/`-separated paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Uploads every file under `dir` to `uri` (a prefix); returns how many. */
export async function uploadFolder(
  objects: SageMakerObjects,
  dir: string,
  uri: string,
): Promise<number> {
  const { bucket, key } = parseS3Uri(uri);
  const base = key === '' || key.endsWith('/') ? key : `${key}/`;
  const files = filesUnder(dir);
  for (const rel of files) {
    await objects.putObject({
      Bucket: bucket,
      Key: `${base}${rel}`,
      Body: readFileSync(join(dir, ...rel.split('/'))),
    });
  }
  return files.length;
}

/** Packs the contents of `dir` (entries at the archive's top level) into the gzip tarball `file`. */
export async function packTarGz(dir: string, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const entries = existsSync(dir) ? readdirSync(dir) : [];
  if (entries.length === 0) {
    // An empty archive is two zero blocks; tar.create refuses an empty list.
    writeFileSync(file, gzipSync(Buffer.alloc(1024)));
    return;
  }
  await tar.create({ gzip: true, file, cwd: dir, portable: true }, entries);
}

/** Unpacks the gzip tarball `file` into `dest`. */
export async function unpackTarGz(file: string, dest: string): Promise<void> {
  mkdirSync(dest, { recursive: true });
  await tar.extract({ file, cwd: dest });
}

/** Puts a model's data (`ModelDataUrl`: a `.tar.gz` object, unpacked, or a prefix, copied) under `dest`. */
export async function fetchModelData(
  objects: SageMakerObjects,
  url: string | undefined,
  dest: string,
): Promise<void> {
  mkdirSync(dest, { recursive: true });
  if (!url) return;
  if (/\.(tar\.gz|tgz)$/.test(url)) {
    const { bucket, key } = parseS3Uri(url);
    const file = objects.localPath(bucket, key);
    if (!existsSync(file)) throw new ClientError(`Could not find model data at ${url}.`);
    await unpackTarGz(file, dest);
    return;
  }
  const staged = await listSource(objects, url);
  if (staged.length === 0) throw new ClientError(`Could not find model data at ${url}.`);
  stageObjects(objects, staged, dest);
}
