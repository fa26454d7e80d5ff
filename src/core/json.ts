import { ModelmillError } from './errors.js';

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Size in bytes of a string once UTF-8 encoded. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Parses JSON, throwing `code` with a message that names `where` and the parser's complaint. */
export function parseJson(text: string, where: string, code = 'InvalidJson'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ModelmillError(code, `${where} is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** True for plain objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values; numbers by value, object key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  if (ka.length !== Object.keys(rb).length) return false;
  return ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}
