import { describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { openDatabase } from '../../store/index.js';
import { runDynamoDbContract } from './contract.js';
import { createLocalDynamoDb } from './local.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

runDynamoDbContract('local (SQLite in memory)', () =>
  createLocalDynamoDb({ db: openDatabase(':memory:'), scope }),
);

describe('local DynamoDB specifics', () => {
  it('stamps tables with the clock, the id generator and the account scope', async () => {
    const store = createLocalDynamoDb({
      db: openDatabase(':memory:'),
      scope,
      clock: createFakeClock(Date.UTC(2024, 0, 1)),
      ids: createSequentialIds(),
    });
    const { TableDescription } = await store.createTable({
      TableName: 'jenkins-pl-apsouth1-training-state-table',
      KeySchema: [{ AttributeName: 'batchjob_id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'batchjob_id', AttributeType: 'S' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    expect(TableDescription).toMatchObject({
      TableArn:
        'arn:aws:dynamodb:ap-south-1:123456789012:table/jenkins-pl-apsouth1-training-state-table',
      TableId: '00000000-0000-4000-8000-000000000001',
      CreationDateTime: Date.UTC(2024, 0, 1) / 1000,
      ProvisionedThroughput: {
        ReadCapacityUnits: 5,
        WriteCapacityUnits: 5,
        NumberOfDecreasesToday: 0,
      },
    });
  });
});
