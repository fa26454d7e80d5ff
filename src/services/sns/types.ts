/**
 * The SNS port: topics, subscriptions and publishing with the API's own
 * field names (PascalCase), so the Query protocol, the Step Functions
 * integration and the AWS adapter pass requests through unchanged. Binary
 * attribute values travel as base64 text.
 */

/** A key/value tag. */
export interface Tag {
  Key: string;
  Value: string;
}

/** A message attribute as Publish takes it. */
export interface MessageAttributeValue {
  /** `String`, `Number`, `Binary` or `String.Array` (optionally with a `.custom` suffix). */
  DataType: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
}

/** A subscription as the List operations show it. */
export interface Subscription {
  SubscriptionArn: string;
  Owner: string;
  Protocol: string;
  Endpoint: string;
  TopicArn: string;
}

/** Publish's request. */
export interface PublishInput {
  TopicArn?: string;
  TargetArn?: string;
  PhoneNumber?: string;
  Message: string;
  Subject?: string;
  /** `json`: Message is an object of per-protocol messages with a `default`. */
  MessageStructure?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

/** Publish's answer. */
export interface PublishOutput {
  MessageId: string;
  /** FIFO topics only. */
  SequenceNumber?: string;
}

/** One entry of PublishBatch. */
export interface PublishBatchEntry extends Omit<
  PublishInput,
  'TopicArn' | 'TargetArn' | 'PhoneNumber'
> {
  Id: string;
}

/** A failed entry of PublishBatch. */
export interface BatchResultErrorEntry {
  Id: string;
  Code: string;
  Message?: string;
  SenderFault: boolean;
}

/** The SNS operations modelmill serves. */
export interface SnsService {
  createTopic(input: { Name: string; Attributes?: Record<string, string>; Tags?: Tag[] }): Promise<{
    TopicArn: string;
  }>;
  deleteTopic(input: { TopicArn: string }): Promise<Record<string, never>>;
  listTopics(input?: {
    NextToken?: string;
  }): Promise<{ Topics: Array<{ TopicArn: string }>; NextToken?: string }>;
  getTopicAttributes(input: { TopicArn: string }): Promise<{ Attributes: Record<string, string> }>;
  setTopicAttributes(input: {
    TopicArn: string;
    AttributeName: string;
    AttributeValue?: string;
  }): Promise<Record<string, never>>;
  subscribe(input: {
    TopicArn: string;
    Protocol: string;
    Endpoint?: string;
    Attributes?: Record<string, string>;
    ReturnSubscriptionArn?: boolean;
  }): Promise<{ SubscriptionArn: string }>;
  confirmSubscription(input: {
    TopicArn: string;
    Token: string;
    AuthenticateOnUnsubscribe?: string;
  }): Promise<{ SubscriptionArn: string }>;
  unsubscribe(input: { SubscriptionArn: string }): Promise<Record<string, never>>;
  listSubscriptions(input?: {
    NextToken?: string;
  }): Promise<{ Subscriptions: Subscription[]; NextToken?: string }>;
  listSubscriptionsByTopic(input: {
    TopicArn: string;
    NextToken?: string;
  }): Promise<{ Subscriptions: Subscription[]; NextToken?: string }>;
  getSubscriptionAttributes(input: {
    SubscriptionArn: string;
  }): Promise<{ Attributes: Record<string, string> }>;
  setSubscriptionAttributes(input: {
    SubscriptionArn: string;
    AttributeName: string;
    AttributeValue?: string;
  }): Promise<Record<string, never>>;
  publish(input: PublishInput): Promise<PublishOutput>;
  publishBatch(input: {
    TopicArn: string;
    PublishBatchRequestEntries: PublishBatchEntry[];
  }): Promise<{
    Successful: Array<{ Id: string; MessageId: string; SequenceNumber?: string }>;
    Failed: BatchResultErrorEntry[];
  }>;
}

/** Where deliveries go besides HTTP and e-mail, wired by the composition root. */
export interface SnsPorts {
  /** Invokes a function with the SNS event (`{"Records": [...]}`) as JSON text. */
  invokeFunction?(functionArn: string, payload: string): Promise<unknown>;
  /** Sends a message body to a queue (`sqs` subscriptions). */
  sendMessage?(queueArn: string, body: string): Promise<unknown>;
}

/** Delivery outcomes. */
export const NotificationStatus = {
  PENDING: 'PENDING',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
  /** The subscription's filter policy did not match. */
  FILTERED: 'FILTERED',
} as const;
/** A delivery outcome. */
export type NotificationStatus = (typeof NotificationStatus)[keyof typeof NotificationStatus];

/** One message handed (or not) to one subscription. */
export interface NotificationRecord {
  messageId: string;
  topicArn: string;
  subject?: string;
  subscriptionArn: string;
  protocol: string;
  endpoint: string;
  status: NotificationStatus;
  attempts: number;
  /** Where it went: the `.eml` file, the HTTP status, the function's answer. */
  detail?: string;
  error?: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  finishedAt?: number;
}

/** Filters of the delivery log. */
export interface NotificationQuery {
  /** Topic name or ARN. */
  topic?: string;
  status?: NotificationStatus;
  /** Newest first; default 50. */
  limit?: number;
}

/** The embedded SNS: the port plus what local tools need. */
export interface LocalSns extends SnsService {
  /** The delivery log, newest first. */
  listNotifications(query?: NotificationQuery): NotificationRecord[];
  /** Where e-mails are written (`<home>/outbox`). */
  readonly outbox: string;
  /** Wires (or rewires) the function and queue ports. */
  connect(ports: SnsPorts): void;
  /** Resolves when every delivery started so far has finished (retries included). */
  idle(): Promise<void>;
}
