import { isPlainObject } from '../../core/index.js';
import { MAX_ITEM_BYTES, checkItem, itemSize } from './attribute-value.js';
import { ExpressionContext } from './expression/context.js';
import { checkNoOverlap, project } from './expression/paths.js';
import type { EncodedKey, TableSchema } from './keys.js';
import { checkKey, keyId, keyOfNewItem } from './keys.js';
import { booleanOf, invalidRequest, mapOf, requestOf, stringOf, tableNameOf } from './requests.js';
import type { BatchGetItemOutput, BatchWriteItemOutput, Item } from './types.js';
import type { Backend } from './write-ops.js';

/**
 * BatchWriteItem (at most 25 writes) and BatchGetItem (at most 100 keys).
 * Every request of a batch is validated before any is applied, and the writes
 * of a batch are applied in one transaction, so nothing is ever unprocessed.
 */

const MAX_WRITES = 25;
const MAX_KEYS = 100;

type Write =
  { kind: 'put'; key: EncodedKey; item: Item; size: number } | { kind: 'delete'; key: EncodedKey };

function requestItemsOf(
  input: Record<string, unknown>,
  operation: string,
): Record<string, unknown> {
  const requestItems = input.RequestItems;
  if (!isPlainObject(requestItems) || Object.keys(requestItems).length === 0) {
    throw invalidRequest(`The requestItems parameter is required for ${operation}`);
  }
  return requestItems;
}

function checkWrite(schema: TableSchema, request: unknown, where: string): Write {
  const entry = isPlainObject(request) ? request : {};
  const put = entry.PutRequest;
  const del = entry.DeleteRequest;
  if ((put === undefined) === (del === undefined)) {
    throw invalidRequest(
      `${where}: a WriteRequest must contain exactly one of PutRequest or DeleteRequest (got ${Object.keys(entry).join(', ') || 'neither'})`,
    );
  }
  if (put !== undefined) {
    const item = checkItem(mapOf(put, `${where}.putRequest`).Item, `${where}.PutRequest.Item`);
    const key = keyOfNewItem(schema, item);
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) {
      throw invalidRequest(
        `Item size has exceeded the maximum allowed size (${where}: ${size} bytes, the limit is ${MAX_ITEM_BYTES})`,
      );
    }
    return { kind: 'put', key, item, size };
  }
  const key = checkItem(mapOf(del, `${where}.deleteRequest`).Key, `${where}.DeleteRequest.Key`);
  return { kind: 'delete', key: checkKey(schema, key) };
}

/** BatchWriteItem. */
export function batchWriteItem(backend: Backend, raw: unknown): BatchWriteItemOutput {
  const input = requestOf(raw);
  const requestItems = requestItemsOf(input, 'BatchWriteItem');
  const batches: { schema: TableSchema; writes: Write[] }[] = [];
  let total = 0;
  for (const [table, requests] of Object.entries(requestItems)) {
    const name = tableNameOf(table, 3, 'requestItems.key');
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_WRITES) {
      const count = Array.isArray(requests) ? requests.length : 0;
      throw invalidRequest(
        `1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1] (table '${name}' has ${count} write requests; split them into batches of at most 25)`,
      );
    }
    total += requests.length;
    if (total > MAX_WRITES) {
      throw invalidRequest(
        `Too many items requested for the BatchWriteItem call (${total} so far; at most 25 writes over all tables)`,
      );
    }
    batches.push({ schema: backend.catalog.get(name), writes: [] });
    const batch = batches[batches.length - 1] as { schema: TableSchema; writes: Write[] };
    const seen = new Set<string>();
    requests.forEach((request: unknown, i) => {
      const write = checkWrite(batch.schema, request, `RequestItems.${name}[${i}]`);
      const id = keyId(write.key);
      if (seen.has(id)) throw invalidRequest('Provided list of item keys contains duplicates');
      seen.add(id);
      batch.writes.push(write);
    });
  }
  backend.store.atomically(() => {
    for (const { schema, writes } of batches) {
      for (const write of writes) {
        if (write.kind === 'put') backend.store.put(schema, write.key, write.item, write.size);
        else backend.store.delete(schema, write.key);
      }
    }
  });
  return { UnprocessedItems: {} };
}

interface TableRead {
  schema: TableSchema;
  keys: EncodedKey[];
  projection: (string | number)[][] | undefined;
}

function checkTableRead(backend: Backend, name: string, value: unknown): TableRead {
  const entry = mapOf(value, `requestItems.${name}.member`);
  const keys = entry.Keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw invalidRequest(
      `1 validation error detected: Value null at 'requestItems.${name}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  booleanOf(entry.ConsistentRead, 'consistentRead');
  const source = stringOf(entry.ProjectionExpression, 'ProjectionExpression');
  const context = new ExpressionContext(entry.ExpressionAttributeNames, undefined, {
    any: source !== undefined,
    withValues: false,
  });
  const projection = context.projection(source)?.map((p) => p.elements);
  if (projection) checkNoOverlap(projection, 'ProjectionExpression');
  context.finish();
  const schema = backend.catalog.get(name);
  const seen = new Set<string>();
  const encoded = keys.map((key: unknown, i) => {
    const checked = checkKey(schema, checkItem(key, `RequestItems.${name}.Keys[${i}]`));
    const id = keyId(checked);
    if (seen.has(id)) throw invalidRequest('Provided list of item keys contains duplicates');
    seen.add(id);
    return checked;
  });
  return { schema, keys: encoded, projection };
}

/** BatchGetItem. */
export function batchGetItem(backend: Backend, raw: unknown): BatchGetItemOutput {
  const input = requestOf(raw);
  const requestItems = requestItemsOf(input, 'BatchGetItem');
  const reads: TableRead[] = [];
  let total = 0;
  for (const [table, value] of Object.entries(requestItems)) {
    const read = checkTableRead(backend, tableNameOf(table, 3, 'requestItems.key'), value);
    total += read.keys.length;
    if (total > MAX_KEYS) {
      throw invalidRequest(
        `Too many items requested for the BatchGetItem call (${total} keys so far; at most 100 over all tables)`,
      );
    }
    reads.push(read);
  }
  const responses: Record<string, Item[]> = {};
  for (const { schema, keys, projection } of reads) {
    const items: Item[] = [];
    for (const key of keys) {
      const item = backend.store.get(schema, key);
      if (item) items.push(projection ? project(item, projection) : item);
    }
    responses[schema.name] = items;
  }
  return { Responses: responses, UnprocessedKeys: {} };
}
