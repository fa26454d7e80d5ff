import type { AccountScope, Clock, IdGenerator } from '../../core/index.js';
import { ModelmillError, isModelmillError } from '../../core/index.js';
import type { DeliveryContext, DeliveryTarget } from './delivery.js';
import { deliverNotification } from './delivery.js';
import type { Notification } from './envelope.js';
import { compileFilterPolicy } from './filter-policy.js';
import { checkAttributes, checkSize, checkSubject, messagesOf } from './message-checks.js';
import { invalidParameter } from './names.js';
import type { SubscriptionRow, TopicRow } from './store.js';
import type { Topics } from './topics.js';
import type {
  BatchResultErrorEntry,
  PublishBatchEntry,
  PublishInput,
  PublishOutput,
} from './types.js';

/**
 * Publishing: validate the message, record it, then for every confirmed
 * subscription either record it FILTERED (its filter policy said no) or
 * start a delivery in the background. Publish answers as soon as the
 * message is accepted, as SNS does. FIFO topics get sequence numbers and
 * five-minute deduplication.
 */

const DEDUP_WINDOW_MS = 5 * 60 * 1000;

/** Publishes and fans out. */
export class Publisher {
  private readonly inflight = new Set<Promise<void>>();
  private readonly dedup = new Map<string, { output: PublishOutput; at: number }>();

  constructor(
    private readonly topics: Topics,
    private readonly delivery: DeliveryContext,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly publicUrl: string,
  ) {}

  private topicOf(input: PublishInput): TopicRow {
    if (input.PhoneNumber !== undefined)
      throw invalidParameter(
        'PhoneNumber Reason: modelmill does not send SMS; publish to a topic (TopicArn) instead',
      );
    if (input.TopicArn && input.TargetArn)
      throw invalidParameter('TopicArn Reason: give TopicArn or TargetArn, not both');
    const arn = input.TopicArn ?? input.TargetArn;
    if (arn === undefined)
      throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    return this.topics.get(arn, input.TopicArn ? 'TopicArn' : 'TargetArn');
  }

  private fifo(topic: TopicRow, input: PublishInput): { sequence?: string; dedupKey?: string } {
    const attributes = this.topics.attributesOf(topic);
    if (attributes.FifoTopic !== 'true') return {};
    if (!input.MessageGroupId)
      throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
    let dedupId = input.MessageDeduplicationId;
    if (!dedupId) {
      if (attributes.ContentBasedDeduplication !== 'true')
        throw invalidParameter(
          'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      dedupId = `content:${input.Message}`;
    }
    return { dedupKey: `${topic.name}\u0000${dedupId}` };
  }

  /** Publish: validates, records, fans out in the background. */
  publish(input: PublishInput): PublishOutput {
    const topic = this.topicOf(input);
    const messages = messagesOf(input);
    const subject = checkSubject(input.Subject);
    const attributes = checkAttributes(input.MessageAttributes);
    checkSize(input.Message, attributes);
    const { dedupKey } = this.fifo(topic, input);
    const now = this.clock.now();
    if (dedupKey) {
      const seen = this.dedup.get(dedupKey);
      if (seen && now - seen.at < DEDUP_WINDOW_MS) return seen.output;
    }
    const messageId = this.ids.uuid();
    const output: PublishOutput = { MessageId: messageId };
    if (dedupKey) {
      output.SequenceNumber = String(this.delivery.store.nextSequence(topic.name)).padStart(
        20,
        '0',
      );
      this.dedup.set(dedupKey, { output, at: now });
    }
    this.delivery.store.recordMessage({
      id: messageId,
      topicArn: topic.arn,
      ...(subject === undefined ? {} : { subject }),
      message: input.Message,
      attributes,
      at: now,
    });
    const displayName = this.topics.attributesOf(topic).DisplayName ?? '';
    const topicPolicy = this.topics.attributesOf(topic).DeliveryPolicy;
    for (const sub of this.delivery.store.listSubscriptions(topic.name)) {
      if (sub.confirmed !== 1) continue;
      const subAttributes = JSON.parse(sub.attributes) as Record<string, string>;
      const message = messages[sub.protocol] ?? messages.default;
      const base = {
        messageId,
        topicArn: topic.arn,
        subscriptionArn: sub.arn,
        protocol: sub.protocol,
        endpoint: sub.endpoint,
        at: now,
      };
      if (subAttributes.FilterPolicy) {
        const pass = compileFilterPolicy(
          subAttributes.FilterPolicy,
          subAttributes.FilterPolicyScope || 'MessageAttributes',
        );
        if (!pass(message, attributes)) {
          this.delivery.store.startDelivery({ ...base, status: 'FILTERED' });
          continue;
        }
      }
      const n: Notification = {
        messageId,
        topicArn: topic.arn,
        subscriptionArn: sub.arn,
        subject,
        message,
        timestamp: now,
        attributes,
        region: this.scope.region,
        publicUrl: this.publicUrl,
      };
      this.start(
        this.delivery.store.startDelivery(base),
        sub,
        subAttributes,
        { displayName, topicPolicy },
        n,
      );
    }
    return output;
  }

  private start(
    seq: number,
    sub: SubscriptionRow,
    attributes: Record<string, string>,
    topic: { displayName: string; topicPolicy: string | undefined },
    n: Notification,
  ): void {
    const target: DeliveryTarget = {
      protocol: sub.protocol,
      endpoint: sub.endpoint,
      raw: attributes.RawMessageDelivery === 'true',
      deliveryPolicy: attributes.DeliveryPolicy ?? topic.topicPolicy,
      displayName: topic.displayName,
    };
    const running = deliverNotification(this.delivery, seq, target, n).finally(() =>
      this.inflight.delete(running),
    );
    this.inflight.add(running);
  }

  /** Sends the confirmation request of a pending subscription (HTTP POST or e-mail). */
  confirmation(topic: TopicRow, sub: SubscriptionRow): void {
    const now = this.clock.now();
    const messageId = this.ids.uuid();
    const n: Notification = {
      type: 'SubscriptionConfirmation',
      token: sub.token,
      messageId,
      topicArn: topic.arn,
      subscriptionArn: sub.arn,
      subject: `AWS Notification - Subscription Confirmation`,
      message: `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      timestamp: now,
      attributes: {},
      region: this.scope.region,
      publicUrl: this.publicUrl,
    };
    const seq = this.delivery.store.startDelivery({
      messageId,
      topicArn: topic.arn,
      subscriptionArn: sub.arn,
      protocol: sub.protocol,
      endpoint: sub.endpoint,
      at: now,
    });
    this.start(
      seq,
      sub,
      { DeliveryPolicy: '{"healthyRetryPolicy":{"numRetries":0}}' },
      { displayName: '', topicPolicy: undefined },
      n,
    );
  }

  /** PublishBatch: 1-10 entries with distinct ids; each entry succeeds or fails on its own. */
  publishBatch(input: { TopicArn: string; PublishBatchRequestEntries: PublishBatchEntry[] }) {
    const entries = input.PublishBatchRequestEntries;
    this.topics.get(input.TopicArn);
    if (!Array.isArray(entries) || entries.length === 0)
      throw new ModelmillError(
        'EmptyBatchRequest',
        "The batch request doesn't contain any entries.",
      );
    if (entries.length > 10)
      throw new ModelmillError(
        'TooManyEntriesInBatchRequest',
        `The batch request contains more entries than permissible: ${entries.length}, the limit is 10.`,
      );
    const ids = entries.map((e) => e.Id);
    for (const id of ids)
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id))
        throw new ModelmillError(
          'InvalidBatchEntryId',
          `The Id of a batch entry in a batch request doesn't abide by the specification: '${String(id)}' (1-80 letters, digits, '-' or '_').`,
        );
    if (new Set(ids).size !== ids.length)
      throw new ModelmillError(
        'BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      );
    const successful: Array<{ Id: string; MessageId: string; SequenceNumber?: string }> = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const { Id, ...entry } of entries) {
      try {
        successful.push({ Id, ...this.publish({ ...entry, TopicArn: input.TopicArn }) });
      } catch (err) {
        if (!isModelmillError(err)) throw err;
        failed.push({
          Id,
          Code: err.code,
          Message: err.message,
          SenderFault: err.fault === 'client',
        });
      }
    }
    return { Successful: successful, Failed: failed };
  }

  /** Resolves when every delivery started so far has ended. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }
}
