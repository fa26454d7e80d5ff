import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { ModelmillError, isPlainObject } from '../../core/index.js';
import {
  createSdkSender,
  fromSdkError as fromCommonSdkError,
  fromSdk as fromSdkValue,
} from '../common/index.js';
import type { TableStore } from './types.js';

/**
 * The DynamoDB port over the AWS SDK v3, for running against AWS (or any
 * DynamoDB endpoint). Values cross the boundary in the port's JSON form
 * (binary as base64, timestamps as epoch seconds); SDK errors become the same
 * ModelmillErrors the local adapter throws.
 */

/** A client to use, or the settings to build one from (region, endpoint, credentials). */
export interface AwsDynamoDbOptions {
  client?: DynamoDBClient;
  config?: DynamoDBClientConfig;
}

/** Port values → SDK values: base64 `B`/`BS` become bytes. */
export function toSdk(value: unknown): any {
  if (Array.isArray(value)) return value.map(toSdk);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'B' && typeof inner === 'string') out[key] = Buffer.from(inner, 'base64');
    else if (key === 'BS' && Array.isArray(inner) && inner.every((b) => typeof b === 'string')) {
      out[key] = inner.map((b: string) => Buffer.from(b, 'base64'));
    } else out[key] = toSdk(inner);
  }
  return out;
}

/** SDK values → port values: bytes become base64, dates epoch seconds; `$metadata` is dropped. */
export function fromSdk(value: unknown): any {
  return fromSdkValue(value, { bytes: 'base64' });
}

/** An SDK failure as the ModelmillError the local adapter would throw. */
export function fromSdkError(err: unknown): unknown {
  const translated = fromCommonSdkError(err);
  const item = (err as { Item?: unknown } | undefined)?.Item;
  if (!(translated instanceof ModelmillError) || !item) return translated;
  return new ModelmillError(translated.code, translated.message, {
    cause: err,
    fault: translated.fault,
    details: { Item: fromSdk(item) },
  });
}

/** The port over the AWS SDK. */
export function createAwsDynamoDb(options: AwsDynamoDbOptions = {}): TableStore {
  const client = options.client ?? new DynamoDBClient(options.config ?? {});
  const send = createSdkSender(client, { output: fromSdk, error: fromSdkError });
  return {
    createTable: (input) => send(new CreateTableCommand(toSdk(input))),
    describeTable: (input) => send(new DescribeTableCommand(toSdk(input))),
    listTables: (input = {}) => send(new ListTablesCommand(toSdk(input))),
    deleteTable: (input) => send(new DeleteTableCommand(toSdk(input))),
    putItem: (input) => send(new PutItemCommand(toSdk(input))),
    getItem: (input) => send(new GetItemCommand(toSdk(input))),
    updateItem: (input) => send(new UpdateItemCommand(toSdk(input))),
    deleteItem: (input) => send(new DeleteItemCommand(toSdk(input))),
    query: (input) => send(new QueryCommand(toSdk(input))),
    scan: (input) => send(new ScanCommand(toSdk(input))),
    batchWriteItem: (input) => send(new BatchWriteItemCommand(toSdk(input))),
    batchGetItem: (input) => send(new BatchGetItemCommand(toSdk(input))),
  };
}
