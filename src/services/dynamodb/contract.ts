import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchContract, queryContract } from './contract-queries.js';
import { itemContract, updateContract } from './contract-items.js';
import type { ContractContext as Ctx } from './contract-support.js';
import { rejection } from '../common/index.js';
import { waitActive } from './contract-support.js';
import type { TableStore } from './types.js';

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
