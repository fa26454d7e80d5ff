import { z } from 'zod';
import { ModelmillError } from '../../core/index.js';
import type { LocalObjectStore } from '../../services/s3/index.js';
import { assertBucketName } from '../../services/s3/index.js';
import { defineKind } from '../types.js';
import { cfnTags, checkedName, defined, tagsSchema, unlessMissing } from './support.js';

/**
 * `bucket`: an S3 bucket. Locally a folder under `<home>/objects`; every
 * local bucket already sends its object events to EventBridge, so
 * `eventBridge` only shapes the synthesized template.
 */

const bucketSchema = z.strictObject({
  kind: z.literal('bucket'),
  /** The bucket name (S3's rules: 3-63 lowercase letters, digits, dots, hyphens). */
  name: checkedName(assertBucketName),
  /** Send object events to EventBridge (S3 EventBridge notifications). Default false. */
  eventBridge: z.boolean().default(false),
  /** Tags (synthesized only). */
  tags: tagsSchema.optional(),
});

/** A bucket spec. */
export type BucketSpec = z.infer<typeof bucketSchema>;

/** The `bucket` kind. */
export const bucketKind = defineKind<BucketSpec>({
  kind: 'bucket',
  logicalIdSuffix: 'Bucket',
  schema: bucketSchema,
  key: (spec) => spec.name,
  async plan(host, spec) {
    const exists = await bucketExists(host.services.s3, spec.name);
    return exists ? { action: 'unchanged' } : { action: 'create' };
  },
  async apply(host, spec) {
    if (await bucketExists(host.services.s3, spec.name)) return 'unchanged';
    await host.services.s3.createBucket({ Bucket: spec.name });
    return 'created';
  },
  async checkRemove(host, spec, options) {
    if (options.force) return undefined;
    const first = await firstKey(host.services.s3, spec.name);
    if (first === undefined) return undefined;
    return `bucket '${spec.name}' is not empty (it holds '${first}', among others); run down again with --force to delete its objects and the bucket, or empty it first`;
  },
  async remove(host, spec, options) {
    const s3 = host.services.s3;
    if (!(await bucketExists(s3, spec.name))) return 'absent';
    if (options.force) await emptyBucket(s3, spec.name);
    else {
      const first = await firstKey(s3, spec.name);
      if (first !== undefined) {
        throw new ModelmillError(
          'BucketNotEmpty',
          `bucket '${spec.name}' is not empty (it holds '${first}'); pass --force to delete its objects too, or empty it first`,
        );
      }
    }
    await s3.deleteBucket({ Bucket: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::S3::Bucket',
          Properties: defined({
            BucketName: spec.name,
            NotificationConfiguration: spec.eventBridge
              ? { EventBridgeConfiguration: { EventBridgeEnabled: true } }
              : undefined,
            Tags: cfnTags(spec.tags),
          }),
        },
      },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of bucket ${spec.name}`,
          Value: { 'Fn::GetAtt': [context.logicalId, 'Arn'] },
        },
      },
    };
  },
});

async function bucketExists(s3: LocalObjectStore, bucket: string): Promise<boolean> {
  return (
    (await unlessMissing(() => s3.headBucket({ Bucket: bucket }), 'NoSuchBucket')) !== undefined
  );
}

async function firstKey(s3: LocalObjectStore, bucket: string): Promise<string | undefined> {
  const page = await s3.listObjectsV2({ Bucket: bucket, MaxKeys: 1 });
  return page.Contents[0]?.Key;
}

async function emptyBucket(s3: LocalObjectStore, bucket: string): Promise<void> {
  for (;;) {
    const page = await s3.listObjectsV2({ Bucket: bucket, MaxKeys: 1000 });
    if (page.Contents.length === 0) return;
    const result = await s3.deleteObjects({
      Bucket: bucket,
      Delete: { Objects: page.Contents.map((o) => ({ Key: o.Key })), Quiet: true },
    });
    const failed = result.Errors[0];
    if (failed) {
      throw new ModelmillError(
        'BucketNotEmpty',
        `could not empty bucket '${bucket}': deleting '${failed.Key}' failed with ${failed.Code}: ${failed.Message}`,
        { fault: 'server' },
      );
    }
  }
}
