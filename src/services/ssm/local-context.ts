import type { AccountScope, Clock } from '../../core/index.js';
import { ModelmillError, formatArn, isArn, parseArn } from '../../core/index.js';
import type { ParameterRows, VersionRow } from './parameter-rows.js';
import type { SecretBox } from './secrets.js';
import type { Parameter, ParameterHistory, ParameterMetadata } from './types.js';

/**
 * What the embedded Parameter Store's operations share, and the conversions
 * from stored rows to AWS's response shapes.
 */

/** The shared state of one embedded Parameter Store. */
export interface SsmContext {
  rows: ParameterRows;
  box: SecretBox;
  clock: Clock;
  scope: AccountScope;
  /** LastModifiedUser of writes. */
  user: string;
}

/** The ARN of a parameter: `/a/b` → `arn:aws:ssm:<region>:<account>:parameter/a/b`. */
export function parameterArn(ctx: SsmContext, name: string): string {
  return formatArn(ctx.scope, 'ssm', `parameter/${name.replace(/^\//, '')}`);
}

/** Length of the ARN before the name, which counts against the name's length limit. */
export function arnPrefixLength(ctx: SsmContext): number {
  return parameterArn(ctx, '').length;
}

/**
 * A name as given, or the name an ARN points at (`...:parameter/a/b` → `/a/b`;
 * `...:parameter/x` → `x` or `/x`, whichever exists). Selectors are kept.
 */
export function nameFromInput(ctx: SsmContext, text: unknown): unknown {
  if (typeof text !== 'string' || !isArn(text)) return text;
  const resource = parseArn(text).resource;
  if (!resource.startsWith('parameter/')) return text;
  const rest = resource.slice('parameter/'.length);
  const bare = rest.split(':')[0] ?? '';
  if (bare.includes('/') || ctx.rows.current(bare) === undefined) return `/${rest}`;
  return rest;
}

/** ParameterNotFound naming the parameter. */
export function parameterNotFound(name: string): ModelmillError {
  return new ModelmillError(
    'ParameterNotFound',
    `Parameter '${name}' not found. Check the name (names are case-sensitive; hierarchical names start with '/'), or create it with PutParameter.`,
    { details: { Name: name } },
  );
}

/** ParameterVersionNotFound naming the parameter and the selector. */
export function versionNotFound(name: string, selector: string): ModelmillError {
  return new ModelmillError(
    'ParameterVersionNotFound',
    `The specified parameter version wasn't found: '${name}${selector}'. List the versions and labels with GetParameterHistory.`,
  );
}

/** The value as the caller may see it: decrypted SecureStrings only when asked. */
export function visibleValue(
  ctx: SsmContext,
  row: VersionRow,
  withDecryption: boolean | undefined,
): string {
  return row.type === 'SecureString' && withDecryption === true
    ? ctx.box.decrypt(row.value, row.name)
    : row.value;
}

/** A stored version as GetParameter returns it. */
export function toParameter(
  ctx: SsmContext,
  row: VersionRow,
  withDecryption?: boolean,
  selector?: string,
): Parameter {
  const parameter: Parameter = {
    Name: row.name,
    Type: row.type,
    Value: visibleValue(ctx, row, withDecryption),
    Version: row.version,
    LastModifiedDate: new Date(row.lastModifiedMs),
    ARN: parameterArn(ctx, row.name),
    DataType: row.dataType,
  };
  if (selector !== undefined) parameter.Selector = selector;
  return parameter;
}

/** A stored version as DescribeParameters returns it. */
export function toMetadata(ctx: SsmContext, row: VersionRow): ParameterMetadata {
  const metadata: ParameterMetadata = {
    Name: row.name,
    ARN: parameterArn(ctx, row.name),
    Type: row.type,
    LastModifiedDate: new Date(row.lastModifiedMs),
    LastModifiedUser: row.lastModifiedUser,
    Version: row.version,
    Tier: row.tier,
    Policies: [],
    DataType: row.dataType,
  };
  if (row.keyId !== undefined) metadata.KeyId = row.keyId;
  if (row.description !== undefined) metadata.Description = row.description;
  if (row.allowedPattern !== undefined) metadata.AllowedPattern = row.allowedPattern;
  return metadata;
}

/** A stored version as GetParameterHistory returns it. */
export function toHistory(
  ctx: SsmContext,
  row: VersionRow,
  withDecryption?: boolean,
): ParameterHistory {
  const { ARN: _arn, ...rest } = toMetadata(ctx, row);
  return { ...rest, Value: visibleValue(ctx, row, withDecryption), Labels: [...row.labels] };
}

/** Encodes where a page ended as an opaque token. */
export function encodeToken(after: string | number): string {
  return Buffer.from(JSON.stringify({ a: after })).toString('base64url');
}

/** Decodes a NextToken; InvalidNextToken when it is not one of ours. */
export function decodeToken<T extends string | number>(
  token: string | undefined,
  kind: 'string' | 'number',
): T | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof parsed.a === kind) return parsed.a as T;
  } catch {
    // fall through to the error below
  }
  throw new ModelmillError(
    'InvalidNextToken',
    `The specified token isn't valid: '${token}'. Pass the NextToken of the previous page unchanged.`,
  );
}

/** Checks MaxResults against AWS's range; returns the default when absent. */
export function maxResults(value: unknown, max: number): number {
  if (value === undefined) return max;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ModelmillError(
      'ValidationException',
      `1 validation error detected: Value '${JSON.stringify(value)}' at 'maxResults' failed to satisfy constraint: Member must be a whole number from 1 to ${max}`,
    );
  }
  return value;
}
