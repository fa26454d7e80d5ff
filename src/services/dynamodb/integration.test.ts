import { describe, expect, it } from 'vitest';
import { StatesError } from '../../asl/index.js';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import {
  IntegrationRegistry,
  createEngine,
  createMemoryStore,
  parseTaskResource,
} from '../../engine/index.js';
import { openDatabase } from '../../store/index.js';
import { registerDynamoDbIntegrations } from './integration.js';
import { createLocalDynamoDb } from './local.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

async function setup() {
  const store = createLocalDynamoDb({ db: openDatabase(':memory:'), scope });
  await store.createTable({
    TableName: 'jenkins-pl-apsouth1-training-state-table',
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'batchjob_id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'batchjob_id', AttributeType: 'S' }],
  });
  const registry = new IntegrationRegistry();
  registerDynamoDbIntegrations(registry, store, { ids: createSequentialIds() });
  const clock = createFakeClock(Date.UTC(2024, 0, 2, 3, 4, 5));
  const invoke = (arn: string, parameters: unknown) =>
    registry.resolve(parseTaskResource(arn))({
      resource: parseTaskResource(arn),
      parameters,
      context: {
        executionArn: 'arn:aws:states:ap-south-1:123456789012:execution:m:e',
        stateMachineArn: 'arn:aws:states:ap-south-1:123456789012:stateMachine:m',
        stateName: 'Task',
        signal: new AbortController().signal,
        submitted: async () => undefined,
        heartbeat: () => undefined,
        clock,
        scope,
      },
    });
  return { store, registry, invoke, clock };
}

const table = 'jenkins-pl-apsouth1-training-state-table';

async function failure(promise: Promise<unknown>): Promise<StatesError> {
  const err = await promise.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StatesError);
  return err as StatesError;
}

describe('DynamoDB Task integrations', () => {
  it('answers optimised calls with the API response plus the SDK metadata', async () => {
    const { invoke } = await setup();
    const put = (await invoke('arn:aws:states:::dynamodb:putItem', {
      TableName: table,
      Item: { batchjob_id: { S: 'job-1' }, num_runs: { N: '1' } },
    })) as Record<string, any>;
    expect(put.SdkHttpMetadata).toMatchObject({
      HttpStatusCode: 200,
      HttpHeaders: {
        'Content-Length': '2',
        'Content-Type': 'application/x-amz-json-1.0',
        Date: 'Tue, 02 Jan 2024 03:04:05 GMT',
      },
    });
    expect(put.SdkResponseMetadata.RequestId).toMatch(/^[0-9A-F]{52}$/);
    const got = (await invoke('arn:aws:states:::dynamodb:getItem', {
      TableName: table,
      Key: { batchjob_id: { S: 'job-1' } },
    })) as Record<string, any>;
    expect(got.Item).toEqual({ batchjob_id: { S: 'job-1' }, num_runs: { N: '1' } });
    expect(got.SdkHttpMetadata.AllHttpHeaders['Content-Length']).toEqual([
      String(JSON.stringify({ Item: got.Item }).length),
    ]);
  });

  it('names optimised failures as Step Functions does', async () => {
    const { invoke } = await setup();
    await invoke('arn:aws:states:::dynamodb:putItem', {
      TableName: table,
      Item: { batchjob_id: { S: 'j' } },
    });
    const conflict = await failure(
      invoke('arn:aws:states:::dynamodb:putItem', {
        TableName: table,
        Item: { batchjob_id: { S: 'j' } },
        ConditionExpression: 'attribute_not_exists(batchjob_id)',
      }),
    );
    expect(conflict.error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(conflict.causeText).toMatch(
      /^The conditional request failed.* \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: [0-9A-F]{52}; Proxy: null\)$/,
    );
    const missing = await failure(
      invoke('arn:aws:states:::dynamodb:getItem', { TableName: 'nope', Key: { id: { S: 'x' } } }),
    );
    expect(missing.error).toBe('DynamoDB.ResourceNotFoundException');
    const invalid = await failure(
      invoke('arn:aws:states:::dynamodb:updateItem', {
        TableName: table,
        Key: { batchjob_id: { S: 'j' } },
        UpdateExpression: 'SET = 1',
      }),
    );
    expect(invalid.error).toBe('DynamoDB.AmazonDynamoDBException');
    expect(invalid.causeText).toContain('Error Code: ValidationException');
  });

  it('serves the AWS SDK integration with DynamoDb.* error names', async () => {
    const { invoke } = await setup();
    await invoke('arn:aws:states:::aws-sdk:dynamodb:putItem', {
      TableName: table,
      Item: { batchjob_id: { S: 'k' } },
    });
    const scanned = (await invoke('arn:aws:states:::aws-sdk:dynamodb:scan', {
      TableName: table,
    })) as Record<string, any>;
    expect(scanned).toEqual({ Items: [{ batchjob_id: { S: 'k' } }], Count: 1, ScannedCount: 1 });
    const missing = await failure(
      invoke('arn:aws:states:::aws-sdk:dynamodb:putItem', {
        TableName: 'nope',
        Item: { id: { S: 'x' } },
      }),
    );
    expect(missing.error).toBe('DynamoDb.ResourceNotFoundException');
    expect(missing.causeText).toMatch(
      / \(Service: DynamoDb, Status Code: 400, Request ID: [0-9A-F]{52}\)$/,
    );
    const invalid = await failure(
      invoke('arn:aws:states:::aws-sdk:dynamodb:putItem', { TableName: table, Item: null }),
    );
    expect(invalid.error).toBe('DynamoDb.DynamoDbException');
    const conflict = await failure(
      invoke('arn:aws:states:::aws-sdk:dynamodb:deleteItem', {
        TableName: table,
        Key: { batchjob_id: { S: 'zz' } },
        ConditionExpression: 'attribute_exists(batchjob_id)',
      }),
    );
    expect(conflict.error).toBe('DynamoDb.ConditionalCheckFailedException');
  });

  it('runs an optimistic-locking loop in a state machine', async () => {
    const { store, registry, clock } = await setup();
    await store.putItem({
      TableName: table,
      Item: { batchjob_id: { S: 'job-9' }, version: { N: '4' }, num_runs: { N: '1' } },
    });
    const engine = createEngine({
      store: createMemoryStore(),
      integrations: registry,
      scope,
      clock,
      ids: createSequentialIds(),
    });
    engine.createStateMachine({
      name: 'rerun',
      definition: JSON.stringify({
        StartAt: 'Read',
        States: {
          Read: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:getItem',
            Parameters: {
              TableName: table,
              Key: { batchjob_id: { 'S.$': '$.job' } },
              ConsistentRead: true,
            },
            ResultSelector: { 'version.$': '$.Item.version.N' },
            ResultPath: '$.read',
            Next: 'Bump',
          },
          Bump: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:updateItem',
            Parameters: {
              TableName: table,
              Key: { batchjob_id: { 'S.$': '$.job' } },
              UpdateExpression: 'SET version = version + :one, num_runs = num_runs + :one',
              ConditionExpression: 'version = :seen',
              ExpressionAttributeValues: {
                ':one': { N: '1' },
                ':seen': { 'N.$': '$.staleVersion' },
              },
              ReturnValues: 'ALL_NEW',
            },
            ResultSelector: { 'version.$': '$.Attributes.version.N' },
            Catch: [
              {
                ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
                ResultPath: '$.conflict',
                Next: 'Retry',
              },
            ],
            End: true,
          },
          Retry: {
            Type: 'Pass',
            Parameters: { 'job.$': '$.job', 'staleVersion.$': '$.read.version' },
            Next: 'Read',
          },
        },
      }),
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: 'rerun',
      input: JSON.stringify({ job: 'job-9', staleVersion: '3' }),
    });
    const final = await engine.waitFor(executionArn);
    expect(final.status, JSON.stringify(final)).toBe('SUCCEEDED');
    expect(JSON.parse(final.output ?? 'null')).toEqual({ version: '5' });
    const { Item } = await store.getItem({
      TableName: table,
      Key: { batchjob_id: { S: 'job-9' } },
    });
    expect(Item).toMatchObject({ version: { N: '5' }, num_runs: { N: '2' } });
    await engine.close();
  });
});
