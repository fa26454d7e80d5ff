import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from './types.js';

/**
 * What subscribers receive: the JSON envelope SNS posts to HTTP endpoints
 * and e-mails as `email-json` (Type Notification, MessageId, TopicArn,
 * Subject, Message, Timestamp, the signature fields, UnsubscribeURL,
 * MessageAttributes) and the event Lambda functions get (`Records[].Sns`).
 * Signatures are local: a digest of the canonical string that no AWS
 * certificate verifies, so endpoints must not insist on checking them.
 */

/** One message on its way to one subscription. */
export interface Notification {
  messageId: string;
  topicArn: string;
  subscriptionArn: string;
  subject: string | undefined;
  message: string;
  /** Epoch ms. */
  timestamp: number;
  attributes: Record<string, MessageAttributeValue>;
  region: string;
  /** Base of UnsubscribeURL, e.g. `http://127.0.0.1:8083`. */
  publicUrl: string;
  /** Default `Notification`; a `SubscriptionConfirmation` carries the token to confirm with. */
  type?: 'Notification' | 'SubscriptionConfirmation';
  token?: string;
}

function attributesOut(
  attributes: Record<string, MessageAttributeValue>,
): Record<string, { Type: string; Value: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      { Type: a.DataType, Value: a.StringValue ?? a.BinaryValue ?? '' },
    ]),
  );
}

function unsubscribeUrl(n: Notification): string {
  return `${n.publicUrl.replace(/\/$/, '')}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(n.subscriptionArn)}`;
}

/** The link that confirms a pending subscription. */
export function subscribeUrl(n: Notification): string {
  return `${n.publicUrl.replace(/\/$/, '')}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(n.topicArn)}&Token=${n.token ?? ''}`;
}

function signature(n: Notification): string {
  const canonical = [
    'Message',
    n.message,
    'MessageId',
    n.messageId,
    ...(n.subject === undefined ? [] : ['Subject', n.subject]),
    'Timestamp',
    new Date(n.timestamp).toISOString(),
    'TopicArn',
    n.topicArn,
    'Type',
    'Notification',
    '',
  ].join('\n');
  return createHash('sha1').update(canonical).digest('base64');
}

function certUrl(region: string): string {
  return `https://sns.${region}.amazonaws.com/SimpleNotificationService-modelmill-local.pem`;
}

/** The JSON envelope (http/https, email-json, sqs without raw delivery). */
export function envelope(n: Notification): Record<string, unknown> {
  const attrs = attributesOut(n.attributes);
  if (n.type === 'SubscriptionConfirmation') {
    return {
      Type: 'SubscriptionConfirmation',
      MessageId: n.messageId,
      Token: n.token,
      TopicArn: n.topicArn,
      Message: n.message,
      SubscribeURL: subscribeUrl(n),
      Timestamp: new Date(n.timestamp).toISOString(),
      SignatureVersion: '1',
      Signature: signature(n),
      SigningCertURL: certUrl(n.region),
    };
  }
  return {
    Type: 'Notification',
    MessageId: n.messageId,
    TopicArn: n.topicArn,
    ...(n.subject === undefined ? {} : { Subject: n.subject }),
    Message: n.message,
    Timestamp: new Date(n.timestamp).toISOString(),
    SignatureVersion: '1',
    Signature: signature(n),
    SigningCertURL: certUrl(n.region),
    UnsubscribeURL: unsubscribeUrl(n),
    ...(Object.keys(attrs).length > 0 ? { MessageAttributes: attrs } : {}),
  };
}

/** The event a Lambda subscription receives. */
export function lambdaEvent(n: Notification): Record<string, unknown> {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: n.subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: n.messageId,
          TopicArn: n.topicArn,
          Subject: n.subject ?? null,
          Message: n.message,
          Timestamp: new Date(n.timestamp).toISOString(),
          SignatureVersion: '1',
          Signature: signature(n),
          SigningCertUrl: certUrl(n.region),
          UnsubscribeUrl: unsubscribeUrl(n),
          MessageAttributes: attributesOut(n.attributes),
        },
      },
    ],
  };
}

/** The headers SNS sends with an HTTP notification. */
export function httpHeaders(n: Notification, raw: boolean): Record<string, string> {
  return {
    'content-type': 'text/plain; charset=UTF-8',
    'x-amz-sns-message-type': n.type ?? 'Notification',
    'x-amz-sns-message-id': n.messageId,
    'x-amz-sns-topic-arn': n.topicArn,
    'x-amz-sns-subscription-arn': n.subscriptionArn,
    ...(raw ? { 'x-amz-sns-rawdelivery': 'true' } : {}),
    'user-agent': 'Amazon Simple Notification Service Agent',
  };
}

/** The text footer SNS adds under e-mail messages. */
export function emailFooter(n: Notification): string {
  return `\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n${unsubscribeUrl(n)}\n\nPlease do not reply directly to this email. This message was delivered by modelmill's local SNS.`;
}
