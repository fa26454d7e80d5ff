import { ModelmillError, parseS3Uri } from '../../core/index.js';
import type {
  LocalObjectStore,
  ObjectBody,
  ObjectStore,
  ObjectSummary,
  PutObjectInput,
  PutObjectOutput,
} from './types.js';

/**
 * Objects by URI: what job programs, pipelines and the CLI use wherever they
 * take a path (`s3://bucket/key`). Works over any ObjectStore; `localPath`
 * needs the embedded one, since only it has files.
 */

/** Write options besides the body. */
export type WriteOptions = Omit<PutObjectInput, 'Bucket' | 'Key' | 'Body'>;

/** Read, write and list objects by `s3://` URI. */
export interface S3Paths {
  /** The object's bytes. */
  read(uri: string): Promise<Buffer>;
  /** The object's bytes as UTF-8 text. */
  readText(uri: string): Promise<string>;
  /** Writes (replaces) the object. */
  write(uri: string, body: ObjectBody, options?: WriteOptions): Promise<PutObjectOutput>;
  /** True when the object exists (NoSuchKey is false; a missing bucket still throws). */
  exists(uri: string): Promise<boolean>;
  /** Removes the object; no error when it is already gone. */
  remove(uri: string): Promise<void>;
  /** Every object under the URI taken as a prefix, across all pages, in key order. */
  list(uri: string): Promise<ObjectSummary[]>;
  /** The real path of the object or prefix, for tools that read files directly (embedded store only). */
  localPath(uri: string): string;
}

/** Builds the URI helpers over `store`. */
export function createS3Paths(store: ObjectStore | LocalObjectStore): S3Paths {
  const locate = (uri: string) => {
    const { bucket, key } = parseS3Uri(uri);
    return { Bucket: bucket, Key: key };
  };
  const objectOf = (uri: string) => {
    const location = locate(uri);
    if (location.Key === '') {
      throw new ModelmillError(
        'InvalidS3Uri',
        `'${uri}' names a bucket, not an object: expected s3://<bucket>/<key>`,
      );
    }
    return location;
  };
  const read = async (uri: string) => Buffer.from((await store.getObject(objectOf(uri))).Body);
  return {
    read,
    readText: async (uri) => (await read(uri)).toString('utf8'),
    write: async (uri, body, options = {}) =>
      store.putObject({ ...options, ...objectOf(uri), Body: body }),
    exists: async (uri) =>
      store.headObject(objectOf(uri)).then(
        () => true,
        (err: unknown) => {
          if ((err as { code?: string }).code === 'NoSuchKey') return false;
          throw err;
        },
      ),
    remove: async (uri) => store.deleteObject(objectOf(uri)),
    list: async (uri) => listAll(store, locate(uri)),
    localPath: (uri) => {
      if (typeof (store as Partial<LocalObjectStore>).localPath !== 'function') {
        throw new ModelmillError(
          'UnsupportedOperation',
          `'${uri}' has no local path: the S3 store in use is not the embedded one; read it with read() instead`,
        );
      }
      const { Bucket, Key } = locate(uri);
      return (store as LocalObjectStore).localPath(Bucket, Key);
    },
  };
}

async function listAll(
  store: ObjectStore,
  location: { Bucket: string; Key: string },
): Promise<ObjectSummary[]> {
  const all: ObjectSummary[] = [];
  let token: string | undefined;
  do {
    const page = await store.listObjectsV2({
      Bucket: location.Bucket,
      Prefix: location.Key,
      ...(token === undefined ? {} : { ContinuationToken: token }),
    });
    all.push(...page.Contents);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return all;
}

/** One listed object as the engine's distributed Map ItemReader (S3 prefix listing) reports it. */
export interface ListedObject {
  Key: string;
  Size: number;
  ETag: string;
  LastModified: string;
  StorageClass: string;
}

/**
 * The object access a Step Functions engine needs for distributed Map item
 * readers and result writers (`objects` in its options), over any ObjectStore.
 */
export function objectAccessFor(store: ObjectStore) {
  return {
    getObject: async (bucket: string, key: string): Promise<Buffer> =>
      Buffer.from((await store.getObject({ Bucket: bucket, Key: key })).Body),
    putObject: async (
      bucket: string,
      key: string,
      body: string | Buffer,
      contentType?: string,
    ): Promise<void> => {
      await store.putObject({
        Bucket: bucket,
        Key: key,
        Body: body,
        ...(contentType ? { ContentType: contentType } : {}),
      });
    },
    async *listObjects(bucket: string, prefix: string): AsyncIterable<ListedObject> {
      let token: string | undefined;
      do {
        const page = await store.listObjectsV2({
          Bucket: bucket,
          Prefix: prefix,
          ...(token === undefined ? {} : { ContinuationToken: token }),
        });
        for (const o of page.Contents) {
          yield {
            Key: o.Key,
            Size: o.Size,
            ETag: o.ETag,
            LastModified: o.LastModified.toISOString(),
            StorageClass: o.StorageClass,
          };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    },
  };
}
