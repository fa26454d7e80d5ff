import { beforeEach, describe, expect, it } from 'vitest';
import { fails, storeWithTables } from './local-fixture.js';
import type { Item, TableStore } from './types.js';

let store: TableStore;
beforeEach(async () => {
  store = await storeWithTables();
});

describe('queries and scans', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 5; i += 1) {
      await store.putItem({
        TableName: 'ranged',
        Item: { pk: { S: 'p' }, sk: { N: String(i) }, v: { N: String(i * 10) } },
      });
    }
  });
  const q = (extra: object) =>
    store.query({
      TableName: 'ranged',
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
      ...extra,
    });

  it('returns a LastEvaluatedKey when the Limit is reached, even on the last item', async () => {
    const page = await q({ Limit: 5 });
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '5' } });
    const next = await q({ Limit: 5, ExclusiveStartKey: page.LastEvaluatedKey });
    expect(next).toEqual({ Items: [], Count: 0, ScannedCount: 0 });
    const back = await q({
      ScanIndexForward: false,
      ExclusiveStartKey: { pk: { S: 'p' }, sk: { N: '3' } },
    });
    expect(back.Items?.map((i) => (i.sk as { N: string }).N)).toEqual(['2', '1']);
  });

  it('refuses queries DynamoDB refuses', async () => {
    const v = 'ValidationException';
    const withValues = (cond: string, values: Item) =>
      q({ KeyConditionExpression: cond, ExpressionAttributeValues: values });
    await fails(
      withValues('pk = :p OR sk = :s', { ':p': { S: 'p' }, ':s': { N: '1' } }),
      v,
      'Invalid operator used in KeyConditionExpression: OR',
    );
    await fails(
      withValues('pk = :p', { ':p': { N: '1' } }),
      v,
      'Condition parameter type does not match schema type',
    );
    await fails(
      withValues('pk = :p AND begins_with(sk, :s)', { ':p': { S: 'p' }, ':s': { N: '1' } }),
      v,
      'begins_with, operand type: N',
    );
    await fails(
      withValues('pk > :p', { ':p': { S: 'p' } }),
      v,
      'Query key condition not supported',
    );
    await fails(
      withValues('pk = :p AND v = :s', { ':p': { S: 'p' }, ':s': { N: '1' } }),
      v,
      'Query condition missed key schema element: sk',
    );
    await fails(
      q({ FilterExpression: 'sk > :p' }),
      v,
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
    );
    await fails(
      q({ Select: 'ALL_ATTRIBUTES', ProjectionExpression: 'v' }),
      v,
      'Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES',
    );
    await fails(q({ IndexName: 'by-v' }), v, 'The table does not have the specified index: "by-v"');
    await fails(q({ Limit: 0 }), v, 'Member must have value greater than or equal to 1');
    await fails(
      q({ ExclusiveStartKey: { pk: { S: 'other' }, sk: { N: '1' } } }),
      v,
      'The provided starting key is invalid',
    );
    await fails(
      store.query({ TableName: 'ranged' }),
      v,
      'Either the KeyConditions or KeyConditionExpression parameter must be specified',
    );
  });

  it('stops a page at 1 MB read', async () => {
    for (let i = 0; i < 4; i += 1) {
      await store.putItem({
        TableName: 'hashed',
        Item: { pk: { S: `big-${i}` }, data: { S: 'x'.repeat(400_000) } },
      });
    }
    const first = await store.scan({ TableName: 'hashed', Select: 'COUNT' });
    expect(first.ScannedCount).toBe(3);
    expect(first.LastEvaluatedKey).toEqual({ pk: { S: 'big-2' } });
    const rest = await store.scan({
      TableName: 'hashed',
      Select: 'COUNT',
      ExclusiveStartKey: first.LastEvaluatedKey as Item,
    });
    expect(rest).toEqual({ Count: 1, ScannedCount: 1 });
  });

  it('splits a scan into disjoint segments that cover the table', async () => {
    for (let i = 0; i < 30; i += 1)
      await store.putItem({ TableName: 'hashed', Item: { pk: { S: `k${i}` } } });
    const segments = await Promise.all(
      [0, 1, 2].map(
        async (segment) =>
          (await store.scan({ TableName: 'hashed', Segment: segment, TotalSegments: 3 })).Items ??
          [],
      ),
    );
    const keys = segments.flat().map((i) => (i.pk as { S: string }).S);
    expect(new Set(keys).size).toBe(30);
    expect(keys.length).toBe(30);
    expect(segments.every((s) => s.length > 0)).toBe(true);
    await fails(
      store.scan({ TableName: 'hashed', Segment: 3, TotalSegments: 3 }),
      'ValidationException',
      'must be less than parameter TotalSegments',
    );
  });
});
