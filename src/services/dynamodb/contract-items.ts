import { expect, it } from 'vitest';
import type { ContractContext as Ctx } from './contract-support.js';
import { rejection } from '../common/index.js';
import { sortedSets } from './contract-support.js';
import type { AttributeValue, Item } from './types.js';

/** The DynamoDB contract: items (put, get, delete, conditions) and updates. */

const everyType: Item = {
  pk: { S: 'types' },
  s: { S: 'héllo' },
  empty: { S: '' },
  n: { N: '1.50E2' },
  neg: { N: '-0.000120' },
  b: { B: Buffer.from([0, 1, 254, 255]).toString('base64') },
  t: { BOOL: true },
  z: { NULL: true },
  m: { M: { parts: { L: [{ N: '007' }, { S: 'x' }] } } },
  l: { L: [] },
  ss: { SS: ['b', 'a'] },
  ns: { NS: ['10', '2'] },
  bs: { BS: [Buffer.from('x').toString('base64')] },
};

/** Item reads and writes. */
export function itemContract(ctx: Ctx): void {
  it('stores every value type and returns numbers normalised', async () => {
    await ctx.store.putItem({ TableName: ctx.tables.runs, Item: everyType });
    const { Item } = await ctx.store.getItem({
      TableName: ctx.tables.runs,
      Key: { pk: { S: 'types' } },
      ConsistentRead: true,
    });
    expect(sortedSets(Item)).toEqual(
      sortedSets({
        ...everyType,
        n: { N: '150' },
        neg: { N: '-0.00012' },
        m: { M: { parts: { L: [{ N: '7' }, { S: 'x' }] } } },
      }),
    );
  });

  it('returns no Item for a missing key, and projects attributes', async () => {
    expect(
      (await ctx.store.getItem({ TableName: ctx.tables.runs, Key: { pk: { S: 'nobody' } } })).Item,
    ).toBeUndefined();
    const { Item } = await ctx.store.getItem({
      TableName: ctx.tables.runs,
      Key: { pk: { S: 'types' } },
      ProjectionExpression: '#s, m.parts[1], ss',
      ExpressionAttributeNames: { '#s': 's' },
    });
    expect(sortedSets(Item)).toEqual({
      s: { S: 'héllo' },
      m: { M: { parts: { L: [{ S: 'x' }] } } },
      ss: { SS: ['a', 'b'] },
    });
  });

  it('refuses bad items', async () => {
    const put = (item: Item) =>
      rejection(ctx.store.putItem({ TableName: ctx.tables.events, Item: item }));
    const cases: [Item, string][] = [
      [{ pk: { S: 'a' } }, 'One or more parameter values were invalid'],
      [{ pk: { S: 'a' }, seq: { S: '1' } }, 'One or more parameter values were invalid'],
      [
        { pk: { S: '' }, seq: { N: '1' } },
        'The AttributeValue for a key attribute cannot contain an empty string value',
      ],
      [{ pk: { S: 'a' }, seq: { N: '1' }, bad: { SS: [] } }, 'An string set  may not be empty'],
      [
        { pk: { S: 'a' }, seq: { N: '123456789012345678901234567890123456789' } },
        'significant digits',
      ],
      [
        { pk: { S: 'a' }, seq: { N: '1' }, big: { S: 'x'.repeat(410_000) } },
        'Item size has exceeded the maximum allowed size',
      ],
    ];
    for (const [item, message] of cases) {
      const err = await put(item);
      expect(err.code).toBe('ValidationException');
      expect(err.message).toContain(message);
    }
    const wrongKey = await rejection(
      ctx.store.getItem({ TableName: ctx.tables.events, Key: { pk: { S: 'a' } } }),
    );
    expect(wrongKey.message).toContain('The provided key element does not match the schema');
  });

  it('writes nothing when a condition fails, and returns the old item on request', async () => {
    const key = { pk: { S: 'cond' } };
    await ctx.store.putItem({ TableName: ctx.tables.runs, Item: { ...key, v: { N: '1' } } });
    const err = await rejection(
      ctx.store.putItem({
        TableName: ctx.tables.runs,
        Item: { ...key, v: { N: '2' } },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    expect(err.code).toBe('ConditionalCheckFailedException');
    expect(err.message).toContain('The conditional request failed');
    expect(err.details?.Item).toEqual({ ...key, v: { N: '1' } });
    const { Item } = await ctx.store.getItem({
      TableName: ctx.tables.runs,
      Key: key,
      ConsistentRead: true,
    });
    expect(Item?.v).toEqual({ N: '1' });
    const old = await ctx.store.putItem({
      TableName: ctx.tables.runs,
      Item: { ...key, v: { N: '3' } },
      ReturnValues: 'ALL_OLD',
    });
    expect(old.Attributes).toEqual({ ...key, v: { N: '1' } });
    const deleted = await ctx.store.deleteItem({
      TableName: ctx.tables.runs,
      Key: key,
      ReturnValues: 'ALL_OLD',
    });
    expect(deleted.Attributes?.v).toEqual({ N: '3' });
    const failedDelete = await rejection(
      ctx.store.deleteItem({
        TableName: ctx.tables.runs,
        Key: key,
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    expect(failedDelete.code).toBe('ConditionalCheckFailedException');
  });
}

/** UpdateItem. */
export function updateContract(ctx: Ctx): void {
  const update = (
    key: string,
    expression: string,
    values?: Record<string, AttributeValue>,
    extra: object = {},
  ) =>
    ctx.store.updateItem({
      TableName: ctx.tables.runs,
      Key: { pk: { S: key } },
      UpdateExpression: expression,
      ...(values ? { ExpressionAttributeValues: values } : {}),
      ...extra,
    });

  it('keeps optimistic locking exact with a version attribute', async () => {
    const lock = { ConditionExpression: 'attribute_not_exists(version) OR version = :expected' };
    const first = await update(
      'lock',
      'SET version = if_not_exists(version, :zero) + :one, job = :job',
      {
        ':zero': { N: '0' },
        ':one': { N: '1' },
        ':job': { S: 'a' },
        ':expected': { N: '0' },
      },
      { ...lock, ReturnValues: 'ALL_NEW' },
    );
    expect(first.Attributes?.version).toEqual({ N: '1' });
    const stale = await rejection(
      update(
        'lock',
        'SET version = version + :one, job = :job',
        {
          ':one': { N: '1' },
          ':job': { S: 'b' },
          ':expected': { N: '0' },
        },
        lock,
      ),
    );
    expect(stale.code).toBe('ConditionalCheckFailedException');
    const ok = await update(
      'lock',
      'SET version = version + :one, job = :job',
      {
        ':one': { N: '1' },
        ':job': { S: 'c' },
        ':expected': { N: '1' },
      },
      { ...lock, ReturnValues: 'UPDATED_NEW' },
    );
    expect(ok.Attributes).toEqual({ version: { N: '2' }, job: { S: 'c' } });
  });

  it('applies SET, REMOVE, ADD and DELETE with nested paths', async () => {
    await ctx.store.putItem({
      TableName: ctx.tables.runs,
      Item: {
        pk: { S: 'upd' },
        algos: { L: [{ S: 'lr' }, { S: 'xgb' }, { S: 'rf' }] },
        meta: { M: { stage: { M: { start: { S: 't0' } } } } },
        tags: { SS: ['a', 'b'] },
        labels: { SS: ['x', 'y'] },
        n: { N: '5' },
      },
    });
    const result = await update(
      'upd',
      'SET meta.stage.#end = :t1, algos = list_append(algos, :more), n = n - :two REMOVE algos[0] ADD tags :c, hits :one DELETE labels :x',
      {
        ':t1': { S: 't1' },
        ':more': { L: [{ S: 'nn' }] },
        ':two': { N: '2' },
        ':c': { SS: ['c'] },
        ':one': { N: '1' },
        ':x': { SS: ['x'] },
      },
      { ExpressionAttributeNames: { '#end': 'end' }, ReturnValues: 'ALL_NEW' },
    ).catch((err: unknown) => err);
    // SET algos and REMOVE algos[0] overlap: DynamoDB refuses the whole update.
    expect((result as { code: string }).code).toBe('ValidationException');
    const done = await update(
      'upd',
      'SET meta.stage.#end = :t1, n = n - :two REMOVE algos[0] ADD tags :c, hits :one DELETE labels :x',
      {
        ':t1': { S: 't1' },
        ':two': { N: '2' },
        ':c': { SS: ['c'] },
        ':one': { N: '1' },
        ':x': { SS: ['x'] },
      },
      { ExpressionAttributeNames: { '#end': 'end' }, ReturnValues: 'ALL_NEW' },
    );
    expect(sortedSets(done.Attributes)).toEqual({
      pk: { S: 'upd' },
      algos: { L: [{ S: 'xgb' }, { S: 'rf' }] },
      meta: { M: { stage: { M: { start: { S: 't0' }, end: { S: 't1' } } } } },
      tags: { SS: ['a', 'b', 'c'] },
      labels: { SS: ['y'] },
      n: { N: '3' },
      hits: { N: '1' },
    });
    const old = await update(
      'upd',
      'SET n = :one',
      { ':one': { N: '1' } },
      { ReturnValues: 'UPDATED_OLD' },
    );
    expect(old.Attributes).toEqual({ n: { N: '3' } });
  });

  it('refuses malformed updates with DynamoDB messages', async () => {
    const cases: [Promise<unknown>, string][] = [
      [
        update('x', 'SET pk = :v', { ':v': { S: 'y' } }),
        'Cannot update attribute pk. This attribute is part of the key',
      ],
      [
        update('x', 'SET a = :v'),
        'An expression attribute value used in expression is not defined; attribute value: :v',
      ],
      [
        update('x', 'SET a = :v', { ':v': { S: 'y' }, ':w': { S: 'z' } }),
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}',
      ],
      [
        update('x', 'SET a = :v,', { ':v': { S: 'y' } }),
        'Invalid UpdateExpression: Syntax error; token: "<EOF>"',
      ],
      [
        update('x', 'SET a.b = :v', { ':v': { S: 'y' } }),
        'The document path provided in the update expression is invalid for update',
      ],
      [
        update('x', 'SET #s = :v', { ':v': { S: 'y' } }),
        'An expression attribute name used in the document path is not defined; attribute name: #s',
      ],
      [
        update('x', 'SET status = :v', { ':v': { S: 'y' } }),
        'Attribute name is a reserved keyword; reserved keyword: status',
      ],
    ];
    for (const [call, message] of cases) {
      const err = await rejection(call);
      expect(err.code).toBe('ValidationException');
      expect(err.message).toContain(message);
    }
  });
}
