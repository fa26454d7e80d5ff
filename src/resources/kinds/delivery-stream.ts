import { z } from 'zod';
import { nameFromArnOrName } from '../../core/index.js';
import type { S3DestinationConfiguration } from '../../services/firehose/index.js';
import { assertStreamName } from '../../services/firehose/index.js';
import type { CfnResource, ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import type { ResourceReference } from './references.js';
import { serviceRole, siblingId } from './synth-links.js';
import {
  cannotChange,
  cfnTags,
  checkedName,
  defined,
  tagsSchema,
  unlessMissing,
} from './support.js';

/**
 * `deliveryStream`: a Firehose delivery stream (direct put) into an S3
 * bucket. Records are buffered until `bufferSizeMB` or `bufferIntervalSeconds`
 * (whichever first) and written under `<prefix>YYYY/MM/dd/HH/` (UTC);
 * `newlineDelimiter` (on by default) appends `\n` to every record, so objects
 * are newline-delimited JSON. A stream's destination does not change in
 * place: remove it and apply again.
 */

const deliveryStreamSchema = z.strictObject({
  kind: z.literal('deliveryStream'),
  /** 1-64 letters, digits, `_`, `.` and `-` (Firehose's own check). */
  name: checkedName(assertStreamName),
  /** The destination bucket's name (or `arn:aws:s3:::name`); it must come earlier in the config or exist. */
  bucket: z.string().min(1),
  /** Key prefix before the `YYYY/MM/dd/HH/` folders (may hold `!{timestamp:...}` expressions). Default none. */
  prefix: z.string().max(1024).optional(),
  /** Key prefix of failed records. Default none (required when `prefix` has expressions). */
  errorOutputPrefix: z.string().max(1024).optional(),
  /** 1-128. Default 5. */
  bufferSizeMB: z.number().int().min(1).max(128).default(5),
  /** 0-900. Default 300. */
  bufferIntervalSeconds: z.number().int().min(0).max(900).default(300),
  /** Default UNCOMPRESSED. */
  compression: z.enum(['UNCOMPRESSED', 'GZIP']).default('UNCOMPRESSED'),
  /** Append `\n` to every record (the AppendDelimiterToRecord processor). Default true. */
  newlineDelimiter: z.boolean().default(true),
  /** The role Firehose assumes on AWS; synth makes one when absent. Not used locally. */
  roleArn: z.string().startsWith('arn:', 'expected an IAM role ARN').optional(),
  /** Tags, set when the stream is created. */
  tags: tagsSchema.optional(),
});

/** A delivery stream spec. */
export type DeliveryStreamSpec = z.infer<typeof deliveryStreamSchema>;

/** The bucket a stream names. */
export function deliveryStreamReferences(spec: DeliveryStreamSpec): ResourceReference[] {
  return [{ kind: 'bucket', key: bucketName(spec), field: 'bucket' }];
}

/** The S3 destination a spec asks for, in the API's shape. */
export function destinationOf(
  spec: DeliveryStreamSpec,
  roleArn: unknown,
): S3DestinationConfiguration {
  return defined({
    RoleARN: roleArn,
    BucketARN: `arn:aws:s3:::${bucketName(spec)}`,
    Prefix: spec.prefix,
    ErrorOutputPrefix: spec.errorOutputPrefix,
    BufferingHints: { SizeInMBs: spec.bufferSizeMB, IntervalInSeconds: spec.bufferIntervalSeconds },
    CompressionFormat: spec.compression,
    ProcessingConfiguration: spec.newlineDelimiter
      ? { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] }
      : undefined,
  }) as S3DestinationConfiguration;
}

/** The bucket's name, as the reference check reads it. */
const bucketName = (spec: DeliveryStreamSpec) => nameFromArnOrName(spec.bucket);

/** The `deliveryStream` kind. */
export const deliveryStreamKind = defineKind<DeliveryStreamSpec>({
  kind: 'deliveryStream',
  logicalIdSuffix: 'DeliveryStream',
  schema: deliveryStreamSchema,
  key: (spec) => spec.name,
  plan: planStream,
  async apply(host, spec) {
    const plan = await planStream(host, spec);
    if (plan.action === 'unchanged') return 'unchanged';
    if (plan.action === 'conflict') throw cannotChange(plan.problem);
    const firehose = host.services.firehose;
    await firehose.createDeliveryStream({
      DeliveryStreamName: spec.name,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: destinationOf(spec, spec.roleArn),
      ...(spec.tags ? { Tags: cfnTags(spec.tags) as Array<{ Key: string; Value: string }> } : {}),
    });
    // As CloudFormation does, apply returns once the stream takes records.
    for (;;) {
      const { DeliveryStreamDescription: d } = await firehose.describeDeliveryStream({
        DeliveryStreamName: spec.name,
      });
      if (d.DeliveryStreamStatus === 'ACTIVE') return 'created';
      await host.clock.sleep(100);
    }
  },
  async remove(host, spec) {
    if (!(await describe(host, spec.name))) return 'absent';
    await host.services.firehose.deleteDeliveryStream({ DeliveryStreamName: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    const bucketId = siblingId(context, 'bucket', bucketName(spec));
    const bucketArn = bucketId
      ? { 'Fn::GetAtt': [bucketId, 'Arn'] }
      : { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${bucketName(spec)}` };
    const roleId = `${context.logicalId}Role`;
    const resources: Record<string, CfnResource> = {};
    if (!spec.roleArn)
      resources[roleId] = serviceRole('firehose.amazonaws.com', [
        {
          Action: [
            's3:AbortMultipartUpload',
            's3:GetBucketLocation',
            's3:GetObject',
            's3:ListBucket',
            's3:ListBucketMultipartUploads',
            's3:PutObject',
          ],
          Resource: [bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }],
        },
      ]);
    const role = spec.roleArn ?? { 'Fn::GetAtt': [roleId, 'Arn'] };
    return {
      resources: {
        ...resources,
        [context.logicalId]: {
          Type: 'AWS::KinesisFirehose::DeliveryStream',
          Properties: defined({
            DeliveryStreamName: spec.name,
            DeliveryStreamType: 'DirectPut',
            ExtendedS3DestinationConfiguration: {
              ...destinationOf(spec, role),
              BucketARN: bucketArn,
            },
            Tags: cfnTags(spec.tags),
          }),
        },
      },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of delivery stream ${spec.name}`,
          Value: { 'Fn::GetAtt': [context.logicalId, 'Arn'] },
        },
      },
    };
  },
});

async function describe(host: ResourceHost, name: string) {
  const found = await unlessMissing(
    () => host.services.firehose.describeDeliveryStream({ DeliveryStreamName: name }),
    'ResourceNotFoundException',
  );
  return found?.DeliveryStreamDescription;
}

async function planStream(host: ResourceHost, spec: DeliveryStreamSpec): Promise<ResourcePlan> {
  const current = await describe(host, spec.name);
  if (!current) return { action: 'create' };
  const have =
    current.Destinations[0]?.ExtendedS3DestinationDescription ??
    current.Destinations[0]?.S3DestinationDescription;
  const want = destinationOf(spec, spec.roleArn ?? have?.RoleARN);
  const differs = (
    [
      ['bucket', have?.BucketARN, want.BucketARN],
      ['prefix', have?.Prefix, want.Prefix],
      ['errorOutputPrefix', have?.ErrorOutputPrefix, want.ErrorOutputPrefix],
      ['bufferSizeMB', have?.BufferingHints.SizeInMBs, spec.bufferSizeMB],
      ['bufferIntervalSeconds', have?.BufferingHints.IntervalInSeconds, spec.bufferIntervalSeconds],
      ['compression', have?.CompressionFormat, spec.compression],
      [
        'newlineDelimiter',
        (have?.ProcessingConfiguration?.Processors ?? []).length > 0,
        spec.newlineDelimiter,
      ],
    ] as const
  )
    .filter(([, a, b]) => (a ?? '') !== (b ?? ''))
    .map(([field]) => field);
  if (differs.length === 0) return { action: 'unchanged' };
  return {
    action: 'conflict',
    problem: `delivery stream '${spec.name}' differs in ${differs.join(', ')}, which modelmill does not change in place: remove it (down) and apply again`,
  };
}
