import { ModelmillError } from '../../core/index.js';
import type { SsmContext } from './local-context.js';
import {
  decodeToken,
  encodeToken,
  maxResults,
  nameFromInput,
  parameterNotFound,
  toHistory,
  toMetadata,
  toParameter,
} from './local-context.js';
import { assertParameterName, assertPath, pathPrefix } from './names.js';
import type { VersionRow } from './parameter-rows.js';
import type {
  DescribeParametersInput,
  GetParameterHistoryInput,
  GetParametersByPathInput,
  Page,
  Parameter,
  ParameterHistory,
  ParameterMetadata,
  ParameterStringFilter,
} from './types.js';

/** The listing operations of the embedded Parameter Store, with their filters and paging. */

type Matcher = (row: VersionRow, ctx: SsmContext) => boolean;

/** Options each filter key accepts, per operation; the first is the default. */
const BY_PATH_KEYS: Record<string, string[]> = {
  Type: ['Equals'],
  KeyId: ['Equals'],
  Label: ['Equals'],
};
const DESCRIBE_KEYS: Record<string, string[]> = {
  Name: ['Equals', 'BeginsWith', 'Contains'],
  Path: ['OneLevel', 'Recursive'],
  Type: ['Equals', 'BeginsWith'],
  KeyId: ['Equals', 'BeginsWith'],
  Tier: ['Equals'],
  DataType: ['Equals'],
  Label: ['Equals'],
};

/** Compiles ParameterFilters into one predicate; InvalidFilterKey/Option/Value name what is wrong. */
export function compileFilters(
  filters: ParameterStringFilter[] | undefined,
  allowed: Record<string, string[]>,
): Matcher {
  const matchers = (filters ?? []).map((filter) => compileFilter(filter, allowed));
  return (row, ctx) => matchers.every((m) => m(row, ctx));
}

function compileFilter(filter: ParameterStringFilter, allowed: Record<string, string[]>): Matcher {
  const key = filter.Key;
  const isTag = typeof key === 'string' && key.startsWith('tag:');
  const options = isTag ? ['Equals'] : allowed[key];
  if (options === undefined) {
    throw new ModelmillError(
      'InvalidFilterKey',
      `The following filter key is not valid: ${String(key)}. Valid filter keys include: [${Object.keys(allowed).join(', ')}, tag:<key>]`,
    );
  }
  const option = filter.Option ?? options[0] ?? 'Equals';
  if (!options.includes(option)) {
    throw new ModelmillError(
      'InvalidFilterOption',
      `The filter option '${option}' is not valid for key ${key}. Valid options include: [${options.join(', ')}]`,
    );
  }
  const values = filter.Values ?? [];
  if (!isTag && (values.length === 0 || values.length > 50)) {
    throw new ModelmillError(
      'InvalidFilterValue',
      `The filter ${key} needs 1 to 50 Values (got ${values.length})`,
    );
  }
  if (isTag) return tagMatcher(key.slice(4), values);
  const test = (actual: string | undefined) =>
    actual !== undefined && values.some((v) => compare(option, actual, v));
  switch (key) {
    case 'Name':
      return (row) => test(row.name) || test(row.name.replace(/^\//, ''));
    case 'Path':
      values.forEach((v) => assertPath(v));
      return (row) => values.some((v) => underPath(row.name, v, option === 'Recursive'));
    case 'Type':
      return (row) => test(row.type);
    case 'KeyId':
      return (row) => test(row.keyId);
    case 'Tier':
      return (row) => test(row.tier);
    case 'DataType':
      return (row) => test(row.dataType);
    default:
      return (row, ctx) => values.some((v) => ctx.rows.withLabel(row.name, v) !== undefined);
  }
}

function tagMatcher(tagKey: string, values: string[]): Matcher {
  return (row, ctx) =>
    ctx.rows
      .tags(row.name)
      .some((t) => t.Key === tagKey && (values.length === 0 || values.includes(t.Value)));
}

function compare(option: string, actual: string, wanted: string): boolean {
  if (option === 'BeginsWith') return actual.startsWith(wanted);
  if (option === 'Contains') return actual.includes(wanted);
  return actual === wanted;
}

/** True when `name` lies under `path`: directly, or at any depth when `recursive`. */
export function underPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = pathPrefix(path);
  if (!name.startsWith(prefix) || name.length === prefix.length) return false;
  return recursive || !name.slice(prefix.length).includes('/');
}

/** GetParametersByPath. */
export function getParametersByPath(
  ctx: SsmContext,
  input: GetParametersByPathInput,
): Page<Parameter> {
  assertPath(input.Path);
  const limit = maxResults(input.MaxResults, 10);
  const matches = compileFilters(input.ParameterFilters, BY_PATH_KEYS);
  const labels = (input.ParameterFilters ?? [])
    .filter((f) => f.Key === 'Label')
    .flatMap((f) => f.Values ?? []);
  const after = decodeToken<string>(input.NextToken, 'string') ?? '';
  const rows = ctx.rows
    .currentUnder(pathPrefix(input.Path), after)
    .filter(
      (row) => underPath(row.name, input.Path, input.Recursive === true) && matches(row, ctx),
    );
  const page = rows.slice(0, limit).map((row) => {
    // With a Label filter, the labelled version is the one returned.
    const labelled = labels
      .map((l) => ctx.rows.withLabel(row.name, l))
      .find((r) => r !== undefined);
    return toParameter(ctx, labelled ?? row, input.WithDecryption);
  });
  return withToken(
    page,
    rows.length > limit ? encodeToken(rows[limit - 1]?.name ?? '') : undefined,
  );
}

/** DescribeParameters. */
export function describeParameters(
  ctx: SsmContext,
  input: DescribeParametersInput,
): Page<ParameterMetadata> {
  if (input.Filters !== undefined && input.ParameterFilters !== undefined) {
    throw new ModelmillError(
      'ValidationException',
      'You can use either Filters or ParameterFilters in a single request, not both',
    );
  }
  const limit = maxResults(input.MaxResults, 50);
  const legacy = (input.Filters ?? []).map((f) => ({
    Key: f.Key,
    Option: f.Key === 'Name' ? 'BeginsWith' : 'Equals',
    Values: f.Values,
  }));
  const matches = compileFilters(input.ParameterFilters ?? legacy, DESCRIBE_KEYS);
  const after = decodeToken<string>(input.NextToken, 'string') ?? '';
  const rows = ctx.rows.currentUnder('', after).filter((row) => matches(row, ctx));
  const page = rows.slice(0, limit).map((row) => toMetadata(ctx, row));
  return withToken(
    page,
    rows.length > limit ? encodeToken(rows[limit - 1]?.name ?? '') : undefined,
  );
}

/** GetParameterHistory. */
export function getParameterHistory(
  ctx: SsmContext,
  input: GetParameterHistoryInput,
): Page<ParameterHistory> {
  const name = nameFromInput(ctx, input.Name);
  assertParameterName(name);
  const limit = maxResults(input.MaxResults, 50);
  if (ctx.rows.current(name) === undefined) throw parameterNotFound(name);
  const after = decodeToken<number>(input.NextToken, 'number') ?? 0;
  const rows = ctx.rows.history(name, after, limit + 1);
  const page = rows.slice(0, limit).map((row) => toHistory(ctx, row, input.WithDecryption));
  return withToken(
    page,
    rows.length > limit ? encodeToken(rows[limit - 1]?.version ?? 0) : undefined,
  );
}

function withToken<T>(parameters: T[], token: string | undefined): Page<T> {
  return token === undefined
    ? { Parameters: parameters }
    : { Parameters: parameters, NextToken: token };
}
