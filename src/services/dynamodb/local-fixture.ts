import { expect } from 'vitest';
import { openDatabase } from '../../store/index.js';
import { rejectionCode } from '../common/index.js';
import { createLocalDynamoDb } from './local.js';
import type { CreateTableInput, TableStore } from './types.js';

/**
 * What the embedded DynamoDB's unit tests share: the two table shapes (a hash
 * key `pk`; `pk` with a numeric range key `sk`), a store holding one of each
 * (`hashed`, `ranged`), and the assertion that a call fails with AWS's error.
 */

export const hashOnly = (name: string): CreateTableInput => ({
  TableName: name,
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
});

export const composite = (name: string): CreateTableInput => ({
  TableName: name,
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
  ],
});

/** A fresh in-memory store with the tables `hashed` and `ranged`. */
export async function storeWithTables(): Promise<TableStore> {
  const store = createLocalDynamoDb({
    db: openDatabase(':memory:'),
    scope: { region: 'us-east-1', accountId: '000000000000' },
  });
  await store.createTable(hashOnly('hashed'));
  await store.createTable(composite('ranged'));
  return store;
}

/** Asserts that `promise` rejects with `code` and a message containing `message`. */
export async function fails(
  promise: Promise<unknown>,
  code: string,
  message: string,
): Promise<void> {
  const err = await rejectionCode(promise);
  expect(err.code).toBe(code);
  expect(err.message).toContain(message);
}
