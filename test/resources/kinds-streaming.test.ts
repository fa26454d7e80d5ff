import { describe, expect, it } from 'vitest';
import {
  down,
  failure,
  instance,
  lines,
  problems,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** deliveryStream against the embedded Firehose and S3, and its CloudFormation. */

useInstance();

const specs = (over: object = {}) => [
  { kind: 'bucket', name: 'raw-wifi' },
  {
    kind: 'deliveryStream',
    name: 'wifi-ingest',
    bucket: 'raw-wifi',
    bufferSizeMB: 1,
    bufferIntervalSeconds: 60,
    ...over,
  },
];

describe('deliveryStream', () => {
  it('applies once (newline delimiter on by default), then changes nothing; down deletes it', async () => {
    const first = await up(specs());
    expect(lines(first.resources)).toEqual([
      'created bucket raw-wifi',
      'created deliveryStream wifi-ingest',
    ]);
    const firehose = instance.mm.services.firehose;
    const { DeliveryStreamDescription: d } = await firehose.describeDeliveryStream({
      DeliveryStreamName: 'wifi-ingest',
    });
    expect(d.DeliveryStreamStatus).toBe('ACTIVE');
    expect(d.Destinations[0]?.ExtendedS3DestinationDescription).toMatchObject({
      BucketARN: 'arn:aws:s3:::raw-wifi',
      BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] },
    });
    expect(lines((await up(specs())).resources)).toEqual([
      'unchanged bucket raw-wifi',
      'unchanged deliveryStream wifi-ingest',
    ]);
    await firehose.putRecord({ DeliveryStreamName: 'wifi-ingest', Record: { Data: '{"a":1}' } });
    const [key] = await firehose.flush('wifi-ingest');
    const object = await instance.mm.services.s3.getObject({ Bucket: 'raw-wifi', Key: key ?? '' });
    expect(Buffer.from(object.Body).toString()).toBe('{"a":1}\n');
    const changed = await failure(up(specs({ bufferSizeMB: 2 })));
    expect(changed.message).toContain('differs in bufferSizeMB');
    expect(lines((await down(true)).resources)).toContain('deleted deliveryStream wifi-ingest');
    expect((await firehose.listDeliveryStreams()).DeliveryStreamNames).toEqual([]);
  });

  it('reports bad hints and a bucket listed after the stream', () => {
    const [bucket, stream] = specs({ bufferSizeMB: 0, bufferIntervalSeconds: 901 });
    const found = problems([stream, bucket]);
    expect(found.join('\n')).toMatch(/bufferSizeMB/);
    expect(found.join('\n')).toMatch(/bufferIntervalSeconds/);
    expect(problems(specs({ name: 'wifi ingest' })).join('\n')).toContain(
      "DeliveryStreamName 'wifi ingest' is invalid",
    );
    expect(problems(specs().reverse()).join('\n')).toContain('move it before this deliveryStream');
  });

  it('synthesizes AWS::KinesisFirehose::DeliveryStream with a role and the bucket by GetAtt', () => {
    const resources = template(specs()).Resources as Record<string, any>;
    const stream = Object.values(resources).find(
      (r) => r.Type === 'AWS::KinesisFirehose::DeliveryStream',
    );
    const bucketId = Object.keys(resources).find((id) => resources[id].Type === 'AWS::S3::Bucket');
    expect(stream.Properties).toMatchObject({
      DeliveryStreamName: 'wifi-ingest',
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        BucketARN: { 'Fn::GetAtt': [bucketId, 'Arn'] },
        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        CompressionFormat: 'UNCOMPRESSED',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'AppendDelimiterToRecord' }],
        },
        RoleARN: { 'Fn::GetAtt': [expect.stringMatching(/Role$/), 'Arn'] },
      },
    });
    const roles = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(JSON.stringify(roles)).toContain('firehose.amazonaws.com');
    // The bucket given by ARN is the same sibling: referenced in order, linked by GetAtt.
    const byArn = specs({ bucket: 'arn:aws:s3:::raw-wifi' });
    expect(problems(byArn)).toEqual([]);
    const linked = Object.values(template(byArn).Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::KinesisFirehose::DeliveryStream',
    );
    expect(linked.Properties.ExtendedS3DestinationConfiguration.BucketARN).toEqual({
      'Fn::GetAtt': [bucketId, 'Arn'],
    });
  });
});
