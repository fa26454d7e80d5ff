import { ModelmillError } from '../../core/index.js';
import { MAX_ITEM_BYTES, checkItem, cloneValue, itemSize } from './attribute-value.js';
import type { TableCatalog } from './catalog.js';
import type { UpdateNode } from './expression/ast.js';
import { ExpressionContext } from './expression/context.js';
import { checkCondition, evaluateCondition } from './expression/evaluate.js';
import { project } from './expression/paths.js';
import { applyUpdate, checkUpdate, updateTargets } from './expression/update.js';
import type { ItemStore } from './item-store.js';
import type { EncodedKey, TableSchema } from './keys.js';
import { checkKey, keyOfNewItem } from './keys.js';
import {
  enumOf,
  invalidRequest,
  refuseLegacy,
  requestOf,
  stringOf,
  tableNameOf,
} from './requests.js';
import type { ConsumedCapacity, Item, ReturnValue, WriteItemOutput } from './types.js';

/**
 * PutItem, UpdateItem and DeleteItem on the local store. Every request is
 * validated completely before anything is read; a conditional write reads,
 * checks and writes in one SQLite transaction, so a failed condition writes
 * nothing and optimistic locking (`version = :expected`) is exact.
 */

/** What the operations run on. */
export interface Backend {
  catalog: TableCatalog;
  store: ItemStore;
}

const RETURN_VALUES: readonly ReturnValue[] = [
  'NONE',
  'ALL_OLD',
  'UPDATED_OLD',
  'ALL_NEW',
  'UPDATED_NEW',
];

/** The failed-condition error; carries the old item when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
export function conditionFailed(
  schema: TableSchema,
  key: Item,
  old: Item | undefined,
  onFailure: string,
): ModelmillError {
  const shown = JSON.stringify(Object.fromEntries(schema.keyNames.map((n) => [n, key[n]])));
  return new ModelmillError(
    'ConditionalCheckFailedException',
    `The conditional request failed (table '${schema.name}', key ${shown}: the ConditionExpression is false for the ${old ? 'stored' : 'absent'} item; nothing was written)`,
    onFailure === 'ALL_OLD' && old ? { details: { Item: old } } : {},
  );
}

/** ConsumedCapacity when the request asks for it: one unit per started KB written. */
export function writeCapacity(
  input: Record<string, unknown>,
  schema: TableSchema,
  size: number,
): { ConsumedCapacity?: ConsumedCapacity } {
  const mode = enumOf(
    input.ReturnConsumedCapacity,
    'returnConsumedCapacity',
    ['INDEXES', 'TOTAL', 'NONE'],
    'NONE',
  );
  if (mode === 'NONE') return {};
  return {
    ConsumedCapacity: {
      TableName: schema.name,
      CapacityUnits: Math.max(1, Math.ceil(size / 1024)),
    },
  };
}

function returnValuesOf(
  input: Record<string, unknown>,
  allowed: readonly ReturnValue[],
): ReturnValue {
  const value = enumOf(input.ReturnValues, 'returnValues', RETURN_VALUES, 'NONE');
  if (!allowed.includes(value)) {
    throw invalidRequest(
      `ReturnValues can only be ${allowed.filter((v) => v !== 'NONE').join(' or ')} or NONE (got ${value})`,
    );
  }
  return value;
}

function onFailureOf(input: Record<string, unknown>): string {
  return enumOf(
    input.ReturnValuesOnConditionCheckFailure,
    'returnValuesOnConditionCheckFailure',
    ['ALL_OLD', 'NONE'],
    'NONE',
  );
}

function attributes(item: Item | undefined): WriteItemOutput {
  return item !== undefined && Object.keys(item).length > 0 ? { Attributes: item } : {};
}

/** PutItem. */
export function putItem(backend: Backend, raw: unknown): WriteItemOutput {
  const input = requestOf(raw);
  refuseLegacy(input);
  const tableName = tableNameOf(input.TableName);
  const item = checkItem(input.Item, 'Item');
  const returnValues = returnValuesOf(input, ['NONE', 'ALL_OLD']);
  const onFailure = onFailureOf(input);
  const source = stringOf(input.ConditionExpression, 'ConditionExpression');
  const use = { any: source !== undefined, withValues: source !== undefined };
  const context = new ExpressionContext(
    input.ExpressionAttributeNames,
    input.ExpressionAttributeValues,
    use,
  );
  const condition = context.condition(source, 'ConditionExpression');
  if (condition) checkCondition(condition, 'ConditionExpression');
  context.finish();
  const schema = backend.catalog.get(tableName);
  const key = keyOfNewItem(schema, item);
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) {
    throw invalidRequest(
      `Item size has exceeded the maximum allowed size (table '${schema.name}': ${size} bytes, the limit is ${MAX_ITEM_BYTES}; store large payloads in S3 and keep their URI in the item)`,
    );
  }
  const capacity = writeCapacity(input, schema, size);
  if (!condition && returnValues === 'NONE') {
    backend.store.put(schema, key, item, size);
    return capacity;
  }
  return backend.store.atomically(() => {
    const old = backend.store.get(schema, key);
    if (condition && !evaluateCondition(condition, old))
      throw conditionFailed(schema, item, old, onFailure);
    backend.store.put(schema, key, item, size);
    return { ...(returnValues === 'ALL_OLD' ? attributes(old) : {}), ...capacity };
  });
}

interface ParsedUpdate {
  schema: TableSchema;
  key: Item;
  encoded: EncodedKey;
  update: UpdateNode | undefined;
  condition: ReturnType<ExpressionContext['condition']>;
  returnValues: ReturnValue;
  onFailure: string;
}

function parseUpdateRequest(backend: Backend, input: Record<string, unknown>): ParsedUpdate {
  refuseLegacy(input);
  const tableName = tableNameOf(input.TableName);
  const key = checkItem(input.Key, 'Key');
  const returnValues = returnValuesOf(input, RETURN_VALUES);
  const onFailure = onFailureOf(input);
  const updateSource = stringOf(input.UpdateExpression, 'UpdateExpression');
  const conditionSource = stringOf(input.ConditionExpression, 'ConditionExpression');
  const any = updateSource !== undefined || conditionSource !== undefined;
  const context = new ExpressionContext(
    input.ExpressionAttributeNames,
    input.ExpressionAttributeValues,
    {
      any,
      withValues: any,
    },
  );
  const update = updateSource === undefined ? undefined : context.update(updateSource);
  const condition = context.condition(conditionSource, 'ConditionExpression');
  if (condition) checkCondition(condition, 'ConditionExpression');
  context.finish();
  const schema = backend.catalog.get(tableName);
  const encoded = checkKey(schema, key);
  if (update) checkUpdate(update, schema.keyNames);
  return { schema, key, encoded, update, condition, returnValues, onFailure };
}

function updateOutput(request: ParsedUpdate, old: Item | undefined, item: Item): WriteItemOutput {
  const targets = request.update ? updateTargets(request.update) : [];
  switch (request.returnValues) {
    case 'ALL_OLD':
      return attributes(old);
    case 'ALL_NEW':
      return attributes(item);
    case 'UPDATED_OLD':
      return attributes(old && project(old, targets));
    case 'UPDATED_NEW':
      return attributes(project(item, targets));
    default:
      return {};
  }
}

/** UpdateItem (creates the item when absent, as DynamoDB does). */
export function updateItem(backend: Backend, raw: unknown): WriteItemOutput {
  const input = requestOf(raw);
  const request = parseUpdateRequest(backend, input);
  const { schema, encoded } = request;
  return backend.store.atomically(() => {
    const old = backend.store.get(schema, encoded);
    if (request.condition && !evaluateCondition(request.condition, old)) {
      throw conditionFailed(schema, request.key, old, request.onFailure);
    }
    const item = request.update
      ? applyUpdate(request.update, old, request.key, !request.returnValues.endsWith('OLD'))
      : (old ?? cloneValue(request.key));
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) {
      throw invalidRequest(
        `Item size to update has exceeded the maximum allowed size (table '${schema.name}': the item would be ${size} bytes, the limit is ${MAX_ITEM_BYTES})`,
      );
    }
    backend.store.put(schema, encoded, item, size);
    return { ...updateOutput(request, old, item), ...writeCapacity(input, schema, size) };
  });
}

/** DeleteItem. */
export function deleteItem(backend: Backend, raw: unknown): WriteItemOutput {
  const input = requestOf(raw);
  refuseLegacy(input);
  const tableName = tableNameOf(input.TableName);
  const key = checkItem(input.Key, 'Key');
  const returnValues = returnValuesOf(input, ['NONE', 'ALL_OLD']);
  const onFailure = onFailureOf(input);
  const source = stringOf(input.ConditionExpression, 'ConditionExpression');
  const use = { any: source !== undefined, withValues: source !== undefined };
  const context = new ExpressionContext(
    input.ExpressionAttributeNames,
    input.ExpressionAttributeValues,
    use,
  );
  const condition = context.condition(source, 'ConditionExpression');
  if (condition) checkCondition(condition, 'ConditionExpression');
  context.finish();
  const schema = backend.catalog.get(tableName);
  const encoded = checkKey(schema, key);
  return backend.store.atomically(() => {
    const old = backend.store.get(schema, encoded);
    if (condition && !evaluateCondition(condition, old))
      throw conditionFailed(schema, key, old, onFailure);
    if (old) backend.store.delete(schema, encoded);
    const size = old ? itemSize(old) : 0;
    return {
      ...(returnValues === 'ALL_OLD' ? attributes(old) : {}),
      ...writeCapacity(input, schema, size),
    };
  });
}
