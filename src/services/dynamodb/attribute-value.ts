import { ModelmillError, isPlainObject } from '../../core/index.js';
import { compareNumbers, normalizeNumber, numberByteSize } from './numbers.js';
import type { AttributeType, AttributeValue, Item } from './types.js';

/**
 * AttributeValues: strict validation of the JSON shape (exactly one type
 * descriptor, the right JSON type under it, valid numbers and base64, no empty
 * or duplicated sets), normalisation as DynamoDB stores values, item size as
 * DynamoDB counts it, equality and ordering.
 */

/** The largest item DynamoDB stores, in bytes (400 KB): 409,600 is accepted, 409,601 refused. */
export const MAX_ITEM_BYTES = 409_600;

/** DynamoDB nests maps and lists at most 32 levels deep. */
const MAX_DEPTH = 32;
const TYPES = new Set<string>(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(message: string, path: string): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    `One or more parameter values were invalid: ${message}; attribute: ${path}`,
  );
}

/** The type descriptor of a (valid) value. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  return 'NULL';
}

/** Appends a map key to a document path for messages (`a` + `b` → `a.b`). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Checks one AttributeValue and returns it normalised (numbers canonical,
 * `NULL: false` as `NULL: true`). `path` names the attribute in messages,
 * e.g. `Item.config.depth`.
 */
export function checkAttributeValue(value: unknown, path: string, depth = 0): AttributeValue {
  if (!isPlainObject(value)) {
    throw invalid(
      `expected an AttributeValue object such as {"S": "text"}, got ${JSON.stringify(value) ?? 'nothing'}`,
      path,
    );
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    throw invalid(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
      path,
    );
  }
  if (keys.length > 1) {
    throw invalid(
      `Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes (got ${keys.join(', ')})`,
      path,
    );
  }
  const type = keys[0] ?? '';
  if (!TYPES.has(type)) {
    throw invalid(
      `Supplied AttributeValue has unknown datatype '${type}': expected one of S, N, B, BOOL, NULL, M, L, SS, NS, BS`,
      path,
    );
  }
  if (depth >= MAX_DEPTH && (type === 'M' || type === 'L')) {
    throw invalid(
      `Nesting Levels have exceeded supported limits (at most ${MAX_DEPTH} levels of maps and lists)`,
      path,
    );
  }
  return checkTyped(type as AttributeType, value[type], path, depth);
}

function expectString(inner: unknown, type: string, path: string): string {
  if (typeof inner !== 'string') {
    throw invalid(`the value of ${type} must be a string, got ${JSON.stringify(inner)}`, path);
  }
  return inner;
}

function checkBase64(inner: unknown, type: string, path: string): string {
  const text = expectString(inner, type, path);
  if (!BASE64.test(text)) {
    throw invalid(
      `the value of ${type} must be base64-encoded binary, got '${text.slice(0, 40)}'`,
      path,
    );
  }
  return text;
}

function checkTyped(
  type: AttributeType,
  inner: unknown,
  path: string,
  depth: number,
): AttributeValue {
  switch (type) {
    case 'S':
      return { S: expectString(inner, 'S', path) };
    case 'N':
      return { N: normalizeNumber(expectString(inner, 'N', path), `attribute: ${path}`) };
    case 'B':
      return { B: checkBase64(inner, 'B', path) };
    case 'BOOL':
      if (typeof inner !== 'boolean') {
        throw invalid(
          `the value of BOOL must be true or false, got ${JSON.stringify(inner)}`,
          path,
        );
      }
      return { BOOL: inner };
    case 'NULL':
      if (typeof inner !== 'boolean') {
        throw invalid(`the value of NULL must be true, got ${JSON.stringify(inner)}`, path);
      }
      return { NULL: true };
    case 'M':
      if (!isPlainObject(inner)) {
        throw invalid(
          `the value of M must be an object of attribute values, got ${JSON.stringify(inner)}`,
          path,
        );
      }
      return { M: checkMap(inner, path, depth + 1) };
    case 'L':
      if (!Array.isArray(inner)) {
        throw invalid(
          `the value of L must be an array of attribute values, got ${JSON.stringify(inner)}`,
          path,
        );
      }
      return {
        L: inner.map((element, i) => checkAttributeValue(element, childPath(path, i), depth + 1)),
      };
    default:
      return { [type]: checkSet(type, inner, path) } as AttributeValue;
  }
}

function checkMap(
  map: Record<string, unknown>,
  path: string,
  depth = 0,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const key of Object.keys(map))
    out[key] = checkAttributeValue(map[key], childPath(path, key), depth);
  return out;
}

function checkSet(type: 'SS' | 'NS' | 'BS', inner: unknown, path: string): string[] {
  if (!Array.isArray(inner)) {
    throw invalid(
      `the value of ${type} must be an array of strings, got ${JSON.stringify(inner)}`,
      path,
    );
  }
  if (inner.length === 0) {
    const message =
      type === 'BS'
        ? 'Binary sets should not be empty'
        : `An ${type === 'SS' ? 'string' : 'number'} set  may not be empty`;
    throw invalid(message, path);
  }
  const elements = inner.map((element, i) => {
    const where = childPath(path, i);
    if (type === 'NS')
      return normalizeNumber(expectString(element, 'NS', where), `attribute: ${where}`);
    if (type === 'BS') return checkBase64(element, 'BS', where);
    return expectString(element, 'SS', where);
  });
  if (new Set(elements).size !== elements.length) {
    throw invalid(`Input collection [${inner.join(', ')}] contains duplicates.`, path);
  }
  return elements;
}

/** Checks an item (or key) map; `param` names the request field in messages (`Item`, `Key`). */
export function checkItem(item: unknown, param: string): Item {
  if (!isPlainObject(item)) {
    throw new ModelmillError(
      'ValidationException',
      `1 validation error detected: Value ${JSON.stringify(item) ?? 'null'} at '${param}' failed to satisfy constraint: Member must be a map of attribute names to AttributeValues`,
    );
  }
  return checkMap(item, param);
}

/** The size of one value as DynamoDB counts it (names of nested map entries included). */
export function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('N' in value) return numberByteSize(value.N);
  if ('B' in value) return Buffer.byteLength(value.B, 'base64');
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);
  if ('NS' in value) return value.NS.reduce((n, s) => n + numberByteSize(s), 0);
  if ('BS' in value) return value.BS.reduce((n, s) => n + Buffer.byteLength(s, 'base64'), 0);
  if ('L' in value) return value.L.reduce((n, v) => n + 1 + valueSize(v), 3);
  let size = 3;
  for (const [name, v] of Object.entries(value.M))
    size += 1 + Buffer.byteLength(name, 'utf8') + valueSize(v);
  return size;
}

/** The size of an item: every attribute's name plus its value. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  return size;
}

function sameMembers(a: string[], b: string[], numeric: boolean): boolean {
  if (a.length !== b.length) return false;
  if (numeric) return a.every((x) => b.some((y) => compareNumbers(x, y) === 0));
  const set = new Set(b);
  return a.every((x) => set.has(x));
}

/** Deep equality as DynamoDB compares values: numbers by value, sets regardless of order. */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  const x = a as any;
  const y = b as any;
  switch (type) {
    case 'N':
      return compareNumbers(x.N, y.N) === 0;
    case 'SS':
    case 'BS':
    case 'NS':
      return sameMembers(x[type], y[type], type === 'NS');
    case 'L':
      return (
        x.L.length === y.L.length &&
        x.L.every((v: AttributeValue, i: number) => valuesEqual(v, y.L[i]))
      );
    case 'M': {
      const keys = Object.keys(x.M);
      if (keys.length !== Object.keys(y.M).length) return false;
      return keys.every((k) => y.M[k] !== undefined && valuesEqual(x.M[k], y.M[k]));
    }
    default:
      return x[type] === y[type];
  }
}

/**
 * Orders two scalars of the same type as DynamoDB does (numbers by value,
 * strings by UTF-8 bytes, binary bytewise); undefined when they are not
 * comparable (different types, or not S, N or B).
 */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('S' in a && 'S' in b)
    return Buffer.compare(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8'));
  if ('B' in a && 'B' in b)
    return Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64'));
  return undefined;
}

/** A deep copy of a value (values are plain JSON). */
export function cloneValue<T extends AttributeValue | Item>(value: T): T {
  return structuredClone(value);
}
