import { describe, expect, it } from 'vitest';
import {
  down,
  failure,
  instance,
  lines,
  problems,
  synthOne,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** eventBus, rule, topic and subscription against the embedded EventBridge and SNS, end to end. */

useInstance();

const topicArn = 'arn:aws:sns:ap-south-1:731580992380:notices';
const machineArn = 'arn:aws:states:ap-south-1:731580992380:stateMachine:on-event';
const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

function specs(over: { rule?: object; topic?: object; subscription?: object } = {}) {
  return [
    { kind: 'eventBus', name: 'ops' },
    { kind: 'topic', name: 'notices', displayName: 'Ops', ...over.topic },
    {
      kind: 'subscription',
      topic: 'notices',
      protocol: 'email',
      endpoint: 'ops@example.com',
      ...over.subscription,
    },
    { kind: 'stateMachine', name: 'on-event', definition: pass },
    {
      kind: 'rule',
      name: 'training-done',
      bus: 'ops',
      eventPattern: { source: ['dapm.training'], 'detail-type': ['Training Finished'] },
      targets: [
        {
          id: 'mail',
          arn: topicArn,
          inputTransformer: {
            inputPathsMap: { status: '$.detail.status' },
            inputTemplate: '"Training <status>"',
          },
        },
        { id: 'flow', arn: machineArn, input: { from: 'rule' } },
      ],
      ...over.rule,
    },
  ];
}

const events = () => instance.mm.services.events;
const sns = () => instance.mm.services.sns;

async function emit(status = 'SUCCEEDED') {
  await events().putEvents({
    Entries: [
      {
        EventBusName: 'ops',
        Source: 'dapm.training',
        DetailType: 'Training Finished',
        Detail: JSON.stringify({ status }),
      },
    ],
  });
  await events().idle();
  await sns().idle();
}

describe('eventBus, rule, topic and subscription', () => {
  it('creates them, and an event on the bus reaches the topic subscriber and the state machine', async () => {
    const first = await up(specs());
    expect(lines(first.resources)).toEqual([
      'created eventBus ops',
      'created topic notices',
      'created subscription notices:email:ops@example.com',
      'created stateMachine on-event',
      'created rule training-done',
    ]);
    await emit();
    const [mail] = sns().listNotifications({ topic: 'notices' });
    expect(mail).toMatchObject({
      protocol: 'email',
      endpoint: 'ops@example.com',
      status: 'DELIVERED',
    });
    const [event] = events().listEvents({ bus: 'ops' });
    expect(event?.matchedRules).toEqual(['training-done']);
    expect(event?.deliveries.map((d) => [d.targetId, d.status, d.input])).toEqual(
      expect.arrayContaining([
        ['mail', 'SUCCEEDED', '"Training SUCCEEDED"'],
        ['flow', 'SUCCEEDED', '{"from":"rule"}'],
      ]),
    );
    const again = await up(specs());
    expect(again.resources.map((c) => c.action)).toEqual(Array(5).fill('unchanged'));
  });

  it('updates the pattern, targets, display name and filter policy in place', async () => {
    await up(specs());
    const report = await up(
      specs({
        topic: { displayName: 'Ops alerts' },
        subscription: { filterPolicy: { severity: ['high'] } },
        rule: {
          eventPattern: { source: ['dapm.training'] },
          state: 'DISABLED',
          targets: [{ id: 'mail', arn: topicArn, input: 'changed' }],
        },
      }),
    );
    expect(report.resources.map((c) => [c.action, c.kind, c.changes])).toEqual([
      ['unchanged', 'eventBus', undefined],
      ['updated', 'topic', ['displayName']],
      ['updated', 'subscription', ['filterPolicy']],
      ['unchanged', 'stateMachine', undefined],
      ['updated', 'rule', ['eventPattern', 'state ENABLED → DISABLED', 'targets']],
    ]);
    const rule = await events().describeRule({ Name: 'training-done', EventBusName: 'ops' });
    expect([JSON.parse(rule.EventPattern ?? ''), rule.State]).toEqual([
      { source: ['dapm.training'] },
      'DISABLED',
    ]);
    const { Targets } = await events().listTargetsByRule({
      Rule: 'training-done',
      EventBusName: 'ops',
    });
    expect(Targets).toEqual([{ Id: 'mail', Arn: topicArn, Input: '"changed"' }]);
    const arn = `arn:aws:sns:${instance.mm.config.region}:${instance.mm.config.accountId}:notices`;
    expect((await sns().getTopicAttributes({ TopicArn: arn })).Attributes.DisplayName).toBe(
      'Ops alerts',
    );
    const [sub] = (await sns().listSubscriptionsByTopic({ TopicArn: arn })).Subscriptions;
    const attributes = (
      await sns().getSubscriptionAttributes({ SubscriptionArn: sub?.SubscriptionArn ?? '' })
    ).Attributes;
    expect(JSON.parse(attributes.FilterPolicy ?? '')).toEqual({ severity: ['high'] });
    // And back: the filter policy goes away.
    await up(specs());
    const after = (
      await sns().getSubscriptionAttributes({ SubscriptionArn: sub?.SubscriptionArn ?? '' })
    ).Attributes;
    expect(after.FilterPolicy).toBeUndefined();
  });

  it('down removes the rule, subscription, topic and bus it created, newest first', async () => {
    await up(specs());
    const report = await down();
    expect(lines(report.resources)).toEqual([
      'deleted rule training-done',
      'deleted stateMachine on-event',
      'deleted subscription notices:email:ops@example.com',
      'deleted topic notices',
      'deleted eventBus ops',
    ]);
    expect((await events().listEventBuses()).EventBuses.map((b) => b.Name)).toEqual(['default']);
    expect((await sns().listTopics()).Topics).toEqual([]);
  });

  it('keeps a bus that still has rules of others unless forced', async () => {
    await up([{ kind: 'eventBus', name: 'ops' }]);
    await events().putRule({
      Name: 'theirs',
      EventBusName: 'ops',
      EventPattern: '{"source":["x"]}',
    });
    const error = await failure(down());
    expect(error.message).toContain(
      "event bus 'ops' still has rules this stack did not create ('theirs'); deleting the bus would delete them too",
    );
    expect(lines((await down(true)).resources)).toEqual(['deleted eventBus ops']);
  });

  it('names a missing bus or topic and the fix', async () => {
    const rule = specs()[4] as object;
    expect((await failure(up([rule]))).message).toContain(
      "bus: rule 'training-done' is on event bus 'ops', which does not exist; declare it as an eventBus before this rule",
    );
    const subscription = specs()[2] as object;
    expect((await failure(up([subscription]))).message).toContain(
      "topic: subscription 'notices:email:ops@example.com' names topic 'notices', which does not exist; declare it as a topic before this subscription",
    );
  });

  it('reports config problems with the field', () => {
    expect(
      problems([
        { kind: 'eventBus', name: 'default' },
        { kind: 'rule', name: 'r1', eventPattern: { source: 'not-a-list' } },
        { kind: 'rule', name: 'r2', bus: 'ops', scheduleExpression: 'rate(5 minute)' },
        {
          kind: 'rule',
          name: 'r3',
          scheduleExpression: 'rate(1 hour)',
          targets: [
            { id: 't', arn: 'not-an-arn' },
            { id: 't', arn: topicArn, input: 1, inputPath: '$.detail' },
          ],
        },
        { kind: 'rule', name: 'r4' },
        {
          kind: 'subscription',
          topic: 'n',
          protocol: 'email',
          endpoint: 'http://x',
          rawMessageDelivery: true,
        },
        {
          kind: 'subscription',
          topic: 'n',
          protocol: 'https',
          endpoint: 'https://x',
          filterPolicy: { a: 1 },
        },
      ]),
    ).toEqual([
      "resources[0] (eventBus 'default'): name: the default bus always exists; do not declare it",
      expect.stringMatching(
        /^resources\[1\] \(rule 'r1'\): eventPattern: Event pattern is not valid\. Reason: /,
      ),
      expect.stringMatching(
        /^resources\[2\] \(rule 'r2'\): scheduleExpression: .*rate\(5 minute\)/,
      ),
      "resources[2] (rule 'r2'): scheduleExpression: schedules run on the default bus only; remove bus",
      "resources[3] (rule 'r3'): targets[0].arn: expected an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)",
      "resources[3] (rule 'r3'): targets[1]: give at most one of input, inputPath and inputTransformer",
      "resources[3] (rule 'r3'): targets[1].id: another target already has the id 't'",
      "resources[4] (rule 'r4'): eventPattern: give an eventPattern, a scheduleExpression, or both",
      'resources[5] (subscription): endpoint: protocol email needs an e-mail address as endpoint, got "http://x"',
      'resources[5] (subscription): rawMessageDelivery: email subscriptions cannot take raw delivery (http, https and sqs can)',
      expect.stringMatching(/^resources\[6\] \(subscription\): filterPolicy: /),
    ]);
    expect(
      problems([
        {
          kind: 'rule',
          name: 'r',
          scheduleExpression: 'rate(1 hour)',
          targets: [
            { id: 't', arn: topicArn },
            { id: 't', arn: topicArn },
          ],
        },
      ]),
    ).toEqual(["resources[0] (rule 'r'): targets[1].id: another target already has the id 't'"]);
  });

  it('synthesizes the bus, the rule with a role for its state machine target, the topic and subscription', () => {
    // What the rule and subscription name is outside this template, so by name or ARN.
    const [bus, topic, subscription, , rule] = specs();
    const all = [bus, { ...topic, name: 'digest' }, subscription, { ...rule, bus: 'shared' }];
    const t = template(all);
    expect(Object.keys(t.Resources)).toEqual([
      'OpsEventBus',
      'DigestTopic',
      'NoticesEmailOpsExampleComSubscription',
      'SharedTrainingDoneRuleTargetsRole',
      'SharedTrainingDoneRule',
    ]);
    expect(t.Resources.OpsEventBus).toEqual({
      Type: 'AWS::Events::EventBus',
      Properties: { Name: 'ops' },
    });
    expect(t.Resources.DigestTopic?.Properties).toEqual({
      TopicName: 'digest',
      DisplayName: 'Ops',
    });
    expect(t.Resources.NoticesEmailOpsExampleComSubscription?.Properties).toEqual({
      TopicArn: { 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:notices' },
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    expect(t.Resources.SharedTrainingDoneRuleTargetsRole?.Properties?.Policies).toEqual([
      {
        PolicyName: 'targets',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['states:StartExecution'], Resource: [machineArn] },
          ],
        },
      },
    ]);
    expect(t.Resources.SharedTrainingDoneRule?.Properties).toEqual({
      Name: 'training-done',
      EventBusName: 'shared',
      EventPattern: { source: ['dapm.training'], 'detail-type': ['Training Finished'] },
      State: 'ENABLED',
      Targets: [
        {
          Id: 'mail',
          Arn: topicArn,
          InputTransformer: {
            InputPathsMap: { status: '$.detail.status' },
            InputTemplate: '"Training <status>"',
          },
        },
        {
          Id: 'flow',
          Arn: machineArn,
          Input: '{"from":"rule"}',
          RoleArn: { 'Fn::GetAtt': ['SharedTrainingDoneRuleTargetsRole', 'Arn'] },
        },
      ],
    });
    expect(t.Metadata.modelmill.notes).toEqual([
      expect.stringContaining(
        `rule 'training-done' targets the topic ${topicArn}: its topic policy must allow events.amazonaws.com`,
      ),
    ]);
  });

  it('links to resources of the same template by Ref, and lets EventBridge invoke function targets', () => {
    const all = [
      ...specs(),
      {
        kind: 'subscription',
        topic: 'notices',
        protocol: 'lambda',
        endpoint: 'arn:aws:lambda:ap-south-1:731580992380:function:notify',
      },
      {
        kind: 'rule',
        name: 'nightly',
        scheduleExpression: 'cron(0 2 * * ? *)',
        targets: [{ id: 'f', arn: 'arn:aws:lambda:ap-south-1:731580992380:function:notify' }],
      },
    ];
    const siblings = {
      'eventBus:ops': 'OpsEventBus',
      'topic:notices': 'NoticesTopic',
      'stateMachine:on-event': 'OnEventStateMachine',
    };
    const rule = synthOne(all, 4, siblings).part.resources;
    expect(rule.Self?.Properties?.EventBusName).toEqual({ Ref: 'OpsEventBus' });
    expect((rule.Self?.Properties?.Targets as Array<{ Arn: unknown }>).map((x) => x.Arn)).toEqual([
      { Ref: 'NoticesTopic' },
      { Ref: 'OnEventStateMachine' },
    ]);
    const lambdaSub = synthOne(all, 5, siblings).part.resources;
    expect(lambdaSub.Self?.Properties?.TopicArn).toEqual({ Ref: 'NoticesTopic' });
    expect(lambdaSub.SelfInvoke?.Properties).toMatchObject({ Principal: 'sns.amazonaws.com' });
    const nightly = synthOne(all, 6, siblings).part.resources;
    expect(nightly.SelfInvoke1).toEqual({
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: 'arn:aws:lambda:ap-south-1:731580992380:function:notify',
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': ['Self', 'Arn'] },
      },
    });
    expect(nightly.Self?.Properties?.EventBusName).toBeUndefined();
  });
});
