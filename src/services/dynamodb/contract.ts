import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributeValue, Item, TableStore } from './types.js';

/**
 * The contract every TableStore adapter keeps: run against the embedded
 * adapter in every test run, and against AWS when an endpoint is configured.
 * It asserts only behaviour DynamoDB itself shows, and matches error messages
 * on DynamoDB's own wording (adapters may add detail after it).
 */

/** Options of the contract run. */
export interface ContractOptions {
  /** Prefix of the tables the suite creates (and deletes). Default `mm-contract`. */
  tablePrefix?: string;
  /** How long to wait for a new table to become ACTIVE. Default 120 s. */
  activeTimeoutMs?: number;
}

async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details?: any }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}

/** Sets compared regardless of order (DynamoDB does not keep set order). */
function sortedSets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedSets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      ['SS', 'NS', 'BS'].includes(key) && Array.isArray(inner)
        ? [...inner].sort()
        : sortedSets(inner);
  }
  return out;
}

async function waitActive(store: TableStore, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await store.describeTable({ TableName: name });
    if (Table.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${name} is still ${Table.TableStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Runs the contract suite against the adapter `makeAdapter` builds. */
export function runDynamoDbContract(
  name: string,
  makeAdapter: () => TableStore | Promise<TableStore>,
  options: ContractOptions = {},
): void {
  const suffix = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const prefix = `${options.tablePrefix ?? 'mm-contract'}-${suffix}`;
  const t = { runs: `${prefix}-runs`, events: `${prefix}-events`, names: `${prefix}-names` };
  let store: TableStore;
  const ctx = {
    get store(): TableStore {
      return store;
    },
    tables: t,
  };

  describe(`DynamoDB contract: ${name}`, () => {
    beforeAll(
      async () => {
        store = await makeAdapter();
        const create = (table: string, keys: [string, 'S' | 'N'][]) =>
          store.createTable({
            TableName: table,
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: keys.map(([n], i) => ({
              AttributeName: n,
              KeyType: i === 0 ? 'HASH' : 'RANGE',
            })),
            AttributeDefinitions: keys.map(([n, type]) => ({
              AttributeName: n,
              AttributeType: type,
            })),
          });
        await Promise.all([
          create(t.runs, [['pk', 'S']]),
          create(t.events, [
            ['pk', 'S'],
            ['seq', 'N'],
          ]),
          create(t.names, [
            ['pk', 'S'],
            ['sk', 'S'],
          ]),
        ]);
        for (const table of Object.values(t))
          await waitActive(store, table, options.activeTimeoutMs ?? 120_000);
      },
      (options.activeTimeoutMs ?? 120_000) + 30_000,
    );

    afterAll(async () => {
      for (const table of Object.values(t))
        await store?.deleteTable({ TableName: table }).catch(() => undefined);
    }, 60_000);

    tableContract(ctx);
    itemContract(ctx);
    updateContract(ctx);
    queryContract(ctx);
    batchContract(ctx);
  });
}

interface Ctx {
  readonly store: TableStore;
  tables: { runs: string; events: string; names: string };
}

function tableContract(ctx: Ctx): void {
  it('describes a table', async () => {
    const { Table } = await ctx.store.describeTable({ TableName: ctx.tables.events });
    expect(Table.TableStatus).toBe('ACTIVE');
    expect(Table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'seq', KeyType: 'RANGE' },
    ]);
    expect(Table.TableArn).toMatch(
      new RegExp(`^arn:aws[\\w-]*:dynamodb:[\\w-]+:\\d{12}:table/${ctx.tables.events}$`),
    );
    expect(typeof Table.ItemCount).toBe('number');
    expect(Table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('lists tables page by page', async () => {
    const seen: string[] = [];
    let start: string | undefined;
    do {
      const page = await ctx.store.listTables({
        Limit: 100,
        ...(start ? { ExclusiveStartTableName: start } : {}),
      });
      seen.push(...page.TableNames);
      start = page.LastEvaluatedTableName;
    } while (start);
    expect(seen).toEqual(expect.arrayContaining(Object.values(ctx.tables)));
    const one = await ctx.store.listTables({ Limit: 1 });
    expect(one.TableNames.length).toBe(1);
  });

  it('refuses to create a table twice, and to use a missing table', async () => {
    const again = await rejection(
      ctx.store.createTable({
        TableName: ctx.tables.runs,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }),
    );
    expect(again.code).toBe('ResourceInUseException');
    const missing = `${ctx.tables.runs}-missing`;
    for (const call of [
      ctx.store.describeTable({ TableName: missing }),
      ctx.store.putItem({ TableName: missing, Item: { pk: { S: 'a' } } }),
      ctx.store.getItem({ TableName: missing, Key: { pk: { S: 'a' } } }),
    ]) {
      const err = await rejection(call);
      expect(err.code).toBe('ResourceNotFoundException');
      expect(err.message).toContain('Requested resource not found');
    }
  });
}

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

function itemContract(ctx: Ctx): void {
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

function updateContract(ctx: Ctx): void {
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

function queryContract(ctx: Ctx): void {
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

function batchContract(ctx: Ctx): void {
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
