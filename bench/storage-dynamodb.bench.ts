/**
 * PutItem and GetItem of small run-state items through the embedded DynamoDB
 * adapter, against raw better-sqlite3 inserts and selects of the same items
 * (JSON text under a text key, prepared statements, the same database file)
 * in the same run. Goal: at least half the raw rate. Also measured: a
 * version-locked UpdateItem against a raw read-check-write transaction, and a
 * 25-item Query page against a raw range select.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Item, TableStore } from '../src/services/dynamodb/index.js';
import { createLocalDynamoDb } from '../src/services/dynamodb/index.js';
import type { SqliteDatabase } from '../src/store/index.js';
import { openDatabase } from '../src/store/index.js';
import type { BenchReport, BenchRow } from './harness.js';
import { timeMs } from './harness.js';

const COUNT = 5000;
const ROUNDS = 2;
const BLOCK = 100;
const QUERIES = 10;
const TABLE = 'jenkins-pl-apsouth1-training-state-table';

function stateItem(id: string, n: number): Item {
  return {
    batchjob_id: { S: id },
    pk: { S: `part-${n % 97}` },
    seq: { N: String(n) },
    num_runs: { N: '1' },
    version: { N: '1' },
    awsbatch_job_status_overall: { S: 'SUBMITTED' },
    cur_batchjob_id: { S: `job-${n}` },
    algo_execution_status: {
      L: [
        {
          M: {
            algorithm_name: { S: 'xgb' },
            runid: { N: '1' },
            algorithm_execution_status: { S: 'SUCCESS' },
          },
        },
      ],
    },
    first_run_logstream: { S: `dapf/default/${id}` },
  };
}

export default async function storageDynamoDbBench(): Promise<BenchReport> {
  const home = mkdtempSync(join(tmpdir(), 'mm-bench-ddb-'));
  try {
    return await measure(openDatabase(join(home, 'modelmill.db')));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function rawStatements(db: SqliteDatabase) {
  db.exec('CREATE TABLE raw_items (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID');
  db.exec(
    'CREATE TABLE raw_range (h TEXT NOT NULL, r INTEGER NOT NULL, v TEXT NOT NULL, PRIMARY KEY (h, r)) WITHOUT ROWID',
  );
  const put = db.prepare('INSERT OR REPLACE INTO raw_items (k, v) VALUES (?, ?)');
  const get = db.prepare('SELECT v FROM raw_items WHERE k = ?').pluck();
  const putRange = db.prepare('INSERT OR REPLACE INTO raw_range (h, r, v) VALUES (?, ?, ?)');
  const range = db.prepare('SELECT v FROM raw_range WHERE h = ? ORDER BY r LIMIT 25').pluck();
  const bump = db.transaction((k: string, expected: number) => {
    const item = JSON.parse(get.get(k) as string) as Item;
    if ((item.version as { N: string }).N !== String(expected)) throw new Error('conflict');
    item.version = { N: String(expected + 1) };
    put.run(k, JSON.stringify(item));
  });
  return { put, get, putRange, range, bump };
}

async function measure(db: SqliteDatabase): Promise<BenchReport> {
  const store: TableStore = createLocalDynamoDb({
    db,
    scope: { region: 'ap-south-1', accountId: '000000000000' },
  });
  await store.createTable({
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'batchjob_id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'batchjob_id', AttributeType: 'S' }],
  });
  await store.createTable({
    TableName: 'events',
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'seq', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'seq', AttributeType: 'N' },
    ],
  });
  const raw = rawStatements(db);
  const spent: Record<Measure, number[]> = {
    put: [],
    get: [],
    rawPut: [],
    rawGet: [],
    update: [],
    rawUpdate: [],
    query: [],
    rawQuery: [],
  };
  const time = async (measure: Measure, fn: () => unknown): Promise<void> => {
    spent[measure].push(await timeMs(fn));
  };
  // Blocks of the two sides alternate, so both see the same disk and CPU
  // conditions; rates come from the median block, so a burst of load from
  // elsewhere on the machine does not decide the ratio.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let block = 0; block < COUNT / BLOCK; block += 1) {
      const items = Array.from({ length: BLOCK }, (_, i) =>
        stateItem(`r${round}-b${block}-${i}`, block * BLOCK + i),
      );
      const ids = items.map((item) => (item.batchjob_id as { S: string }).S);
      await time('rawPut', () => {
        for (const item of items)
          raw.put.run((item.batchjob_id as { S: string }).S, JSON.stringify(item));
      });
      await time('put', async () => {
        for (const Item of items) await store.putItem({ TableName: TABLE, Item });
      });
      await time('rawGet', () => {
        for (const id of ids) JSON.parse(raw.get.get(id) as string);
      });
      await time('get', async () => {
        for (const id of ids)
          await store.getItem({ TableName: TABLE, Key: { batchjob_id: { S: id } } });
      });
      await time('rawUpdate', () => {
        for (const id of ids) raw.bump(id, 1);
      });
      await time('update', async () => {
        for (const id of ids) {
          await store.updateItem({
            TableName: TABLE,
            Key: { batchjob_id: { S: id } },
            UpdateExpression: 'SET version = version + :one',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':one': { N: '1' }, ':expected': { N: '1' } },
          });
        }
      });
      const pk = `run-${round}-${block}`;
      for (const [i, item] of items.entries()) {
        raw.putRange.run(pk, i, JSON.stringify(item));
        await store.putItem({
          TableName: 'events',
          Item: { ...item, pk: { S: pk }, seq: { N: String(i) } },
        });
      }
      await time('rawQuery', () => {
        for (let q = 0; q < QUERIES; q += 1)
          (raw.range.all(pk) as string[]).map((v) => JSON.parse(v) as unknown);
      });
      await time('query', async () => {
        for (let q = 0; q < QUERIES; q += 1) {
          await store.query({
            TableName: 'events',
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: pk } },
            Limit: 25,
          });
        }
      });
    }
  }
  db.close();
  const rateOf = (measure: Measure, perBlock = BLOCK): number =>
    (perBlock / median(spent[measure])) * 1000;
  return {
    title: 'Embedded DynamoDB: small run-state items (~300 bytes), one request at a time',
    rows: [
      row(
        'PutItem',
        rateOf('put'),
        rateOf('rawPut'),
        'better-sqlite3 INSERT of the JSON',
        '>= 0.5x',
      ),
      row(
        'GetItem',
        rateOf('get'),
        rateOf('rawGet'),
        'better-sqlite3 SELECT + JSON.parse',
        '>= 0.5x',
      ),
      row(
        'UpdateItem (version-locked)',
        rateOf('update'),
        rateOf('rawUpdate'),
        'better-sqlite3 read-check-write transaction',
      ),
      row(
        'Query (25-item page)',
        rateOf('query', QUERIES),
        rateOf('rawQuery', QUERIES),
        'better-sqlite3 range SELECT + JSON.parse',
      ),
    ],
    notes: [
      `${COUNT * ROUNDS} items in ${ROUNDS} rounds of ${COUNT / BLOCK} alternating blocks of ${BLOCK}; rates from the median block; WAL database file on local disk, synchronous=NORMAL.`,
    ],
  };
}

type Measure = 'put' | 'get' | 'rawPut' | 'rawGet' | 'update' | 'rawUpdate' | 'query' | 'rawQuery';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function row(
  name: string,
  value: number,
  baseline: number,
  baselineName: string,
  goal?: string,
): BenchRow {
  return {
    name,
    value,
    unit: 'ops/s',
    baseline,
    baselineName,
    ...(goal ? { goal, met: value / baseline >= 0.5 } : {}),
  };
}
