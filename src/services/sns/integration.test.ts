import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../engine/index.js';
import { openDatabase } from '../../store/index.js';
import { runDefinition } from '../../../test/support/executions.js';
import { registerSnsIntegrations } from './integration.js';
import { createLocalSns } from './local.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

function setup() {
  const clock = createFakeClock(Date.UTC(2024, 0, 2, 3, 4, 5));
  const registry = new IntegrationRegistry();
  const sns = createLocalSns({
    db: openDatabase(':memory:'),
    scope,
    home: mkdtempSync(join(tmpdir(), 'mm-sns-')),
    clock,
    smtpUrl: '',
  });
  registerSnsIntegrations(registry, sns, { ids: createSequentialIds() });
  const engine = createEngine({
    store: createMemoryStore(),
    integrations: registry,
    scope,
    clock,
    ids: createSequentialIds(),
  });
  const run = (definition: object, input: unknown = {}) => runDefinition(engine, definition, input);
  return { sns, engine, run };
}

const task = (resource: string, parameters: object, extra: object = {}) => ({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: resource, Parameters: parameters, End: true, ...extra } },
});

describe('sns:publish', () => {
  it('publishes a JSON message (serialised) and answers with the message id and SDK metadata', async () => {
    const { sns, run } = setup();
    const { TopicArn } = await sns.createTopic({ Name: 'jenkins-pl-apsouth1-dapf-notifier' });
    await sns.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'ml@example.com' });
    const { final, output } = await run(
      task('arn:aws:states:::sns:publish', {
        TopicArn: 'arn:aws:sns:us-east-1:999999999999:jenkins-pl-apsouth1-dapf-notifier',
        Subject: 'jenkins Training Status:',
        'Message.$': '$',
        MessageAttributes: { stage: { DataType: 'String', StringValue: 'cleanup' } },
      }),
      { status: 'SUCCEEDED', stepjobid: 'orch-e1' },
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(output.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.SdkHttpMetadata).toMatchObject({
      HttpStatusCode: 200,
      HttpHeaders: { 'Content-Type': 'text/xml', Date: 'Tue, 02 Jan 2024 03:04:05 GMT' },
    });
    expect(output.SdkResponseMetadata.RequestId).toBe(
      output.SdkHttpMetadata.HttpHeaders['x-amzn-RequestId'],
    );
    await sns.idle();
    expect(readdirSync(sns.outbox)).toHaveLength(1);
    expect(sns.listNotifications()[0]).toMatchObject({
      status: 'DELIVERED',
      subject: 'jenkins Training Status:',
    });
  });

  it('names failures SNS.<Exception> with the AWS cause, catchable by name', async () => {
    const { sns, run } = setup();
    const missing = await run(
      task('arn:aws:states:::sns:publish', {
        TopicArn: 'arn:aws:sns:ap-south-1:123456789012:nope',
        Message: 'x',
      }),
    );
    expect(missing.final.error).toBe('SNS.NotFoundException');
    expect(missing.final.cause).toMatch(
      /Topic does not exist.*\(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: .+; Proxy: null\)$/,
    );
    await sns.createTopic({ Name: 'exists' });
    const caught = await run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Parameters: { TopicArn: 'arn:aws:sns:ap-south-1:123456789012:exists', Message: '' },
          Catch: [{ ErrorEquals: ['SNS.InvalidParameterException'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    });
    expect(caught.final.status).toBe('SUCCEEDED');
    expect(caught.output.Error).toBe('SNS.InvalidParameterException');
    expect(caught.output.Cause).toContain(
      'Invalid parameter: Empty message (Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter;',
    );
  });

  it('waits for the task token carried in the message', async () => {
    const { sns, engine, run } = setup();
    const { TopicArn } = await sns.createTopic({ Name: 'approvals' });
    await sns.subscribe({
      TopicArn,
      Protocol: 'lambda',
      Endpoint: 'arn:aws:lambda:ap-south-1:123456789012:function:approver',
    });
    sns.connect({
      invokeFunction: async (_arn, payload) => {
        const message = JSON.parse(JSON.parse(payload).Records[0].Sns.Message);
        engine.sendTaskSuccess({ taskToken: message.token, output: '{"approved":true}' });
      },
    });
    const { final, output } = await run(
      task('arn:aws:states:::sns:publish.waitForTaskToken', {
        TopicArn,
        Message: { 'token.$': '$$.Task.Token' },
      }),
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toEqual({ approved: true });
  });

  it('serves aws-sdk:sns actions with Sns.<Exception> errors', async () => {
    const { run } = setup();
    const created = await run(
      task('arn:aws:states:::aws-sdk:sns:createTopic', { Name: 'from-sfn' }),
    );
    expect(created.output).toEqual({ TopicArn: 'arn:aws:sns:ap-south-1:123456789012:from-sfn' });
    const missing = await run(
      task('arn:aws:states:::aws-sdk:sns:getTopicAttributes', {
        TopicArn: 'arn:aws:sns:ap-south-1:123456789012:none',
      }),
    );
    expect(missing.final.error).toBe('Sns.NotFoundException');
  });
});
