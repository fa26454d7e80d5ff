import {
  EventBridgeClient,
  InvalidEventPatternException,
  PutEventsCommand,
  PutRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import type { LocalEventBridge } from '../../src/services/eventbridge/index.js';
import {
  createAwsEventBridge,
  createLocalEventBridge,
  eventBridgeApi,
} from '../../src/services/eventbridge/index.js';
import { runEventBridgeContract } from '../../src/services/eventbridge/contract.js';
import { awsCliAvailable, awsCliJson, lazyServer, localSdkConfig } from '../support/aws-api.js';

/**
 * The AWSEvents JSON 1.1 protocol end to end: the real AWS SDK (through the
 * AWS adapter, and directly) and the AWS CLI against the HTTP server in
 * front of the embedded EventBridge.
 */

let local: LocalEventBridge;

const serve = lazyServer(async () => {
  local = createLocalEventBridge({
    db: openDatabase(':memory:'),
    scope: { region: 'us-east-1', accountId: '000000000000' },
  });
  return [eventBridgeApi(local)];
});

afterAll(async () => {
  await serve.close();
});

runEventBridgeContract('AWS SDK over HTTP to the embedded EventBridge', async () =>
  createAwsEventBridge({
    config: localSdkConfig((await serve()).url),
  }),
);

describe('EventBridge wire protocol details', () => {
  it('answers the SDK with its exception classes and event ids', async () => {
    const client = new EventBridgeClient(localSdkConfig((await serve()).url));
    const bad = await client
      .send(
        new PutRuleCommand({
          Name: 'r',
          EventPattern: '{"detail":{"n":[{"numeric":[">",0,">",1]}]}}',
        }),
      )
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidEventPatternException);
    expect((bad as Error).message).toContain('Bad numeric range operator: >');
    const many = await client
      .send(
        new PutEventsCommand({
          Entries: Array.from({ length: 11 }, () => ({
            Source: 'a',
            DetailType: 'b',
            Detail: '{}',
          })),
        }),
      )
      .catch((e: unknown) => e);
    expect((many as Error).name).toBe('ValidationException');
    expect((many as Error).message).toContain('Member must have length less than or equal to 10');
    const time = new Date(Date.UTC(2024, 5, 1, 8, 30));
    const out = await client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'sdk', DetailType: 'd', Detail: '{"k":1}', Time: time }],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const recorded = local.listEvents({ source: 'sdk' })[0];
    expect(recorded?.event.time).toBe('2024-06-01T08:30:00Z');
    expect(recorded?.id).toBe(out.Entries?.[0]?.EventId);
  });

  it('serves the AWS CLI', async (context) => {
    if (!(await awsCliAvailable())) {
      context.skip();
      return;
    }
    const cli = awsCliJson('events', (await serve()).url);
    const created = await cli(
      'put-rule',
      '--name',
      'cli-rule',
      '--event-pattern',
      '{"source":["cli"]}',
    );
    expect(created.RuleArn).toBe('arn:aws:events:us-east-1:000000000000:rule/cli-rule');
    const put = await cli(
      'put-events',
      '--entries',
      JSON.stringify([{ Source: 'cli', DetailType: 'x', Detail: '{"a":1}' }]),
    );
    expect(put.FailedEntryCount).toBe(0);
    expect(local.listEvents({ source: 'cli' })[0]?.matchedRules).toEqual(['cli-rule']);
    const tested = await cli(
      'test-event-pattern',
      '--event-pattern',
      '{"source":["cli"]}',
      '--event',
      JSON.stringify({
        id: '1',
        account: '000000000000',
        source: 'cli',
        time: '2024-01-01T00:00:00Z',
        region: 'us-east-1',
        'detail-type': 'x',
        resources: [],
        detail: {},
      }),
    );
    expect(tested.Result).toBe(true);
  });
});
