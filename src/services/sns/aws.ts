import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { SNSClientConfig } from '@aws-sdk/client-sns';
import { isPlainObject } from '../../core/index.js';
import {
  createSdkSender,
  fromSdkError as fromSdkErrorWith,
  fromSdk as fromSdkValue,
} from '../common/index.js';
import type { MessageAttributeValue, SnsService } from './types.js';

/**
 * The SNS port over the AWS SDK v3, for running against AWS (or any SNS
 * endpoint, such as `modelmill serve`). Binary attribute values cross the
 * boundary as base64; SDK exceptions become ModelmillErrors with SNS's wire
 * codes (`NotFoundException` → `NotFound`), as the embedded adapter throws.
 */

/** A client to use, or the settings to build one from (region, endpoint, credentials). */
export interface AwsSnsOptions {
  client?: SNSClient;
  config?: SNSClientConfig;
}

/** SDK exception names whose wire code is not the name without `Exception`. */
const WIRE_CODES: Record<string, string> = {
  InvalidParameterValueException: 'ParameterValueInvalid',
  ValidationException: 'ValidationException',
};

/** The wire code of an SDK exception name. */
export function wireCode(name: string): string {
  return WIRE_CODES[name] ?? name.replace(/Exception$/, '');
}

/** An SDK failure as the ModelmillError the local adapter would throw (SNS's wire codes). */
export function fromSdkError(err: unknown): unknown {
  return fromSdkErrorWith(err, { code: wireCode });
}

/** SDK values → port values: bytes become base64, dates epoch seconds; `$metadata` is dropped. */
export function fromSdk(value: unknown): any {
  return fromSdkValue(value, { bytes: 'base64' });
}

function attributesToSdk(attributes: Record<string, MessageAttributeValue> | undefined): any {
  if (!isPlainObject(attributes)) return attributes;
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      a.BinaryValue === undefined ? a : { ...a, BinaryValue: Buffer.from(a.BinaryValue, 'base64') },
    ]),
  );
}

/** The port over the AWS SDK. */
export function createAwsSns(options: AwsSnsOptions = {}): SnsService {
  const client = options.client ?? new SNSClient(options.config ?? {});
  const send = createSdkSender(client, { output: fromSdk, error: fromSdkError });
  const topics = async (input: { NextToken?: string } = {}) => {
    const out = await send<{ Topics?: Array<{ TopicArn: string }>; NextToken?: string }>(
      new ListTopicsCommand(input),
    );
    return { ...out, Topics: out.Topics ?? [] };
  };
  const subs = (out: any) => ({ ...out, Subscriptions: out.Subscriptions ?? [] });
  return {
    createTopic: (input) => send(new CreateTopicCommand(input)),
    deleteTopic: (input) => send(new DeleteTopicCommand(input)),
    listTopics: topics,
    getTopicAttributes: async (input) => ({
      Attributes: {},
      ...(await send<any>(new GetTopicAttributesCommand(input))),
    }),
    setTopicAttributes: (input) => send(new SetTopicAttributesCommand(input)),
    subscribe: (input) => send(new SubscribeCommand(input)),
    confirmSubscription: (input) => send(new ConfirmSubscriptionCommand(input)),
    unsubscribe: (input) => send(new UnsubscribeCommand(input)),
    listSubscriptions: async (input = {}) => subs(await send(new ListSubscriptionsCommand(input))),
    listSubscriptionsByTopic: async (input) =>
      subs(await send(new ListSubscriptionsByTopicCommand(input))),
    getSubscriptionAttributes: async (input) => ({
      Attributes: {},
      ...(await send<any>(new GetSubscriptionAttributesCommand(input))),
    }),
    setSubscriptionAttributes: (input) => send(new SetSubscriptionAttributesCommand(input)),
    publish: (input) =>
      send(
        new PublishCommand({
          ...input,
          MessageAttributes: attributesToSdk(input.MessageAttributes),
        }),
      ),
    publishBatch: async (input) => {
      const out = await send<any>(
        new PublishBatchCommand({
          ...input,
          PublishBatchRequestEntries: input.PublishBatchRequestEntries.map((e) => ({
            ...e,
            MessageAttributes: attributesToSdk(e.MessageAttributes),
          })),
        }),
      );
      return { Successful: out.Successful ?? [], Failed: out.Failed ?? [] };
    },
  };
}
