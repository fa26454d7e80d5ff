import { isPlainObject } from '../core/index.js';
import { isTimestamp } from './timestamp.js';
import { checkChoice } from './validate-choice.js';
import {
  expectArray,
  expectObject,
  rejectBoth,
  requireFields,
  type ValidationContext,
} from './validate-context.js';
import { at, atIndex, DiagnosticCode } from './validate-diagnostics.js';
import type { StateSubject } from './validate-fields.js';
import { checkJsonataString } from './validate-jsonata.js';
import { checkMap } from './validate-map.js';
import { checkResource } from './validate-resource.js';
import { checkCatch, checkRetry } from './validate-retry.js';
import { checkPayload, describe } from './validate-values.js';

/**
 * The rules of each state type beyond the generic field checks: required
 * fields, fields that exclude each other, Retry/Catch, and the nested
 * machines of Parallel and Map.
 */

/** Runs the type-specific checks of one state. */
export function checkStateType(subject: StateSubject, ctx: ValidationContext): void {
  const { state, location } = subject;
  if ('Retry' in state) checkRetry(state.Retry, at(location, 'Retry'), ctx.out);
  if ('Catch' in state) checkCatch(state.Catch, subject.language, at(location, 'Catch'), ctx.out);
  switch (subject.type) {
    case 'Task':
      return checkTask(subject, ctx);
    case 'Wait':
      return checkWait(subject, ctx);
    case 'Fail':
      return checkFail(subject, ctx);
    case 'Pass':
      return checkPass(subject, ctx);
    case 'Parallel':
      return checkParallel(subject, ctx);
    case 'Choice':
      return checkChoice(subject, ctx);
    case 'Map':
      return checkMap(subject, ctx);
    case 'Succeed':
      return;
  }
}

function checkTask({ state, location, language }: StateSubject, ctx: ValidationContext): void {
  const { out } = ctx;
  if (requireFields(state, ['Resource'], location, out)) {
    checkResource(state.Resource, ctx, at(location, 'Resource'), out);
  }
  const timeoutBoth = rejectBoth(state, 'TimeoutSeconds', 'TimeoutSecondsPath', location, out);
  const heartbeatBoth = rejectBoth(
    state,
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    location,
    out,
  );
  const { TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat } = state;
  if (
    !timeoutBoth &&
    !heartbeatBoth &&
    typeof timeout === 'number' &&
    typeof heartbeat === 'number' &&
    heartbeat >= timeout
  ) {
    out.schema(
      `HeartbeatSeconds (${heartbeat}) must be smaller than TimeoutSeconds (${timeout}); lower HeartbeatSeconds or raise TimeoutSeconds.`,
      at(location, 'HeartbeatSeconds'),
    );
  }
  if ('Credentials' in state)
    checkCredentials(state.Credentials, language, at(location, 'Credentials'), ctx);
}

function checkCredentials(
  value: unknown,
  language: StateSubject['language'],
  location: string,
  ctx: ValidationContext,
): void {
  const credentials = expectObject(value, 'Credentials', location, ctx.out);
  if (credentials === undefined) return;
  checkPayload(credentials, language, 'Credentials', location, ctx.out);
  if (!('RoleArn' in credentials) && !('RoleArn.$' in credentials)) {
    ctx.out.warn(
      DiagnosticCode.SCHEMA_VALIDATION_FAILED,
      'Credentials names no RoleArn, so the task has no role to assume. Add "RoleArn" (or "RoleArn.$" with a path).',
      location,
    );
  }
}

const WAIT_FIELDS = {
  JSONPath: ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'],
  JSONata: ['Seconds', 'Timestamp'],
};

function checkWait({ state, location, language }: StateSubject, { out }: ValidationContext): void {
  const candidates = WAIT_FIELDS[language];
  const present = candidates.filter((f) => f in state);
  if (present.length !== 1) {
    const problem =
      present.length === 0 ? 'has none of them' : `has ${present.length}: ${present.join(', ')}`;
    out.schema(
      `A Wait state needs exactly one of ${candidates.join(', ')}; this one ${problem}.`,
      location,
    );
  }
  const timestamp = state.Timestamp;
  if (timestamp === undefined) return;
  const loc = at(location, 'Timestamp');
  if (typeof timestamp !== 'string') {
    out.schema(`Expected value of type [STRING] for Timestamp, got ${describe(timestamp)}.`, loc);
  } else if (language === 'JSONata' && timestamp.startsWith('{%')) {
    checkJsonataString(timestamp, loc, out);
  } else if (!isTimestamp(timestamp)) {
    out.schema(
      `Timestamp '${timestamp}' is not an RFC 3339 timestamp; write it like 2016-03-14T01:59:00Z (uppercase T and Z, or an offset such as +01:00).`,
      loc,
    );
  }
}

function checkFail({ state, location, language }: StateSubject, { out }: ValidationContext): void {
  rejectBoth(state, 'Error', 'ErrorPath', location, out);
  rejectBoth(state, 'Cause', 'CausePath', location, out);
  if (language !== 'JSONPath') return;
  for (const field of ['Error', 'Cause']) {
    const value = state[field];
    if (typeof value === 'string' && /^\$\$?[.[]/.test(value)) {
      out.warn(
        DiagnosticCode.NO_PATH,
        `The value of ${field} looks like a path, but the field name does not end with 'Path', so it is used as the literal text '${value}'. Use ${field}Path to read it from the input.`,
        at(location, field),
      );
    }
  }
}

function checkPass({ state, location }: StateSubject, { out }: ValidationContext): void {
  const dynamicKey = findDynamicKey(state.Result);
  if (dynamicKey === undefined) return;
  out.warn(
    DiagnosticCode.PASS_RESULT_IS_STATIC,
    `Result is static: the key '${dynamicKey}' is not evaluated in a Pass state's Result. Use Parameters to build the output from the input.`,
    at(location, 'Result'),
  );
}

function findDynamicKey(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findDynamicKey(item);
      if (found !== undefined) return found;
    }
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.endsWith('.$')) return key;
      const found = findDynamicKey(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function checkParallel({ state, location }: StateSubject, ctx: ValidationContext): void {
  if (!requireFields(state, ['Branches'], location, ctx.out)) return;
  const loc = at(location, 'Branches');
  const branches = expectArray(state.Branches, 'Branches', loc, ctx.out);
  if (branches === undefined) return;
  if (branches.length === 0) {
    ctx.out.schema(
      'Branches must hold at least one branch: {"StartAt": ..., "States": {...}}.',
      loc,
    );
    return;
  }
  branches.forEach((branch, i) => ctx.checkSubMachine(branch, atIndex(loc, i), 'branch'));
}
