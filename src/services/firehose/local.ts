import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import {
  ModelmillError,
  formatArn,
  randomIds,
  silentLogger,
  systemClock,
} from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { ObjectStore } from '../s3/index.js';
import { Buffers } from './delivery.js';
import { describeStream } from './describe.js';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_RECORDS,
  MAX_RECORD_BYTES,
  assertStreamName,
  compileStreamConfig,
} from './names.js';
import type { StreamRow } from './store.js';
import { FirehoseStore } from './store.js';
import type { FirehoseRecord, LocalFirehose, PutRecordBatchResponseEntry } from './types.js';

/** What the embedded Firehose needs. */
export interface LocalFirehoseOptions {
  /** The instance's database; buffers and streams live there (owner `firehose`). */
  db: SqliteDatabase;
  scope: AccountScope;
  /** Where objects are delivered. */
  objects: ObjectStore;
  /** Arrival times, buffering intervals. Default: the system clock. */
  clock?: Clock;
  /** Record ids and object name suffixes. Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
  /** Factor on buffering intervals, retry delays and activation (MODELMILL_TIME_SCALE). Default 1. */
  timeScale?: number;
  /** How long a new stream stays CREATING, in ms. Default 1000. */
  activationMs?: number;
  /** Delay before a failed delivery is retried, in ms. Default 5000. */
  retryMs?: number;
}

function notFound(name: string, scope: AccountScope): ModelmillError {
  return new ModelmillError(
    'ResourceNotFoundException',
    `Firehose ${name} under account ${scope.accountId} not found.`,
  );
}

function bytesOf(record: FirehoseRecord | undefined): Buffer {
  const data: unknown = record?.Data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new ModelmillError(
    'InvalidArgumentException',
    'Record.Data is required: the bytes of the record',
  );
}

/**
 * The embedded Firehose: streams and their buffers in SQLite, objects
 * written to the S3 port when a buffer reaches its size or interval, on
 * flush(), and on close(); see delivery.ts for the buffering and retries.
 */
export function createLocalFirehose(options: LocalFirehoseOptions): LocalFirehose {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const timeScale = options.timeScale ?? 1;
  const activationMs = (options.activationMs ?? 1000) * timeScale;
  const store = new FirehoseStore(options.db);
  const buffers = new Buffers({
    store,
    objects: options.objects,
    clock,
    ids,
    logger: options.logger ?? silentLogger,
    timeScale,
    retryMs: options.retryMs ?? 5000,
  });

  function existing(name: string): StreamRow {
    assertStreamName(name);
    const row = store.getStream(name);
    if (!row) throw notFound(name, options.scope);
    return row;
  }

  const creating = (row: StreamRow) => clock.now() < row.createdAt + activationMs;

  function active(name: string): StreamRow {
    const row = existing(name);
    if (creating(row))
      throw new ModelmillError(
        'ResourceNotFoundException',
        `Firehose ${name} is CREATING, not ACTIVE yet: wait until DescribeDeliveryStream shows ACTIVE`,
      );
    return row;
  }

  function accept(row: StreamRow, data: Buffer[]): string[] {
    const suffix = row.config.appendNewline ? Buffer.from('\n') : undefined;
    const records = data.map((bytes) => ({
      recordId: ids.uuid(),
      data: suffix ? Buffer.concat([bytes, suffix]) : bytes,
    }));
    const now = clock.now();
    store.appendRecords(row.name, records, now);
    buffers.accepted(
      row,
      records.reduce((sum, r) => sum + r.data.length, 0),
      now,
    );
    return records.map((r) => r.recordId);
  }

  return {
    async createDeliveryStream(input) {
      const config = compileStreamConfig(input);
      const arn = formatArn(
        options.scope,
        'firehose',
        `deliverystream/${input.DeliveryStreamName}`,
      );
      const created = store.insertStream({
        name: input.DeliveryStreamName,
        arn,
        config,
        version: 1,
        createdAt: clock.now(),
        tags: input.Tags ?? [],
      });
      if (!created)
        throw new ModelmillError(
          'ResourceInUseException',
          `Firehose ${input.DeliveryStreamName} under account ${options.scope.accountId} already exists.`,
        );
      return { DeliveryStreamARN: arn };
    },
    async describeDeliveryStream(input) {
      const row = existing(input.DeliveryStreamName);
      const status = creating(row) ? 'CREATING' : 'ACTIVE';
      return { DeliveryStreamDescription: describeStream(row, status) };
    },
    async listDeliveryStreams(input = {}) {
      const limit = input.Limit ?? 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10000)
        throw new ModelmillError(
          'InvalidArgumentException',
          `Limit ${limit} must be from 1 to 10000`,
        );
      const type = input.DeliveryStreamType;
      const names = store
        .listStreams()
        .map((s) => s.name)
        .filter(() => type === undefined || type === 'DirectPut')
        .filter(
          (n) =>
            !input.ExclusiveStartDeliveryStreamName || n > input.ExclusiveStartDeliveryStreamName,
        );
      return {
        DeliveryStreamNames: names.slice(0, limit),
        HasMoreDeliveryStreams: names.length > limit,
      };
    },
    async deleteDeliveryStream(input) {
      const row = existing(input.DeliveryStreamName);
      await buffers.flush(row.name);
      const left = store.pending(row.name, clock.now()).records;
      if (left > 0 && input.AllowForceDelete !== true)
        throw new ModelmillError(
          'ResourceInUseException',
          `Firehose ${row.name} holds ${left} records that could not be delivered to bucket '${row.config.bucket}' (see its delivery errors); create the bucket and retry, or pass AllowForceDelete to drop them`,
        );
      buffers.cancel(row.name);
      store.deleteStream(row.name);
      return {};
    },
    async putRecord(input) {
      const row = active(input.DeliveryStreamName);
      const data = bytesOf(input.Record);
      if (data.length > MAX_RECORD_BYTES)
        throw new ModelmillError(
          'InvalidArgumentException',
          `Record size ${data.length} bytes is over the limit of ${MAX_RECORD_BYTES} bytes (1,000 KiB)`,
        );
      const [RecordId = ''] = accept(row, [data]);
      return { RecordId, Encrypted: false };
    },
    async putRecordBatch(input) {
      const row = active(input.DeliveryStreamName);
      const records = Array.isArray(input.Records) ? input.Records : [];
      if (records.length < 1 || records.length > MAX_BATCH_RECORDS)
        throw new ModelmillError(
          'InvalidArgumentException',
          `Records has ${records.length} entries: a batch holds 1 to ${MAX_BATCH_RECORDS} records`,
        );
      const data = records.map(bytesOf);
      const total = data.reduce((sum, d) => sum + d.length, 0);
      if (total > MAX_BATCH_BYTES)
        throw new ModelmillError(
          'InvalidArgumentException',
          `The batch holds ${total} bytes, over the limit of ${MAX_BATCH_BYTES} bytes (4 MiB)`,
        );
      const fits = data.filter((d) => d.length <= MAX_RECORD_BYTES);
      const recordIds = accept(row, fits);
      let next = 0;
      const RequestResponses: PutRecordBatchResponseEntry[] = data.map((d) =>
        d.length <= MAX_RECORD_BYTES
          ? { RecordId: recordIds[next++] ?? '' }
          : {
              ErrorCode: 'InvalidArgumentException',
              ErrorMessage: `Record size ${d.length} bytes is over the limit of ${MAX_RECORD_BYTES} bytes (1,000 KiB)`,
            },
      );
      return { FailedPutCount: data.length - fits.length, Encrypted: false, RequestResponses };
    },
    async flush(stream) {
      const names = stream === undefined ? store.streamsWithRecords() : [existing(stream).name];
      const keys: string[] = [];
      for (const name of names) keys.push(...(await buffers.flush(name)));
      return keys;
    },
    deliveryErrors: (stream) => store.errors(stream),
    buffered(stream) {
      const { records, bytes } = store.pending(existing(stream).name, clock.now());
      return { records, bytes };
    },
    start() {
      const names = new Set(store.streamsWithRecords());
      buffers.recover(store.listStreams().filter((s) => names.has(s.name)));
    },
    async close() {
      await buffers.close();
      for (const name of store.streamsWithRecords()) await buffers.flush(name);
    },
  };
}
