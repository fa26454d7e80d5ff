import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { rejectionCode } from '../common/index.js';
import type { FirehoseFixture } from './test-support.js';
import { createManualClock, firehoseFixture } from './test-support.js';

let fx: FirehoseFixture;
afterEach(() => fx?.cleanup());

const newline = {
  Enabled: true,
  Processors: [{ Type: 'AppendDelimiterToRecord' }],
};

async function stream(name: string, hints = { SizeInMBs: 1, IntervalInSeconds: 60 }, extra = {}) {
  await fx.firehose.createDeliveryStream({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: 'arn:aws:iam::000000000000:role/firehose',
      BucketARN: 'arn:aws:s3:::raw',
      BufferingHints: hints,
      ProcessingConfiguration: newline,
      ...extra,
    },
  });
}

async function objects(): Promise<Array<{ key: string; body: string }>> {
  const listed = await fx.s3.listObjectsV2({ Bucket: 'raw' });
  const out = [];
  for (const { Key } of listed.Contents ?? []) {
    const got = await fx.s3.getObject({ Bucket: 'raw', Key });
    out.push({ key: Key, body: Buffer.from(got.Body).toString('utf8') });
  }
  return out;
}

describe('delivery streams', () => {
  it('creates, describes, lists and refuses duplicates, bad names and bad hints', async () => {
    fx = firehoseFixture({ activationMs: 1000 });
    await stream('ingest');
    const { DeliveryStreamDescription: d } = await fx.firehose.describeDeliveryStream({
      DeliveryStreamName: 'ingest',
    });
    expect(d).toMatchObject({
      DeliveryStreamARN: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/ingest',
      DeliveryStreamStatus: 'CREATING',
      VersionId: '1',
      Destinations: [
        {
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationDescription: {
            BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
            CompressionFormat: 'UNCOMPRESSED',
          },
        },
      ],
    });
    const early = await rejectionCode(
      fx.firehose.putRecord({ DeliveryStreamName: 'ingest', Record: { Data: 'x' } }),
    );
    expect(early).toMatchObject({ code: 'ResourceNotFoundException' });
    expect(early.message).toContain('CREATING');
    await fx.clock.advance(1000);
    const after = await fx.firehose.describeDeliveryStream({ DeliveryStreamName: 'ingest' });
    expect(after.DeliveryStreamDescription.DeliveryStreamStatus).toBe('ACTIVE');
    await stream('b-stream');
    expect(await fx.firehose.listDeliveryStreams({ Limit: 1 })).toEqual({
      DeliveryStreamNames: ['b-stream'],
      HasMoreDeliveryStreams: true,
    });
    expect(await rejectionCode(stream('ingest'))).toMatchObject({ code: 'ResourceInUseException' });
    for (const [hints, text] of [
      [{ SizeInMBs: 0, IntervalInSeconds: 60 }, 'SizeInMBs is 0'],
      [{ SizeInMBs: 129, IntervalInSeconds: 60 }, 'from 1 to 128'],
      [{ SizeInMBs: 5, IntervalInSeconds: 901 }, 'from 0 to 900'],
    ] as const) {
      const err = await rejectionCode(stream('other', hints));
      expect(err.code).toBe('InvalidArgumentException');
      expect(err.message).toContain(text);
    }
    const badName = await rejectionCode(stream('bad name'));
    expect(badName.code).toBe('InvalidArgumentException');
    const unknown = await rejectionCode(
      fx.firehose.describeDeliveryStream({ DeliveryStreamName: 'nope' }),
    );
    expect(unknown).toEqual({
      code: 'ResourceNotFoundException',
      message: 'Firehose nope under account 000000000000 not found.',
    });
  });

  it('writes the buffer IntervalInSeconds after its first record, keyed by that record’s UTC hour', async () => {
    fx = firehoseFixture();
    await fx.s3.createBucket({ Bucket: 'raw' });
    await stream('ingest');
    const start = fx.clock.now();
    await fx.firehose.putRecord({ DeliveryStreamName: 'ingest', Record: { Data: '{"a":1}' } });
    await fx.clock.advance(45_000); // next hour by now: the key still uses the first record's time
    await fx.firehose.putRecordBatch({
      DeliveryStreamName: 'ingest',
      Records: [{ Data: '{"a":2}' }, { Data: new TextEncoder().encode('{"a":3}') }],
    });
    await fx.clock.advance(14_000);
    expect(await objects()).toEqual([]);
    expect(fx.firehose.buffered('ingest')).toEqual({ records: 3, bytes: 24 });
    await fx.clock.advance(1_000);
    expect(fx.clock.now() - start).toBe(60_000);
    const written = await objects();
    expect(written).toHaveLength(1);
    expect(written[0]?.key).toMatch(
      /^2026\/11\/21\/08\/ingest-1-2026-11-21-08-59-30-00000000-0000-4000-8000-[0-9a-f]{12}$/,
    );
    expect(written[0]?.body).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
    expect(fx.firehose.buffered('ingest').records).toBe(0);
  });

  it('shortens the interval by the time scale (MODELMILL_TIME_SCALE)', async () => {
    fx = firehoseFixture({ timeScale: 0.5 });
    await fx.s3.createBucket({ Bucket: 'raw' });
    await stream('scaled');
    await fx.firehose.putRecord({ DeliveryStreamName: 'scaled', Record: { Data: 'r' } });
    await fx.clock.advance(29_000);
    expect(await objects()).toEqual([]);
    await fx.clock.advance(1_000);
    expect((await objects()).map((o) => o.body)).toEqual(['r\n']);
  });

  it('writes as soon as SizeInMBs is reached, records concatenated as sent without the processor', async () => {
    fx = firehoseFixture();
    await fx.s3.createBucket({ Bucket: 'raw' });
    await fx.firehose.createDeliveryStream({
      DeliveryStreamName: 'plain',
      S3DestinationConfiguration: {
        BucketARN: 'arn:aws:s3:::raw',
        Prefix: 'in/',
        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 },
      },
    });
    const record = { Data: 'x'.repeat(400 * 1024) };
    await fx.firehose.putRecordBatch({ DeliveryStreamName: 'plain', Records: [record, record] });
    await fx.clock.advance(0);
    expect(await objects()).toEqual([]);
    await fx.firehose.putRecord({ DeliveryStreamName: 'plain', Record: record });
    await fx.clock.advance(0);
    const written = await objects();
    // 1.2 MiB buffered: one object up to the 1 MiB limit, the third record in a second one.
    expect(written.map((o) => o.body.length).sort((a, b) => b - a)).toEqual([
      800 * 1024,
      400 * 1024,
    ]);
    expect(written.every((o) => o.key.startsWith('in/2026/11/21/08/plain-1-'))).toBe(true);
  });

  it('gzips objects for GZIP and evaluates !{timestamp:...} prefixes', async () => {
    fx = firehoseFixture();
    await fx.s3.createBucket({ Bucket: 'raw' });
    await stream('zipped', undefined, {
      CompressionFormat: 'GZIP',
      Prefix: "dt=!{timestamp:yyyy'-'MM'-'dd}/",
      ErrorOutputPrefix: 'errors/',
    });
    await fx.firehose.putRecord({ DeliveryStreamName: 'zipped', Record: { Data: 'r1' } });
    const [key] = await fx.firehose.flush('zipped');
    expect(key).toMatch(/^dt=2026-11-21\/zipped-1-2026-11-21-08-59-30-.*\.gz$/);
    const got = await fx.s3.getObject({ Bucket: 'raw', Key: key ?? '' });
    expect(gunzipSync(Buffer.from(got.Body)).toString()).toBe('r1\n');
    const noErrorPrefix = await rejectionCode(
      stream('p2', undefined, { Prefix: '!{timestamp:yyyy}/' }),
    );
    expect(noErrorPrefix.message).toContain('ErrorOutputPrefix');
  });

  it('refuses oversized records and batches with AWS’s limits', async () => {
    fx = firehoseFixture();
    await fx.s3.createBucket({ Bucket: 'raw' });
    await stream('ingest');
    const big = { Data: 'x'.repeat(1000 * 1024 + 1) };
    const one = await rejectionCode(
      fx.firehose.putRecord({ DeliveryStreamName: 'ingest', Record: big }),
    );
    expect(one.code).toBe('InvalidArgumentException');
    expect(one.message).toContain('1,000 KiB');
    const batch = await fx.firehose.putRecordBatch({
      DeliveryStreamName: 'ingest',
      Records: [{ Data: 'ok' }, big],
    });
    expect(batch.FailedPutCount).toBe(1);
    expect(batch.RequestResponses[0]?.RecordId).toBeDefined();
    expect(batch.RequestResponses[1]).toMatchObject({ ErrorCode: 'InvalidArgumentException' });
    const many = Array.from({ length: 501 }, () => ({ Data: 'r' }));
    const tooMany = await rejectionCode(
      fx.firehose.putRecordBatch({ DeliveryStreamName: 'ingest', Records: many }),
    );
    expect(tooMany.message).toContain('1 to 500 records');
    const fat = Array.from({ length: 5 }, () => ({ Data: 'x'.repeat(900 * 1024) }));
    const tooBig = await rejectionCode(
      fx.firehose.putRecordBatch({ DeliveryStreamName: 'ingest', Records: fat }),
    );
    expect(tooBig.message).toContain('4 MiB');
    expect(fx.firehose.buffered('ingest').records).toBe(1);
  });

  it('keeps records for a missing bucket, records the error, retries, and refuses to delete them', async () => {
    fx = firehoseFixture({ retryMs: 5000 });
    await stream('ingest');
    await fx.firehose.putRecord({ DeliveryStreamName: 'ingest', Record: { Data: 'kept' } });
    await fx.clock.advance(60_000);
    const [error] = fx.firehose.deliveryErrors('ingest');
    expect(error).toMatchObject({ stream: 'ingest', code: 'S3.NoSuchBucket', records: 1 });
    expect(error?.message).toContain("bucket 'raw'");
    const refused = await rejectionCode(
      fx.firehose.deleteDeliveryStream({ DeliveryStreamName: 'ingest' }),
    );
    expect(refused.code).toBe('ResourceInUseException');
    expect(refused.message).toContain('AllowForceDelete');
    await fx.s3.createBucket({ Bucket: 'raw' });
    await fx.clock.advance(5000);
    expect((await objects()).map((o) => o.body)).toEqual(['kept\n']);
    await fx.firehose.deleteDeliveryStream({ DeliveryStreamName: 'ingest' });
    expect(await fx.firehose.listDeliveryStreams()).toEqual({
      DeliveryStreamNames: [],
      HasMoreDeliveryStreams: false,
    });
  });

  it('delivers on delete and on close, and after a crash delivers what a previous process accepted', async () => {
    fx = firehoseFixture();
    await fx.s3.createBucket({ Bucket: 'raw' });
    await stream('a');
    await stream('b');
    await fx.firehose.putRecord({ DeliveryStreamName: 'a', Record: { Data: 'on-delete' } });
    await fx.firehose.deleteDeliveryStream({ DeliveryStreamName: 'a' });
    await fx.firehose.putRecord({ DeliveryStreamName: 'b', Record: { Data: 'crash' } });
    // The process dies: no close(). Another one opens the same database.
    const clock = createManualClock(fx.clock.now() + 10_000);
    const next = fx.reopen(clock);
    expect(next.buffered('b')).toEqual({ records: 1, bytes: 6 });
    next.start();
    await clock.advance(49_000);
    expect((await objects()).map((o) => o.body)).toEqual(['on-delete\n']);
    await clock.advance(1_000);
    expect((await objects()).map((o) => o.body).sort()).toEqual(['crash\n', 'on-delete\n']);
    await next.putRecord({ DeliveryStreamName: 'b', Record: { Data: 'on-close' } });
    await next.close();
    expect((await objects()).map((o) => o.body).sort()).toEqual([
      'crash\n',
      'on-close\n',
      'on-delete\n',
    ]);
  });
});
