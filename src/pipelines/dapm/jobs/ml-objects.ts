import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError, parseS3Uri } from '../../../core/index.js';

/**
 * S3 as the model jobs use it. Against a local instance objects are read
 * and written as the instance's own files (written to a temporary name and
 * renamed, so no reader sees half a file); elsewhere through the S3 client,
 * with downloads and uploads through the job's scratch folder.
 */

/** Object access of one job. */
export interface JobObjects {
  /** An object's text, or undefined when there is no such object. */
  readText(uri: string): Promise<string | undefined>;
  /** An object's bytes (throws NoSuchKey when missing). */
  readBytes(uri: string): Promise<Uint8Array>;
  writeBytes(uri: string, body: Uint8Array | string): Promise<void>;
  /** Writes the object from a file `make` creates at the path it is given (e.g. DuckDB's COPY TO). */
  writeWith(uri: string, make: (path: string) => Promise<void>): Promise<void>;
  /** Where an object or prefix is (or goes, once downloaded) on this machine. */
  pathOf(uri: string): string;
  /** A local folder with the objects under `prefix` (the instance's folder, or a download). */
  folderOf(prefix: string): Promise<string>;
  /** Local files of the given objects, in order (downloaded when not local). */
  filesOf(uris: readonly string[]): Promise<string[]>;
}

let sequence = 0;
const tempSuffix = () => `.tmp-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

type FileOf = (uri: string) => string;

async function readBytesOf(clients: ServiceClients, uri: string): Promise<Uint8Array> {
  const local = clients.localPath(uri);
  if (local !== undefined) {
    try {
      return readFileSync(local);
    } catch (err) {
      throw new ModelmillError('NoSuchKey', `${uri} does not exist (no file at ${local})`, {
        cause: err,
      });
    }
  }
  const { bucket, key } = parseS3Uri(uri);
  return (await clients.s3.getObject({ Bucket: bucket, Key: key })).Body;
}

async function writeObjectWith(
  clients: ServiceClients,
  scratchFile: FileOf,
  uri: string,
  make: (path: string) => Promise<void>,
): Promise<void> {
  const local = clients.localPath(uri);
  const path = local === undefined ? scratchFile(uri) : local + tempSuffix();
  mkdirSync(dirname(path), { recursive: true });
  try {
    await make(path);
    if (local !== undefined) {
      renameSync(path, local);
      return;
    }
    const { bucket, key } = parseS3Uri(uri);
    await clients.s3.putObject({ Bucket: bucket, Key: key, Body: readFileSync(path) });
  } catch (err) {
    rmSync(path, { force: true });
    throw err;
  }
  rmSync(path, { force: true });
}

/** Object access through `clients`, using `scratch` (the job's folder) for copies. */
export function jobObjects(clients: ServiceClients, scratch: string): JobObjects {
  const scratchFile: FileOf = (uri) => {
    const { bucket, key } = parseS3Uri(uri);
    return join(scratch, 's3', bucket, ...key.split('/').filter((p) => p !== ''));
  };
  const writeWith = (uri: string, make: (path: string) => Promise<void>) =>
    writeObjectWith(clients, scratchFile, uri, make);
  return {
    pathOf: (uri) => clients.localPath(uri) ?? scratchFile(uri),
    readBytes: (uri) => readBytesOf(clients, uri),
    async readText(uri) {
      try {
        return Buffer.from(await readBytesOf(clients, uri)).toString('utf8');
      } catch (err) {
        if (err instanceof Error && err.name === 'NoSuchKey') return undefined;
        throw err;
      }
    },
    writeBytes: (uri, body) =>
      writeWith(uri, async (path) => {
        writeFileSync(path, body);
      }),
    writeWith,
    async folderOf(prefix) {
      const local = clients.localPath(prefix);
      if (local !== undefined) return local;
      const { bucket, key } = parseS3Uri(prefix);
      const keys = await listKeys(clients, bucket, key);
      await downloadAll(
        clients,
        keys.map((k) => `s3://${bucket}/${k}`),
        scratchFile,
      );
      return scratchFile(prefix);
    },
    async filesOf(uris) {
      if (uris.every((u) => clients.localPath(u) !== undefined)) {
        return uris.map((u) => clients.localPath(u) as string);
      }
      await downloadAll(clients, uris, scratchFile);
      return uris.map(scratchFile);
    },
  };
}

/** Every key under `prefix` (all pages). */
export async function listKeys(
  clients: ServiceClients,
  bucket: string,
  prefix: string,
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.listObjectsV2({
      Bucket: bucket,
      Prefix: prefix,
      ...(token === undefined ? {} : { ContinuationToken: token }),
    });
    for (const object of page.Contents) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

async function downloadAll(
  clients: ServiceClients,
  uris: readonly string[],
  fileOf: FileOf,
): Promise<void> {
  const queue = [...uris];
  const worker = async () => {
    for (let uri = queue.shift(); uri !== undefined; uri = queue.shift()) {
      const { bucket, key } = parseS3Uri(uri);
      const object = await clients.s3.getObject({ Bucket: bucket, Key: key });
      const file = fileOf(uri);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, object.Body);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
}
