/**
 * The S3 port: the object operations modelmill uses, with AWS's request and
 * response field names. Implemented by the embedded adapter (files under the
 * home folder) and by the AWS adapter (`@aws-sdk/client-s3`).
 */

/** A bucket as listed. */
export interface BucketSummary {
  Name: string;
  CreationDate: Date;
}

/** Bytes or text (text is stored UTF-8 encoded). */
export type ObjectBody = Uint8Array | string;

/** HTTP headers S3 keeps with an object and returns on reads. */
export interface ObjectHeaders {
  /** Default: `binary/octet-stream`. */
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  CacheControl?: string;
}

/** PutObject. */
export interface PutObjectInput extends ObjectHeaders {
  Bucket: string;
  Key: string;
  /** Default: empty. */
  Body?: ObjectBody;
  /** User metadata (`x-amz-meta-*`), names lower-cased as S3 stores them. */
  Metadata?: Record<string, string>;
  /** Base64 MD5 of the body; a mismatch fails with BadDigest and stores nothing. */
  ContentMD5?: string;
}

/** PutObject's answer. */
export interface PutObjectOutput {
  /** MD5 hex of the body, in double quotes as S3 returns it. */
  ETag: string;
}

/** What GetObject and HeadObject tell about an object. */
export interface ObjectDescription extends ObjectHeaders {
  ContentType: string;
  /** Bytes returned (the range's length for a ranged read). */
  ContentLength: number;
  ETag: string;
  LastModified: Date;
  Metadata: Record<string, string>;
  AcceptRanges: 'bytes';
  /** `bytes start-end/size`, for a ranged read. */
  ContentRange?: string;
}

/** GetObject / HeadObject. */
export interface GetObjectInput {
  Bucket: string;
  Key: string;
  /** `bytes=0-99`, `bytes=100-`, `bytes=-50`. A malformed range is ignored, as S3 does; an unsatisfiable one fails with InvalidRange. */
  Range?: string;
}

/** GetObject's answer. */
export interface GetObjectOutput extends ObjectDescription {
  Body: Uint8Array;
}

/** DeleteObject. */
export interface DeleteObjectInput {
  Bucket: string;
  Key: string;
}

/** DeleteObjects. */
export interface DeleteObjectsInput {
  Bucket: string;
  Delete: { Objects: { Key: string }[]; Quiet?: boolean };
}

/** DeleteObjects' answer: one entry per key, deleted or failed. */
export interface DeleteObjectsOutput {
  Deleted: { Key: string }[];
  Errors: { Key: string; Code: string; Message: string }[];
}

/** CopyObject. */
export interface CopyObjectInput extends ObjectHeaders {
  Bucket: string;
  Key: string;
  /** `source-bucket/source/key`, optionally with a leading `/` and URL-encoded. */
  CopySource: string;
  /** COPY (default) keeps the source's metadata and headers; REPLACE takes them from this request. */
  MetadataDirective?: 'COPY' | 'REPLACE';
  Metadata?: Record<string, string>;
}

/** CopyObject's answer. */
export interface CopyObjectOutput {
  CopyObjectResult: { ETag: string; LastModified: Date };
}

/** ListObjectsV2. */
export interface ListObjectsV2Input {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  /** 1 to 1000. Default: 1000. */
  MaxKeys?: number;
  ContinuationToken?: string;
  StartAfter?: string;
}

/** One listed object. */
export interface ObjectSummary {
  Key: string;
  LastModified: Date;
  ETag: string;
  Size: number;
  StorageClass: 'STANDARD';
}

/** ListObjectsV2's answer. */
export interface ListObjectsV2Output {
  Name: string;
  Prefix: string;
  Delimiter?: string;
  MaxKeys: number;
  KeyCount: number;
  IsTruncated: boolean;
  Contents: ObjectSummary[];
  CommonPrefixes: { Prefix: string }[];
  ContinuationToken?: string;
  NextContinuationToken?: string;
  StartAfter?: string;
}

/** The S3 operations modelmill uses; every adapter implements all of them. */
export interface ObjectStore {
  createBucket(input: { Bucket: string }): Promise<{ Location: string }>;
  /** Fails with BucketNotEmpty while the bucket holds objects. */
  deleteBucket(input: { Bucket: string }): Promise<void>;
  /** Fails with NoSuchBucket when the bucket does not exist. */
  headBucket(input: { Bucket: string }): Promise<{ BucketRegion: string }>;
  listBuckets(): Promise<{ Buckets: BucketSummary[] }>;
  putObject(input: PutObjectInput): Promise<PutObjectOutput>;
  getObject(input: GetObjectInput): Promise<GetObjectOutput>;
  headObject(input: GetObjectInput): Promise<ObjectDescription>;
  /** Succeeds whether or not the key exists, as S3 does. */
  deleteObject(input: DeleteObjectInput): Promise<void>;
  deleteObjects(input: DeleteObjectsInput): Promise<DeleteObjectsOutput>;
  copyObject(input: CopyObjectInput): Promise<CopyObjectOutput>;
  listObjectsV2(input: ListObjectsV2Input): Promise<ListObjectsV2Output>;
}

/** S3 event names the embedded adapter reports. */
export const S3EventName = {
  Put: 'ObjectCreated:Put',
  Copy: 'ObjectCreated:Copy',
  Delete: 'ObjectRemoved:Delete',
} as const;
/** An S3 event name. */
export type S3EventName = (typeof S3EventName)[keyof typeof S3EventName];

/** One object notification, with the data of an S3 event record. */
export interface S3ObjectEvent {
  eventName: S3EventName;
  /** ISO-8601 time of the change. */
  eventTime: string;
  region: string;
  bucket: string;
  key: string;
  /** Size in bytes (created objects only). */
  size?: number;
  /** MD5 hex without quotes, as event records carry it (created objects only). */
  eTag?: string;
  /** Hex string that orders events for the same key. */
  sequencer: string;
}

/** Receives object notifications; errors it throws are logged, never fail the write. */
export type S3EventHook = (event: S3ObjectEvent) => void | Promise<void>;

/** The embedded adapter: the port plus what local tools need. */
export interface LocalObjectStore extends ObjectStore {
  /**
   * The real path of an object (`key`) or of a folder (`key` ending in `/`, or
   * empty for the bucket's root), for tools that read or write files directly
   * (DuckDB, job programs). Validates the names; does not require existence.
   */
  localPath(bucket: string, key?: string): string;
  /** The folder holding every bucket (`<home>/objects`). */
  readonly root: string;
}
