import { gzipSync } from 'node:zlib';
import type { Clock, IdGenerator, Logger } from '../../core/index.js';
import { errorMessage } from '../../core/index.js';
import type { ObjectStore } from '../s3/index.js';
import { objectKey } from './names.js';
import type { FirehoseStore, RecordRow, StreamRow } from './store.js';

/**
 * The buffers of the embedded Firehose. Accepted records wait in SQLite; a
 * stream's buffer is written to S3 as one object (records concatenated,
 * gzipped for GZIP) when it reaches SizeInMBs, or IntervalInSeconds after
 * its first record, whichever comes first, and on close. A failed write
 * (a missing bucket) is recorded, the records stay buffered and the write
 * is retried `retryMs` later, for as long as it takes.
 */

/** What the buffers need. */
export interface DeliveryContext {
  store: FirehoseStore;
  objects: ObjectStore;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Factor on buffering intervals and retry delays (MODELMILL_TIME_SCALE). */
  timeScale: number;
  /** Delay before a failed delivery is tried again, in ms (before timeScale). */
  retryMs: number;
}

/** The size limit of a stream's buffer, in bytes. */
function sizeLimit(row: StreamRow): number {
  return row.config.destination.BufferingHints.SizeInMBs * 1024 * 1024;
}

/** Splits records into objects of at most `limit` bytes (a record is never split). */
function chunkBySize(records: RecordRow[], limit: number): RecordRow[][] {
  const chunks: RecordRow[][] = [];
  let current: RecordRow[] = [];
  let bytes = 0;
  for (const record of records) {
    if (current.length > 0 && bytes + record.data.length > limit) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += record.data.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Timers and flushes of every stream's buffer. */
export class Buffers {
  private readonly timers = new Map<string, AbortController>();
  private readonly flushes = new Map<string, Promise<string[]>>();
  /** Unclaimed bytes and first arrival per stream, read from the store once, then kept up to date. */
  private readonly levels = new Map<string, { bytes: number; firstArrival?: number }>();
  private closed = false;

  constructor(private readonly ctx: DeliveryContext) {}

  /**
   * `bytes` of records arriving at `arrivedAt` were stored: flush when the
   * size is reached, else make sure the interval timer runs.
   */
  accepted(row: StreamRow, bytes: number, arrivedAt: number): void {
    let level = this.levels.get(row.name);
    if (level) {
      level.bytes += bytes;
      level.firstArrival ??= arrivedAt;
    } else {
      // First sight of this buffer: the store's figures already count the new records.
      level = this.ctx.store.pending(row.name, this.ctx.clock.now());
      this.levels.set(row.name, level);
    }
    if (level.bytes >= sizeLimit(row)) {
      void this.flush(row.name);
      return;
    }
    this.scheduleInterval(row, level.firstArrival);
  }

  /** Schedules the buffers left by a previous process. */
  recover(rows: StreamRow[]): void {
    for (const row of rows) this.accepted(row, 0, this.ctx.clock.now());
  }

  /** Writes out `stream`'s buffer now (after any flush in progress); answers the keys written. */
  flush(stream: string): Promise<string[]> {
    const previous = this.flushes.get(stream) ?? Promise.resolve([]);
    const next = previous.then(() => this.deliver(stream));
    const tracked = next.finally(() => {
      if (this.flushes.get(stream) === tracked) this.flushes.delete(stream);
    });
    this.flushes.set(stream, tracked);
    return next;
  }

  /** Forgets a deleted stream's timer. */
  cancel(stream: string): void {
    this.timers.get(stream)?.abort();
    this.timers.delete(stream);
    this.levels.delete(stream);
  }

  /** Stops every timer and waits for flushes in progress; no timer starts after. */
  async close(): Promise<void> {
    this.closed = true;
    for (const stream of [...this.timers.keys()]) this.cancel(stream);
    await Promise.allSettled([...this.flushes.values()]);
  }

  private scheduleInterval(row: StreamRow, firstArrival: number | undefined): void {
    if (firstArrival === undefined) return;
    const intervalMs = row.config.destination.BufferingHints.IntervalInSeconds * 1000;
    this.schedule(row.name, firstArrival + intervalMs * this.ctx.timeScale - this.ctx.clock.now());
  }

  private schedule(stream: string, delayMs: number): void {
    if (this.closed || this.timers.has(stream)) return;
    const controller = new AbortController();
    this.timers.set(stream, controller);
    this.ctx.clock.sleep(Math.max(0, delayMs), controller.signal).then(
      () => {
        if (this.timers.get(stream) === controller) this.timers.delete(stream);
        this.flush(stream).catch((err: unknown) =>
          this.ctx.logger.error('firehose flush failed', { stream, error: errorMessage(err) }),
        );
      },
      () => undefined,
    );
  }

  private async deliver(stream: string): Promise<string[]> {
    const { store, clock, ids } = this.ctx;
    const row = store.getStream(stream);
    if (!row) return [];
    this.cancel(stream);
    const claim = ids.uuid();
    const records = store.claim(stream, claim, clock.now());
    this.levels.delete(stream);
    const keys: string[] = [];
    for (const chunk of chunkBySize(records, sizeLimit(row))) {
      try {
        keys.push(await this.write(row, chunk));
        store.deleteRecords(claim, chunk[0]?.seq ?? 0, chunk[chunk.length - 1]?.seq ?? 0);
      } catch (err) {
        store.release(claim);
        this.levels.delete(stream);
        this.failed(row, err);
        return keys;
      }
    }
    const pending = store.pending(stream, clock.now());
    this.levels.set(stream, pending);
    if (pending.bytes >= sizeLimit(row)) void this.flush(stream);
    else this.scheduleInterval(row, pending.firstArrival);
    return keys;
  }

  private async write(row: StreamRow, chunk: RecordRow[]): Promise<string> {
    const { destination } = row.config;
    const gzip = destination.CompressionFormat === 'GZIP';
    const joined = Buffer.concat(chunk.map((r) => r.data));
    const key = objectKey({
      prefix: destination.Prefix ?? '',
      stream: row.name,
      version: String(row.version),
      time: chunk[0]?.arrivedAt ?? this.ctx.clock.now(),
      uuid: this.ctx.ids.uuid(),
      gzip,
    });
    await this.ctx.objects.putObject({
      Bucket: row.config.bucket,
      Key: key,
      Body: gzip ? gzipSync(joined) : joined,
      ContentType: 'application/octet-stream',
    });
    return key;
  }

  private failed(row: StreamRow, err: unknown): void {
    const { store, clock, logger } = this.ctx;
    const code = `S3.${(err as { code?: string }).code ?? 'InternalError'}`;
    const records = store.pending(row.name, clock.now()).records;
    const message = `Could not write to bucket '${row.config.bucket}': ${errorMessage(err)}; ${records} records stay buffered and are retried`;
    store.recordError({ stream: row.name, time: clock.now(), code, message, records });
    logger.warn('firehose delivery failed', { stream: row.name, code, message });
    this.schedule(row.name, this.ctx.retryMs * this.ctx.timeScale);
  }
}
