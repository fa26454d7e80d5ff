import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/index.js';
import { createLocalDynamoDb } from './local.js';
import { fails, hashOnly, storeWithTables } from './local-fixture.js';
import type { TableStore } from './types.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };

let store: TableStore;
beforeEach(async () => {
  store = await storeWithTables();
});

describe('tables', () => {
  it('validates CreateTable like DynamoDB', async () => {
    const v = 'ValidationException';
    const base = hashOnly('new');
    await fails(store.createTable({ ...base, KeySchema: [] }), v, "Value null at 'keySchema'");
    await fails(
      store.createTable({ ...base, KeySchema: [{ AttributeName: 'pk', KeyType: 'RANGE' }] }),
      v,
      'The first KeySchemaElement is not a HASH key type',
    );
    await fails(
      store.createTable({
        ...base,
        AttributeDefinitions: [{ AttributeName: 'x', AttributeType: 'S' }],
      }),
      v,
      'Some index key attributes are not defined in AttributeDefinitions',
    );
    await fails(
      store.createTable({
        ...base,
        AttributeDefinitions: [
          ...base.AttributeDefinitions,
          { AttributeName: 'x', AttributeType: 'S' },
        ],
      }),
      v,
      'Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
    await fails(
      store.createTable({
        ...base,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'X' as 'S' }],
      }),
      v,
      'Member must satisfy enum value set: [B, N, S]',
    );
    await fails(
      store.createTable({ ...base, BillingMode: 'PROVISIONED' }),
      v,
      'ReadCapacityUnits and WriteCapacityUnits must both be specified',
    );
    await fails(
      store.createTable({
        ...base,
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
      v,
      'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified',
    );
    await fails(
      store.createTable({ ...base, GlobalSecondaryIndexes: [{}] }),
      v,
      'GlobalSecondaryIndexes are not supported',
    );
    await fails(
      store.createTable({ ...base, TableName: 'bad name!' }),
      v,
      'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
    );
    await fails(
      store.createTable({ ...base, TableName: 'ab' }),
      v,
      'Member must have length greater than or equal to 3',
    );
  });

  it('deletes a table with its items; a new table of the same name starts empty', async () => {
    await store.putItem({ TableName: 'hashed', Item: { pk: { S: 'a' } } });
    expect((await store.describeTable({ TableName: 'hashed' })).Table.ItemCount).toBe(1);
    const { TableDescription } = await store.deleteTable({ TableName: 'hashed' });
    expect(TableDescription.TableStatus).toBe('DELETING');
    await fails(
      store.getItem({ TableName: 'hashed', Key: { pk: { S: 'a' } } }),
      'ResourceNotFoundException',
      'Table: hashed not found',
    );
    await store.createTable(hashOnly('hashed'));
    expect(
      (await store.getItem({ TableName: 'hashed', Key: { pk: { S: 'a' } } })).Item,
    ).toBeUndefined();
  });

  it('resolves a table ARN by name', async () => {
    await store.putItem({
      TableName: 'arn:aws:dynamodb:eu-west-1:111111111111:table/hashed',
      Item: { pk: { S: 'a' } },
    });
    expect(
      (await store.getItem({ TableName: 'hashed', Key: { pk: { S: 'a' } } })).Item,
    ).toBeDefined();
  });

  it('pages ListTables', async () => {
    for (const name of ['tt1', 'tt2', 'tt3']) await store.createTable(hashOnly(name));
    const first = await store.listTables({ Limit: 2 });
    expect(first).toEqual({ TableNames: ['hashed', 'ranged'], LastEvaluatedTableName: 'ranged' });
    const last = await store.listTables({ Limit: 3, ExclusiveStartTableName: 'ranged' });
    expect(last).toEqual({ TableNames: ['tt1', 'tt2', 'tt3'] });
  });

  it('sees tables created and deleted by another connection to the same database', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mm-ddb-')), 'modelmill.db');
    const a = createLocalDynamoDb({ db: openDatabase(file), scope });
    const b = createLocalDynamoDb({ db: openDatabase(file), scope });
    await a.createTable(hashOnly('shared'));
    await b.putItem({ TableName: 'shared', Item: { pk: { S: 'x' } } });
    expect((await a.getItem({ TableName: 'shared', Key: { pk: { S: 'x' } } })).Item).toEqual({
      pk: { S: 'x' },
    });
    await a.deleteTable({ TableName: 'shared' });
    await fails(
      b.putItem({ TableName: 'shared', Item: { pk: { S: 'y' } } }),
      'ResourceNotFoundException',
      'shared',
    );
  });
});

describe('writes', () => {
  it('refuses legacy parameters, naming the expression to use', async () => {
    await fails(
      store.putItem({
        TableName: 'hashed',
        Item: { pk: { S: 'a' } },
        Expected: { pk: { Exists: false } },
      } as never),
      'ValidationException',
      'Expected is a legacy DynamoDB parameter that modelmill does not support: use ConditionExpression instead',
    );
  });

  it('refuses oversized keys and updates that grow an item past 400 KB', async () => {
    await fails(
      store.putItem({ TableName: 'hashed', Item: { pk: { S: 'k'.repeat(2049) } } }),
      'ValidationException',
      'Size of hashkey has exceeded the maximum size limit',
    );
    await store.putItem({
      TableName: 'hashed',
      Item: { pk: { S: 'big' }, a: { S: 'x'.repeat(300_000) } },
    });
    await fails(
      store.updateItem({
        TableName: 'hashed',
        Key: { pk: { S: 'big' } },
        UpdateExpression: 'SET b = a',
      }),
      'ValidationException',
      'Item size to update has exceeded the maximum allowed size',
    );
  });

  it('creates the item from its key when UpdateItem has no expression', async () => {
    await store.updateItem({ TableName: 'ranged', Key: { pk: { S: 'p' }, sk: { N: '01' } } });
    expect(
      (await store.getItem({ TableName: 'ranged', Key: { pk: { S: 'p' }, sk: { N: '1' } } })).Item,
    ).toEqual({ pk: { S: 'p' }, sk: { N: '1' } });
  });

  it('applies a batch entirely or not at all', async () => {
    const good = { PutRequest: { Item: { pk: { S: 'good' } } } };
    const bad = { PutRequest: { Item: { pk: { S: 'bad' }, s: { SS: [] } } } };
    await fails(
      store.batchWriteItem({ RequestItems: { hashed: [good, bad] } }),
      'ValidationException',
      'An string set  may not be empty',
    );
    expect(
      (await store.getItem({ TableName: 'hashed', Key: { pk: { S: 'good' } } })).Item,
    ).toBeUndefined();
    await fails(
      store.batchWriteItem({ RequestItems: { hashed: [{}] } }),
      'ValidationException',
      'exactly one of PutRequest or DeleteRequest',
    );
  });

  it('reports consumed capacity when asked', async () => {
    const out = await store.putItem({
      TableName: 'hashed',
      Item: { pk: { S: 'a' } },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(out.ConsumedCapacity).toEqual({ TableName: 'hashed', CapacityUnits: 1 });
  });
});
