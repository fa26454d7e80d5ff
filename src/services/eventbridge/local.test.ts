import { describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { openDatabase } from '../../store/index.js';
import { runEventBridgeContract } from './contract.js';
import { createLocalEventBridge } from './local.js';
import type { TargetPorts } from './types.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

runEventBridgeContract('local (SQLite in memory)', () =>
  createLocalEventBridge({ db: openDatabase(':memory:'), scope }),
);

interface Calls {
  executions: Array<[string, string]>;
  published: Array<[string, string]>;
  invoked: Array<[string, string]>;
  logged: Array<[string, string]>;
}

function setup(ports: Partial<TargetPorts> = {}, without: Array<keyof TargetPorts> = []) {
  const clock = createFakeClock(Date.UTC(2024, 4, 1, 12, 0, 0));
  const calls: Calls = { executions: [], published: [], invoked: [], logged: [] };
  const targets: TargetPorts = {
    startExecution: async (arn, input) => {
      calls.executions.push([arn, input]);
      return { executionArn: `${arn}:exec-${calls.executions.length}` };
    },
    publish: async (arn, message) => {
      calls.published.push([arn, message]);
      return { MessageId: `m-${calls.published.length}` };
    },
    invokeFunction: async (arn, payload) => {
      calls.invoked.push([arn, payload]);
      return { ok: true };
    },
    log: async (group, message) => void calls.logged.push([group, message]),
    ...ports,
  };
  for (const key of without) delete targets[key];
  const eb = createLocalEventBridge({
    db: openDatabase(':memory:'),
    scope,
    clock,
    ids: createSequentialIds(),
    targets,
  });
  return { eb, clock, calls };
}

const cb = 'jenkins-pl-apsouth1-dapf-cb';

describe('local EventBridge: routing and deliveries', () => {
  it('routes the three monitoring events on the np-dapf-cb bus, passing --keys on', async () => {
    const { eb, calls } = setup();
    await eb.createEventBus({ Name: cb });
    await eb.putRule({
      Name: 'model-monitoring',
      EventBusName: cb,
      EventPattern: JSON.stringify({
        source: ['jenkins.modelquality'],
        'detail-type': ['model_monitoring_event'],
      }),
    });
    await eb.putTargets({
      Rule: 'model-monitoring',
      EventBusName: cb,
      Targets: [
        {
          Id: 'monitor-sfn',
          Arn: 'arn:aws:states:eu-west-1:999999999999:stateMachine:model-monitor',
          InputTransformer: {
            InputPathsMap: { year: "$.detail['--year']", job: '$.detail.--stepjobid' },
            InputTemplate: '{"--year": <year>, "label": "run <job> of <aws.events.rule-name>"}',
          },
        },
      ],
    });
    const detail = {
      '--year': '2024',
      '--month': '05',
      '--stepjobid': 'orch-e1',
      '--usecase_name': 'jenkins',
    };
    const out = await eb.putEvents({
      Entries: [
        {
          Source: 'jenkins.modelquality',
          DetailType: 'model_monitoring_event',
          Detail: JSON.stringify(detail),
          EventBusName: cb,
        },
        {
          Source: 'jenkins.dataquality',
          DetailType: 'data_quality_event',
          Detail: JSON.stringify(detail),
          EventBusName: cb,
        },
      ],
    });
    expect(out.FailedEntryCount).toBe(0);
    await eb.idle();
    expect(calls.executions).toEqual([
      [
        'arn:aws:states:eu-west-1:999999999999:stateMachine:model-monitor',
        '{"--year": "2024", "label": "run orch-e1 of model-monitoring"}',
      ],
    ]);
    const [second, first] = eb.listEvents({ bus: cb });
    expect(first?.matchedRules).toEqual(['model-monitoring']);
    expect(first?.deliveries).toMatchObject([
      {
        targetId: 'monitor-sfn',
        status: 'SUCCEEDED',
        attempts: 1,
        result: 'arn:aws:states:eu-west-1:999999999999:stateMachine:model-monitor:exec-1',
      },
    ]);
    expect(second?.matchedRules).toEqual([]);
    expect(first?.event).toMatchObject({
      source: 'jenkins.modelquality',
      account: '123456789012',
      region: 'ap-south-1',
      time: '2024-05-01T12:00:00Z',
      detail,
    });
  });

  it('delivers to SNS topics, functions, log groups and other buses', async () => {
    const { eb, calls } = setup();
    await eb.createEventBus({ Name: 'other' });
    await eb.putRule({ Name: 'fan-out', EventPattern: '{"source":["app"]}' });
    await eb.putTargets({
      Rule: 'fan-out',
      Targets: [
        {
          Id: 'topic',
          Arn: 'arn:aws:sns:ap-south-1:123456789012:np-dapf-notifier',
          InputPath: '$.detail.text',
        },
        {
          Id: 'fn',
          Arn: 'arn:aws:lambda:ap-south-1:123456789012:function:handler',
          Input: '{"fixed":true}',
        },
        { Id: 'logs', Arn: 'arn:aws:logs:ap-south-1:123456789012:log-group:/aws/events/app:*' },
        { Id: 'bus', Arn: 'arn:aws:events:ap-south-1:123456789012:event-bus/other' },
      ],
    });
    await eb.putRule({
      Name: 'on-other',
      EventBusName: 'other',
      EventPattern: '{"source":["app"]}',
    });
    await eb.putTargets({
      Rule: 'on-other',
      EventBusName: 'other',
      Targets: [{ Id: 'fn2', Arn: 'arn:aws:lambda:us-east-1:1:function:second' }],
    });
    await eb.putEvents({
      Entries: [{ Source: 'app', DetailType: 'x', Detail: '{"text":"hello"}' }],
    });
    await eb.idle();
    expect(calls.published).toEqual([
      ['arn:aws:sns:ap-south-1:123456789012:np-dapf-notifier', '"hello"'],
    ]);
    expect(calls.invoked.map(([arn]) => arn)).toEqual([
      'arn:aws:lambda:ap-south-1:123456789012:function:handler',
      'arn:aws:lambda:us-east-1:1:function:second',
    ]);
    expect(calls.invoked[0]?.[1]).toBe('{"fixed":true}');
    expect(calls.logged[0]?.[0]).toBe('/aws/events/app');
    expect(JSON.parse(calls.logged[0]?.[1] ?? '{}')).toMatchObject({
      source: 'app',
      detail: { text: 'hello' },
    });
    expect(eb.listEvents({ bus: 'other' })[0]?.matchedRules).toEqual(['on-other']);
  });

  it('retries a failing target with back-off on the clock, then records the failure', async () => {
    let attempts = 0;
    const { eb, clock } = setup({
      startExecution: async () => {
        attempts += 1;
        throw new Error('StateMachineDoesNotExist: no machine');
      },
    });
    await eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    await eb.putTargets({
      Rule: 'r',
      Targets: [
        {
          Id: 'sfn',
          Arn: 'arn:aws:states:ap-south-1:123456789012:stateMachine:gone',
          RetryPolicy: { MaximumRetryAttempts: 3 },
        },
      ],
    });
    const start = clock.now();
    await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }] });
    await eb.idle();
    expect(attempts).toBe(4);
    expect(clock.now() - start).toBe(1000 + 2000 + 4000);
    expect(eb.listEvents()[0]?.deliveries).toMatchObject([
      { status: 'FAILED', attempts: 4, error: 'StateMachineDoesNotExist: no machine' },
    ]);
  });

  it('records a failure without retrying when no port is wired for the target', async () => {
    const { eb } = setup({}, ['publish']);
    await eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    await eb.putTargets({
      Rule: 'r',
      Targets: [
        { Id: 'q', Arn: 'arn:aws:sqs:ap-south-1:123456789012:queue' },
        { Id: 't', Arn: 'arn:aws:sns:ap-south-1:123456789012:t' },
      ],
    });
    await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }] });
    await eb.idle();
    const deliveries = eb.listEvents()[0]?.deliveries ?? [];
    expect(deliveries.map((d) => [d.targetId, d.status, d.attempts])).toEqual([
      ['q', 'FAILED', 1],
      ['t', 'FAILED', 1],
    ]);
    expect(deliveries[0]?.error).toContain('modelmill delivers locally to states');
    expect(deliveries[1]?.error).toContain('TargetPorts.publish');
  });

  it('does not route disabled rules, nor to other buses', async () => {
    const { eb, calls } = setup();
    await eb.createEventBus({ Name: 'b' });
    await eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}', State: 'DISABLED' });
    await eb.putRule({ Name: 'r', EventBusName: 'b', EventPattern: '{"source":["app"]}' });
    await eb.putTargets({
      Rule: 'r',
      Targets: [{ Id: 'f', Arn: 'arn:aws:lambda:ap-south-1:123456789012:function:f' }],
    });
    await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }] });
    await eb.idle();
    expect(calls.invoked).toEqual([]);
    await eb.enableRule({ Name: 'r' });
    await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }] });
    await eb.idle();
    expect(calls.invoked).toHaveLength(1);
  });

  it('refuses aws.* sources in PutEvents and unknown buses per entry', async () => {
    const { eb } = setup();
    const out = await eb.putEvents({
      Entries: [
        { Source: 'aws.s3', DetailType: 'Object Created', Detail: '{}' },
        {
          Source: 'app',
          DetailType: 'x',
          Detail: '{}',
          EventBusName: 'arn:aws:events:ap-south-1:123456789012:event-bus/none',
        },
      ],
    });
    expect(out.Entries.map((e) => e.ErrorCode)).toEqual([
      'NotAuthorizedForSourceException',
      'ResourceNotFoundException',
    ]);
    expect(out.Entries[1]?.ErrorMessage).toContain('Event bus none does not exist.');
  });

  it('validates targets: one input kind, JSON Input, known placeholders, at most five', async () => {
    const { eb } = setup();
    await eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    const arn = 'arn:aws:lambda:ap-south-1:123456789012:function:f';
    await expect(
      eb.putTargets({
        Rule: 'r',
        Targets: [{ Id: 'a', Arn: arn, Input: '{}', InputPath: '$.detail' }],
      }),
    ).rejects.toThrow(/only one of Input, InputPath and InputTransformer/);
    await expect(
      eb.putTargets({ Rule: 'r', Targets: [{ Id: 'a', Arn: arn, Input: 'plain' }] }),
    ).rejects.toThrow(/Target a: Input must be valid JSON/);
    await expect(
      eb.putTargets({
        Rule: 'r',
        Targets: [{ Id: 'a', Arn: arn, InputTransformer: { InputTemplate: '"<nope>"' } }],
      }),
    ).rejects.toThrow(/uses <nope>, which InputPathsMap does not define/);
    await expect(
      eb.putTargets({
        Rule: 'r',
        Targets: [
          {
            Id: 'a',
            Arn: arn,
            InputTransformer: { InputPathsMap: { 'aws.x': '$.id' }, InputTemplate: '"x"' },
          },
        ],
      }),
    ).rejects.toThrow(/reserved/);
    const bad = await eb.putTargets({
      Rule: 'r',
      Targets: [
        { Id: 'ok', Arn: arn },
        { Id: 'bad', Arn: 'not-an-arn' },
      ],
    });
    expect(bad.FailedEntryCount).toBe(1);
    expect(bad.FailedEntries[0]).toMatchObject({
      TargetId: 'bad',
      ErrorCode: 'ValidationException',
    });
    const five = Array.from({ length: 5 }, (_, i) => ({ Id: `t${i}`, Arn: arn }));
    await expect(eb.putTargets({ Rule: 'r', Targets: five })).rejects.toMatchObject({
      code: 'LimitExceededException',
    });
  });

  it('turns S3 notifications into aws.s3 events on the default bus', async () => {
    const { eb, calls } = setup();
    await eb.putRule({
      Name: 'landing',
      EventPattern: JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: ['feature-store'] },
          object: { key: [{ prefix: 'data/train/' }] },
        },
      }),
    });
    await eb.putTargets({
      Rule: 'landing',
      Targets: [{ Id: 'sfn', Arn: 'arn:aws:states:ap-south-1:123456789012:stateMachine:mlops' }],
    });
    const base = {
      eventTime: '2024-05-01T12:00:00.000Z',
      region: 'ap-south-1',
      bucket: 'feature-store',
      sequencer: '018F3',
    };
    await eb.putS3Notification({
      ...base,
      eventName: 'ObjectCreated:Put',
      key: 'data/train/train.csv',
      size: 12,
      eTag: 'abc',
    });
    await eb.putS3Notification({
      ...base,
      eventName: 'ObjectRemoved:Delete',
      key: 'data/train/train.csv',
    });
    await eb.putS3Notification({
      ...base,
      eventName: 'ObjectCreated:Put',
      key: 'data/score/score.csv',
      size: 1,
      eTag: 'd',
    });
    await eb.idle();
    expect(calls.executions).toHaveLength(1);
    const event = JSON.parse(calls.executions[0]![1]);
    expect(event).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      time: '2024-05-01T12:00:00Z',
      resources: ['arn:aws:s3:::feature-store'],
      detail: {
        version: '0',
        bucket: { name: 'feature-store' },
        object: { key: 'data/train/train.csv', size: 12, etag: 'abc', sequencer: '018F3' },
        requester: '123456789012',
        reason: 'PutObject',
      },
    });
    expect(event.detail['request-id']).toMatch(/^[0-9A-F]{16}$/);
    const deleted = eb.listEvents({ source: 'aws.s3' })[1]?.event;
    expect(deleted).toMatchObject({
      'detail-type': 'Object Deleted',
      detail: { reason: 'DeleteObject', 'deletion-type': 'Permanently Deleted' },
    });
  });
});

describe('local EventBridge: scheduled rules', () => {
  it('fires rate and cron rules on the clock while the scheduler runs', async () => {
    const { eb, clock, calls } = setup();
    await eb.putRule({ Name: 'every-5', ScheduleExpression: 'rate(5 minutes)' });
    await eb.putTargets({
      Rule: 'every-5',
      Targets: [{ Id: 'f', Arn: 'arn:aws:lambda:ap-south-1:123456789012:function:tick' }],
    });
    await eb.putRule({ Name: 'noon', ScheduleExpression: 'cron(0 12 * * ? *)' });
    await eb.putTargets({
      Rule: 'noon',
      Targets: [{ Id: 's', Arn: 'arn:aws:states:ap-south-1:123456789012:stateMachine:daily' }],
    });
    const start = clock.now();
    eb.scheduler.start();
    while (calls.executions.length < 2) await new Promise((r) => setImmediate(r));
    await eb.scheduler.stop();
    await eb.idle();
    expect(eb.scheduler.running).toBe(false);
    const day = 24 * 3600 * 1000;
    expect(calls.invoked.length).toBeGreaterThanOrEqual(2 * 288);
    const ticks = calls.invoked.slice(0, 3).map(([, p]) => JSON.parse(p).time);
    expect(ticks).toEqual(['2024-05-01T12:05:00Z', '2024-05-01T12:10:00Z', '2024-05-01T12:15:00Z']);
    const noons = calls.executions.map(([, p]) => JSON.parse(p));
    expect(noons.map((e) => e.time)).toEqual(['2024-05-02T12:00:00Z', '2024-05-03T12:00:00Z']);
    expect(noons[0]).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: ['arn:aws:events:ap-south-1:123456789012:rule/noon'],
      detail: {},
    });
    expect(clock.now() - start).toBeGreaterThanOrEqual(2 * day);
  });

  it('rejects schedules off the default bus and invalid expressions', async () => {
    const { eb } = setup();
    await eb.createEventBus({ Name: 'b' });
    await expect(
      eb.putRule({ Name: 'r', EventBusName: 'b', ScheduleExpression: 'rate(1 hour)' }),
    ).rejects.toThrow(/only on the default event bus/);
    await expect(eb.putRule({ Name: 'r', ScheduleExpression: 'rate(1 hours)' })).rejects.toThrow(
      /Parameter ScheduleExpression is not valid/,
    );
    await expect(
      eb.putRule({ Name: 'r', ScheduleExpression: 'cron(0 12 * * * *)' }),
    ).rejects.toThrow(/exactly one of day-of-month and day-of-week must be \?/);
    await expect(eb.putRule({ Name: 'r' })).rejects.toThrow(
      /EventPattern or ScheduleExpression must be specified/,
    );
  });
});
