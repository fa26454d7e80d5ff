import { ModelmillError } from '../../core/index.js';
import type {
  CompressionFormat,
  CreateDeliveryStreamInput,
  ProcessingConfiguration,
  S3DestinationConfiguration,
} from './types.js';

/**
 * Checks of CreateDeliveryStream's input, with AWS's limits and error names,
 * and the compiled form the embedded service keeps: `compileStreamConfig()`.
 */

/** Largest record, before base64: 1,000 KiB. */
export const MAX_RECORD_BYTES = 1000 * 1024;
/** Most records in one PutRecordBatch. */
export const MAX_BATCH_RECORDS = 500;
/** Largest PutRecordBatch payload: 4 MiB. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** What the embedded service stores of a stream's destination. */
export interface StreamConfig {
  /** Which field it came in: `ExtendedS3DestinationConfiguration` or `S3DestinationConfiguration`. */
  extended: boolean;
  bucket: string;
  destination: S3DestinationConfiguration & {
    BufferingHints: { SizeInMBs: number; IntervalInSeconds: number };
    CompressionFormat: CompressionFormat;
  };
  /** Whether `\n` is appended to every record (the AppendDelimiterToRecord processor). */
  appendNewline: boolean;
}

function invalid(message: string): ModelmillError {
  return new ModelmillError('InvalidArgumentException', message);
}

/** Throws InvalidArgumentException unless `name` is 1-64 letters, digits, `_`, `.`, `-`. */
export function assertStreamName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !/^[a-zA-Z0-9_.-]{1,64}$/.test(name))
    throw invalid(
      `DeliveryStreamName '${String(name)}' is invalid: use 1-64 letters, digits, '_', '.' and '-'`,
    );
}

/** The bucket of `arn:aws:s3:::<bucket>`; InvalidArgumentException otherwise. */
export function bucketOfArn(arn: unknown): string {
  const match =
    typeof arn === 'string'
      ? /^arn:[\w-]+:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/.exec(arn)
      : null;
  if (!match?.[1])
    throw invalid(`BucketARN '${String(arn)}' is invalid: expected arn:aws:s3:::<bucket-name>`);
  return match[1];
}

function intInRange(
  value: unknown,
  field: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalid(
      `BufferingHints.${field} is ${JSON.stringify(value)}: it must be a whole number from ${min} to ${max}`,
    );
  return value;
}

/** True when the processors include an enabled `AppendDelimiterToRecord`. */
export function appendsNewline(config: ProcessingConfiguration | undefined): boolean {
  if (!config || config.Enabled === false) return false;
  for (const processor of config.Processors ?? []) {
    if (processor.Type === 'AppendDelimiterToRecord') continue;
    throw invalid(
      `Processor type '${processor.Type}' is not supported locally; only AppendDelimiterToRecord is`,
    );
  }
  return (config.Processors ?? []).length > 0;
}

/** Validates CreateDeliveryStream's input and answers what to store. */
export function compileStreamConfig(input: CreateDeliveryStreamInput): StreamConfig {
  assertStreamName(input.DeliveryStreamName);
  const type = input.DeliveryStreamType ?? 'DirectPut';
  if (type !== 'DirectPut')
    throw invalid(`DeliveryStreamType '${type}' is not supported locally; use DirectPut`);
  const extended = input.ExtendedS3DestinationConfiguration;
  const plain = input.S3DestinationConfiguration;
  if ((extended === undefined) === (plain === undefined))
    throw invalid(
      'Exactly one destination is required: ExtendedS3DestinationConfiguration or S3DestinationConfiguration',
    );
  const given = (extended ?? plain) as S3DestinationConfiguration;
  const bucket = bucketOfArn(given.BucketARN);
  const hints = given.BufferingHints ?? {};
  const compression = given.CompressionFormat ?? 'UNCOMPRESSED';
  if (compression !== 'UNCOMPRESSED' && compression !== 'GZIP')
    throw invalid(
      `CompressionFormat '${String(compression)}' is not supported locally; use UNCOMPRESSED or GZIP`,
    );
  const prefix = given.Prefix ?? '';
  if (prefix.includes('!{') && !given.ErrorOutputPrefix)
    throw invalid('ErrorOutputPrefix cannot be null or empty when Prefix contains expressions');
  if (plain?.ProcessingConfiguration)
    throw invalid('ProcessingConfiguration needs ExtendedS3DestinationConfiguration');
  return {
    extended: extended !== undefined,
    bucket,
    appendNewline: appendsNewline(given.ProcessingConfiguration),
    destination: {
      ...given,
      BufferingHints: {
        SizeInMBs: intInRange(hints.SizeInMBs, 'SizeInMBs', 1, 128, 5),
        IntervalInSeconds: intInRange(hints.IntervalInSeconds, 'IntervalInSeconds', 0, 900, 300),
      },
      CompressionFormat: compression,
    },
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Formats `time` (UTC) with the Java DateTimeFormatter letters prefixes use: yyyy MM dd HH mm ss, 'quoted' text. */
export function formatTimestamp(time: number, pattern: string): string {
  const d = new Date(time);
  const parts: Record<string, string> = {
    yyyy: String(d.getUTCFullYear()),
    MM: pad(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
  };
  return pattern.replace(/'([^']*)'|yyyy|MM|dd|HH|mm|ss/g, (token, quoted?: string) =>
    quoted !== undefined ? quoted : (parts[token] ?? token),
  );
}

/**
 * The key of an object: `<prefix>` (its `!{timestamp:...}` and
 * `!{firehose:random-string}` expressions evaluated; else followed by the
 * default `YYYY/MM/dd/HH/`) then `<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid>`,
 * all in UTC from `time` (the first record's arrival), plus `.gz` for GZIP.
 */
export function objectKey(options: {
  prefix: string;
  stream: string;
  version: string;
  time: number;
  uuid: string;
  gzip: boolean;
}): string {
  const { prefix, time } = options;
  const evaluated = prefix.includes('!{')
    ? prefix.replace(/!\{(timestamp|firehose):([^}]*)\}/g, (_, space: string, value: string) => {
        if (space === 'timestamp') return formatTimestamp(time, value);
        if (value === 'random-string') return options.uuid.replace(/-/g, '').slice(0, 11);
        throw invalid(`Prefix expression '!{firehose:${value}}' is not supported locally`);
      })
    : `${prefix}${formatTimestamp(time, 'yyyy/MM/dd/HH')}/`;
  const stamp = formatTimestamp(time, 'yyyy-MM-dd-HH-mm-ss');
  return `${evaluated}${options.stream}-${options.version}-${stamp}-${options.uuid}${options.gzip ? '.gz' : ''}`;
}
