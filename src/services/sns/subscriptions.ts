import type { AccountScope, Clock, IdGenerator } from '../../core/index.js';
import { isArn, jsonEqual, parseArn } from '../../core/index.js';
import { compileFilterPolicy } from './filter-policy.js';
import { invalidParameter, page, subscriptionNotFound } from './names.js';
import type { SnsStore, SubscriptionRow } from './store.js';
import type { Topics } from './topics.js';
import type { Subscription } from './types.js';

/**
 * Subscriptions: Subscribe (idempotent per topic, protocol and endpoint),
 * the confirmation flow, Unsubscribe, the List operations and subscription
 * attributes (FilterPolicy and its scope, RawMessageDelivery,
 * DeliveryPolicy). Locally, subscriptions are confirmed at once unless the
 * service is built with `autoConfirm: false`; then HTTP(S) and e-mail
 * subscriptions wait for ConfirmSubscription with the token sent to them.
 */

const PROTOCOLS = new Set(['http', 'https', 'email', 'email-json', 'lambda', 'sqs']);
const NOT_LOCAL = new Set(['sms', 'application', 'firehose']);
const SETTABLE = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);
const RAW_CAPABLE = new Set(['http', 'https', 'sqs', 'firehose']);

function checkEndpoint(protocol: string, endpoint: unknown): string {
  if (typeof endpoint !== 'string' || endpoint === '')
    throw invalidParameter(`Endpoint Reason: a ${protocol} subscription needs an Endpoint`);
  const arnOf = (service: string) => isArn(endpoint) && parseArn(endpoint).service === service;
  const ok =
    protocol === 'http'
      ? /^http:\/\/\S+$/i.test(endpoint)
      : protocol === 'https'
        ? /^https:\/\/\S+$/i.test(endpoint)
        : protocol === 'email' || protocol === 'email-json'
          ? /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(endpoint)
          : protocol === 'lambda'
            ? arnOf('lambda')
            : arnOf('sqs');
  if (!ok) {
    const expected: Record<string, string> = {
      http: 'an http:// URL',
      https: 'an https:// URL',
      email: 'an e-mail address',
      'email-json': 'an e-mail address',
      lambda: 'a function ARN (arn:aws:lambda:<region>:<account>:function:<name>)',
      sqs: 'a queue ARN (arn:aws:sqs:<region>:<account>:<name>)',
    };
    throw invalidParameter(
      `Endpoint Reason: '${endpoint}' does not match protocol ${protocol}; expected ${expected[protocol]}`,
    );
  }
  return endpoint;
}

/** Subscription operations over the store. */
export class Subscriptions {
  constructor(
    private readonly store: SnsStore,
    private readonly topics: Topics,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly autoConfirm: boolean,
  ) {}

  private checkAttribute(
    protocol: string,
    name: string,
    value: string,
    attributes: Record<string, string>,
  ): void {
    if (!SETTABLE.has(name))
      throw invalidParameter(
        `AttributeName: '${name}' is not a subscription attribute that can be set (${[...SETTABLE].join(', ')})`,
      );
    if (name === 'RawMessageDelivery') {
      if (value !== 'true' && value !== 'false')
        throw invalidParameter(
          `Attributes Reason: RawMessageDelivery must be "true" or "false" (got '${value}')`,
        );
      if (value === 'true' && !RAW_CAPABLE.has(protocol))
        throw invalidParameter(
          `Attributes Reason: Delivery protocol [${protocol}] does not support raw message delivery.`,
        );
    }
    if (name === 'FilterPolicy' || name === 'FilterPolicyScope') {
      const merged = { ...attributes, [name]: value };
      if (merged.FilterPolicy)
        compileFilterPolicy(merged.FilterPolicy, merged.FilterPolicyScope || 'MessageAttributes');
      else if (
        name === 'FilterPolicyScope' &&
        value !== 'MessageAttributes' &&
        value !== 'MessageBody'
      )
        throw invalidParameter(
          `FilterPolicyScope: '${value}' is neither MessageAttributes nor MessageBody`,
        );
    }
    if ((name === 'DeliveryPolicy' || name === 'RedrivePolicy') && value !== '') {
      try {
        JSON.parse(value);
      } catch {
        throw invalidParameter(`Attributes Reason: ${name} is not valid JSON`);
      }
    }
  }

  /** Subscribe; returns the ARN, or `pending confirmation` for one awaiting confirmation. */
  subscribe(input: {
    TopicArn: string;
    Protocol: string;
    Endpoint?: string;
    Attributes?: Record<string, string>;
    ReturnSubscriptionArn?: boolean;
  }): { arn: string; row: SubscriptionRow } {
    const topic = this.topics.get(input.TopicArn);
    const protocol = String(input.Protocol ?? '').toLowerCase();
    if (NOT_LOCAL.has(protocol))
      throw invalidParameter(
        `Protocol: modelmill does not deliver ${protocol} locally; use http, https, email, email-json, lambda or sqs`,
      );
    if (!PROTOCOLS.has(protocol))
      throw invalidParameter(
        `Amazon SNS does not support this protocol string: ${String(input.Protocol)}`,
      );
    const endpoint = checkEndpoint(protocol, input.Endpoint);
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.Attributes ?? {})) {
      this.checkAttribute(protocol, name, String(value), attributes);
      attributes[name] = String(value);
    }
    const existing = this.store
      .listSubscriptions(topic.name)
      .find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (existing) {
      if (input.Attributes && !jsonEqual(JSON.parse(existing.attributes), attributes))
        throw invalidParameter(
          'Attributes Reason: Subscription already exists with different attributes',
        );
      return { arn: this.shownArn(existing, input.ReturnSubscriptionArn), row: existing };
    }
    const confirmed = this.autoConfirm || protocol === 'lambda' || protocol === 'sqs';
    const row: SubscriptionRow = {
      arn: `${topic.arn}:${this.ids.uuid()}`,
      topic: topic.name,
      protocol,
      endpoint,
      confirmed: confirmed ? 1 : 0,
      token: this.ids.uuid().replace(/-/g, '') + this.ids.uuid().replace(/-/g, ''),
      attributes: JSON.stringify(attributes),
      created_at: this.clock.now(),
    };
    this.store.insertSubscription(row);
    return { arn: this.shownArn(row, input.ReturnSubscriptionArn), row };
  }

  private shownArn(row: SubscriptionRow, returnArn: boolean | undefined): string {
    return row.confirmed === 1 || returnArn ? row.arn : 'pending confirmation';
  }

  confirm(input: { TopicArn: string; Token: string }): string {
    const topic = this.topics.get(input.TopicArn);
    const row = this.store.listSubscriptions(topic.name).find((s) => s.token === input.Token);
    if (!row)
      throw invalidParameter(
        `Token: no subscription of ${topic.arn} awaits confirmation with this token`,
      );
    this.store.updateSubscription(row.arn, { confirmed: 1 });
    return row.arn;
  }

  unsubscribe(arn: unknown): void {
    if (typeof arn !== 'string' || arn === '')
      throw invalidParameter('SubscriptionArn Reason: no value for required parameter');
    this.store.deleteSubscription(arn);
  }

  private toSubscription(row: SubscriptionRow): Subscription {
    return {
      SubscriptionArn: row.confirmed === 1 ? row.arn : 'PendingConfirmation',
      Owner: this.scope.accountId,
      Protocol: row.protocol,
      Endpoint: row.endpoint,
      TopicArn: row.arn.slice(0, row.arn.lastIndexOf(':')),
    };
  }

  list(
    topicArn: unknown,
    nextToken: unknown,
  ): { Subscriptions: Subscription[]; NextToken?: string } {
    const rows =
      topicArn === undefined
        ? this.store.listSubscriptions()
        : this.store.listSubscriptions(this.topics.get(topicArn).name);
    const { items, nextToken: next } = page(rows, nextToken);
    return {
      Subscriptions: items.map((r) => this.toSubscription(r)),
      ...(next ? { NextToken: next } : {}),
    };
  }

  /** The row of a subscription ARN, or NotFound. */
  get(arn: unknown): SubscriptionRow {
    const row = typeof arn === 'string' ? this.store.getSubscription(arn) : undefined;
    if (!row) throw subscriptionNotFound(String(arn));
    return row;
  }

  describe(arn: unknown): Record<string, string> {
    const row = this.get(arn);
    const attributes = JSON.parse(row.attributes) as Record<string, string>;
    const topicAttributes = this.topics.describe(row.arn.slice(0, row.arn.lastIndexOf(':')));
    return {
      SubscriptionArn: row.arn,
      TopicArn: topicAttributes.TopicArn!,
      Owner: this.scope.accountId,
      Protocol: row.protocol,
      Endpoint: row.endpoint,
      ConfirmationWasAuthenticated: 'true',
      PendingConfirmation: row.confirmed === 1 ? 'false' : 'true',
      RawMessageDelivery: 'false',
      EffectiveDeliveryPolicy:
        attributes.DeliveryPolicy ?? topicAttributes.EffectiveDeliveryPolicy!,
      ...(attributes.FilterPolicy ? { FilterPolicyScope: 'MessageAttributes' } : {}),
      ...attributes,
    };
  }

  setAttribute(input: {
    SubscriptionArn: string;
    AttributeName: string;
    AttributeValue?: string;
  }): void {
    const row = this.get(input.SubscriptionArn);
    const attributes = JSON.parse(row.attributes) as Record<string, string>;
    const value = input.AttributeValue ?? '';
    this.checkAttribute(row.protocol, input.AttributeName, value, attributes);
    if (value === '') delete attributes[input.AttributeName];
    else attributes[input.AttributeName] = value;
    this.store.updateSubscription(row.arn, { attributes: JSON.stringify(attributes) });
  }
}
