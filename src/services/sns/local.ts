import { join } from 'node:path';
import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import { randomIds, silentLogger, systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { DeliveryContext } from './delivery.js';
import { page, topicNameOf } from './names.js';
import { Publisher } from './publisher.js';
import { SnsStore } from './store.js';
import { Subscriptions } from './subscriptions.js';
import { Topics } from './topics.js';
import type { LocalSns, SnsPorts } from './types.js';

/** What the embedded SNS needs. */
export interface LocalSnsOptions {
  /** The instance's database; the service keeps its tables there (owner `sns`). */
  db: SqliteDatabase;
  /** Account and region of topic ARNs. */
  scope: AccountScope;
  /** The instance's home folder; e-mails are written to `<home>/outbox/`. */
  home: string;
  /** Where e-mails go instead of `<home>/outbox`. */
  outbox?: string;
  /** Timestamps and retry back-off. Default: the system clock. */
  clock?: Clock;
  /** Message and subscription ids. Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
  /** Function and queue deliveries; wire later with `connect`. */
  ports?: SnsPorts;
  /** An SMTP relay for e-mails (`smtp://host:port`). Default: $MODELMILL_SMTP_URL; none: outbox only. */
  smtpUrl?: string;
  /** The sender address of e-mails. Default `no-reply@sns.amazonaws.com`. */
  fromAddress?: string;
  /** Base of the Subscribe/Unsubscribe links in messages. Default `http://127.0.0.1:8083`. */
  publicUrl?: string;
  /**
   * Confirm HTTP(S) and e-mail subscriptions at once (default true). When
   * false they stay pending, get a SubscriptionConfirmation (POST or e-mail
   * with the token) and wait for ConfirmSubscription, as on AWS.
   */
  autoConfirm?: boolean;
  /** Per-attempt timeout of HTTP deliveries in ms. Default 15000. */
  httpTimeoutMs?: number;
}

/**
 * The embedded SNS: topics and subscriptions in SQLite; Publish fans out to
 * HTTP(S) endpoints, e-mail (outbox `.eml` files, plus an SMTP relay when
 * configured), functions and queues, honouring filter policies and retrying
 * HTTP deliveries; every delivery is recorded.
 */
export function createLocalSns(options: LocalSnsOptions): LocalSns {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const store = new SnsStore(options.db);
  const topics = new Topics(store, options.scope, clock);
  const subscriptions = new Subscriptions(
    store,
    topics,
    options.scope,
    clock,
    ids,
    options.autoConfirm ?? true,
  );
  let ports: SnsPorts = options.ports ?? {};
  const outbox = options.outbox ?? join(options.home, 'outbox');
  const smtpUrl = options.smtpUrl ?? process.env.MODELMILL_SMTP_URL;
  const delivery: DeliveryContext = {
    store,
    clock,
    logger: options.logger ?? silentLogger,
    ports: () => ports,
    outbox,
    smtpUrl: smtpUrl === '' ? undefined : smtpUrl,
    fromAddress: options.fromAddress ?? 'no-reply@sns.amazonaws.com',
    httpTimeoutMs: options.httpTimeoutMs ?? 15_000,
  };
  const publisher = new Publisher(
    topics,
    delivery,
    options.scope,
    clock,
    ids,
    options.publicUrl ?? 'http://127.0.0.1:8083',
  );

  return {
    outbox,
    createTopic: async (input) => ({ TopicArn: topics.create(input) }),
    async deleteTopic(input) {
      topics.delete(input.TopicArn);
      return {};
    },
    async listTopics(input = {}) {
      const { items, nextToken } = page(topics.list(), input.NextToken);
      return {
        Topics: items.map((TopicArn) => ({ TopicArn })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
    getTopicAttributes: async (input) => ({ Attributes: topics.describe(input.TopicArn) }),
    async setTopicAttributes(input) {
      topics.setAttribute(input);
      return {};
    },
    async subscribe(input) {
      const { arn, row } = subscriptions.subscribe(input);
      if (row.confirmed === 0 && ['http', 'https', 'email', 'email-json'].includes(row.protocol))
        publisher.confirmation(topics.get(input.TopicArn), row);
      return { SubscriptionArn: arn };
    },
    confirmSubscription: async (input) => ({ SubscriptionArn: subscriptions.confirm(input) }),
    async unsubscribe(input) {
      subscriptions.unsubscribe(input.SubscriptionArn);
      return {};
    },
    listSubscriptions: async (input = {}) => subscriptions.list(undefined, input.NextToken),
    listSubscriptionsByTopic: async (input) => subscriptions.list(input.TopicArn, input.NextToken),
    getSubscriptionAttributes: async (input) => ({
      Attributes: subscriptions.describe(input.SubscriptionArn),
    }),
    async setSubscriptionAttributes(input) {
      subscriptions.setAttribute(input);
      return {};
    },
    publish: async (input) => publisher.publish(input),
    publishBatch: async (input) => publisher.publishBatch(input),
    listNotifications(query = {}) {
      const topic =
        query.topic === undefined
          ? undefined
          : topicNameOf(
              query.topic.includes(':') ? query.topic : `arn:aws:sns:::${query.topic}`,
              'topic',
            );
      return store.listDeliveries({
        ...query,
        ...(topic === undefined ? {} : { topicArnSuffix: topic }),
      });
    },
    connect(next) {
      ports = { ...ports, ...next };
    },
    idle: () => publisher.idle(),
  };
}
