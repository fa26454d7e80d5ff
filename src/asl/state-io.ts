/**
 * A JSONPath state's input/output processing and the `...Path` fields:
 * InputPath, ResultPath and OutputPath; ErrorPath, CausePath, SecondsPath,
 * TimestampPath, MaxConcurrencyPath, ToleratedFailure...Path, ItemsPath;
 * and the 256 KiB payload limit. Errors carry AWS's error names and causes.
 */
import { utf8Length } from '../core/index.js';
import { StatesError } from './errors.js';
import {
  compilePath,
  inputText,
  pathNotFoundError,
  PathSyntaxError,
  type CompiledPath,
} from './jsonpath.js';
import { evaluateIntrinsic, IntrinsicSyntaxError, looksLikeIntrinsic } from './intrinsics.js';
import type { Randomness } from './intrinsics-values.js';
import type { Scope } from './scope.js';
import { parseTimestamp, type Timestamp } from './timestamp.js';

/** The most bytes (UTF-8 JSON) a state's input or output may have: 256 KiB. */
export const PAYLOAD_SIZE_LIMIT = 262_144;

function compileOrFail(path: string, field: string): CompiledPath {
  try {
    return compilePath(path);
  } catch (err) {
    if (err instanceof PathSyntaxError)
      throw new StatesError(
        'States.Runtime',
        `The ${field} field is not a valid JSONPath: ${err.message}`,
      );
    throw err;
  }
}

function selectOrFail(path: string, field: string, scope: Scope): unknown {
  const compiled = compileOrFail(path, field);
  const value = compiled.evaluate(scope);
  if (value === undefined)
    throw new StatesError(
      'States.Runtime',
      `Invalid path '${path}' : ${compiled.explainMissing(scope)}`,
    );
  return value;
}

/**
 * InputPath: `undefined` (absent) keeps `scope.input`, `null` gives `{}`,
 * a path selects from the scope (`$`, `$$` or a variable).
 */
export function applyInputPath(path: string | null | undefined, scope: Scope): unknown {
  if (path === undefined || path === '$') return scope.input;
  if (path === null) return {};
  return selectOrFail(path, 'InputPath', scope);
}

/** OutputPath over `value` (the state's output before OutputPath); `null` gives `{}`. */
export function applyOutputPath(
  path: string | null | undefined,
  value: unknown,
  scope: Scope,
): unknown {
  if (path === undefined || path === '$') return value;
  if (path === null) return {};
  return selectOrFail(
    path,
    'OutputPath',
    scope.input === value ? scope : { ...scope, input: value },
  );
}

/**
 * ResultPath: puts `result` into the state's raw input. `undefined` or `$`
 * replaces the input, `null` keeps it; a reference path writes into a copy,
 * creating missing objects on the way. Fails with
 * States.ResultPathMatchFailure when the path runs into a non-object.
 */
export function applyResultPath(
  rawInput: unknown,
  result: unknown,
  path: string | null | undefined,
): unknown {
  if (path === undefined || path === '$') return result;
  if (path === null) return rawInput;
  const compiled = compileOrFail(path, 'ResultPath');
  const keys = compiled.keys;
  if (keys === undefined || compiled.rootKind !== 'input') {
    throw new StatesError(
      'States.Runtime',
      `The ResultPath '${path}' is not a reference path: it must start with '$' and use only single names and indexes`,
    );
  }
  const updated = setAt(rawInput, keys, 0, result);
  if (updated === FAILED) {
    throw new StatesError(
      'States.ResultPathMatchFailure',
      `Unable to apply ReferencePath ${path} to input ${inputText(rawInput)}`,
    );
  }
  return updated;
}

const FAILED = Symbol('failed');

function setAt(
  target: unknown,
  keys: readonly (string | number)[],
  i: number,
  value: unknown,
): unknown {
  if (i === keys.length) return value;
  const key = keys[i]!;
  if (typeof key === 'string') {
    if (typeof target !== 'object' || target === null || Array.isArray(target)) return FAILED;
    const obj = target as Record<string, unknown>;
    const child = setAt(Object.hasOwn(obj, key) ? obj[key] : {}, keys, i + 1, value);
    return child === FAILED ? FAILED : { ...obj, [key]: child };
  }
  if (!Array.isArray(target)) return FAILED;
  const index = key < 0 ? target.length + key : key;
  if (index < 0 || index >= target.length) return FAILED;
  const child = setAt(target[index], keys, i + 1, value);
  if (child === FAILED) return FAILED;
  const copy = target.slice();
  copy[index] = child;
  return copy;
}

/**
 * The value of a `...Path` field (ErrorPath, CausePath, SecondsPath,
 * ItemsPath, ...): a path, or for ErrorPath/CausePath an intrinsic call.
 * Throws States.Runtime naming the field when the path matches nothing.
 */
export function readFieldPath(
  fieldName: string,
  path: string,
  scope: Scope,
  random?: Randomness,
): unknown {
  if (looksLikeIntrinsic(path)) {
    try {
      return evaluateIntrinsic(path, scope, random, fieldName);
    } catch (err) {
      if (err instanceof IntrinsicSyntaxError) throw new StatesError('States.Runtime', err.message);
      throw err;
    }
  }
  const value = compileOrFail(path, fieldName).evaluate(scope);
  if (value === undefined) throw pathNotFoundError(path, fieldName, scope.input);
  return value;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : inputText(value);
}

/** SecondsPath as a whole, non-negative number of seconds (AWS's causes otherwise). */
export function readSecondsPath(path: string, scope: Scope): number {
  const value = readFieldPath('SecondsPath', path, scope);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new StatesError(
      'States.Runtime',
      `The SecondsPath parameter cannot be parsed as a long value: ${path} == ${shown(value)}`,
    );
  }
  if (value < 0)
    throw new StatesError(
      'States.Runtime',
      `The SecondsPath parameter references a negative value: ${path} == ${value}`,
    );
  return value;
}

/** TimestampPath as an instant (AWS's cause when the value is not a timestamp). */
export function readTimestampPath(path: string, scope: Scope): Timestamp {
  const value = readFieldPath('TimestampPath', path, scope);
  const time = typeof value === 'string' ? parseTimestamp(value) : undefined;
  if (time === undefined) {
    throw new StatesError(
      'States.Runtime',
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${shown(value)}`,
    );
  }
  return time;
}

/**
 * An integer `...Path` field (MaxConcurrencyPath, ToleratedFailureCountPath):
 * a non-negative integer, or a string holding one.
 */
export function readIntegerPath(fieldName: string, path: string, scope: Scope): number {
  const value = readFieldPath(fieldName, path, scope);
  const parsed = typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : value;
  if (
    typeof parsed !== 'number' ||
    !Number.isInteger(parsed) ||
    parsed < 0 ||
    parsed > 2 ** 31 - 1
  ) {
    throw new StatesError(
      'States.Runtime',
      `The ${fieldName} field refers to value "${shown(value)}" which is not a valid integer: ${path}`,
    );
  }
  return parsed;
}

/** ToleratedFailurePercentagePath: a number (or numeric string) from 0 to 100. */
export function readPercentagePath(fieldName: string, path: string, scope: Scope): number {
  const value = readFieldPath(fieldName, path, scope);
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < 0 || parsed > 100) {
    throw new StatesError(
      'States.Runtime',
      `The ${fieldName} field refers to value "${shown(value)}" which is not a valid percentage between 0 and 100: ${path}`,
    );
  }
  return parsed;
}

/** Bytes of `value` as UTF-8 JSON. */
export function jsonByteLength(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? 'null');
}

/** Throws States.DataLimitExceeded when `value` is over 256 KiB of UTF-8 JSON; `stateName` is named in the cause. */
export function checkPayloadSize(value: unknown, stateName: string): void {
  checkPayloadText(JSON.stringify(value) ?? 'null', stateName);
}

/** checkPayloadSize for a payload already serialised. */
export function checkPayloadText(text: string, stateName: string): void {
  // Each UTF-16 unit is 1 to 3 UTF-8 bytes, so most payloads need no byte count.
  if (text.length * 3 <= PAYLOAD_SIZE_LIMIT) return;
  if (text.length > PAYLOAD_SIZE_LIMIT || utf8Length(text) > PAYLOAD_SIZE_LIMIT) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
}
