import { ModelmillError, isArn, isPlainObject, nameFromArnOrName } from '../../core/index.js';

/**
 * Checks on request fields shared by the operations, worded as DynamoDB's
 * request validation words them (`1 validation error detected: ...`).
 */

function constraint(value: unknown, field: string, rule: string): ModelmillError {
  const shown =
    value === undefined || value === null
      ? 'null'
      : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return new ModelmillError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

/** A plain ValidationException. */
export function invalidRequest(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

/**
 * The table name of a request: a name, or a table ARN (resolved by name, as
 * every ARN is locally). `minLength` is 3 for CreateTable, 1 elsewhere.
 */
export function tableNameOf(value: unknown, minLength = 1, field = 'tableName'): string {
  if (value === undefined || value === null)
    throw constraint(value, field, 'Member must not be null');
  if (typeof value !== 'string') throw constraint(value, field, 'Member must be a string');
  const name = isArn(value) ? nameFromArnOrName(value) : value;
  if (name.length < minLength) {
    throw constraint(value, field, `Member must have length greater than or equal to ${minLength}`);
  }
  if (name.length > 255)
    throw constraint(value, field, 'Member must have length less than or equal to 255');
  if (!/^[a-zA-Z0-9_.-]+$/.test(name)) {
    throw constraint(
      value,
      field,
      'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
    );
  }
  return name;
}

/** Checks an optional enumerated field; returns it or `fallback`. */
export function enumOf<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw constraint(value, field, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

/** Checks an optional `Limit` (at least 1, at most `max`). */
export function limitOf(
  value: unknown,
  field = 'limit',
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw constraint(value, field, 'Member must be an integer');
  }
  if (value < 1) {
    throw invalidRequest(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
  if (value > max)
    throw constraint(value, field, `Member must have value less than or equal to ${max}`);
  return value;
}

/** Checks an optional string field (an expression). */
export function stringOf(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(value, field, 'Member must be a string');
  return value;
}

/** Checks an optional boolean field. */
export function booleanOf(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw constraint(value, field, 'Member must be a boolean');
  return value;
}

/** Checks a required map field. */
export function mapOf(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null)
    throw constraint(value, field, 'Member must not be null');
  if (!isPlainObject(value)) throw constraint(JSON.stringify(value), field, 'Member must be a map');
  return value;
}

const LEGACY: readonly [string, string][] = Object.entries({
  Expected: 'ConditionExpression',
  AttributeUpdates: 'UpdateExpression',
  ConditionalOperator: 'ConditionExpression or FilterExpression',
  AttributesToGet: 'ProjectionExpression',
  KeyConditions: 'KeyConditionExpression',
  QueryFilter: 'FilterExpression',
  ScanFilter: 'FilterExpression',
});

/**
 * Refuses DynamoDB's legacy (pre-expression) parameters, which modelmill does
 * not implement; the message names the expression parameter to use instead.
 */
export function refuseLegacy(input: Record<string, unknown>): void {
  for (const [field, instead] of LEGACY) {
    if (input[field] !== undefined && input[field] !== null) {
      throw invalidRequest(
        `${field} is a legacy DynamoDB parameter that modelmill does not support: use ${instead} instead`,
      );
    }
  }
}

/** The fields of a request as a record (the request body must be a JSON object). */
export function requestOf(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (!isPlainObject(input)) throw invalidRequest('The request body must be a JSON object');
  return input;
}
