import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionCode } from '../common/index.js';
import type { SnsService } from './types.js';

/**
 * The contract every SnsService adapter keeps: run against the embedded
 * adapter in every test run, and against AWS (or any SNS endpoint) when one
 * is configured. Error codes are SNS's wire codes (`NotFound`,
 * `InvalidParameter`, ...); messages are matched on SNS's own wording.
 */

/** Runs the contract suite against the adapter `makeAdapter` builds. */
export function runSnsContract(
  name: string,
  makeAdapter: () => SnsService | Promise<SnsService>,
): void {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const topicName = `mm-contract-${suffix}`;
  let sns: SnsService;
  let topicArn: string;

  describe(`SNS contract: ${name}`, () => {
    beforeAll(async () => {
      sns = await makeAdapter();
      topicArn = (await sns.createTopic({ Name: topicName })).TopicArn;
    });
    afterAll(async () => {
      await sns.deleteTopic({ TopicArn: topicArn });
    });

    it('creates topics idempotently by name and lists them', async () => {
      expect(topicArn).toMatch(new RegExp(`^arn:aws:sns:[^:]+:\\d{12}:${topicName}$`));
      expect((await sns.createTopic({ Name: topicName })).TopicArn).toBe(topicArn);
      const arns: string[] = [];
      let token: string | undefined;
      do {
        const page = await sns.listTopics(token ? { NextToken: token } : {});
        arns.push(...page.Topics.map((t) => t.TopicArn));
        token = page.NextToken;
      } while (token);
      expect(arns).toContain(topicArn);
    });

    it('reports and sets topic attributes', async () => {
      await sns.setTopicAttributes({
        TopicArn: topicArn,
        AttributeName: 'DisplayName',
        AttributeValue: 'DAPF notices',
      });
      const { Attributes } = await sns.getTopicAttributes({ TopicArn: topicArn });
      expect(Attributes).toMatchObject({ TopicArn: topicArn, DisplayName: 'DAPF notices' });
      expect(Attributes.Owner).toMatch(/^\d{12}$/);
      expect(JSON.parse(Attributes.Policy ?? '{}').Statement).toBeDefined();
      const bad = await rejectionCode(
        sns.setTopicAttributes({
          TopicArn: topicArn,
          AttributeName: 'Colour',
          AttributeValue: 'x',
        }),
      );
      expect(bad.code).toMatch(/^InvalidParameter/);
    });

    it('subscribes e-mail endpoints idempotently and lists them', async () => {
      const { SubscriptionArn } = await sns.subscribe({
        TopicArn: topicArn,
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        ReturnSubscriptionArn: true,
      });
      expect(SubscriptionArn.startsWith(`${topicArn}:`)).toBe(true);
      const again = await sns.subscribe({
        TopicArn: topicArn,
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        ReturnSubscriptionArn: true,
      });
      expect(again.SubscriptionArn).toBe(SubscriptionArn);
      const byTopic = await sns.listSubscriptionsByTopic({ TopicArn: topicArn });
      expect(byTopic.Subscriptions).toHaveLength(1);
      expect(byTopic.Subscriptions[0]).toMatchObject({
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        TopicArn: topicArn,
      });
      await sns.unsubscribe({ SubscriptionArn });
      expect((await sns.listSubscriptionsByTopic({ TopicArn: topicArn })).Subscriptions).toEqual(
        [],
      );
    });

    it('rejects invalid filter policies with InvalidParameter naming FilterPolicy', async () => {
      const bad = await rejectionCode(
        sns.subscribe({
          TopicArn: topicArn,
          Protocol: 'email',
          Endpoint: 'filter@example.com',
          Attributes: { FilterPolicy: '{"status": "done"}' },
        }),
      );
      expect(bad.code).toMatch(/^InvalidParameter/);
      expect(bad.message).toContain('Invalid parameter: FilterPolicy:');
    });

    it('publishes with a subject and attributes and answers with a message id', async () => {
      const out = await sns.publish({
        TopicArn: topicArn,
        Subject: 'jenkins Training Status:',
        Message: 'SUCCEEDED',
        MessageAttributes: {
          stage: { DataType: 'String', StringValue: 'cleanup' },
          runs: { DataType: 'Number', StringValue: '2' },
        },
      });
      expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
      const batch = await sns.publishBatch({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          { Id: 'a', Message: 'one' },
          { Id: 'b', Message: 'two', Subject: 'second' },
        ],
      });
      expect(batch.Successful.map((s) => s.Id).sort()).toEqual(['a', 'b']);
      expect(batch.Failed ?? []).toEqual([]);
    });

    it('answers NotFound for an unknown topic and InvalidParameter for an empty message', async () => {
      const missing = await rejectionCode(
        sns.publish({ TopicArn: `${topicArn}-missing`, Message: 'x' }),
      );
      expect(missing.code).toMatch(/^NotFound/);
      expect(missing.message).toContain('Topic does not exist');
      const empty = await rejectionCode(sns.publish({ TopicArn: topicArn, Message: '' }));
      expect(empty.code).toMatch(/^InvalidParameter/);
      expect(empty.message).toContain('Empty message');
    });
  });
}
