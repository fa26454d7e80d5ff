import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import {
  createAwsDynamoDb,
  createLocalDynamoDb,
  dynamoDbApi,
} from '../../src/services/dynamodb/index.js';
import { runDynamoDbContract } from '../../src/services/dynamodb/contract.js';
import { awsCliAvailable, awsCliJson, lazyServer, localSdkConfig } from '../support/aws-api.js';

/**
 * The wire protocol end to end: the real AWS SDK (through the AWS adapter)
 * and the AWS CLI against the HTTP server in front of the embedded DynamoDB.
 */

const serve = lazyServer(async () => {
  const store = createLocalDynamoDb({
    db: openDatabase(':memory:'),
    scope: { region: 'us-east-1', accountId: '000000000000' },
  });
  return [dynamoDbApi(store)];
});

afterAll(async () => {
  await serve.close();
});

runDynamoDbContract('AWS SDK over HTTP to the embedded DynamoDB', async () =>
  createAwsDynamoDb({
    config: localSdkConfig((await serve()).url),
  }),
);

describe('DynamoDB wire protocol details', () => {
  let client: DynamoDBClient;
  beforeAll(async () => {
    client = new DynamoDBClient({ ...localSdkConfig((await serve()).url), maxAttempts: 1 });
    await createAwsDynamoDb({ client }).createTable({
      TableName: 'wire',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }],
    });
  });

  it('round-trips binary keys and values as bytes', async () => {
    const id = new Uint8Array([0, 255, 7]);
    await client.send(
      new PutItemCommand({
        TableName: 'wire',
        Item: { id: { B: id }, blob: { BS: [new Uint8Array([1]), new Uint8Array([2])] } },
      }),
    );
    const { Item } = await client.send(
      new GetItemCommand({ TableName: 'wire', Key: { id: { B: id } } }),
    );
    expect(Buffer.from(Item?.id?.B ?? [])).toEqual(Buffer.from(id));
    expect(Item?.blob?.BS?.map((b) => Buffer.from(b)[0]).sort()).toEqual([1, 2]);
  });

  it('answers with the SDK exception classes, the old item included', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'wire',
        Item: { id: { B: new Uint8Array([9]) }, v: { N: '1' } },
      }),
    );
    const failed = await client
      .send(
        new PutItemCommand({
          TableName: 'wire',
          Item: { id: { B: new Uint8Array([9]) } },
          ConditionExpression: 'attribute_not_exists(id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(ConditionalCheckFailedException);
    expect((failed as ConditionalCheckFailedException).Item?.v).toEqual({ N: '1' });
    const missing = await client
      .send(new GetItemCommand({ TableName: 'nope', Key: { id: { S: 'x' } } }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses malformed AttributeValues on the wire with a ValidationException naming the path', async () => {
    const response = await fetch((await serve()).url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.PutItem',
      },
      body: JSON.stringify({
        TableName: 'wire',
        Item: { id: { B: 'AQ==' }, steps: { L: [{ S: 'ok' }, { S: 1 }] } },
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toContain('ValidationException');
    expect(body.message).toContain('the value of S must be a string');
    expect(body.message).toContain('attribute: Item.steps[1]');
  });

  it('serves the AWS CLI', async (context) => {
    if (!(await awsCliAvailable())) {
      context.skip();
      return;
    }
    const cli = awsCliJson('dynamodb', (await serve()).url);
    const created = await cli(
      'create-table',
      '--table-name',
      'cli',
      '--billing-mode',
      'PAY_PER_REQUEST',
      '--key-schema',
      'AttributeName=pk,KeyType=HASH',
      '--attribute-definitions',
      'AttributeName=pk,AttributeType=S',
    );
    expect(created.TableDescription.TableStatus).toBe('ACTIVE');
    const updated = await cli(
      'update-item',
      '--table-name',
      'cli',
      '--key',
      '{"pk":{"S":"a"}}',
      '--update-expression',
      'ADD n :one',
      '--expression-attribute-values',
      '{":one":{"N":"2.50"}}',
      '--return-values',
      'UPDATED_NEW',
    );
    expect(updated.Attributes).toEqual({ n: { N: '2.5' } });
    expect(await cli('get-item', '--table-name', 'cli', '--key', '{"pk":{"S":"a"}}')).toEqual({
      Item: { pk: { S: 'a' }, n: { N: '2.5' } },
    });
  }, 60_000);
});
