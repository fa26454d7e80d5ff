/**
 * The Firehose port: delivery streams with a direct-put source and an S3
 * destination, with AWS's request and response field names
 * (`firehose-2015-08-04`). Implemented by the embedded adapter (buffers in
 * SQLite, objects in the local S3) and by the AWS adapter
 * (`@aws-sdk/client-firehose`).
 */

/** Stream statuses, as DescribeDeliveryStream reports them. */
export const DeliveryStreamStatus = {
  CREATING: 'CREATING',
  ACTIVE: 'ACTIVE',
  DELETING: 'DELETING',
} as const;
/** A stream status. */
export type DeliveryStreamStatus = (typeof DeliveryStreamStatus)[keyof typeof DeliveryStreamStatus];

/** Compression of delivered objects (`GZIP` objects get a `.gz` suffix). */
export const CompressionFormat = { UNCOMPRESSED: 'UNCOMPRESSED', GZIP: 'GZIP' } as const;
/** A compression format. */
export type CompressionFormat = (typeof CompressionFormat)[keyof typeof CompressionFormat];

/** When a buffer is written out: whichever limit is reached first. */
export interface BufferingHints {
  /** 1-128. Default 5. */
  SizeInMBs?: number;
  /** 0-900. Default 300. */
  IntervalInSeconds?: number;
}

/** One record processor; only `AppendDelimiterToRecord` runs locally. */
export interface Processor {
  Type: string;
  Parameters?: Array<{ ParameterName: string; ParameterValue: string }>;
}

/** Record processing (the `AppendDelimiterToRecord` processor appends `\n` to every record). */
export interface ProcessingConfiguration {
  Enabled?: boolean;
  Processors?: Processor[];
}

/** The S3 destination of a stream (Extended or plain S3 destination configuration). */
export interface S3DestinationConfiguration {
  /** Required by AWS; kept and shown, not checked locally. */
  RoleARN?: string;
  /** `arn:aws:s3:::<bucket>`. */
  BucketARN: string;
  /** Prepended to keys. Without `!{...}` expressions the default `YYYY/MM/dd/HH/` (UTC) follows it. */
  Prefix?: string;
  /** Where processing failures would go; required when Prefix has expressions. */
  ErrorOutputPrefix?: string;
  BufferingHints?: BufferingHints;
  /** Default UNCOMPRESSED. */
  CompressionFormat?: CompressionFormat;
  /** Extended S3 destinations only. */
  ProcessingConfiguration?: ProcessingConfiguration;
}

/** CreateDeliveryStream. */
export interface CreateDeliveryStreamInput {
  /** 1-64 letters, digits, `_`, `.` and `-`. */
  DeliveryStreamName: string;
  /** Only `DirectPut` (the default). */
  DeliveryStreamType?: string;
  ExtendedS3DestinationConfiguration?: S3DestinationConfiguration;
  S3DestinationConfiguration?: S3DestinationConfiguration;
  Tags?: Array<{ Key: string; Value?: string }>;
}

/** The S3 destination as DescribeDeliveryStream shows it. */
export interface S3DestinationDescription {
  RoleARN: string;
  BucketARN: string;
  Prefix?: string;
  ErrorOutputPrefix?: string;
  BufferingHints: Required<BufferingHints>;
  CompressionFormat: CompressionFormat;
  EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' };
  ProcessingConfiguration?: ProcessingConfiguration;
  S3BackupMode?: 'Disabled';
}

/** DescribeDeliveryStream's DeliveryStreamDescription. */
export interface DeliveryStreamDescription {
  DeliveryStreamName: string;
  DeliveryStreamARN: string;
  DeliveryStreamStatus: DeliveryStreamStatus;
  DeliveryStreamType: 'DirectPut';
  VersionId: string;
  CreateTimestamp: Date;
  LastUpdateTimestamp?: Date;
  Destinations: Array<{
    DestinationId: string;
    S3DestinationDescription: S3DestinationDescription;
    ExtendedS3DestinationDescription?: S3DestinationDescription;
  }>;
  HasMoreDestinations: boolean;
}

/** One record: bytes (text is UTF-8 encoded). */
export interface FirehoseRecord {
  Data: Uint8Array | string;
}

/** One entry of PutRecordBatch's answer: a RecordId, or why the record was refused. */
export interface PutRecordBatchResponseEntry {
  RecordId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

/** The Firehose operations modelmill serves. */
export interface FirehoseService {
  createDeliveryStream(input: CreateDeliveryStreamInput): Promise<{ DeliveryStreamARN: string }>;
  describeDeliveryStream(input: {
    DeliveryStreamName: string;
  }): Promise<{ DeliveryStreamDescription: DeliveryStreamDescription }>;
  /** Names in order; `Limit` 1-10000, default 10. */
  listDeliveryStreams(input?: {
    Limit?: number;
    DeliveryStreamType?: string;
    ExclusiveStartDeliveryStreamName?: string;
  }): Promise<{ DeliveryStreamNames: string[]; HasMoreDeliveryStreams: boolean }>;
  /** Flushes the buffer first; refuses (ResourceInUseException) when it cannot, unless AllowForceDelete. */
  deleteDeliveryStream(input: {
    DeliveryStreamName: string;
    AllowForceDelete?: boolean;
  }): Promise<Record<string, never>>;
  putRecord(input: {
    DeliveryStreamName: string;
    Record: FirehoseRecord;
  }): Promise<{ RecordId: string; Encrypted: boolean }>;
  /** Up to 500 records and 4 MiB; a record over 1,000 KiB fails alone (FailedPutCount). */
  putRecordBatch(input: { DeliveryStreamName: string; Records: FirehoseRecord[] }): Promise<{
    FailedPutCount: number;
    Encrypted: boolean;
    RequestResponses: PutRecordBatchResponseEntry[];
  }>;
}

/** A failed delivery attempt, as the embedded service records it. */
export interface DeliveryError {
  stream: string;
  /** Epoch milliseconds. */
  time: number;
  /** `S3.NoSuchBucket`, `S3.<code>`, ... */
  code: string;
  message: string;
  /** Records still buffered, waiting for the next attempt. */
  records: number;
}

/** The embedded service: the port plus what local tools need. */
export interface LocalFirehose extends FirehoseService {
  /** Writes out the buffer of `stream` (every stream when absent) now; answers the keys written. */
  flush(stream?: string): Promise<string[]>;
  /** Failed deliveries, newest first. */
  deliveryErrors(stream?: string): DeliveryError[];
  /** Records accepted and not yet delivered. */
  buffered(stream: string): { records: number; bytes: number };
  /** Schedules the delivery of buffers left by a previous process. */
  start(): void;
  /** Stops the timers and flushes every buffer (what cannot be delivered stays stored). */
  close(): Promise<void>;
}
