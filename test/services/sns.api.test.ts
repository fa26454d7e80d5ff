import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidParameterException,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import type { LocalSns } from '../../src/services/sns/index.js';
import { createAwsSns, createLocalSns, snsApi } from '../../src/services/sns/index.js';
import { runSnsContract } from '../../src/services/sns/contract.js';
import { awsCliAvailable, awsCliJson, lazyServer, localSdkConfig } from '../support/aws-api.js';

/**
 * SNS's Query protocol end to end: the real AWS SDK (through the AWS adapter,
 * and directly) and the AWS CLI against the HTTP server in front of the
 * embedded SNS.
 */

let local: LocalSns;

const serve = lazyServer(async () => {
  local = createLocalSns({
    db: openDatabase(':memory:'),
    scope: { region: 'us-east-1', accountId: '000000000000' },
    home: mkdtempSync(join(tmpdir(), 'mm-sns-api-')),
    smtpUrl: '',
  });
  return [snsApi(local)];
});

afterAll(async () => {
  await serve.close();
});

runSnsContract('AWS SDK over HTTP (Query protocol) to the embedded SNS', async () =>
  createAwsSns({ config: localSdkConfig((await serve()).url) }),
);

describe('SNS wire protocol details', () => {
  it('answers the SDK with its exception classes; maps and attributes survive the flattening', async () => {
    const client = new SNSClient(localSdkConfig((await serve()).url));
    const missing = await client
      .send(
        new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:none', Message: 'x' }),
      )
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundException);
    const { TopicArn } = await local.createTopic({ Name: 'wire' });
    const bad = await client
      .send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'email',
          Endpoint: 'a@b.cd',
          Attributes: { FilterPolicy: '{"a":"b"}' },
        }),
      )
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidParameterException);
    expect((bad as Error).message).toContain(
      'Invalid parameter: FilterPolicy: "a" must be an object or an array',
    );
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        Attributes: { FilterPolicy: '{"kind":["report"]}' },
      }),
    );
    await client.send(
      new PublishCommand({
        TopicArn,
        Subject: 'Report',
        Message: 'hello & <bye>',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'report' },
          n: { DataType: 'Number', StringValue: '3' },
        },
      }),
    );
    await client.send(
      new PublishCommand({
        TopicArn,
        Message: 'filtered',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'other' } },
      }),
    );
    await local.idle();
    expect(local.listNotifications({ topic: 'wire' }).map((n) => n.status)).toEqual([
      'FILTERED',
      'DELIVERED',
    ]);
    expect(readdirSync(local.outbox)).toHaveLength(1);
  });

  it('serves the AWS CLI', async (context) => {
    if (!(await awsCliAvailable())) {
      context.skip();
      return;
    }
    const cli = awsCliJson('sns', (await serve()).url);
    const { TopicArn } = await cli(
      'create-topic',
      '--name',
      'cli-topic',
      '--attributes',
      'DisplayName=CLI',
    );
    expect(TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:cli-topic');
    expect((await local.getTopicAttributes({ TopicArn })).Attributes.DisplayName).toBe('CLI');
    await cli(
      'subscribe',
      '--topic-arn',
      TopicArn,
      '--protocol',
      'email',
      '--notification-endpoint',
      'cli@example.com',
    );
    const published = await cli(
      'publish',
      '--topic-arn',
      TopicArn,
      '--subject',
      'From CLI',
      '--message',
      'hi',
      '--message-attributes',
      '{"k":{"DataType":"String","StringValue":"v"}}',
    );
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    await local.idle();
    expect(local.listNotifications({ topic: 'cli-topic' })[0]).toMatchObject({
      status: 'DELIVERED',
      subject: 'From CLI',
    });
    const subs = await cli('list-subscriptions-by-topic', '--topic-arn', TopicArn);
    expect(subs.Subscriptions[0]).toMatchObject({ Protocol: 'email', Endpoint: 'cli@example.com' });
  });
});
