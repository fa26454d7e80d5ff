import { join } from 'node:path';
import type { AccountScope, Clock } from '../../core/index.js';
import { ModelmillError, isModelmillError, systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { SsmContext } from './local-context.js';
import { nameFromInput, parameterNotFound, toParameter, versionNotFound } from './local-context.js';
import { putParameter } from './local-put.js';
import { describeParameters, getParameterHistory, getParametersByPath } from './local-queries.js';
import { assertParameterName, labelProblem, parseSelector } from './names.js';
import { createParameterRows } from './parameter-rows.js';
import { createSecretBox } from './secrets.js';
import type { Parameter, ParameterStore } from './types.js';

/** Options of the embedded Parameter Store. */
export interface LocalSsmOptions {
  /** The instance's SQLite database; the adapter creates its `ssm_*` tables. */
  db: SqliteDatabase;
  /** The home folder; SecureStrings are encrypted with `<home>/secrets.key` (created, mode 0600, on first use). */
  home: string;
  /** Region and account of parameter ARNs. */
  scope: AccountScope;
  /** Default: the system clock. */
  clock?: Clock;
  /** LastModifiedUser of writes. Default: `arn:aws:iam::<account>:user/modelmill`. */
  user?: string;
}

/** Creates the embedded Parameter Store: parameters and their versions in SQLite. */
export function createLocalSsm(options: LocalSsmOptions): ParameterStore {
  const ctx: SsmContext = {
    rows: createParameterRows(options.db),
    box: createSecretBox(join(options.home, 'secrets.key')),
    clock: options.clock ?? systemClock,
    scope: options.scope,
    user: options.user ?? `arn:aws:iam::${options.scope.accountId}:user/modelmill`,
  };
  return {
    putParameter: async (input) => putParameter(ctx, input),
    getParameter: async ({ Name, WithDecryption }) => ({
      Parameter: getOne(ctx, Name, WithDecryption),
    }),
    getParameters: async ({ Names, WithDecryption }) => getMany(ctx, Names, WithDecryption),
    getParametersByPath: async (input) => getParametersByPath(ctx, input),
    deleteParameter: async ({ Name }) => {
      const name = nameFromInput(ctx, Name);
      assertParameterName(name);
      if (!ctx.rows.atomically(() => ctx.rows.remove(name))) throw parameterNotFound(name);
    },
    deleteParameters: async ({ Names }) => deleteMany(ctx, Names),
    describeParameters: async (input) => describeParameters(ctx, input),
    getParameterHistory: async (input) => getParameterHistory(ctx, input),
    labelParameterVersion: async (input) =>
      labelVersion(ctx, input.Name, input.ParameterVersion, input.Labels),
    unlabelParameterVersion: async (input) =>
      unlabelVersion(ctx, input.Name, input.ParameterVersion, input.Labels),
  };
}

function getOne(ctx: SsmContext, text: string, withDecryption: boolean | undefined): Parameter {
  const selected = parseSelector(nameFromInput(ctx, text));
  assertParameterName(selected.name);
  const current = ctx.rows.current(selected.name);
  if (current === undefined) throw parameterNotFound(selected.name);
  if (selected.selector === undefined) return toParameter(ctx, current, withDecryption);
  const row =
    selected.version !== undefined
      ? ctx.rows.version(selected.name, selected.version)
      : ctx.rows.withLabel(selected.name, selected.label ?? '');
  if (row === undefined) throw versionNotFound(selected.name, selected.selector);
  return toParameter(ctx, row, withDecryption, selected.selector);
}

function assertNames(names: unknown, operation: string): asserts names is string[] {
  if (!Array.isArray(names) || names.length === 0 || names.length > 10) {
    throw new ModelmillError(
      'ValidationException',
      `1 validation error detected: Value at 'names' failed to satisfy constraint: ${operation} takes 1 to 10 names (got ${Array.isArray(names) ? names.length : JSON.stringify(names)}); split the request`,
    );
  }
}

function getMany(ctx: SsmContext, names: string[], withDecryption: boolean | undefined) {
  assertNames(names, 'GetParameters');
  const result = { Parameters: [] as Parameter[], InvalidParameters: [] as string[] };
  for (const name of new Set(names)) {
    try {
      result.Parameters.push(getOne(ctx, name, withDecryption));
    } catch (err) {
      // Unknown names, versions and labels are reported, not thrown; decryption failures are thrown.
      if (!isModelmillError(err) || err.code === 'InternalServerError') throw err;
      result.InvalidParameters.push(name);
    }
  }
  return result;
}

function deleteMany(ctx: SsmContext, names: string[]) {
  assertNames(names, 'DeleteParameters');
  const result = { DeletedParameters: [] as string[], InvalidParameters: [] as string[] };
  ctx.rows.atomically(() => {
    for (const name of new Set(names)) {
      const resolved = nameFromInput(ctx, name);
      const ok = typeof resolved === 'string' && ctx.rows.remove(resolved);
      (ok ? result.DeletedParameters : result.InvalidParameters).push(name);
    }
  });
  return result;
}

function assertLabels(labels: unknown, name: string): asserts labels is string[] {
  if (!Array.isArray(labels) || labels.length === 0 || labels.length > 10) {
    throw new ModelmillError(
      'ValidationException',
      `Labels for parameter '${name}' must list 1 to 10 labels`,
    );
  }
}

function labelVersion(
  ctx: SsmContext,
  text: string,
  version: number | undefined,
  labels: string[],
) {
  const name = nameFromInput(ctx, text);
  assertParameterName(name);
  assertLabels(labels, name);
  return ctx.rows.atomically(() => {
    const current = ctx.rows.current(name);
    if (current === undefined) throw parameterNotFound(name);
    const target = version === undefined ? current : ctx.rows.version(name, version);
    if (target === undefined) throw versionNotFound(name, `:${version}`);
    const invalid = labels.filter((l) => labelProblem(l) !== undefined);
    const valid = [...new Set(labels.filter((l) => labelProblem(l) === undefined))];
    const merged = [...new Set([...target.labels, ...valid])];
    if (merged.length > 10) {
      throw new ModelmillError(
        'ParameterVersionLabelLimitExceeded',
        `Version ${target.version} of parameter '${name}' would have ${merged.length} labels; a version can have at most 10. Remove some with UnlabelParameterVersion.`,
      );
    }
    for (const label of valid) {
      // A label names one version: attaching it here moves it from any other version.
      const holder = ctx.rows.withLabel(name, label);
      if (holder !== undefined && holder.version !== target.version) {
        ctx.rows.setLabels(
          name,
          holder.version,
          holder.labels.filter((l) => l !== label),
        );
      }
    }
    ctx.rows.setLabels(name, target.version, merged);
    return { InvalidLabels: invalid, ParameterVersion: target.version };
  });
}

function unlabelVersion(ctx: SsmContext, text: string, version: number, labels: string[]) {
  const name = nameFromInput(ctx, text);
  assertParameterName(name);
  assertLabels(labels, name);
  return ctx.rows.atomically(() => {
    if (ctx.rows.current(name) === undefined) throw parameterNotFound(name);
    const target = ctx.rows.version(name, version);
    if (target === undefined) throw versionNotFound(name, `:${version}`);
    const removed = labels.filter((l) => target.labels.includes(l));
    ctx.rows.setLabels(
      name,
      version,
      target.labels.filter((l) => !labels.includes(l)),
    );
    return { RemovedLabels: removed, InvalidLabels: labels.filter((l) => !removed.includes(l)) };
  });
}
