import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { rejectionCode } from '../../src/services/common/index.js';
import { createAwsFirehose } from '../../src/services/firehose/index.js';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { ManualClock } from '../../src/services/firehose/test-support.js';
import { createManualClock } from '../../src/services/firehose/test-support.js';
import { awsCliAvailable, awsCliJson, localSdkConfig } from '../support/aws-api.js';

/**
 * Firehose end to end: the Firehose_20150804 JSON protocol driven by
 * @aws-sdk/client-firehose against `serve`, buffers written to the local S3
 * when the (manual) clock passes the interval, read back with
 * @aws-sdk/client-s3; Step Functions' aws-sdk:firehose integration; records
 * accepted before a restart delivered after it.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function instance(home: string, clock: ManualClock): Promise<Modelmill> {
  return createModelmill({ home, logLevel: 'silent', clock });
}

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'mm-firehose-api-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

const destination = (bucket: string) => ({
  RoleARN: 'arn:aws:iam::123456789012:role/firehose-delivery',
  BucketARN: `arn:aws:s3:::${bucket}`,
  BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
  ProcessingConfiguration: {
    Enabled: true,
    Processors: [{ Type: 'AppendDelimiterToRecord' as const }],
  },
});

/** Creates stream `name` into `bucket` and moves the instance's manual clock past its CREATING second. */
async function activeStream(mm: Modelmill, name: string, bucket: string): Promise<void> {
  await mm.services.firehose.createDeliveryStream({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: destination(bucket),
  });
  await (mm.clock as ManualClock).advance(1000);
}

describe('Firehose over HTTP with @aws-sdk/client-firehose', () => {
  it('buffers SDK puts and writes one newline-delimited object under YYYY/MM/dd/HH/ after 60 s', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 31, 23, 59, 50));
    const mm = await instance(tempHome(), clock);
    cleanups.push(() => mm.close());
    const server = await mm.serve(0);
    const firehose = new FirehoseClient(localSdkConfig(server.url));
    const s3 = new S3Client({ ...localSdkConfig(server.url), forcePathStyle: true });
    cleanups.push(() => {
      firehose.destroy();
      s3.destroy();
    });
    await mm.services.s3.createBucket({ Bucket: 'raw-wifi' });
    const created = await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'wifi-ingest',
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: destination('raw-wifi'),
      }),
    );
    expect(created.DeliveryStreamARN).toMatch(/:firehose:.*:deliverystream\/wifi-ingest$/);
    const describe = () =>
      firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'wifi-ingest' }));
    expect((await describe()).DeliveryStreamDescription?.DeliveryStreamStatus).toBe('CREATING');
    await clock.advance(1000);
    const { DeliveryStreamDescription: d } = await describe();
    expect(d?.DeliveryStreamStatus).toBe('ACTIVE');
    expect(d?.CreateTimestamp).toBeInstanceOf(Date);
    expect(d?.Destinations?.[0]?.ExtendedS3DestinationDescription?.BufferingHints).toEqual({
      SizeInMBs: 1,
      IntervalInSeconds: 60,
    });

    const one = await firehose.send(
      new PutRecordCommand({
        DeliveryStreamName: 'wifi-ingest',
        Record: { Data: Buffer.from('{"n":1}') },
      }),
    );
    expect(one.RecordId).toBeTruthy();
    await clock.advance(20_000); // into the next day (UTC): the key keeps the first record's hour
    const batch = await firehose.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: 'wifi-ingest',
        Records: [{ Data: Buffer.from('{"n":2}') }, { Data: Buffer.from('{"n":3}') }],
      }),
    );
    expect(batch.FailedPutCount).toBe(0);
    expect(batch.RequestResponses).toHaveLength(2);
    const list = () => s3.send(new ListObjectsV2Command({ Bucket: 'raw-wifi' }));
    expect((await list()).KeyCount).toBe(0);
    await clock.advance(40_000);
    const { Contents = [] } = await list();
    expect(Contents.map((c) => c.Key)).toEqual([
      expect.stringMatching(/^2026\/01\/31\/23\/wifi-ingest-1-2026-01-31-23-59-51-[0-9a-f-]{36}$/),
    ]);
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'raw-wifi', Key: Contents[0]?.Key }),
    );
    expect(await object.Body?.transformToString()).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');

    const missing = await firehose
      .send(
        new PutRecordCommand({ DeliveryStreamName: 'nope', Record: { Data: Buffer.from('x') } }),
      )
      .catch((e: unknown) => e as Error);
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException' });
    const tooMany = (await firehose
      .send(
        new PutRecordBatchCommand({
          DeliveryStreamName: 'wifi-ingest',
          Records: Array.from({ length: 501 }, () => ({ Data: Buffer.from('x') })),
        }),
      )
      .catch((e: unknown) => e)) as Error;
    expect(tooMany).toMatchObject({ name: 'InvalidArgumentException' });
    expect(tooMany.message).toContain('1 to 500');
    const listed = await firehose.send(new ListDeliveryStreamsCommand({}));
    expect(listed).toMatchObject({
      DeliveryStreamNames: ['wifi-ingest'],
      HasMoreDeliveryStreams: false,
    });
  });

  it('gives the AWS adapter the same answers and error codes as the embedded service', async () => {
    const clock = createManualClock();
    const mm = await instance(tempHome(), clock);
    cleanups.push(() => mm.close());
    const server = await mm.serve(0);
    const aws = createAwsFirehose({ clientConfig: localSdkConfig(server.url) });
    await mm.services.s3.createBucket({ Bucket: 'raw' });
    await aws.createDeliveryStream({
      DeliveryStreamName: 'via-adapter',
      S3DestinationConfiguration: { BucketARN: 'arn:aws:s3:::raw', CompressionFormat: 'GZIP' },
    });
    await clock.advance(1000);
    const { DeliveryStreamDescription: d } = await aws.describeDeliveryStream({
      DeliveryStreamName: 'via-adapter',
    });
    expect(d).toMatchObject({
      DeliveryStreamStatus: 'ACTIVE',
      VersionId: '1',
      Destinations: [
        {
          S3DestinationDescription: {
            BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
            CompressionFormat: 'GZIP',
          },
        },
      ],
    });
    expect(d.CreateTimestamp).toEqual(new Date(clock.now() - 1000));
    await aws.putRecord({ DeliveryStreamName: 'via-adapter', Record: { Data: 'text ' } });
    const batch = await aws.putRecordBatch({
      DeliveryStreamName: 'via-adapter',
      Records: [{ Data: new Uint8Array([0x62, 0x69, 0x6e]) }],
    });
    expect(batch.FailedPutCount).toBe(0);
    const [key] = await mm.services.firehose.flush('via-adapter');
    expect(key).toMatch(/\.gz$/);
    const body = await mm.services.s3.getObject({ Bucket: 'raw', Key: key ?? '' });
    expect(gunzipSync(body.Body).toString()).toBe('text bin');
    const unknown = await rejectionCode(aws.describeDeliveryStream({ DeliveryStreamName: 'nope' }));
    expect(unknown.code).toBe('ResourceNotFoundException');
    const hints = await rejectionCode(
      aws.createDeliveryStream({
        DeliveryStreamName: 'bad',
        S3DestinationConfiguration: {
          BucketARN: 'arn:aws:s3:::raw',
          BufferingHints: { SizeInMBs: 200 },
        },
      }),
    );
    expect(hints).toMatchObject({ code: 'InvalidArgumentException' });
    expect(hints.message).toContain('SizeInMBs');
    await aws.deleteDeliveryStream({ DeliveryStreamName: 'via-adapter' });
    expect((await aws.listDeliveryStreams()).DeliveryStreamNames).toEqual([]);
  });

  it('serves aws-sdk:firehose:putRecord, putRecordBatch, describeDeliveryStream and listDeliveryStreams', async () => {
    const clock = createManualClock();
    const mm = await instance(tempHome(), clock);
    cleanups.push(() => mm.close());
    await mm.services.s3.createBucket({ Bucket: 'raw' });
    await activeStream(mm, 'events', 'raw');
    const task = (action: string, parameters: unknown, resultPath: string, next?: string) => ({
      Type: 'Task',
      Resource: `arn:aws:states:::aws-sdk:firehose:${action}`,
      Parameters: parameters,
      ResultPath: resultPath,
      ...(next ? { Next: next } : { End: true }),
    });
    mm.engine.createStateMachine({
      name: 'feed',
      definition: JSON.stringify({
        StartAt: 'One',
        States: {
          One: task(
            'putRecord',
            { DeliveryStreamName: 'events', Record: { 'Data.$': 'States.JsonToString($.item)' } },
            '$.one',
            'Batch',
          ),
          Batch: task(
            'putRecordBatch',
            { DeliveryStreamName: 'events', Records: [{ Data: 'b1' }, { Data: 'b2' }] },
            '$.batch',
            'Describe',
          ),
          Describe: task(
            'describeDeliveryStream',
            { DeliveryStreamName: 'events' },
            '$.described',
            'List',
          ),
          List: task('listDeliveryStreams', {}, '$.listed', 'Missing'),
          Missing: {
            ...task(
              'putRecord',
              { DeliveryStreamName: 'gone', Record: { Data: 'x' } },
              '$.missing',
            ),
            Catch: [
              {
                ErrorEquals: ['Firehose.ResourceNotFoundException'],
                ResultPath: '$.caught',
                Next: 'Done',
              },
            ],
          },
          Done: { Type: 'Succeed' },
        },
      }),
    });
    const { executionArn } = mm.engine.startExecution({
      stateMachineArn: 'feed',
      input: JSON.stringify({ item: { id: 7 } }),
    });
    const final = await mm.engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    const output = JSON.parse(final.output ?? '{}');
    expect(output.one.RecordId).toBeTruthy();
    expect(output.batch.FailedPutCount).toBe(0);
    expect(output.described.DeliveryStreamDescription.DeliveryStreamStatus).toBe('ACTIVE');
    expect(output.described.DeliveryStreamDescription.CreateTimestamp).toMatch(
      /^2026-11-21T08:59:30Z$/,
    );
    expect(output.listed.DeliveryStreamNames).toEqual(['events']);
    expect(output.caught.Error).toBe('Firehose.ResourceNotFoundException');
    const keys = await mm.services.firehose.flush('events');
    const body = await mm.services.s3.getObject({ Bucket: 'raw', Key: keys[0] ?? '' });
    expect(Buffer.from(body.Body).toString()).toBe('{"id":7}\nb1\nb2\n');
  });

  it('writes buffers on close before the engine stops, so the executions their objects start are kept', async () => {
    const home = tempHome();
    const first = await instance(home, createManualClock());
    first.engine.createStateMachine({
      name: 'on-landing',
      definition: JSON.stringify({
        StartAt: 'Hold',
        States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } },
      }),
    });
    await first.services.events.putRule({
      Name: 'raw-landing',
      EventPattern: JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: ['landing'] } },
      }),
    });
    await first.services.events.putTargets({
      Rule: 'raw-landing',
      Targets: [
        { Id: 'flow', Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:on-landing' },
      ],
    });
    await first.services.s3.createBucket({ Bucket: 'landing' });
    await activeStream(first, 'landing', 'landing');
    await first.services.firehose.putRecord({
      DeliveryStreamName: 'landing',
      Record: { Data: 'x' },
    });
    await first.close();
    const second = await instance(home, createManualClock());
    cleanups.push(() => second.close());
    const { items: executions } = second.engine.listExecutions({ stateMachineArn: 'on-landing' });
    expect(executions.map((e) => e.status)).toEqual(['RUNNING']);
    const listed = await second.services.s3.listObjectsV2({ Bucket: 'landing' });
    expect(listed.KeyCount).toBe(1);
  });

  it('delivers after a restart what was accepted before it', async () => {
    const home = tempHome();
    const first = await instance(home, createManualClock());
    await activeStream(first, 'durable', 'late-bucket');
    await first.services.firehose.putRecord({
      DeliveryStreamName: 'durable',
      Record: { Data: 'kept' },
    });
    await first.close(); // the bucket does not exist yet: the flush on close fails and the record stays stored
    const clock = createManualClock(Date.UTC(2026, 10, 21, 10));
    const second = await instance(home, clock);
    cleanups.push(() => second.close());
    expect(second.services.firehose.buffered('durable')).toEqual({ records: 1, bytes: 5 });
    expect(second.services.firehose.deliveryErrors('durable')[0]?.code).toBe('S3.NoSuchBucket');
    await second.services.s3.createBucket({ Bucket: 'late-bucket' });
    await second.start();
    await clock.advance(0);
    const listed = await second.services.s3.listObjectsV2({ Bucket: 'late-bucket' });
    expect(listed.Contents?.map((c) => c.Key)).toEqual([
      expect.stringMatching(/^2026\/11\/21\/08\/durable-1-2026-11-21-08-59-31-/),
    ]);
  });
});

describe('Firehose over HTTP with the AWS CLI', async () => {
  const available = await awsCliAvailable();
  it.skipIf(!available)('creates, describes and takes records from `aws firehose`', async () => {
    const clock = createManualClock();
    const mm = await instance(tempHome(), clock);
    cleanups.push(() => mm.close());
    const server = await mm.serve(0);
    const aws = awsCliJson('firehose', server.url);
    await mm.services.s3.createBucket({ Bucket: 'raw' });
    const created = await aws(
      'create-delivery-stream',
      '--delivery-stream-name',
      'cli',
      '--extended-s3-destination-configuration',
      JSON.stringify(destination('raw')),
    );
    expect(created.DeliveryStreamARN).toMatch(/deliverystream\/cli$/);
    await clock.advance(1000);
    const described = await aws('describe-delivery-stream', '--delivery-stream-name', 'cli');
    expect(described.DeliveryStreamDescription.DeliveryStreamStatus).toBe('ACTIVE');
    const put = await aws('put-record', '--delivery-stream-name', 'cli', '--record', 'Data=hello');
    expect(put.RecordId).toBeTruthy();
    const [key] = await mm.services.firehose.flush('cli');
    const body = await mm.services.s3.getObject({ Bucket: 'raw', Key: key ?? '' });
    expect(Buffer.from(body.Body).toString()).toBe('hello\n');
  });
});
