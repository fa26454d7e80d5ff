import { isPlainObject } from '../core/index.js';
import type { QueryLanguage } from './types.js';
import { at, atIndex, DiagnosticCode, type DiagnosticCollector } from './validate-diagnostics.js';
import { looksLikeIntrinsic } from './intrinsics.js';
import { intrinsicProblem } from './validate-intrinsics.js';
import { checkJsonataString, checkJsonataValue } from './validate-jsonata.js';
import { analysePath } from './validate-paths.js';

/**
 * Checks of field values that many states share: JSONPath fields of each
 * kind, payload templates (`"key.$": "$.path"`), JSONata values, the Assign
 * block and numbers within ranges.
 */

/** What kind of path a field takes. */
export const PathKind = {
  /** Any JSONPath: InputPath, OutputPath. */
  ANY: 'ANY',
  /** A Reference Path (single node); `$$` and variables allowed: ItemsPath, SecondsPath, Variable. */
  REFERENCE: 'REFERENCE',
  /** ResultPath: a Reference Path into the state input; not `$$`, not a variable. */
  RESULT: 'RESULT',
  /** A Reference Path or an intrinsic function call: ErrorPath, CausePath. */
  REFERENCE_OR_INTRINSIC: 'REFERENCE_OR_INTRINSIC',
} as const;
/** A path kind. */
export type PathKind = (typeof PathKind)[keyof typeof PathKind];

/** Checks a path-valued field; returns false when it reported a problem. */
export function checkPathField(
  value: unknown,
  kind: PathKind,
  field: string,
  location: string,
  out: DiagnosticCollector,
): boolean {
  if (typeof value !== 'string') {
    out.schema(
      `Expected value of type [STRING] for ${field}, got ${describe(value)}. Give a JSONPath such as "$.field".`,
      location,
    );
    return false;
  }
  if (kind === PathKind.REFERENCE_OR_INTRINSIC && looksLikeIntrinsic(value)) {
    return reportIntrinsic(value, field, location, out);
  }
  const path = analysePath(value);
  if (path.problem !== undefined) {
    const message = `The value of ${field}, '${value}', is not a valid JSONPath: ${path.problem}.`;
    return reportSyntax(message, path.inFilter === true, location, out);
  }
  if (kind === PathKind.ANY || path.reference)
    return checkResultTarget(value, kind, field, path.root, location, out);
  out.schema(
    `The value of ${field}, '${value}', must be a Reference Path: only '.field', "['field']" and '[index]' steps, without wildcards, filters, slices or '..'.`,
    location,
  );
  return false;
}

function checkResultTarget(
  value: string,
  kind: PathKind,
  field: string,
  root: string,
  location: string,
  out: DiagnosticCollector,
): boolean {
  if (kind !== PathKind.RESULT || root === 'input') return true;
  const what = root === 'context' ? 'the context object ($$)' : 'a variable';
  const fix = root === 'context' ? '' : ' Use Assign to set a variable.';
  out.schema(
    `${field} '${value}' may not target ${what}; it must place the result inside the state input ($...).${fix}`,
    location,
  );
  return false;
}

function reportIntrinsic(
  value: string,
  field: string,
  location: string,
  out: DiagnosticCollector,
): boolean {
  const problem = intrinsicProblem(value);
  if (problem === undefined) return true;
  const message = `The intrinsic function call in ${field} is invalid: ${problem.message}.`;
  return reportSyntax(message, problem.inFilter, location, out);
}

/**
 * Reports a syntax problem: an error, or a warning when it lies inside a
 * JSONPath filter, whose Jayway dialect AWS reads more widely than we run.
 */
function reportSyntax(
  message: string,
  inFilter: boolean,
  location: string,
  out: DiagnosticCollector,
): boolean {
  if (!inFilter) {
    out.schema(message, location);
    return false;
  }
  out.warn(
    DiagnosticCode.SCHEMA_VALIDATION_FAILED,
    `${message} The problem is inside a filter expression: AWS may accept it, but modelmill cannot evaluate it, so the state fails when it runs here. Rewrite the filter with quoted strings and plain comparisons.`,
    location,
  );
  return true;
}

/**
 * Checks a JSONPath-mode payload template: keys ending in `.$` take a path or
 * an intrinsic call; a key may not appear both with and without `.$`.
 */
export function checkPayloadTemplate(
  value: unknown,
  field: string,
  location: string,
  out: DiagnosticCollector,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkPayloadTemplate(item, field, atIndex(location, i), out));
    return;
  }
  if (!isPlainObject(value)) return;
  const plainKeys = new Set(Object.keys(value).filter((k) => !k.endsWith('.$')));
  for (const [key, item] of Object.entries(value)) {
    const itemLocation = at(location, key);
    if (!key.endsWith('.$')) {
      noDollarWarning(key, item, itemLocation, out);
      checkPayloadTemplate(item, field, itemLocation, out);
      continue;
    }
    const bare = key.slice(0, -2);
    if (plainKeys.has(bare)) {
      out.schema(
        `The field '${bare}' appears both as '${bare}' and '${key}' in ${field}; after '.$' is removed they collide. Keep only one of them.`,
        itemLocation,
      );
    }
    checkDynamicValue(item, key, itemLocation, out);
  }
}

/** The value of a `key.$` field: a path or an intrinsic function call. */
function checkDynamicValue(
  value: unknown,
  key: string,
  location: string,
  out: DiagnosticCollector,
): void {
  if (typeof value !== 'string') {
    out.schema(
      `The value of '${key}' must be a string holding a JSONPath or an intrinsic function call, got ${describe(value)}. Remove '.$' from the key for a static value.`,
      location,
    );
    return;
  }
  if (looksLikeIntrinsic(value)) {
    reportIntrinsic(value, `'${key}'`, location, out);
    return;
  }
  const path = analysePath(value);
  if (path.problem !== undefined) {
    const message = `The value of '${key}', '${value}', is not a valid JSONPath or intrinsic function: ${path.problem}. Remove '.$' from the key for a static string.`;
    reportSyntax(message, path.inFilter === true, location, out);
  }
}

function noDollarWarning(
  key: string,
  value: unknown,
  location: string,
  out: DiagnosticCollector,
): void {
  if (typeof value !== 'string' || !(/^\$\$?[.[]/.test(value) || looksLikeIntrinsic(value))) return;
  out.warn(
    DiagnosticCode.NO_DOLLAR,
    `The value of '${key}' looks like a JSONPath or intrinsic function, but the key does not end in '.$', so it is passed as the literal string '${value}'. Rename the key to '${key}.$' to evaluate it.`,
    location,
  );
}

/** A payload field in the state's language: a template (JSONPath) or a JSONata value. */
export function checkPayload(
  value: unknown,
  language: QueryLanguage,
  field: string,
  location: string,
  out: DiagnosticCollector,
): void {
  if (language === 'JSONata') checkJsonataValue(value, location, out);
  else checkPayloadTemplate(value, field, location, out);
}

const RESERVED_VARIABLES = new Set(['states']);
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const BREAKS_PATHS = /[\s.$[\]'"(),{}]/;

/** Checks an Assign block: an object of valid variable names to values of the language. */
export function checkAssign(
  value: unknown,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  if (!isPlainObject(value)) {
    out.schema(
      `Expected value of type [OBJECT] for Assign, got ${describe(value)}. Write Assign as {"name": value, ...}.`,
      location,
    );
    return;
  }
  for (const key of Object.keys(value)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    checkVariableName(name, at(location, key), out);
  }
  checkPayload(value, language, 'Assign', location, out);
}

function checkVariableName(name: string, location: string, out: DiagnosticCollector): void {
  if (name === '' || name.length > 80 || RESERVED_VARIABLES.has(name) || BREAKS_PATHS.test(name)) {
    const why =
      name === ''
        ? 'it is empty'
        : name.length > 80
          ? 'it is longer than 80 characters'
          : RESERVED_VARIABLES.has(name)
            ? `'${name}' is reserved by Step Functions`
            : 'it contains whitespace or a character used by path syntax';
    out.schema(
      `'${name}' is not a valid variable name: ${why}. Use letters, digits and underscores, starting with a letter.`,
      location,
    );
    return;
  }
  if (!IDENTIFIER.test(name)) {
    out.warn(
      DiagnosticCode.SCHEMA_VALIDATION_FAILED,
      `The variable name '${name}' is not an identifier, so expressions cannot read it as $${name}. Use letters, digits and underscores, starting with a letter.`,
      location,
    );
  }
}

/** Range of an integer or number field. */
export interface NumberRange {
  integer: boolean;
  min: number;
  max: number;
}

/**
 * Checks a numeric field; in JSONata states it may also be a `{% %}` string.
 * Returns the number when it is a literal within range.
 */
export function checkNumber(
  value: unknown,
  range: NumberRange,
  language: QueryLanguage,
  field: string,
  location: string,
  out: DiagnosticCollector,
): number | undefined {
  if (language === 'JSONata' && typeof value === 'string' && value.startsWith('{%')) {
    checkJsonataString(value, location, out);
    return undefined;
  }
  const kind = range.integer ? 'INTEGER' : 'NUMBER';
  if (typeof value !== 'number' || (range.integer && !Number.isInteger(value))) {
    const jsonata = language === 'JSONata' ? ' or a "{% ... %}" expression' : '';
    out.schema(
      `Expected value of type [${kind}] for ${field}, got ${describe(value)}. Give ${range.integer ? 'an integer' : 'a number'}${jsonata}.`,
      location,
    );
    return undefined;
  }
  if (value < range.min || value > range.max) {
    out.schema(
      `${field} must be ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}, got ${value}.`,
      location,
    );
    return undefined;
  }
  return value;
}

/** A short description of a JSON value's type for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string "${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;
  return `${typeof value} ${JSON.stringify(value) ?? 'undefined'}`;
}
