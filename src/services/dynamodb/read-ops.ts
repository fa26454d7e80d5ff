import { crc32 } from 'node:zlib';
import { checkItem } from './attribute-value.js';
import type { ConditionNode, Operand } from './expression/ast.js';
import { ExpressionContext } from './expression/context.js';
import { checkCondition, evaluateCondition } from './expression/evaluate.js';
import type { DocumentPath } from './expression/paths.js';
import { checkNoOverlap, project } from './expression/paths.js';
import type { RangeBound, StoredRow } from './item-store.js';
import { keyRangeOf } from './key-condition.js';
import type { EncodedKey, TableSchema } from './keys.js';
import { checkKey, keyAttributes } from './keys.js';
import {
  booleanOf,
  enumOf,
  invalidRequest,
  limitOf,
  refuseLegacy,
  requestOf,
  stringOf,
  tableNameOf,
} from './requests.js';
import type { ConsumedCapacity, GetItemOutput, Item, QueryOutput, Select } from './types.js';
import type { Backend } from './write-ops.js';

/**
 * GetItem, Query and Scan on the local store. Query and Scan pages stop after
 * `Limit` evaluated items or 1 MB read, as in DynamoDB, and then return the
 * LastEvaluatedKey to continue from.
 */

const PAGE_BYTES = 1024 * 1024;

function readCapacity(
  input: Record<string, unknown>,
  schema: TableSchema,
  bytes: number,
): { ConsumedCapacity?: ConsumedCapacity } {
  const mode = enumOf(
    input.ReturnConsumedCapacity,
    'returnConsumedCapacity',
    ['INDEXES', 'TOTAL', 'NONE'],
    'NONE',
  );
  if (mode === 'NONE') return {};
  const units = Math.max(1, Math.ceil(bytes / 4096)) * (input.ConsistentRead === true ? 1 : 0.5);
  return { ConsumedCapacity: { TableName: schema.name, CapacityUnits: units } };
}

function projectionOf(
  context: ExpressionContext,
  source: string | undefined,
): DocumentPath[] | undefined {
  const paths = context.projection(source)?.map((p) => p.elements);
  if (paths) checkNoOverlap(paths, 'ProjectionExpression');
  return paths;
}

/** GetItem. */
export function getItem(backend: Backend, raw: unknown): GetItemOutput {
  const input = requestOf(raw);
  refuseLegacy(input);
  const tableName = tableNameOf(input.TableName);
  const key = checkItem(input.Key, 'Key');
  booleanOf(input.ConsistentRead, 'consistentRead');
  const source = stringOf(input.ProjectionExpression, 'ProjectionExpression');
  let projection: DocumentPath[] | undefined;
  if (source !== undefined || input.ExpressionAttributeNames !== undefined) {
    const context = new ExpressionContext(input.ExpressionAttributeNames, undefined, {
      any: source !== undefined,
      withValues: false,
    });
    projection = projectionOf(context, source);
    context.finish();
  }
  const schema = backend.catalog.get(tableName);
  const item = backend.store.get(schema, checkKey(schema, key));
  const capacity = readCapacity(input, schema, item ? 1 : 0);
  if (item === undefined) return capacity;
  return { Item: projection ? project(item, projection) : item, ...capacity };
}

interface PageRequest {
  input: Record<string, unknown>;
  schema: TableSchema;
  filter: ConditionNode | undefined;
  projection: DocumentPath[] | undefined;
  select: Select;
  limit: number | undefined;
}

function selectOf(input: Record<string, unknown>, projection: DocumentPath[] | undefined): Select {
  const select = enumOf<Select>(
    input.Select,
    'select',
    ['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'],
    projection ? 'SPECIFIC_ATTRIBUTES' : 'ALL_ATTRIBUTES',
  );
  if (select === 'ALL_PROJECTED_ATTRIBUTES') {
    throw invalidRequest(
      'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
    );
  }
  if (projection && select !== 'SPECIFIC_ATTRIBUTES') {
    throw invalidRequest(`Cannot specify the ProjectionExpression when choosing to get ${select}`);
  }
  if (!projection && select === 'SPECIFIC_ATTRIBUTES') {
    throw invalidRequest(
      'Select SPECIFIC_ATTRIBUTES requires a ProjectionExpression naming the attributes to return',
    );
  }
  return select;
}

function collectPage(
  backend: Backend,
  request: PageRequest,
  rows: Iterable<StoredRow & { hk?: Buffer }>,
  skip?: (row: StoredRow & { hk?: Buffer }) => boolean,
): QueryOutput {
  const items: Item[] = [];
  let scanned = 0;
  let count = 0;
  let bytes = 0;
  let last: Item | undefined;
  for (const row of rows) {
    if (skip?.(row)) continue;
    const item = JSON.parse(row.item) as Item;
    scanned += 1;
    bytes += row.size;
    if (!request.filter || evaluateCondition(request.filter, item)) {
      count += 1;
      if (request.select !== 'COUNT')
        items.push(request.projection ? project(item, request.projection) : item);
    }
    if ((request.limit !== undefined && scanned >= request.limit) || bytes >= PAGE_BYTES) {
      last = item;
      break;
    }
  }
  // An empty page may mean that another process deleted the table.
  if (scanned === 0) backend.store.confirm(request.schema);
  return {
    ...(request.select === 'COUNT' ? {} : { Items: items }),
    Count: count,
    ScannedCount: scanned,
    ...(last ? { LastEvaluatedKey: keyAttributes(request.schema, last) } : {}),
    ...readCapacity(request.input, request.schema, bytes),
  };
}

function pathsOf(node: ConditionNode): DocumentPath[] {
  const operand = (o: Operand): DocumentPath[] =>
    o.kind === 'path' ? [o.elements] : o.kind === 'size' ? [o.path.elements] : [];
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...pathsOf(node.left), ...pathsOf(node.right)];
    case 'not':
      return pathsOf(node.operand);
    case 'compare':
      return [...operand(node.left), ...operand(node.right)];
    case 'between':
      return [node.operand, node.low, node.high].flatMap(operand);
    case 'in':
      return [node.operand, ...node.list].flatMap(operand);
    default:
      return node.args.flatMap(operand);
  }
}

function startKeyOf(schema: TableSchema, value: unknown): EncodedKey | undefined {
  if (value === undefined || value === null) return undefined;
  const key = checkItem(value, 'ExclusiveStartKey');
  return checkKey(schema, key, 'The provided starting key is invalid: ');
}

function noIndexes(input: Record<string, unknown>, schema: TableSchema): void {
  if (input.IndexName !== undefined && input.IndexName !== null) {
    throw invalidRequest(
      `The table does not have the specified index: ${JSON.stringify(input.IndexName)} (table '${schema.name}' has no secondary indexes locally)`,
    );
  }
}

/** Query. */
export function query(backend: Backend, raw: unknown): QueryOutput {
  const input = requestOf(raw);
  refuseLegacy(input);
  const tableName = tableNameOf(input.TableName);
  const keySource = stringOf(input.KeyConditionExpression, 'KeyConditionExpression');
  if (keySource === undefined) {
    throw invalidRequest(
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  }
  const filterSource = stringOf(input.FilterExpression, 'FilterExpression');
  const context = new ExpressionContext(
    input.ExpressionAttributeNames,
    input.ExpressionAttributeValues,
    {
      any: true,
      withValues: true,
    },
  );
  const keyCondition = context.condition(keySource, 'KeyConditionExpression') as ConditionNode;
  const filter = context.condition(filterSource, 'FilterExpression');
  if (filter) checkCondition(filter, 'FilterExpression');
  const projection = projectionOf(
    context,
    stringOf(input.ProjectionExpression, 'ProjectionExpression'),
  );
  context.finish();
  const select = selectOf(input, projection);
  const limit = limitOf(input.Limit);
  const forward = booleanOf(input.ScanIndexForward, 'scanIndexForward') ?? true;
  booleanOf(input.ConsistentRead, 'consistentRead');
  const schema = backend.catalog.get(tableName);
  noIndexes(input, schema);
  const range = keyRangeOf(schema, keyCondition);
  for (const path of filter ? pathsOf(filter) : []) {
    const name = path[0];
    if (typeof name === 'string' && schema.keyNames.includes(name)) {
      throw invalidRequest(
        `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`,
      );
    }
  }
  const bounds: RangeBound[] = [...range.bounds];
  const start = startKeyOf(schema, input.ExclusiveStartKey);
  if (start) {
    if (!start.hk.equals(range.hk)) {
      throw invalidRequest(
        'The provided starting key is invalid: its hash key differs from the one in the KeyConditionExpression',
      );
    }
    bounds.push({ op: forward ? '>' : '<', value: start.rk });
  }
  const rows = backend.store.queryRange(schema, range.hk, bounds, forward, limit);
  return collectPage(backend, { input, schema, filter, projection, select, limit }, rows);
}

function segmentsOf(
  input: Record<string, unknown>,
): { segment: number; total: number } | undefined {
  const { Segment: segment, TotalSegments: total } = input;
  if (segment === undefined && total === undefined) return undefined;
  if (total === undefined) {
    throw invalidRequest(
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  }
  if (segment === undefined) {
    throw invalidRequest(
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    );
  }
  const count = limitOf(total, 'totalSegments', 1_000_000) as number;
  if (
    typeof segment !== 'number' ||
    !Number.isInteger(segment) ||
    segment < 0 ||
    segment >= count
  ) {
    throw invalidRequest(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${JSON.stringify(segment)} is not less than TotalSegments: ${count}`,
    );
  }
  return { segment, total: count };
}

/** Scan. */
export function scan(backend: Backend, raw: unknown): QueryOutput {
  const input = requestOf(raw);
  refuseLegacy(input);
  const tableName = tableNameOf(input.TableName);
  const filterSource = stringOf(input.FilterExpression, 'FilterExpression');
  const projectionSource = stringOf(input.ProjectionExpression, 'ProjectionExpression');
  const context = new ExpressionContext(
    input.ExpressionAttributeNames,
    input.ExpressionAttributeValues,
    {
      any: filterSource !== undefined || projectionSource !== undefined,
      withValues: filterSource !== undefined,
    },
  );
  const filter = context.condition(filterSource, 'FilterExpression');
  if (filter) checkCondition(filter, 'FilterExpression');
  const projection = projectionOf(context, projectionSource);
  context.finish();
  const select = selectOf(input, projection);
  const limit = limitOf(input.Limit);
  const segments = segmentsOf(input);
  booleanOf(input.ConsistentRead, 'consistentRead');
  const schema = backend.catalog.get(tableName);
  noIndexes(input, schema);
  // With segments, rows of other segments are skipped, so the SQL cannot stop at Limit.
  const sqlLimit = segments ? undefined : limit;
  const rows = backend.store.scan(schema, startKeyOf(schema, input.ExclusiveStartKey), sqlLimit);
  const skip = segments
    ? (row: { hk?: Buffer }) => crc32(row.hk as Buffer) % segments.total !== segments.segment
    : undefined;
  return collectPage(backend, { input, schema, filter, projection, select, limit }, rows, skip);
}
