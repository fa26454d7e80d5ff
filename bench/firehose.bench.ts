/**
 * Streaming ingestion through the embedded Firehose: PutRecordBatch calls of
 * 500 WiFi-observation records (~230 bytes each) into a delivery stream whose
 * buffer is kept in SQLite, then the flush of the whole buffer into one S3
 * object. Baselines in the same run, on the same database and disk: raw
 * better-sqlite3 inserts of the same records (one transaction per batch),
 * and a plain file write of the same bytes concatenated. Goal: at least half
 * the raw rates, as for the other stores.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firehoseFixture } from '../src/services/firehose/test-support.js';
import type { BenchReport, BenchRow } from './harness.js';
import { timeMs } from './harness.js';

const BATCHES = 200;
const BATCH = 500;
const STREAM = 'iamuser-dev-apsoutheast1-firehose';
const GOAL = 0.5;

function observation(n: number): Buffer {
  const record = {
    apMac: `00:11:22:33:${(n % 256).toString(16).padStart(2, '0')}:aa`,
    apFloors: ['First'],
    observations: [
      {
        clientMac: `aa:bb:cc:${(n % 97).toString(16).padStart(2, '0')}:00:01`,
        seenTime: '2026-11-21T09:00:00.000Z',
        seenEpoch: 1795251600 + n,
        rssi: -40 - (n % 50),
        ssid: 'corp',
        location: { lat: 1.3 + n * 1e-6, lng: 103.8, unc: 4.2 },
      },
    ],
  };
  return Buffer.from(`${JSON.stringify(record)}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export default async function firehoseBench(): Promise<BenchReport> {
  const fx = firehoseFixture();
  try {
    await fx.s3.createBucket({ Bucket: 'raw' });
    await fx.firehose.createDeliveryStream({
      DeliveryStreamName: STREAM,
      ExtendedS3DestinationConfiguration: {
        BucketARN: 'arn:aws:s3:::raw',
        // Large enough that nothing flushes before the measured flush.
        BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 900 },
      },
    });
    fx.db.exec('CREATE TABLE raw_records (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    const insert = fx.db.prepare('INSERT INTO raw_records (data) VALUES (?)');
    const insertBatch = fx.db.transaction((records: Buffer[]) => {
      for (const r of records) insert.run(r);
    });
    const ours: number[] = [];
    const raw: number[] = [];
    let bytes = 0;
    // Batches of the two sides alternate; rates come from the median batch.
    for (let b = 0; b < BATCHES; b += 1) {
      const records = Array.from({ length: BATCH }, (_, i) => observation(b * BATCH + i));
      bytes += records.reduce((s, r) => s + r.length, 0);
      raw.push(await timeMs(() => insertBatch(records)));
      ours.push(
        await timeMs(() =>
          fx.firehose.putRecordBatch({
            DeliveryStreamName: STREAM,
            Records: records.map((Data) => ({ Data })),
          }),
        ),
      );
    }
    const flushMs = await timeMs(() => fx.firehose.flush(STREAM));
    const rows = fx.db.prepare('SELECT data FROM raw_records ORDER BY id').all() as Array<{
      data: Buffer;
    }>;
    const writeMs = await timeMs(() =>
      writeFileSync(join(fx.home, 'raw-concatenated.json'), Buffer.concat(rows.map((r) => r.data))),
    );
    const records = BATCHES * BATCH;
    const putRow: BenchRow = {
      name: `PutRecordBatch, ${BATCH} records of ~${Math.round(bytes / records)} bytes (median batch)`,
      value: (BATCH / median(ours)) * 1000,
      unit: 'records/s',
      baseline: (BATCH / median(raw)) * 1000,
      baselineName: 'better-sqlite3 inserts, one transaction per batch',
      goal: `>= ${GOAL}x`,
    };
    putRow.met = putRow.value / (putRow.baseline as number) >= GOAL;
    const flushRow: BenchRow = {
      name: `flush of the whole buffer (${records.toLocaleString('en-US')} records, ${(bytes / 2 ** 20).toFixed(0)} MiB) into one S3 object`,
      value: bytes / 2 ** 20 / (flushMs / 1000),
      unit: 'MiB/s',
      baseline: bytes / 2 ** 20 / (writeMs / 1000),
      baselineName: 'one writeFileSync of the same bytes',
    };
    return {
      title: 'Firehose: streaming records into a delivery stream buffered in SQLite',
      rows: [putRow, flushRow],
      notes: [
        `${BATCHES} batches of ${BATCH} records; the service stores every accepted record in SQLite before answering (a restart loses nothing), as the raw side does.`,
      ],
    };
  } finally {
    fx.cleanup();
  }
}
