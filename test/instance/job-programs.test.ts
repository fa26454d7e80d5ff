import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';

/**
 * The path every pipeline job takes: a state machine submits a Batch job whose
 * image is registered to a built-in program; the program runs in a worker
 * thread and reaches S3 and DynamoDB through the instance's HTTP API, like a
 * container on AWS.
 */
let mm: Modelmill;

beforeAll(async () => {
  mm = await createModelmill({
    home: mkdtempSync(join(tmpdir(), 'mm-jobs-')),
    logLevel: 'silent',
    programs: [
      {
        name: 'record-args',
        module: new URL('../fixtures/echo-program.js', import.meta.url),
        export: 'recordArgs',
      },
    ],
  });
  await mm.start();
  await mm.services.s3.createBucket({ Bucket: 'runs' });
  await mm.services.dynamodb.createTable({
    TableName: 'runs',
    KeySchema: [{ AttributeName: 'run', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'run', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await mm.services.ecr.registerImage({
    imageUri: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/recorder:v1',
    program: 'record-args',
  });
  const batch = mm.services.batch;
  await batch.createComputeEnvironment({
    computeEnvironmentName: 'ce',
    type: 'MANAGED',
    computeResources: { type: 'FARGATE', maxvCpus: 4, subnets: [], securityGroupIds: [] },
  });
  await batch.createJobQueue({
    jobQueueName: 'q',
    priority: 1,
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }],
  });
  await batch.registerJobDefinition({
    jobDefinitionName: 'recorder',
    type: 'container',
    containerProperties: {
      image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/recorder:v1',
      command: ['--bucket', 'runs', '--table', 'runs', '--run', 'Ref::run', '--fail', 'Ref::fail'],
      resourceRequirements: [
        { type: 'VCPU', value: '1' },
        { type: 'MEMORY', value: '512' },
      ],
    },
  });
});

afterAll(async () => {
  await mm.close();
});

describe('job programs reach the services', () => {
  it('runs a Batch .sync job whose program writes to S3 and DynamoDB through the API', async () => {
    mm.engine.createStateMachine({
      name: 'submit',
      definition: JSON.stringify({
        StartAt: 'Run',
        States: {
          Run: {
            Type: 'Task',
            Resource: 'arn:aws:states:::batch:submitJob.sync',
            Parameters: {
              JobName: 'rec',
              JobQueue: 'arn:aws:batch:ap-south-1:731580992380:job-queue/q',
              JobDefinition: 'recorder',
              Parameters: { 'run.$': '$.run', fail: 'no' },
            },
            ResultSelector: { 'status.$': '$.Status' },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = mm.engine.startExecution({
      stateMachineArn: 'submit',
      input: '{"run":"r1"}',
    });
    const final = await mm.engine.waitFor(executionArn);
    expect([final.status, final.output, final.cause]).toEqual([
      'SUCCEEDED',
      '{"status":"SUCCEEDED"}',
      undefined,
    ]);
    const object = await mm.services.s3.getObject({ Bucket: 'runs', Key: 'runs/r1.json' });
    expect(JSON.parse(Buffer.from(object.Body).toString())).toMatchObject({
      run: 'r1',
      bucket: 'runs',
    });
    const item = await mm.services.dynamodb.getItem({
      TableName: 'runs',
      Key: { run: { S: 'r1' } },
    });
    expect(item.Item?.run).toEqual({ S: 'r1' });
  });

  it('fails the state with the job description when the program exits non-zero', async () => {
    mm.engine.createStateMachine({
      name: 'failing',
      definition: JSON.stringify({
        StartAt: 'Run',
        States: {
          Run: {
            Type: 'Task',
            Resource: 'arn:aws:states:::batch:submitJob.sync',
            Parameters: {
              JobName: 'rec',
              JobQueue: 'q',
              JobDefinition: 'recorder',
              Parameters: { run: 'r2', fail: 'yes' },
            },
            End: true,
          },
        },
      }),
    });
    const final = await mm.engine.waitFor(
      mm.engine.startExecution({ stateMachineArn: 'failing' }).executionArn,
    );
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('States.TaskFailed');
    expect(JSON.parse(final.cause ?? '{}')).toMatchObject({
      Status: 'FAILED',
      Container: { ExitCode: 3 },
    });
  });
});
