import { beforeEach, describe, expect, it } from 'vitest';
import type { TableStore } from '../../../services/dynamodb/index.js';
import {
  createLocalDynamoDb,
  marshallItem,
  unmarshallItem,
} from '../../../services/dynamodb/index.js';
import { openDatabase } from '../../../store/index.js';
import { recordAlgorithmResults } from './ml-state.js';

const table = 'state-table';
let ddb: TableStore;
let calls: string[];

/** The local DynamoDB, counting requests by operation. */
beforeEach(async () => {
  const local = createLocalDynamoDb({
    db: openDatabase(':memory:'),
    scope: { region: 'ap-south-1', accountId: '000000000000' },
  });
  await local.createTable({
    TableName: table,
    KeySchema: [{ AttributeName: 'batchjob_id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'batchjob_id', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  calls = [];
  ddb = new Proxy(local, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function'
        ? (...args: unknown[]) => {
            calls.push(String(name));
            return value.apply(target, args);
          }
        : value;
    },
  });
});

const update = (batchJobId: string) => ({
  table,
  batchJobId,
  statuses: [{ algorithm_name: 'lr', runid: 'j2', algorithm_execution_status: 'SUCCESS' as const }],
  outputs: [
    {
      algorithm_name: 'lr',
      model_s3_output_path: 's3://b/m',
      pred_or_eval_s3_output_path: 's3://b/p',
    },
  ],
});

async function item(id: string) {
  const found = await ddb.getItem({ TableName: table, Key: { batchjob_id: { S: id } } });
  return found.Item && unmarshallItem(found.Item);
}

describe('state item writes', () => {
  it('writes a version-1 item in one request and moves it to version 2', async () => {
    await ddb.putItem({
      TableName: table,
      Item: marshallItem({ batchjob_id: 'j1', pk: 'gear', version: 1 }),
    });
    calls = [];
    expect(await recordAlgorithmResults(ddb, update('j1'))).toBe(2);
    expect(calls).toEqual(['updateItem']);
    expect(await item('j1')).toMatchObject({
      pk: 'gear',
      version: 2,
      algo_execution_status: update('j1').statuses,
    });
  });

  it('follows the version the item holds, and creates the item when the job is first', async () => {
    await ddb.putItem({ TableName: table, Item: marshallItem({ batchjob_id: 'j1', version: 7 }) });
    expect(await recordAlgorithmResults(ddb, update('j1'))).toBe(8);
    expect(await recordAlgorithmResults(ddb, update('new'))).toBe(1);
    expect(await item('new')).toMatchObject({
      batchjob_id: 'new',
      version: 1,
      algo_final_run_s3outputpaths: update('new').outputs,
    });
  });

  it('re-reads and retries while another writer moves the version, then gives up', async () => {
    await ddb.putItem({ TableName: table, Item: marshallItem({ batchjob_id: 'j1', version: 1 }) });
    let bumps = 0;
    const racing = new Proxy(ddb, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'updateItem') return value;
        return async (input: any) => {
          if (bumps < 2) {
            bumps++;
            const current = unmarshallItem(
              (await target.getItem({ TableName: table, Key: input.Key })).Item ?? {},
            ).version as number;
            await target.putItem({
              TableName: table,
              Item: marshallItem({ batchjob_id: 'j1', version: current + 1 }),
            });
          }
          return value.call(target, input);
        };
      },
    });
    const sleeps: number[] = [];
    const clock = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };
    expect(await recordAlgorithmResults(racing, update('j1'), { clock })).toBe(4);
    await expect(
      recordAlgorithmResults(racing, update('j1'), { clock, maxAttempts: 1 }),
    ).rejects.toThrow(/kept changing/);
  });
});
