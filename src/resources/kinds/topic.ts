import { z } from 'zod';
import { formatArn } from '../../core/index.js';
import type { ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import { cfnTags, defined, tagsSchema, unlessMissing } from './support.js';

/**
 * `topic`: an SNS topic. A name ending in `.fifo` makes a FIFO topic. The
 * display name (the e-mail sender name) changes in place; subscriptions are
 * declared as `subscription` resources naming the topic.
 */

const topicSchema = z.strictObject({
  kind: z.literal('topic'),
  /** 1-256 letters, digits, `-` and `_` (plus `.fifo` for a FIFO topic). */
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,256}$|^[A-Za-z0-9_-]{1,251}\.fifo$/,
      "a topic name is 1-256 letters, digits, '-' and '_' (a FIFO topic's ends with .fifo)",
    ),
  /** The sender name of e-mail notifications (up to 100 characters). */
  displayName: z.string().max(100).optional(),
  /** Tags, set when the topic is created. */
  tags: tagsSchema.optional(),
});

/** A topic spec. */
export type TopicSpec = z.infer<typeof topicSchema>;

/** The ARN of the topic `name` in the instance's account and region. */
export function topicArnOf(host: ResourceHost, name: string): string {
  return formatArn({ region: host.config.region, accountId: host.config.accountId }, 'sns', name);
}

/** The `topic` kind. */
export const topicKind = defineKind<TopicSpec>({
  kind: 'topic',
  logicalIdSuffix: 'Topic',
  schema: topicSchema,
  key: (spec) => spec.name,
  plan: planTopic,
  async apply(host, spec) {
    const plan = await planTopic(host, spec);
    if (plan.action === 'unchanged') return 'unchanged';
    const sns = host.services.sns;
    if (plan.action === 'update') {
      await sns.setTopicAttributes({
        TopicArn: topicArnOf(host, spec.name),
        AttributeName: 'DisplayName',
        AttributeValue: spec.displayName ?? '',
      });
      return 'updated';
    }
    await sns.createTopic({
      Name: spec.name,
      Attributes: {
        ...(spec.displayName ? { DisplayName: spec.displayName } : {}),
        ...(isFifo(spec) ? { FifoTopic: 'true' } : {}),
      },
      ...(spec.tags ? { Tags: cfnTags(spec.tags) as Array<{ Key: string; Value: string }> } : {}),
    });
    return 'created';
  },
  async remove(host, spec) {
    if (!(await attributesOf(host, spec.name))) return 'absent';
    await host.services.sns.deleteTopic({ TopicArn: topicArnOf(host, spec.name) });
    return 'deleted';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::SNS::Topic',
          Properties: defined({
            TopicName: spec.name,
            DisplayName: spec.displayName,
            FifoTopic: isFifo(spec) || undefined,
            Tags: cfnTags(spec.tags),
          }),
        },
      },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of topic ${spec.name}`,
          Value: { Ref: context.logicalId },
        },
      },
    };
  },
});

function isFifo(spec: TopicSpec): boolean {
  return spec.name.endsWith('.fifo');
}

async function attributesOf(host: ResourceHost, name: string) {
  const found = await unlessMissing(
    () => host.services.sns.getTopicAttributes({ TopicArn: topicArnOf(host, name) }),
    'NotFound',
  );
  return found?.Attributes;
}

async function planTopic(host: ResourceHost, spec: TopicSpec): Promise<ResourcePlan> {
  const attributes = await attributesOf(host, spec.name);
  if (!attributes) return { action: 'create' };
  return (attributes.DisplayName ?? '') === (spec.displayName ?? '')
    ? { action: 'unchanged' }
    : { action: 'update', changes: ['displayName'] };
}
