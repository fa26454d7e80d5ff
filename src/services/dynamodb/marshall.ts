import { ModelmillError } from '../../core/index.js';
import type { AttributeValue, Item } from './types.js';

/**
 * Plain JavaScript ↔ AttributeValue, for our own pipeline programs:
 * strings, numbers (and bigints), booleans, null, arrays, plain objects,
 * binary (Uint8Array) and Sets of strings, numbers or binary.
 */

/** How `unmarshall` returns numbers: as JS numbers (default; inexact ones are refused) or as strings. */
export interface UnmarshallOptions {
  numbers?: 'number' | 'string';
}

/** Objects built as literals or with Object.create(null); not Dates, Maps or class instances. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function marshallSet(set: Set<unknown>, path: string): AttributeValue {
  const members = [...set];
  if (members.length === 0) {
    throw new ModelmillError(
      'ValidationException',
      `cannot marshall an empty Set at ${path}: DynamoDB has no empty sets (omit the attribute)`,
    );
  }
  if (members.every((m) => typeof m === 'string')) return { SS: members };
  if (members.every((m) => typeof m === 'number' || typeof m === 'bigint')) {
    return { NS: members.map((m) => numberText(m, path)) };
  }
  if (members.every((m) => m instanceof Uint8Array)) {
    return { BS: members.map((m) => Buffer.from(m).toString('base64')) };
  }
  throw new ModelmillError(
    'ValidationException',
    `cannot marshall the Set at ${path}: its members must be all strings, all numbers or all Uint8Arrays`,
  );
}

function numberText(value: number | bigint, path: string): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ModelmillError(
      'ValidationException',
      `cannot marshall ${value} at ${path}: DynamoDB numbers are finite`,
    );
  }
  return String(value);
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return value.constructor?.name ?? 'object';
}

/** One JS value as an AttributeValue; `path` names it in errors. */
export function marshall(value: unknown, path = 'value'): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { N: numberText(value, path) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') };
  if (value instanceof Set) return marshallSet(value, path);
  if (Array.isArray(value)) return { L: value.map((v, i) => marshall(v, `${path}[${i}]`)) };
  if (isPlainRecord(value)) return { M: marshallItem(value, path) };
  throw new ModelmillError(
    'ValidationException',
    `cannot marshall ${describe(value)} at ${path}: use strings, numbers, booleans, null, arrays, plain objects, Uint8Array or Sets`,
  );
}

/** A plain object as an item; attributes whose value is undefined are left out. */
export function marshallItem(object: Record<string, unknown>, path = 'item'): Item {
  const item: Item = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) item[key] = marshall(value, `${path}.${key}`);
  }
  return item;
}

function numberValue(text: string, options: UnmarshallOptions): number | string {
  if (options.numbers === 'string') return text;
  const value = Number(text);
  // Up to 15 significant digits always survive a trip through a double.
  const significant = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length > 15 && String(value) !== text) {
    throw new ModelmillError(
      'ValidationException',
      `the number ${text} cannot be represented exactly as a JavaScript number; unmarshall with { numbers: 'string' }`,
    );
  }
  return value;
}

/** One AttributeValue as a JS value (binary as Buffer, sets as Set). */
export function unmarshall(value: AttributeValue, options: UnmarshallOptions = {}): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return numberValue(value.N, options);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('B' in value) return Buffer.from(value.B, 'base64');
  if ('L' in value) return value.L.map((v) => unmarshall(v, options));
  if ('M' in value) return unmarshallItem(value.M, options);
  if ('SS' in value) return new Set(value.SS);
  if ('NS' in value) return new Set(value.NS.map((n) => numberValue(n, options)));
  return new Set(value.BS.map((b) => Buffer.from(b, 'base64')));
}

/** An item as a plain object. */
export function unmarshallItem(
  item: Item,
  options: UnmarshallOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) out[key] = unmarshall(value, options);
  return out;
}
