import { ModelmillError, isPlainObject } from '../core/index.js';
import type { JsonHandler } from './api-module.js';

/**
 * Reading request fields at the edge, with AWS's ValidationException wording
 * ("Value null at 'name' failed to satisfy constraint: Member must not be null"),
 * and writing results the way the JSON protocols do.
 */

/** The request as an object (an empty object when the body had none). */
export function body(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (!isPlainObject(input))
    throw new ModelmillError('SerializationException', 'the request body must be a JSON object');
  return input;
}

/** A required string field. */
export function requiredString(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (value === undefined || value === null) {
    throw new ModelmillError(
      'ValidationException',
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof value !== 'string')
    throw new ModelmillError('ValidationException', `Value at '${key}' must be a string`);
  return value;
}

/** An optional string field. */
export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new ModelmillError('ValidationException', `Value at '${key}' must be a string`);
  return value;
}

/** An optional integer field within [min, max]. */
export function optionalInt(
  input: Record<string, unknown>,
  key: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ModelmillError(
      'ValidationException',
      `1 validation error detected: Value '${JSON.stringify(value)}' at '${key}' failed to satisfy constraint: Member must be an integer between ${min} and ${max}`,
    );
  }
  return value;
}

/** An optional boolean field. */
export function optionalBool(input: Record<string, unknown>, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new ModelmillError('ValidationException', `Value at '${key}' must be a boolean`);
  return value;
}

/** Epoch milliseconds as the JSON protocols' timestamp (epoch seconds). */
export function epochSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

/**
 * A result as the JSON protocols write it: dates as epoch seconds, deeply,
 * and undefined fields left out.
 */
export function wireTimestamps(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(wireTimestamps);
  if (!isPlainObject(value)) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // bytes and other instances
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value))
    if (field !== undefined) out[key] = wireTimestamps(field);
  return out;
}

/** A JSON-protocol operation: the request body (an object) in, {@link wireTimestamps} of the result out. */
export function jsonOperation(run: (input: any) => Promise<unknown>): JsonHandler {
  return async (input: unknown) => wireTimestamps(await run(body(input)));
}
