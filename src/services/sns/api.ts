import type { ApiModule, ApiRequest } from '../../server/index.js';
import { element, entryMap, memberList, unflatten } from './query.js';
import type { SnsService, Subscription } from './types.js';

/**
 * SNS's wire protocol: the AWS Query protocol (form-encoded `Action=...`,
 * flattened lists and maps) answered with XML in the
 * `http://sns.amazonaws.com/doc/2010-03-31/` namespace, which the server
 * wraps in `<XResponse><XResult>`. Serves `@aws-sdk/client-sns` and
 * `aws sns ... --endpoint-url`.
 */

type Operation = (params: Record<string, string>, request: ApiRequest) => Promise<string>;

function bool(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value.toLowerCase() === 'true' : value === true;
}

function subscriptions(out: { Subscriptions: Subscription[]; NextToken?: string }): string {
  return (
    memberList(
      'Subscriptions',
      out.Subscriptions.map((s) => ({
        TopicArn: s.TopicArn,
        Protocol: s.Protocol,
        SubscriptionArn: s.SubscriptionArn,
        Owner: s.Owner,
        Endpoint: s.Endpoint,
      })),
    ) + element('NextToken', out.NextToken)
  );
}

/** The ApiModule of SNS for the HTTP server. */
export function snsApi(service: SnsService): ApiModule {
  const ops: Record<string, Operation> = {
    CreateTopic: async (p) =>
      element('TopicArn', (await service.createTopic(unflatten(p) as any)).TopicArn),
    DeleteTopic: async (p) => (await service.deleteTopic(unflatten(p) as any), ''),
    async ListTopics(p) {
      const out = await service.listTopics(unflatten(p));
      return memberList('Topics', out.Topics) + element('NextToken', out.NextToken);
    },
    GetTopicAttributes: async (p) =>
      entryMap('Attributes', (await service.getTopicAttributes(unflatten(p) as any)).Attributes),
    SetTopicAttributes: async (p) => (await service.setTopicAttributes(unflatten(p) as any), ''),
    async Subscribe(p) {
      const input = unflatten(p);
      const returnArn = bool(input.ReturnSubscriptionArn);
      const out = await service.subscribe({
        ...(input as any),
        ...(returnArn === undefined ? {} : { ReturnSubscriptionArn: returnArn }),
      });
      return element('SubscriptionArn', out.SubscriptionArn);
    },
    ConfirmSubscription: async (p) =>
      element(
        'SubscriptionArn',
        (await service.confirmSubscription(unflatten(p) as any)).SubscriptionArn,
      ),
    Unsubscribe: async (p) => (await service.unsubscribe(unflatten(p) as any), ''),
    ListSubscriptions: async (p) => subscriptions(await service.listSubscriptions(unflatten(p))),
    ListSubscriptionsByTopic: async (p) =>
      subscriptions(await service.listSubscriptionsByTopic(unflatten(p) as any)),
    GetSubscriptionAttributes: async (p) =>
      entryMap(
        'Attributes',
        (await service.getSubscriptionAttributes(unflatten(p) as any)).Attributes,
      ),
    SetSubscriptionAttributes: async (p) => (
      await service.setSubscriptionAttributes(unflatten(p) as any),
      ''
    ),
    async Publish(p) {
      const out = await service.publish(unflatten(p) as any);
      return element('MessageId', out.MessageId) + element('SequenceNumber', out.SequenceNumber);
    },
    async PublishBatch(p) {
      const out = await service.publishBatch(unflatten(p) as any);
      return (
        memberList('Successful', out.Successful) +
        memberList(
          'Failed',
          out.Failed.map((f) => ({ ...f })),
        )
      );
    },
  };
  return {
    signingName: 'sns',
    query: { xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/', operations: ops },
  };
}
