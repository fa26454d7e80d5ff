import type { AccountScope, Clock } from '../../core/index.js';
import { jsonEqual } from '../../core/index.js';
import { invalidParameter, checkTopicName, topicArn, topicNameOf, topicNotFound } from './names.js';
import type { SnsStore, TopicRow } from './store.js';
import type { Tag } from './types.js';

/**
 * Topics: CreateTopic (idempotent by name), DeleteTopic, ListTopics and the
 * topic attributes SNS reports (computed counts, default policy and
 * delivery policy) or lets callers set.
 */

const SETTABLE = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'DataProtectionPolicy',
  'FifoThroughputScope',
]);
const FEEDBACK =
  /^(HTTP|Firehose|Lambda|Application|SQS)(SuccessFeedbackRoleArn|SuccessFeedbackSampleRate|FailureFeedbackRoleArn)$/;

/** SNS's default delivery policy (what EffectiveDeliveryPolicy shows when none is set). */
export const DEFAULT_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

function checkAttributeName(name: unknown, creating: boolean): string {
  if (
    typeof name !== 'string' ||
    !(SETTABLE.has(name) || FEEDBACK.test(name) || (creating && name === 'FifoTopic'))
  )
    throw invalidParameter(
      `AttributeName: '${String(name)}' is not a topic attribute that can be set (e.g. DisplayName, Policy, DeliveryPolicy${creating ? ', FifoTopic' : ''})`,
    );
  return name;
}

function checkAttributeValue(name: string, value: string): void {
  if ((name === 'Policy' || name === 'DeliveryPolicy') && value !== '') {
    try {
      JSON.parse(value);
    } catch {
      throw invalidParameter(`Attributes Reason: ${name} is not valid JSON`);
    }
  }
  if (
    (name === 'FifoTopic' || name === 'ContentBasedDeduplication') &&
    value !== 'true' &&
    value !== 'false'
  )
    throw invalidParameter(`Attributes Reason: ${name} must be "true" or "false" (got '${value}')`);
}

/** Topic operations over the store. */
export class Topics {
  constructor(
    private readonly store: SnsStore,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
  ) {}

  /** The topic an ARN names (by name, any account or region), or NotFound. */
  get(arn: unknown, field = 'TopicArn'): TopicRow {
    const name = topicNameOf(arn, field);
    const row = this.store.getTopic(name);
    if (!row) throw topicNotFound(String(arn));
    return row;
  }

  /** The stored (user-set) attributes of a topic. */
  attributesOf(row: TopicRow): Record<string, string> {
    return JSON.parse(row.attributes) as Record<string, string>;
  }

  create(input: { Name: string; Attributes?: Record<string, string>; Tags?: Tag[] }): string {
    const attributes = { ...(input.Attributes ?? {}) };
    for (const [name, value] of Object.entries(attributes)) {
      checkAttributeName(name, true);
      checkAttributeValue(name, String(value));
    }
    const fifo = attributes.FifoTopic === 'true';
    if (attributes.FifoTopic === 'false') delete attributes.FifoTopic;
    const name = checkTopicName(input.Name, fifo);
    const existing = this.store.getTopic(name);
    if (existing) {
      const stored = this.attributesOf(existing);
      const differs = Object.entries(attributes).some(([k, v]) => stored[k] !== v);
      if (differs)
        throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
      if (input.Tags && input.Tags.length > 0 && !jsonEqual(JSON.parse(existing.tags), input.Tags))
        throw invalidParameter('Tags Reason: Topic already exists with different tags');
      return existing.arn;
    }
    const arn = topicArn(this.scope, name);
    this.store.insertTopic({
      name,
      arn,
      attributes: JSON.stringify(attributes),
      tags: JSON.stringify(input.Tags ?? []),
      created_at: this.clock.now(),
    });
    return arn;
  }

  delete(arn: unknown): void {
    const name = topicNameOf(arn);
    this.store.deleteTopic(name);
  }

  list(): string[] {
    return this.store.listTopics().map((t) => t.arn);
  }

  describe(arn: unknown): Record<string, string> {
    const row = this.get(arn);
    const subs = this.store.listSubscriptions(row.name);
    const stored = this.attributesOf(row);
    return {
      TopicArn: row.arn,
      Owner: this.scope.accountId,
      Policy: JSON.stringify({
        Version: '2008-10-17',
        Id: '__default_policy_ID',
        Statement: [
          {
            Sid: '__default_statement_ID',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: [
              'SNS:GetTopicAttributes',
              'SNS:SetTopicAttributes',
              'SNS:AddPermission',
              'SNS:RemovePermission',
              'SNS:DeleteTopic',
              'SNS:Subscribe',
              'SNS:ListSubscriptionsByTopic',
              'SNS:Publish',
            ],
            Resource: row.arn,
            Condition: { StringEquals: { 'AWS:SourceOwner': this.scope.accountId } },
          },
        ],
      }),
      DisplayName: '',
      SubscriptionsConfirmed: String(subs.filter((s) => s.confirmed === 1).length),
      SubscriptionsPending: String(subs.filter((s) => s.confirmed === 0).length),
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: stored.DeliveryPolicy ?? DEFAULT_DELIVERY_POLICY,
      ...stored,
    };
  }

  setAttribute(input: { TopicArn: string; AttributeName: string; AttributeValue?: string }): void {
    const row = this.get(input.TopicArn);
    const name = checkAttributeName(input.AttributeName, false);
    const value = input.AttributeValue ?? '';
    checkAttributeValue(name, value);
    const attributes = this.attributesOf(row);
    if (value === '' && name !== 'DisplayName') delete attributes[name];
    else attributes[name] = value;
    this.store.setTopicAttributes(row.name, attributes);
  }

  /** Guards operations that need the topic to be FIFO or standard. */
  isFifo(row: TopicRow): boolean {
    return this.attributesOf(row).FifoTopic === 'true';
  }
}
