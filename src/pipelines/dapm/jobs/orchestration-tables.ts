import { ModelmillError } from '../../../core/index.js';
import type {
  AttributeValue,
  Item,
  TableStore,
  WriteRequest,
} from '../../../services/dynamodb/index.js';
import { marshall, marshallItem, unmarshallItem } from '../../../services/dynamodb/index.js';
import { chunks, mapLimit } from './orchestration-job.js';

/**
 * The DynamoDB work of the orchestration jobs: a run's items (a scan filtered
 * on `step_job_id`, every page), writes and deletes in BatchWriteItem chunks
 * of 25 with the unprocessed ones retried, and updates conditional on the
 * item's `version` (optimistic locking).
 */

/** An item as plain JavaScript values. */
export type Row = Record<string, unknown>;

/** Every item of `table` whose `step_job_id` is `stepJobId`. */
export async function scanRun(db: TableStore, table: string, stepJobId: string): Promise<Row[]> {
  const rows: Row[] = [];
  let start: Item | undefined;
  do {
    const page = await db.scan({
      TableName: table,
      FilterExpression: '#run = :run',
      ExpressionAttributeNames: { '#run': 'step_job_id' },
      ExpressionAttributeValues: { ':run': { S: stepJobId } },
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    for (const item of page.Items ?? []) rows.push(unmarshallItem(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return rows;
}

const MAX_BATCH_ATTEMPTS = 8;

/** Sends write requests in chunks of 25, a few chunks at a time, retrying unprocessed ones. */
async function batchWrite(db: TableStore, table: string, requests: WriteRequest[]): Promise<void> {
  await mapLimit(chunks(requests, 25), 4, async (chunk) => {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > MAX_BATCH_ATTEMPTS) {
        throw new ModelmillError(
          'ProvisionedThroughputExceededException',
          `BatchWriteItem on ${table} left ${pending.length} items unprocessed after ${MAX_BATCH_ATTEMPTS} attempts; retry the job`,
        );
      }
      const out = await db.batchWriteItem({ RequestItems: { [table]: pending } });
      pending = out.UnprocessedItems?.[table] ?? [];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
  });
}

/** Puts `rows` into `table` (BatchWriteItem, chunks of 25). */
export async function putRows(db: TableStore, table: string, rows: readonly Row[]): Promise<void> {
  await batchWrite(
    db,
    table,
    rows.map((row) => ({ PutRequest: { Item: marshallItem(row) } })),
  );
}

/** Deletes the items of `table` whose hash key `keyName` takes the given values. */
export async function deleteKeys(
  db: TableStore,
  table: string,
  keyName: string,
  keys: readonly string[],
): Promise<void> {
  await batchWrite(
    db,
    table,
    keys.map((key) => ({ DeleteRequest: { Key: { [keyName]: { S: key } } } })),
  );
}

/** One item by its string hash key, or undefined. */
export async function getRow(
  db: TableStore,
  table: string,
  keyName: string,
  key: string,
): Promise<Row | undefined> {
  const out = await db.getItem({
    TableName: table,
    Key: { [keyName]: { S: key } },
    ConsistentRead: true,
  });
  return out.Item ? unmarshallItem(out.Item) : undefined;
}

/** The parts of an UpdateItem `SET` over plain values (`#f0 = :f0, ...`). */
export function setExpression(fields: Row): {
  clauses: string[];
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
} {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  Object.entries(fields).forEach(([field, value], i) => {
    if (value === undefined) return;
    names[`#f${i}`] = field;
    values[`:f${i}`] = marshall(value, field);
    clauses.push(`#f${i} = :f${i}`);
  });
  return { clauses, names, values };
}

/**
 * Sets `fields` on an item whose `version` is still `version`, and moves the
 * version on by one. Returns false (writing nothing) when someone else wrote
 * the item first — the caller reads it again and decides again.
 */
export async function updateVersioned(
  db: TableStore,
  table: string,
  key: { name: string; value: string },
  version: number | undefined,
  fields: Row,
): Promise<boolean> {
  const set = setExpression(fields);
  const current = version ?? 0;
  try {
    await db.updateItem({
      TableName: table,
      Key: { [key.name]: { S: key.value } },
      UpdateExpression: `SET ${[...set.clauses, '#version = :next'].join(', ')}`,
      ConditionExpression:
        version === undefined ? 'attribute_not_exists(#version)' : '#version = :version',
      ExpressionAttributeNames: { ...set.names, '#version': 'version' },
      ExpressionAttributeValues: {
        ...set.values,
        ...(version === undefined ? {} : { ':version': { N: String(version) } }),
        ':next': { N: String(current + 1) },
      },
    });
    return true;
  } catch (err) {
    if (err instanceof ModelmillError && err.code === 'ConditionalCheckFailedException') {
      return false;
    }
    throw err;
  }
}

/**
 * Applies `decide` to the current item and writes its fields under the
 * version lock, re-reading and deciding again (up to 5 times) when another
 * writer (a training job recording its results) got there first.
 */
export async function updateWithRetry(
  db: TableStore,
  table: string,
  key: { name: string; value: string },
  first: Row | undefined,
  decide: (row: Row) => Row | undefined,
): Promise<Row | undefined> {
  let row = first;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    row ??= await getRow(db, table, key.name, key.value);
    if (!row) {
      throw new ModelmillError(
        'ResourceNotFoundException',
        `${table} has no item ${key.name}=${key.value}; it was deleted while the job ran (did cleanup run?)`,
      );
    }
    const fields = decide(row);
    if (!fields) return row;
    const version = typeof row.version === 'number' ? row.version : undefined;
    if (await updateVersioned(db, table, key, version, fields)) {
      return { ...row, ...fields, version: (version ?? 0) + 1 };
    }
    row = undefined;
  }
  throw new ModelmillError(
    'ConditionalCheckFailedException',
    `${table} item ${key.name}=${key.value} kept changing under 5 conditional updates; retry the job`,
  );
}

/** An item attribute as text: strings as they are, numbers and booleans printed, lists joined by `,`, else `fallback`. */
export function text(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return value.map((v) => text(v)).join(',');
  return fallback;
}
