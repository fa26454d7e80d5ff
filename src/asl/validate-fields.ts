import type { QueryLanguage, StateType } from './types.js';
import { at, type DiagnosticCollector } from './validate-diagnostics.js';
import { checkJsonataString } from './validate-jsonata.js';
import {
  checkAssign,
  checkNumber,
  checkPathField,
  checkPayload,
  checkPayloadTemplate,
  describe,
  type NumberRange,
  PathKind,
} from './validate-values.js';

/**
 * Which fields each state type carries, in which query language, and the
 * generic check of each field's value. Cross-field rules (Wait's one-of, Fail's
 * Error/ErrorPath, ...) live with each state type.
 */

/** Where a field may appear: both languages, or only one of them. */
type Lang = 'both' | QueryLanguage;

const COMMON: Record<string, Lang> = { Type: 'both', Comment: 'both', QueryLanguage: 'both' };
const IO_PATHS: Record<string, Lang> = {
  InputPath: 'JSONPath',
  OutputPath: 'JSONPath',
  Output: 'JSONata',
};
const TRANSITION: Record<string, Lang> = { Next: 'both', End: 'both', Assign: 'both' };
const RESULT: Record<string, Lang> = {
  Parameters: 'JSONPath',
  ResultSelector: 'JSONPath',
  ResultPath: 'JSONPath',
};
const ERRORS: Record<string, Lang> = { Retry: 'both', Catch: 'both' };

/** The fields each state type may carry. */
export const STATE_FIELDS: Record<StateType, Record<string, Lang>> = {
  Pass: {
    ...COMMON,
    ...IO_PATHS,
    ...TRANSITION,
    Parameters: 'JSONPath',
    ResultPath: 'JSONPath',
    Result: 'JSONPath',
  },
  Task: {
    ...COMMON,
    ...IO_PATHS,
    ...TRANSITION,
    ...RESULT,
    ...ERRORS,
    Resource: 'both',
    Arguments: 'JSONata',
    Credentials: 'both',
    TimeoutSeconds: 'both',
    TimeoutSecondsPath: 'JSONPath',
    HeartbeatSeconds: 'both',
    HeartbeatSecondsPath: 'JSONPath',
  },
  Choice: { ...COMMON, ...IO_PATHS, Choices: 'both', Default: 'both', Assign: 'both' },
  Wait: {
    ...COMMON,
    ...IO_PATHS,
    ...TRANSITION,
    Seconds: 'both',
    Timestamp: 'both',
    SecondsPath: 'JSONPath',
    TimestampPath: 'JSONPath',
  },
  Succeed: { ...COMMON, ...IO_PATHS },
  Fail: { ...COMMON, Error: 'both', Cause: 'both', ErrorPath: 'JSONPath', CausePath: 'JSONPath' },
  Parallel: {
    ...COMMON,
    ...IO_PATHS,
    ...TRANSITION,
    ...RESULT,
    ...ERRORS,
    Branches: 'both',
    Arguments: 'JSONata',
  },
  Map: {
    ...COMMON,
    ...IO_PATHS,
    ...TRANSITION,
    ...RESULT,
    ...ERRORS,
    ItemProcessor: 'both',
    Iterator: 'both',
    ItemsPath: 'JSONPath',
    Items: 'JSONata',
    ItemSelector: 'both',
    MaxConcurrency: 'both',
    MaxConcurrencyPath: 'JSONPath',
    ItemReader: 'both',
    ItemBatcher: 'both',
    ResultWriter: 'both',
    ToleratedFailurePercentage: 'both',
    ToleratedFailurePercentagePath: 'JSONPath',
    ToleratedFailureCount: 'both',
    ToleratedFailureCountPath: 'JSONPath',
    Label: 'both',
  },
};

/** How the generic pass checks a field's value. */
type FieldCheck =
  | { kind: 'string' | 'boolean' | 'text' }
  | { kind: 'payload' | 'template' | 'assign' }
  | { kind: 'path'; path: PathKind; nullable?: boolean }
  | { kind: 'number'; range: NumberRange }
  | { kind: 'enum'; values: readonly string[] };

const MAX = 99_999_999;
const int = (min: number, max = MAX): FieldCheck => ({
  kind: 'number',
  range: { integer: true, min, max },
});
const path = (kind: PathKind, nullable = false): FieldCheck => ({
  kind: 'path',
  path: kind,
  nullable,
});

/** The generic check of every field; fields not listed are checked by their state type. */
const FIELD_CHECKS: Record<string, FieldCheck> = {
  Comment: { kind: 'string' },
  QueryLanguage: { kind: 'enum', values: ['JSONPath', 'JSONata'] },
  Next: { kind: 'string' },
  End: { kind: 'boolean' },
  Default: { kind: 'string' },
  InputPath: path(PathKind.ANY, true),
  OutputPath: path(PathKind.ANY, true),
  ResultPath: path(PathKind.RESULT, true),
  Parameters: { kind: 'template' },
  ResultSelector: { kind: 'template' },
  Arguments: { kind: 'payload' },
  Output: { kind: 'payload' },
  ItemSelector: { kind: 'payload' },
  Assign: { kind: 'assign' },
  TimeoutSeconds: int(1),
  HeartbeatSeconds: int(1),
  Seconds: int(0),
  MaxConcurrency: int(0),
  ToleratedFailureCount: int(0),
  ToleratedFailurePercentage: { kind: 'number', range: { integer: false, min: 0, max: 100 } },
  TimeoutSecondsPath: path(PathKind.REFERENCE),
  HeartbeatSecondsPath: path(PathKind.REFERENCE),
  SecondsPath: path(PathKind.REFERENCE),
  TimestampPath: path(PathKind.REFERENCE),
  ItemsPath: path(PathKind.REFERENCE),
  MaxConcurrencyPath: path(PathKind.REFERENCE),
  ToleratedFailurePercentagePath: path(PathKind.REFERENCE),
  ToleratedFailureCountPath: path(PathKind.REFERENCE),
  ErrorPath: path(PathKind.REFERENCE_OR_INTRINSIC),
  CausePath: path(PathKind.REFERENCE_OR_INTRINSIC),
  Error: { kind: 'text' },
  Cause: { kind: 'text' },
};

/** A state being checked. */
export interface StateSubject {
  name: string;
  type: StateType;
  state: Record<string, unknown>;
  location: string;
  language: QueryLanguage;
}

/**
 * Reports fields the state type does not carry or that belong to the other
 * query language, then checks the value of each known field.
 */
export function checkStateFields(subject: StateSubject, out: DiagnosticCollector): void {
  const allowed = STATE_FIELDS[subject.type];
  for (const [field, value] of Object.entries(subject.state)) {
    const lang = allowed[field];
    if (lang === undefined) {
      out.schema(
        `Field '${field}' is not supported in a ${subject.type} state. Remove it, or check its spelling.`,
        subject.location,
      );
      continue;
    }
    if (lang !== 'both' && lang !== subject.language) {
      out.schema(
        `The QueryLanguage is set to '${subject.language}', but field '${field}' is only supported for the '${lang}' QueryLanguage. ${languageHint(field, subject.language)}`,
        subject.location,
      );
      continue;
    }
    checkFieldValue(field, value, subject, out);
  }
}

/** The field of the other language that does the same job. */
const COUNTERPARTS: Record<string, string> = {
  InputPath: 'Arguments',
  Parameters: 'Arguments',
  OutputPath: 'Output',
  ResultSelector: 'Output',
  ResultPath: 'Output',
  Result: 'Output',
  ItemsPath: 'Items',
  Arguments: 'Parameters',
  Output: 'OutputPath or ResultSelector',
  Items: 'ItemsPath',
};

function languageHint(field: string, language: QueryLanguage): string {
  const counterpart = COUNTERPARTS[field] ?? field.replace(/Path$/, '');
  if (language === 'JSONata') {
    return `In a JSONata state use ${counterpart} with a "{% ... %}" expression instead, or set "QueryLanguage": "JSONPath" on the state.`;
  }
  return `In a JSONPath state use ${counterpart} instead, or set "QueryLanguage": "JSONata" on the state.`;
}

function checkFieldValue(
  field: string,
  value: unknown,
  subject: StateSubject,
  out: DiagnosticCollector,
): void {
  const check = FIELD_CHECKS[field];
  const location = at(subject.location, field);
  if (check === undefined) return;
  switch (check.kind) {
    case 'path':
      if (value !== null || !check.nullable)
        checkPathField(value, check.path, field, location, out);
      return;
    case 'number':
      checkNumber(value, check.range, subject.language, field, location, out);
      return;
    case 'template':
      checkPayloadTemplate(value, field, location, out);
      return;
    case 'payload':
      checkPayload(value, subject.language, field, location, out);
      return;
    case 'assign':
      checkAssign(value, subject.language, location, out);
      return;
    default:
      checkScalar(value, check, field, subject.language, location, out);
  }
}

/** Strings, booleans, enums and JSONata-capable text. */
function checkScalar(
  value: unknown,
  check: Extract<FieldCheck, { kind: 'string' | 'boolean' | 'text' | 'enum' }>,
  field: string,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  const type = check.kind === 'boolean' ? 'boolean' : 'string';
  if (typeof value !== type) {
    const name = type.toUpperCase();
    out.schema(`Expected value of type [${name}] for ${field}, got ${describe(value)}.`, location);
    return;
  }
  if (check.kind === 'text' && language === 'JSONata') {
    checkJsonataString(value as string, location, out);
  } else if (check.kind === 'enum' && !check.values.includes(value as string)) {
    out.schema(
      `Value should be one of the following: [${check.values.join(', ')}]. ${field} is ${describe(value)}.`,
      location,
    );
  }
}
