import { ModelmillError } from '../../core/index.js';
import { typeOf } from './attribute-value.js';
import { encodeNumberKey, parseNumber } from './numbers.js';
import type { AttributeValue, Item, ScalarAttributeType, TableDescription } from './types.js';

/**
 * A table's key schema and the encoding of key values into the bytes SQLite
 * orders: strings as UTF-8 (DynamoDB orders strings by UTF-8 bytes), binary
 * as is, numbers with the order-preserving encoding of numbers.ts.
 */

/** One key attribute. */
export interface KeyAttribute {
  name: string;
  type: ScalarAttributeType;
}

/** What the item store needs to know about a table. */
export interface TableSchema {
  /** Row id in dynamodb_tables (a re-created table gets a new one). */
  id: number;
  name: string;
  hash: KeyAttribute;
  range: KeyAttribute | undefined;
  /** The key attribute names, hash first. */
  keyNames: string[];
  /** The stored description (ItemCount and TableSizeBytes are computed on describe). */
  description: TableDescription;
}

/** The encoded primary key of an item: hash bytes and range bytes (empty without a range key). */
export interface EncodedKey {
  hk: Buffer;
  rk: Buffer;
}

const EMPTY = Buffer.alloc(0);
const MAX_HASH_BYTES = 2048;
const MAX_RANGE_BYTES = 1024;

function invalid(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

/** The sortable bytes of a key value (S, N or B). */
export function encodeKeyValue(value: AttributeValue): Buffer {
  if ('S' in value) return Buffer.from(value.S, 'utf8');
  if ('N' in value) return encodeNumberKey(parseNumber(value.N));
  if ('B' in value) return Buffer.from(value.B, 'base64');
  throw invalid(`a key value must be S, N or B, got ${typeOf(value)}`);
}

function describeSchema(schema: TableSchema): string {
  const parts = [schema.hash, ...(schema.range ? [schema.range] : [])];
  return parts.map((k) => `${k.name} (${k.type})`).join(' and ');
}

function checkNotEmpty(attribute: KeyAttribute, value: AttributeValue): void {
  const empty = ('S' in value && value.S === '') || ('B' in value && value.B === '');
  if (empty) {
    throw invalid(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${attribute.name}`,
    );
  }
}

function encodeChecked(attribute: KeyAttribute, value: AttributeValue, limit: number): Buffer {
  checkNotEmpty(attribute, value);
  const bytes = encodeKeyValue(value);
  const size = 'N' in value ? 0 : bytes.length;
  if (size > limit) {
    throw invalid(
      limit === MAX_HASH_BYTES
        ? `One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes (key ${attribute.name}: ${size} bytes)`
        : `One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes (key ${attribute.name}: ${size} bytes)`,
    );
  }
  return bytes;
}

/**
 * The key of an item being written (PutItem, a BatchWriteItem put): every key
 * attribute present, of the declared type and not empty.
 */
export function keyOfNewItem(schema: TableSchema, item: Item): EncodedKey {
  const encode = (attribute: KeyAttribute, limit: number): Buffer => {
    const value = item[attribute.name];
    if (value === undefined) {
      throw invalid(
        `One or more parameter values were invalid: Missing the key ${attribute.name} in the item (table '${schema.name}' has key ${describeSchema(schema)})`,
      );
    }
    if (typeOf(value) !== attribute.type) {
      throw invalid(
        `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${typeOf(value)}`,
      );
    }
    return encodeChecked(attribute, value, limit);
  };
  const hk = encode(schema.hash, MAX_HASH_BYTES);
  const rk = schema.range ? encode(schema.range, MAX_RANGE_BYTES) : EMPTY;
  return { hk, rk };
}

/**
 * A `Key` parameter (GetItem, UpdateItem, DeleteItem, ExclusiveStartKey):
 * exactly the key attributes, of the declared types.
 */
export function checkKey(schema: TableSchema, key: Item, prefix = ''): EncodedKey {
  const names = Object.keys(key);
  const mismatch = (): ModelmillError =>
    invalid(
      `${prefix}The provided key element does not match the schema (table '${schema.name}' has key ${describeSchema(schema)}; got ${names.map((n) => `${n} (${typeOf(key[n] as AttributeValue)})`).join(', ') || 'no attributes'})`,
    );
  if (names.length !== schema.keyNames.length) throw mismatch();
  const encode = (attribute: KeyAttribute, limit: number): Buffer => {
    const value = key[attribute.name];
    if (value === undefined || typeOf(value) !== attribute.type) throw mismatch();
    return encodeChecked(attribute, value, limit);
  };
  const hk = encode(schema.hash, MAX_HASH_BYTES);
  const rk = schema.range ? encode(schema.range, MAX_RANGE_BYTES) : EMPTY;
  return { hk, rk };
}

/** The key attributes of a stored item (for LastEvaluatedKey). */
export function keyAttributes(schema: TableSchema, item: Item): Item {
  const key: Item = {};
  for (const name of schema.keyNames) {
    const value = item[name];
    if (value !== undefined) key[name] = value;
  }
  return key;
}

/** A string identifying an encoded key, for duplicate checks in batches. */
export function keyId(key: EncodedKey): string {
  return `${key.hk.toString('hex')}/${key.rk.toString('hex')}`;
}
