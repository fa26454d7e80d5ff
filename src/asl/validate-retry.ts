import { isPlainObject } from '../core/index.js';
import { StatesErrorName } from './errors.js';
import type { QueryLanguage } from './types.js';
import {
  expectArray,
  expectObject,
  rejectUnknownFields,
  requireFields,
} from './validate-context.js';
import { at, atIndex, DiagnosticCode, type DiagnosticCollector } from './validate-diagnostics.js';
import {
  checkAssign,
  checkNumber,
  checkPathField,
  checkPayload,
  describe,
  PathKind,
} from './validate-values.js';

/**
 * Retry and Catch: the shape of each rule, ErrorEquals, the numeric ranges of
 * a retrier, and the rule that `States.ALL` stands alone in the last rule.
 * Catch `Next` targets are checked with the other transitions.
 */

const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];
const CATCHER_FIELDS: Record<string, 'both' | QueryLanguage> = {
  ErrorEquals: 'both',
  Next: 'both',
  Comment: 'both',
  Assign: 'both',
  ResultPath: 'JSONPath',
  Output: 'JSONata',
};
const KNOWN_ERRORS = new Set<string>([...Object.values(StatesErrorName), 'States.Http.Socket']);
const MAX = 99_999_999;

/** Checks a Retry array. */
export function checkRetry(value: unknown, location: string, out: DiagnosticCollector): void {
  const retriers = expectArray(value, 'Retry', location, out);
  if (retriers === undefined) return;
  retriers.forEach((item, index) => {
    const loc = atIndex(location, index);
    const retrier = expectObject(item, `Retry[${index}]`, loc, out);
    if (retrier === undefined) return;
    rejectUnknownFields(retrier, RETRIER_FIELDS, 'a Retry rule', loc, out);
    if (requireFields(retrier, ['ErrorEquals'], loc, out)) {
      checkErrorEquals(
        retrier.ErrorEquals,
        index === retriers.length - 1,
        'Retry',
        at(loc, 'ErrorEquals'),
        out,
      );
    }
    checkRetrierNumbers(retrier, loc, out);
  });
}

function checkRetrierNumbers(
  retrier: Record<string, unknown>,
  location: string,
  out: DiagnosticCollector,
): void {
  const ranges = {
    IntervalSeconds: { integer: true, min: 1, max: MAX },
    MaxAttempts: { integer: true, min: 0, max: MAX },
    BackoffRate: { integer: false, min: 1, max: MAX },
    MaxDelaySeconds: { integer: true, min: 1, max: 31_622_400 },
  };
  for (const [field, range] of Object.entries(ranges)) {
    if (field in retrier)
      checkNumber(retrier[field], range, 'JSONPath', field, at(location, field), out);
  }
  const jitter = retrier.JitterStrategy;
  if (jitter !== undefined && jitter !== 'FULL' && jitter !== 'NONE') {
    out.schema(
      `Value should be one of the following: [FULL, NONE]. JitterStrategy is ${describe(jitter)}.`,
      at(location, 'JitterStrategy'),
    );
  }
}

/** Checks a Catch array in the state's query language. */
export function checkCatch(
  value: unknown,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  const catchers = expectArray(value, 'Catch', location, out);
  if (catchers === undefined) return;
  catchers.forEach((item, index) => {
    const loc = atIndex(location, index);
    const catcher = expectObject(item, `Catch[${index}]`, loc, out);
    if (catcher === undefined) return;
    checkCatcherFields(catcher, language, loc, out);
    if (requireFields(catcher, ['ErrorEquals', 'Next'], loc, out)) {
      checkErrorEquals(
        catcher.ErrorEquals,
        index === catchers.length - 1,
        'Catch',
        at(loc, 'ErrorEquals'),
        out,
      );
    }
    if ('Next' in catcher && typeof catcher.Next !== 'string') {
      out.schema(
        `Expected value of type [STRING] for Next, got ${describe(catcher.Next)}.`,
        at(loc, 'Next'),
      );
    }
  });
}

function checkCatcherFields(
  catcher: Record<string, unknown>,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  for (const [field, value] of Object.entries(catcher)) {
    const lang = CATCHER_FIELDS[field];
    if (lang === undefined) {
      rejectUnknownFields(
        { [field]: value },
        Object.keys(CATCHER_FIELDS),
        'a Catch rule',
        location,
        out,
      );
    } else if (lang !== 'both' && lang !== language) {
      out.schema(
        `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${lang}' QueryLanguage.`,
        location,
      );
    } else if (field === 'ResultPath' && value !== null) {
      checkPathField(value, PathKind.RESULT, 'ResultPath', at(location, field), out);
    } else if (field === 'Output') {
      checkPayload(value, language, 'Output', at(location, field), out);
    } else if (field === 'Assign') {
      checkAssign(value, language, at(location, field), out);
    }
  }
}

/** ErrorEquals: a non-empty array of error names; `States.ALL` alone and only in the last rule. */
function checkErrorEquals(
  value: unknown,
  last: boolean,
  where: 'Retry' | 'Catch',
  location: string,
  out: DiagnosticCollector,
): void {
  const names = expectArray(value, 'ErrorEquals', location, out);
  if (names === undefined) return;
  if (names.length === 0) {
    out.schema('ErrorEquals must name at least one error, for example ["States.ALL"].', location);
    return;
  }
  names.forEach((name, i) => {
    if (typeof name !== 'string') {
      out.schema(
        `Expected value of type [STRING] for ErrorEquals[${i}], got ${describe(name)}. Error names are strings.`,
        atIndex(location, i),
      );
    } else if (name.startsWith('States.') && !KNOWN_ERRORS.has(name)) {
      out.warn(
        DiagnosticCode.SCHEMA_VALIDATION_FAILED,
        `'${name}' is not one of the predefined States.* errors, so it matches only an error a task raises with exactly that name. Check its spelling.`,
        atIndex(location, i),
      );
    }
  });
  if (!names.includes(StatesErrorName.ALL)) return;
  if (names.length > 1) {
    out.schema(
      `'States.ALL' must appear alone in ErrorEquals; remove the other names from this ${where} rule.`,
      location,
    );
  } else if (!last) {
    out.schema(
      `A ${where} rule with 'States.ALL' must be the last one; move it to the end of ${where}.`,
      location,
    );
  }
}

/** True when a rule list is an array of objects (used by the transition pass). */
export function ruleObjects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}
