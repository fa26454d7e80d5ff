import type { z } from 'zod';
import type { FieldIssue } from './types.js';

/**
 * Config problems as users read them: which resource (index, kind, name),
 * which field (the schema path), what was wrong and, where it helps, what the
 * value was: `resources[3] (table 'jobs'): hashKey.type: expected one of S, N, B, got "string"`.
 */

/** One problem of a config. */
export interface ConfigIssue {
  /** The document part: `resources[3] (table 'jobs')`, `parameters`, `--param Env`, or the file. */
  where: string;
  /** The field inside it (`hashKey.type`), or empty. */
  field: string;
  message: string;
}

/** `where: field: message`. */
export function formatIssue(issue: ConfigIssue): string {
  return [issue.where, issue.field, issue.message].filter((part) => part !== '').join(': ');
}

/** A field path as written in messages: `hashKey.type`, `value[0]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Field issues from a failed schema parse of `input`, with readable messages. */
export function zodFieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.flatMap((issue) => describe(issue as ZodIssue, input));
}

interface ZodIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  errors?: ZodIssue[][];
}

function describe(issue: ZodIssue, input: unknown, prefix: PropertyKey[] = []): FieldIssue[] {
  const path = [...prefix, ...issue.path];
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((key) => ({
        path: asPath([...path, key]),
        message: 'unknown field; remove it or check its spelling',
      }));
    case 'invalid_value':
      return [
        {
          path: asPath(path),
          message: `${expectedValues(issue.values ?? [])}, got ${show(value)}`,
        },
      ];
    case 'invalid_type':
      return [
        {
          path: asPath(path),
          message:
            value === undefined
              ? `required (expected ${issue.expected ?? 'a value'})`
              : `expected ${issue.expected ?? 'another type'}, got ${typeName(value)}`,
        },
      ];
    case 'invalid_union':
      return describeUnion(issue, input, path);
    case 'custom':
      return [{ path: asPath(path), message: issue.message }];
    default:
      return [{ path: asPath(path), message: withValue(issue.message, value) }];
  }
}

function describeUnion(issue: ZodIssue, input: unknown, path: PropertyKey[]): FieldIssue[] {
  const branches = issue.errors ?? [];
  const typeOnly = branches.every(
    (b) => b.length === 1 && b[0]?.code === 'invalid_type' && b[0].path.length === 0,
  );
  const value = valueAt(input, path);
  if (branches.length === 0 || typeOnly) {
    const expected = branches.map((b) => b[0]?.expected ?? '?').join(' or ') || 'another value';
    const message =
      value === undefined
        ? `required (expected ${expected})`
        : `expected ${expected}, got ${typeName(value)}`;
    return [{ path: asPath(path), message }];
  }
  // The branch that matched the value's type explains the problem best.
  const best = branches.find((b) => !(b.length === 1 && b[0]?.code === 'invalid_type')) ?? [];
  return best.flatMap((inner) => describe(inner, input, path));
}

function asPath(path: PropertyKey[]): Array<string | number> {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node = input;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function expectedValues(values: unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return shown.length === 1
    ? `expected ${JSON.stringify(values[0])}`
    : `expected one of ${shown.join(', ')}`;
}

function withValue(message: string, value: unknown): string {
  const scalar =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  return scalar ? `${message}, got ${show(value)}` : message;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${show(value)}`;
}
