import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/core/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../src/engine/index.js';
import {
  createLocalEventBridge,
  registerEventBridgeIntegrations,
} from '../../src/services/eventbridge/index.js';
import { createLocalSns, registerSnsIntegrations } from '../../src/services/sns/index.js';
import { openDatabase } from '../../src/store/index.js';

/**
 * The done-when scenario: a state machine puts an event (`events:putEvents`)
 * on the np-dapf-cb bus; a rule routes it to a second state machine (the
 * Detail's `--` keys passed on as arguments) and to the np-dapf-notifier
 * topic, whose e-mail subscription lands in the outbox. Everything is real
 * except time (a fake clock) and the wiring, done here as the composition
 * root will do it.
 */

const scope = { region: 'ap-south-1', accountId: '123456789012' };
const np = 'jenkins-pl-apsouth1';

function instance() {
  const db = openDatabase(':memory:');
  const clock = createFakeClock(Date.UTC(2024, 4, 17, 9, 30, 0));
  const integrations = new IntegrationRegistry();
  const engine = createEngine({ store: createMemoryStore(), integrations, scope, clock });
  const home = mkdtempSync(join(tmpdir(), 'mm-e2e-'));
  const sns = createLocalSns({ db, scope, home, clock, smtpUrl: '' });
  const events = createLocalEventBridge({
    db,
    scope,
    clock,
    targets: {
      startExecution: async (arn, input) => ({
        executionArn: engine.startExecution({ stateMachineArn: arn, input }).executionArn,
      }),
      publish: async (topicArn, message, subject) =>
        sns.publish({
          TopicArn: topicArn,
          Message: message,
          ...(subject ? { Subject: subject } : {}),
        }),
    },
  });
  registerEventBridgeIntegrations(integrations, events);
  registerSnsIntegrations(integrations, sns);
  return { engine, events, sns };
}

describe('end to end: events:putEvents → rule → state machine and SNS e-mail', () => {
  it('routes the monitoring event to a second execution and an e-mail in the outbox', async () => {
    const { engine, events, sns } = instance();
    const { TopicArn } = await sns.createTopic({
      Name: `${np}-dapf-notifier`,
      Attributes: { DisplayName: 'DAPF' },
    });
    await sns.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'ml-platform@example.com' });
    await events.createEventBus({ Name: `${np}-dapf-cb` });
    await events.putRule({
      Name: 'model-monitoring',
      EventBusName: `${np}-dapf-cb`,
      EventPattern: JSON.stringify({
        source: [{ suffix: '.modelquality' }],
        'detail-type': ['model_monitoring_event'],
      }),
    });
    await events.putTargets({
      Rule: 'model-monitoring',
      EventBusName: `${np}-dapf-cb`,
      Targets: [
        {
          Id: 'monitor',
          Arn: `arn:aws:states:us-east-1:999999999999:stateMachine:${np}-model-monitor`,
          InputPath: '$.detail',
        },
        {
          Id: 'notify',
          Arn: `arn:aws:sns:ap-south-1:123456789012:${np}-dapf-notifier`,
          InputTransformer: {
            InputPathsMap: {
              uc: "$.detail['--usecase_name']",
              job: "$.detail['--stepjobid']",
              source: '$.source',
            },
            InputTemplate: '"Model monitoring for <uc>: run <job> published by <source>"',
          },
        },
      ],
    });
    engine.createStateMachine({
      name: `${np}-model-monitor`,
      definition: JSON.stringify({
        StartAt: 'Arguments',
        States: {
          Arguments: {
            Type: 'Pass',
            Parameters: {
              'Arguments.$': "States.Format('--year {} --stepjobid {}', $.--year, $.--stepjobid)",
            },
            End: true,
          },
        },
      }),
    });
    engine.createStateMachine({
      name: `${np}-modelops-training-orchestrator`,
      definition: JSON.stringify({
        StartAt: 'Events',
        States: {
          Events: {
            Type: 'Task',
            Resource: 'arn:aws:states:::events:putEvents',
            Parameters: {
              Entries: [
                {
                  Source: 'jenkins.modelquality',
                  DetailType: 'model_monitoring_event',
                  EventBusName: `${np}-dapf-cb`,
                  Detail: {
                    '--year.$': '$.year',
                    '--stepjobid.$': '$.stepjobid',
                    '--usecase_name': 'jenkins',
                  },
                },
              ],
            },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: `${np}-modelops-training-orchestrator`,
      input: JSON.stringify({ year: '2024', stepjobid: 'orch-e1' }),
    });
    const first = await engine.waitFor(executionArn);
    expect(first.status).toBe('SUCCEEDED');
    await events.idle();

    const [record] = events.listEvents({ bus: `${np}-dapf-cb` });
    expect(record?.matchedRules).toEqual(['model-monitoring']);
    expect(record?.deliveries.map((d) => [d.targetId, d.status])).toEqual([
      ['monitor', 'SUCCEEDED'],
      ['notify', 'SUCCEEDED'],
    ]);
    const second = await engine.waitFor(record!.deliveries[0]!.result!);
    expect(second.status).toBe('SUCCEEDED');
    expect(JSON.parse(second.output ?? '{}')).toEqual({
      Arguments: '--year 2024 --stepjobid orch-e1',
    });

    await sns.idle();
    const files = readdirSync(sns.outbox);
    expect(files).toHaveLength(1);
    const mail = readFileSync(join(sns.outbox, files[0]!), 'utf8');
    expect(mail).toContain('From: "DAPF" <no-reply@sns.amazonaws.com>\r\n');
    expect(mail).toContain('To: ml-platform@example.com\r\n');
    expect(mail).toContain('Date: Fri, 17 May 2024 09:30:00 +0000\r\n');
    expect(mail.replace(/=\r\n/g, '')).toContain(
      'Model monitoring for jenkins: run orch-e1 published by jenkins.modelquality',
    );
    expect(sns.listNotifications({ topic: `${np}-dapf-notifier` })[0]).toMatchObject({
      status: 'DELIVERED',
      protocol: 'email',
    });
  });
});
