import { beforeAll, expect, it } from 'vitest';
import type { ContractContext as Ctx } from './contract-support.js';
import { rejection } from '../common/index.js';
import type { AttributeValue, Item } from './types.js';

/** The DynamoDB contract: Query, Scan and the batch operations. */

/** Query and Scan. */
export function queryContract(ctx: Ctx): void {
  const seqs = ['-10', '-2', '0', '1.5', '10', '100', '1000'];
  beforeAll(async () => {
    for (const [i, seq] of seqs.entries()) {
      await ctx.store.putItem({
        TableName: ctx.tables.events,
        Item: { pk: { S: 'run' }, seq: { N: seq }, kind: { S: i % 2 === 0 ? 'even' : 'odd' } },
      });
    }
    for (const sk of ['a', 'ab', 'abc', 'b', 'Z', '\uFF01', '\u{1F600}']) {
      await ctx.store.putItem({
        TableName: ctx.tables.names,
        Item: { pk: { S: 'p' }, sk: { S: sk } },
      });
    }
  });
  const q = (extra: object) =>
    ctx.store.query({
      TableName: ctx.tables.events,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'run' } },
      ConsistentRead: true,
      ...extra,
    });
  const seqOf = (items: Item[] | undefined) => (items ?? []).map((i) => (i.seq as { N: string }).N);

  it('orders number sort keys numerically, both ways', async () => {
    expect(seqOf((await q({})).Items)).toEqual(seqs);
    expect(seqOf((await q({ ScanIndexForward: false })).Items)).toEqual([...seqs].reverse());
  });

  it('applies range conditions', async () => {
    const range = (cond: string, values: Record<string, AttributeValue>) =>
      q({
        KeyConditionExpression: `pk = :p AND ${cond}`,
        ExpressionAttributeValues: { ':p': { S: 'run' }, ...values },
      });
    expect(
      seqOf((await range('seq BETWEEN :a AND :b', { ':a': { N: '-2' }, ':b': { N: '10' } })).Items),
    ).toEqual(['-2', '0', '1.5', '10']);
    expect(seqOf((await range('seq < :a', { ':a': { N: '0' } })).Items)).toEqual(['-10', '-2']);
    expect(seqOf((await range('seq >= :a', { ':a': { N: '100' } })).Items)).toEqual([
      '100',
      '1000',
    ]);
  });

  it('orders string sort keys by UTF-8 bytes and supports begins_with', async () => {
    const names = await ctx.store.query({
      TableName: ctx.tables.names,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
    });
    expect(names.Items?.map((i) => (i.sk as { S: string }).S)).toEqual([
      'Z',
      'a',
      'ab',
      'abc',
      'b',
      '\uFF01',
      '\u{1F600}',
    ]);
    const prefixed = await ctx.store.query({
      TableName: ctx.tables.names,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { S: 'ab' } },
    });
    expect(prefixed.Items?.map((i) => (i.sk as { S: string }).S)).toEqual(['ab', 'abc']);
  });

  it('pages with Limit and LastEvaluatedKey, filters after the limit, counts', async () => {
    const seen: string[] = [];
    let start: Item | undefined;
    let pages = 0;
    do {
      const page = await q({ Limit: 3, ...(start ? { ExclusiveStartKey: start } : {}) });
      seen.push(...seqOf(page.Items));
      start = page.LastEvaluatedKey;
      pages += 1;
    } while (start && pages < 10);
    expect(seen).toEqual(seqs);
    const filtered = await q({
      FilterExpression: 'kind = :k',
      ExpressionAttributeValues: { ':p': { S: 'run' }, ':k': { S: 'odd' } },
      Limit: 4,
    });
    expect(filtered.ScannedCount).toBe(4);
    expect(seqOf(filtered.Items)).toEqual(['-2', '1.5']);
    const counted = await q({ Select: 'COUNT' });
    expect(counted.Items).toBeUndefined();
    expect(counted.Count).toBe(seqs.length);
  });

  it('refuses a key condition without the hash key', async () => {
    const err = await rejection(
      ctx.store.query({
        TableName: ctx.tables.events,
        KeyConditionExpression: 'seq = :s',
        ExpressionAttributeValues: { ':s': { N: '1' } },
      }),
    );
    expect(err.code).toBe('ValidationException');
    expect(err.message).toContain('Query condition missed key schema element: pk');
  });

  it('scans everything page by page, with a filter', async () => {
    const seen: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await ctx.store.scan({
        TableName: ctx.tables.events,
        Limit: 2,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      seen.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(seen.length).toBe(seqs.length);
    const even = await ctx.store.scan({
      TableName: ctx.tables.events,
      FilterExpression: 'kind = :k',
      ExpressionAttributeValues: { ':k': { S: 'even' } },
      ProjectionExpression: 'seq',
    });
    expect(seqOf(even.Items).sort()).toEqual(['-10', '0', '10', '1000'].sort());
    expect(Object.keys(even.Items?.[0] ?? {})).toEqual(['seq']);
  });
}

/** BatchWriteItem and BatchGetItem. */
export function batchContract(ctx: Ctx): void {
  it('writes and reads in batches', async () => {
    const puts = Array.from({ length: 20 }, (_, i) => ({
      PutRequest: { Item: { pk: { S: `batch-${i}` }, i: { N: String(i) } } },
    }));
    const written = await ctx.store.batchWriteItem({ RequestItems: { [ctx.tables.runs]: puts } });
    expect(written.UnprocessedItems).toEqual({});
    await ctx.store.batchWriteItem({
      RequestItems: { [ctx.tables.runs]: [{ DeleteRequest: { Key: { pk: { S: 'batch-0' } } } }] },
    });
    const keys = [0, 1, 19].map((i) => ({ pk: { S: `batch-${i}` } }));
    const read = await ctx.store.batchGetItem({
      RequestItems: { [ctx.tables.runs]: { Keys: keys, ConsistentRead: true } },
    });
    const found = (read.Responses[ctx.tables.runs] ?? [])
      .map((i) => (i.i as { N: string }).N)
      .sort();
    expect(found).toEqual(['1', '19']);
  });

  it('refuses more than 25 writes and duplicate keys', async () => {
    const puts = Array.from({ length: 26 }, (_, i) => ({
      PutRequest: { Item: { pk: { S: `many-${i}` } } },
    }));
    const tooMany = await rejection(
      ctx.store.batchWriteItem({ RequestItems: { [ctx.tables.runs]: puts } }),
    );
    expect(tooMany.code).toBe('ValidationException');
    expect(tooMany.message).toContain('Member must have length less than or equal to 25');
    const same = { pk: { S: 'dup' } };
    const dup = await rejection(
      ctx.store.batchWriteItem({
        RequestItems: {
          [ctx.tables.runs]: [{ PutRequest: { Item: same } }, { DeleteRequest: { Key: same } }],
        },
      }),
    );
    expect(dup.message).toContain('Provided list of item keys contains duplicates');
    expect(
      (await ctx.store.getItem({ TableName: ctx.tables.runs, Key: { pk: { S: 'many-0' } } })).Item,
    ).toBeUndefined();
  });
}
