import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ListObjectsV2CommandOutput, S3ClientConfig } from '@aws-sdk/client-s3';
import { ModelmillError, errorMessage } from '../../core/index.js';
import { noSuchBucket, noSuchKey } from './errors.js';
import { assertBucketName } from './names.js';
import type {
  CopyObjectInput,
  DeleteObjectsInput,
  GetObjectInput,
  ListObjectsV2Input,
  ListObjectsV2Output,
  ObjectDescription,
  ObjectStore,
  PutObjectInput,
} from './types.js';

/**
 * The S3 port over `@aws-sdk/client-s3`: the same operations against AWS (or
 * any S3-compatible endpoint), with SDK errors translated at this boundary to
 * the ModelmillErrors the embedded adapter raises.
 */

/** Options of the AWS adapter. */
export interface AwsS3Options {
  /** A ready client; when absent one is built from `clientConfig`. */
  client?: S3Client;
  /** Region, endpoint, credentials, `forcePathStyle`. Default: the SDK's defaults from the environment. */
  clientConfig?: S3ClientConfig;
}

type Call = <T>(where: Where, run: () => Promise<T>) => Promise<T>;

/** Creates the AWS-backed ObjectStore. */
export function createAwsS3(options: AwsS3Options = {}): ObjectStore {
  const client = options.client ?? new S3Client(options.clientConfig ?? {});
  const call: Call = async (where, run) => {
    try {
      return await run();
    } catch (err) {
      throw await translateError(err, where, client);
    }
  };
  return { ...bucketOperations(client, call), ...objectOperations(client, call) };
}

function bucketOperations(client: S3Client, call: Call) {
  return {
    createBucket: async ({ Bucket }: { Bucket: string }) => {
      assertBucketName(Bucket);
      const out = await call({ bucket: Bucket }, () =>
        client.send(new CreateBucketCommand({ Bucket })),
      );
      return { Location: out.Location ?? `/${Bucket}` };
    },
    deleteBucket: async ({ Bucket }: { Bucket: string }) => {
      await call({ bucket: Bucket }, () => client.send(new DeleteBucketCommand({ Bucket })));
    },
    headBucket: async ({ Bucket }: { Bucket: string }) => {
      const out = await call({ bucket: Bucket }, () =>
        client.send(new HeadBucketCommand({ Bucket })),
      );
      return { BucketRegion: out.BucketRegion ?? (await client.config.region()) };
    },
    listBuckets: async () => {
      const out = await call({}, () => client.send(new ListBucketsCommand({})));
      const Buckets = (out.Buckets ?? []).map((b) => ({
        Name: b.Name ?? '',
        CreationDate: b.CreationDate ?? new Date(0),
      }));
      return { Buckets };
    },
    listObjectsV2: async (input: ListObjectsV2Input) => {
      const out = await call({ bucket: input.Bucket }, () =>
        client.send(new ListObjectsV2Command(input)),
      );
      return fromSdkListing(out, input);
    },
  };
}

function objectOperations(client: S3Client, call: Call) {
  return {
    putObject: async (input: PutObjectInput) => {
      const out = await call({ bucket: input.Bucket, key: input.Key }, () =>
        client.send(new PutObjectCommand(input)),
      );
      return { ETag: out.ETag ?? '' };
    },
    getObject: async (input: GetObjectInput) =>
      call({ bucket: input.Bucket, key: input.Key }, async () => {
        const out = await client.send(new GetObjectCommand(input));
        const Body =
          out.Body === undefined ? new Uint8Array() : await out.Body.transformToByteArray();
        return { ...describe(out), Body };
      }),
    headObject: async (input: GetObjectInput) => {
      const out = await call({ bucket: input.Bucket, key: input.Key }, () =>
        client.send(new HeadObjectCommand(input)),
      );
      return describe(out);
    },
    deleteObject: async ({ Bucket, Key }: { Bucket: string; Key: string }) => {
      await call({ bucket: Bucket, key: Key }, () =>
        client.send(new DeleteObjectCommand({ Bucket, Key })),
      );
    },
    deleteObjects: async (input: DeleteObjectsInput) => {
      const out = await call({ bucket: input.Bucket }, () =>
        client.send(new DeleteObjectsCommand(input)),
      );
      return {
        Deleted: (out.Deleted ?? []).map((d) => ({ Key: d.Key ?? '' })),
        Errors: (out.Errors ?? []).map((e) => ({
          Key: e.Key ?? '',
          Code: e.Code ?? '',
          Message: e.Message ?? '',
        })),
      };
    },
    copyObject: async (input: CopyObjectInput) => {
      const source = input.CopySource.replace(/^\//, '');
      const slash = source.indexOf('/');
      const from = { bucket: source.slice(0, slash), key: source.slice(slash + 1) };
      const out = await call({ bucket: input.Bucket, key: input.Key, source: from }, () =>
        client.send(new CopyObjectCommand(input)),
      );
      const result = out.CopyObjectResult;
      return {
        CopyObjectResult: {
          ETag: result?.ETag ?? '',
          LastModified: result?.LastModified ?? new Date(),
        },
      };
    },
  };
}

function fromSdkListing(
  out: ListObjectsV2CommandOutput,
  input: ListObjectsV2Input,
): ListObjectsV2Output {
  const contents = (out.Contents ?? []).map((o) => ({
    Key: o.Key ?? '',
    LastModified: o.LastModified ?? new Date(0),
    ETag: o.ETag ?? '',
    Size: o.Size ?? 0,
    StorageClass: 'STANDARD' as const,
  }));
  const prefixes = (out.CommonPrefixes ?? []).map((p) => ({ Prefix: p.Prefix ?? '' }));
  const listing: ListObjectsV2Output = {
    Name: out.Name ?? input.Bucket,
    Prefix: out.Prefix ?? '',
    MaxKeys: out.MaxKeys ?? input.MaxKeys ?? 1000,
    KeyCount: out.KeyCount ?? contents.length + prefixes.length,
    IsTruncated: out.IsTruncated ?? false,
    Contents: contents,
    CommonPrefixes: prefixes,
  };
  if (out.Delimiter !== undefined) listing.Delimiter = out.Delimiter;
  if (out.ContinuationToken !== undefined) listing.ContinuationToken = out.ContinuationToken;
  if (out.NextContinuationToken !== undefined)
    listing.NextContinuationToken = out.NextContinuationToken;
  if (out.StartAfter !== undefined) listing.StartAfter = out.StartAfter;
  return listing;
}

interface SdkDescription {
  ContentType?: string | undefined;
  ContentLength?: number | undefined;
  ETag?: string | undefined;
  LastModified?: Date | undefined;
  Metadata?: Record<string, string> | undefined;
  ContentRange?: string | undefined;
  ContentEncoding?: string | undefined;
  ContentDisposition?: string | undefined;
  CacheControl?: string | undefined;
}

function describe(out: SdkDescription): ObjectDescription {
  const description: ObjectDescription = {
    ContentType: out.ContentType ?? 'binary/octet-stream',
    ContentLength: out.ContentLength ?? 0,
    ETag: out.ETag ?? '',
    LastModified: out.LastModified ?? new Date(0),
    Metadata: out.Metadata ?? {},
    AcceptRanges: 'bytes',
  };
  if (out.ContentRange !== undefined) description.ContentRange = out.ContentRange;
  if (out.ContentEncoding !== undefined) description.ContentEncoding = out.ContentEncoding;
  if (out.ContentDisposition !== undefined) description.ContentDisposition = out.ContentDisposition;
  if (out.CacheControl !== undefined) description.CacheControl = out.CacheControl;
  return description;
}

interface Where {
  bucket?: string;
  key?: string;
  source?: { bucket: string; key: string };
}

/** Turns an SDK error into the ModelmillError the embedded adapter would raise. */
async function translateError(err: unknown, where: Where, client: S3Client): Promise<unknown> {
  const name = (err as { name?: string } | undefined)?.name ?? 'InternalError';
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const fault = (err as { $fault?: string }).$fault === 'server' ? 'server' : 'client';
  if (name === 'NoSuchBucket') return noSuchBucket(where.bucket ?? '');
  if (name === 'NoSuchKey')
    return where.source
      ? noSuchKey(where.source.bucket, where.source.key)
      : noSuchKey(where.bucket ?? '', where.key ?? '');
  if (name === 'NotFound' || (status === 404 && name === 'UnknownError')) {
    // HEAD answers carry no body: tell a missing bucket from a missing key with one more call.
    if (where.key === undefined) return noSuchBucket(where.bucket ?? '');
    const bucketThere = await client.send(new HeadBucketCommand({ Bucket: where.bucket })).then(
      () => true,
      () => false,
    );
    return bucketThere
      ? noSuchKey(where.bucket ?? '', where.key)
      : noSuchBucket(where.bucket ?? '');
  }
  const place =
    where.key !== undefined
      ? `s3://${where.bucket}/${where.key}`
      : where.bucket !== undefined
        ? `bucket '${where.bucket}'`
        : 'S3';
  return new ModelmillError(name, `${errorMessage(err)} (${place})`, { cause: err, fault });
}
