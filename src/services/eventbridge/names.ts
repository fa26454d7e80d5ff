import type { AccountScope } from '../../core/index.js';
import { ModelmillError, formatArn, nameFromArnOrName } from '../../core/index.js';

/**
 * Names, ARNs and paging tokens of EventBridge resources, with the API's
 * validation wording.
 */

/** The bus every account has. */
export const DEFAULT_BUS = 'default';

/** `1 validation error detected: ...` for a value that breaks a constraint. */
export function constraintError(field: string, value: unknown, constraint: string): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

/** Checks a rule or target name (`[\.\-_A-Za-z0-9]+`, 1-64 characters). */
export function checkName(field: string, value: unknown, max = 64): string {
  if (typeof value !== 'string' || value === '')
    throw constraintError(field, value, 'Member must not be null');
  if (value.length > max)
    throw constraintError(field, value, `Member must have length less than or equal to ${max}`);
  if (!/^[.\-_A-Za-z0-9]+$/.test(value))
    throw constraintError(
      field,
      value,
      'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+',
    );
  return value;
}

/** Checks a new bus name (`[/\.\-_A-Za-z0-9]+`, 1-256 characters, not `aws.*`). */
export function checkBusName(value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw constraintError('name', value, 'Member must not be null');
  if (value.length > 256)
    throw constraintError('name', value, 'Member must have length less than or equal to 256');
  if (!/^[/.\-_A-Za-z0-9]+$/.test(value))
    throw constraintError(
      'name',
      value,
      'Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+',
    );
  if (value.startsWith('aws.'))
    throw new ModelmillError(
      'ValidationException',
      `Event bus name '${value}' is reserved: names starting with 'aws.' belong to partner event sources`,
    );
  return value;
}

/** The bus a request names (name or ARN), `default` when none. */
export function busNameOf(nameOrArn: unknown): string {
  if (nameOrArn === undefined || nameOrArn === null || nameOrArn === '') return DEFAULT_BUS;
  if (typeof nameOrArn !== 'string')
    throw constraintError('eventBusName', nameOrArn, 'Member must be a string');
  return nameFromArnOrName(nameOrArn);
}

/** `arn:aws:events:<region>:<account>:event-bus/<name>`. */
export function busArn(scope: AccountScope, bus: string): string {
  return formatArn(scope, 'events', `event-bus/${bus}`);
}

/** `rule/<name>` on the default bus, `rule/<bus>/<name>` elsewhere. */
export function ruleArn(scope: AccountScope, bus: string, name: string): string {
  return formatArn(scope, 'events', bus === DEFAULT_BUS ? `rule/${name}` : `rule/${bus}/${name}`);
}

/** Pages a sorted list with an opaque NextToken and a Limit (1-100, default 100). */
export function page<T>(
  items: readonly T[],
  nextToken: unknown,
  limit: unknown,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined && nextToken !== null) {
    const decoded =
      typeof nextToken === 'string' ? Buffer.from(nextToken, 'base64url').toString() : '';
    const match = /^mm:(\d+)$/.exec(decoded);
    if (!match)
      throw new ModelmillError(
        'ValidationException',
        `The NextToken '${JSON.stringify(nextToken)}' is not valid: pass the NextToken of the previous answer unchanged`,
      );
    start = Number(match[1]);
  }
  let size = 100;
  if (limit !== undefined && limit !== null) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100)
      throw constraintError('limit', limit, 'Member must have value between 1 and 100');
    size = limit;
  }
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length
    ? { items: slice, nextToken: Buffer.from(`mm:${end}`).toString('base64url') }
    : { items: slice };
}
