import { z } from 'zod';
import {
  ModelmillError,
  errorMessage,
  isArn,
  jsonEqual,
  nameFromArnOrName,
  parseArn,
} from '../../core/index.js';
import type { Subscription } from '../../services/sns/index.js';
import { compileFilterPolicy } from '../../services/sns/index.js';
import type { ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import type { ResourceReference } from './references.js';
import { defined, unlessMissing } from './support.js';
import { linkTo, stackArn } from './synth-links.js';
import { topicArnOf } from './topic.js';

/**
 * `subscription`: an SNS subscription of an endpoint (an e-mail address, an
 * HTTP(S) URL, a function or queue ARN) to a topic named by name or ARN. SNS
 * knows a subscription by topic, protocol and endpoint, so those cannot
 * change (a changed endpoint is another subscription); the filter policy and
 * raw delivery change in place. Locally, e-mails land in `<home>/outbox`.
 */

const ENDPOINT: Record<string, { test: (e: string) => boolean; expected: string }> = {
  email: { test: (e) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(e), expected: 'an e-mail address' },
  'email-json': {
    test: (e) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(e),
    expected: 'an e-mail address',
  },
  http: { test: (e) => /^http:\/\/\S+$/i.test(e), expected: 'an http:// URL' },
  https: { test: (e) => /^https:\/\/\S+$/i.test(e), expected: 'an https:// URL' },
  lambda: { test: (e) => isArn(e) && parseArn(e).service === 'lambda', expected: 'a function ARN' },
  sqs: { test: (e) => isArn(e) && parseArn(e).service === 'sqs', expected: 'a queue ARN' },
};

const subscriptionSchema = z
  .strictObject({
    kind: z.literal('subscription'),
    /** How reports name it. Default: `<topic>:<protocol>:<endpoint>`. */
    name: z.string().min(1).optional(),
    /** The topic's name or ARN. */
    topic: z.string().min(1),
    /** email, email-json, http, https, lambda or sqs. */
    protocol: z.enum(['email', 'email-json', 'http', 'https', 'lambda', 'sqs']),
    /** Where messages go, in the protocol's form. */
    endpoint: z.string().min(1),
    /** Which messages this subscriber gets (SNS's filter policy language), as an object. */
    filterPolicy: z.record(z.string(), z.json()).optional(),
    /** What the filter policy reads: MessageAttributes (default) or MessageBody. */
    filterPolicyScope: z.enum(['MessageAttributes', 'MessageBody']).optional(),
    /** Deliver the message alone, without SNS's JSON envelope (http, https, sqs). Default false. */
    rawMessageDelivery: z.boolean().default(false),
  })
  .superRefine((spec, ctx) => {
    const rule = ENDPOINT[spec.protocol];
    if (rule && !rule.test(spec.endpoint)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoint'],
        message: `protocol ${spec.protocol} needs ${rule.expected} as endpoint, got ${JSON.stringify(spec.endpoint)}`,
      });
    }
    if (spec.filterPolicy) {
      try {
        compileFilterPolicy(JSON.stringify(spec.filterPolicy), spec.filterPolicyScope);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['filterPolicy'], message: errorMessage(err) });
      }
    } else if (spec.filterPolicyScope) {
      ctx.addIssue({
        code: 'custom',
        path: ['filterPolicyScope'],
        message: 'needs a filterPolicy',
      });
    }
    if (spec.rawMessageDelivery && !['http', 'https', 'sqs'].includes(spec.protocol)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rawMessageDelivery'],
        message: `${spec.protocol} subscriptions cannot take raw delivery (http, https and sqs can)`,
      });
    }
  })
  .transform((spec) => ({
    ...spec,
    name: spec.name ?? `${nameFromArnOrName(spec.topic)}:${spec.protocol}:${spec.endpoint}`,
  }));

/** A subscription spec. */
export type SubscriptionSpec = z.infer<typeof subscriptionSchema>;

/** The topic a subscription needs before it is applied. */
export function subscriptionReferences(spec: SubscriptionSpec): ResourceReference[] {
  return [{ kind: 'topic', key: nameFromArnOrName(spec.topic), field: 'topic' }];
}

/** The `subscription` kind. */
export const subscriptionKind = defineKind<SubscriptionSpec>({
  kind: 'subscription',
  logicalIdSuffix: 'Subscription',
  schema: subscriptionSchema,
  key: (spec) => `${nameFromArnOrName(spec.topic)}|${spec.protocol}|${spec.endpoint}`,
  plan: async (host, spec) => (await planSubscription(host, spec)).plan,
  async apply(host, spec) {
    const { plan, arn, now } = await planSubscription(host, spec);
    if (plan.action === 'unchanged') return 'unchanged';
    const sns = host.services.sns;
    const wanted = attributesOf(spec);
    if (plan.action === 'update' && arn) {
      // The old policy goes first, so the new scope is never checked against it.
      const steps: Array<[string, string]> = [
        ...(now?.FilterPolicy ? [['FilterPolicy', ''] as [string, string]] : []),
        ['FilterPolicyScope', wanted.FilterPolicyScope ?? 'MessageAttributes'],
        ['RawMessageDelivery', wanted.RawMessageDelivery ?? 'false'],
        ...(wanted.FilterPolicy ? [['FilterPolicy', wanted.FilterPolicy] as [string, string]] : []),
      ];
      for (const [AttributeName, AttributeValue] of steps)
        await sns.setSubscriptionAttributes({
          SubscriptionArn: arn,
          AttributeName,
          AttributeValue,
        });
      return 'updated';
    }
    await requireTopic(host, spec);
    await sns.subscribe({
      TopicArn: topicOf(host, spec),
      Protocol: spec.protocol,
      Endpoint: spec.endpoint,
      Attributes: wanted,
      ReturnSubscriptionArn: true,
    });
    return 'created';
  },
  async remove(host, spec) {
    const found = await find(host, spec);
    if (!found) return 'absent';
    await host.services.sns.unsubscribe({ SubscriptionArn: await realArn(host, spec, found) });
    return 'deleted';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::SNS::Subscription',
          Properties: defined({
            TopicArn: linkTo(context, 'topic', spec.topic, (name) => stackArn('sns', name)),
            Protocol: spec.protocol,
            Endpoint: spec.endpoint,
            FilterPolicy: spec.filterPolicy,
            FilterPolicyScope: spec.filterPolicyScope,
            RawMessageDelivery: spec.rawMessageDelivery || undefined,
          }),
        },
        ...(spec.protocol === 'lambda'
          ? {
              [`${context.logicalId}Invoke`]: {
                Type: 'AWS::Lambda::Permission',
                Properties: {
                  Action: 'lambda:InvokeFunction',
                  FunctionName: spec.endpoint,
                  Principal: 'sns.amazonaws.com',
                  SourceArn: linkTo(context, 'topic', spec.topic, (name) => stackArn('sns', name)),
                },
              },
            }
          : {}),
      },
    };
  },
});

function topicOf(host: ResourceHost, spec: SubscriptionSpec): string {
  return isArn(spec.topic) ? spec.topic : topicArnOf(host, spec.topic);
}

/** The attributes the spec sets, as SNS stores them. */
function attributesOf(spec: SubscriptionSpec): Record<string, string> {
  return {
    ...(spec.filterPolicy ? { FilterPolicy: JSON.stringify(spec.filterPolicy) } : {}),
    ...(spec.filterPolicy && spec.filterPolicyScope
      ? { FilterPolicyScope: spec.filterPolicyScope }
      : {}),
    ...(spec.rawMessageDelivery ? { RawMessageDelivery: 'true' } : {}),
  };
}

async function requireTopic(host: ResourceHost, spec: SubscriptionSpec): Promise<void> {
  const found = await unlessMissing(
    () => host.services.sns.getTopicAttributes({ TopicArn: topicOf(host, spec) }),
    'NotFound',
  );
  if (!found) {
    throw new ModelmillError(
      'NotFound',
      `topic: subscription '${spec.name}' names topic '${nameFromArnOrName(spec.topic)}', which does not exist; declare it as a topic before this subscription in the config (resources are applied in the order listed), or create it first`,
    );
  }
}

/** The subscription of the spec's topic, protocol and endpoint, if any. */
async function find(host: ResourceHost, spec: SubscriptionSpec): Promise<Subscription | undefined> {
  const sns = host.services.sns;
  const TopicArn = topicOf(host, spec);
  let token: string | undefined;
  do {
    const page = await unlessMissing(
      () => sns.listSubscriptionsByTopic({ TopicArn, ...(token ? { NextToken: token } : {}) }),
      'NotFound',
    );
    if (!page) return undefined;
    const hit = page.Subscriptions.find(
      (s) => s.Protocol === spec.protocol && s.Endpoint === spec.endpoint,
    );
    if (hit) return hit;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/** The ARN of a found subscription; one awaiting confirmation is listed without it, so ask Subscribe (idempotent). */
async function realArn(
  host: ResourceHost,
  spec: SubscriptionSpec,
  found: Subscription,
): Promise<string> {
  if (isArn(found.SubscriptionArn)) return found.SubscriptionArn;
  const { SubscriptionArn } = await host.services.sns.subscribe({
    TopicArn: topicOf(host, spec),
    Protocol: spec.protocol,
    Endpoint: spec.endpoint,
    ReturnSubscriptionArn: true,
  });
  return SubscriptionArn;
}

async function planSubscription(
  host: ResourceHost,
  spec: SubscriptionSpec,
): Promise<{ plan: ResourcePlan; arn?: string; now?: Record<string, string> }> {
  const found = await find(host, spec);
  if (!found) return { plan: { action: 'create' } };
  // A subscription awaiting confirmation shows no attributes; it is left as it is.
  if (!isArn(found.SubscriptionArn)) return { plan: { action: 'unchanged' } };
  const arn = found.SubscriptionArn;
  const { Attributes: now } = await host.services.sns.getSubscriptionAttributes({
    SubscriptionArn: arn,
  });
  const wanted = attributesOf(spec);
  const changes: string[] = [];
  const policy = (text: string | undefined) => (text ? JSON.parse(text) : null);
  if (!jsonEqual(policy(now.FilterPolicy), policy(wanted.FilterPolicy)))
    changes.push('filterPolicy');
  if (
    now.FilterPolicy &&
    (now.FilterPolicyScope ?? 'MessageAttributes') !==
      (wanted.FilterPolicyScope ?? 'MessageAttributes')
  )
    changes.push('filterPolicyScope');
  if ((now.RawMessageDelivery ?? 'false') !== (wanted.RawMessageDelivery ?? 'false'))
    changes.push('rawMessageDelivery');
  return {
    plan: changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes },
    arn,
    now,
  };
}
