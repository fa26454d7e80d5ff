import { isPlainObject } from '../core/index.js';
import type { QueryLanguage } from './types.js';
import type { DiagnosticCollector } from './validate-diagnostics.js';
import { describe } from './validate-values.js';

/** What every validation pass shares while it walks one definition. */
export interface ValidationContext {
  out: DiagnosticCollector;
  /** The state machine's QueryLanguage; nested states fall back to it. */
  machineLanguage: QueryLanguage;
  /** STANDARD or EXPRESS. */
  machineType: 'STANDARD' | 'EXPRESS';
  /** Whether CloudFormation placeholders and intrinsic objects are accepted. */
  cloudFormation: boolean;
  /** Every state name seen so far, with its location: names are unique machine-wide. */
  stateNames: Map<string, string>;
  /** Every Map Label seen so far, with its location. */
  labels: Map<string, string>;
  /** Validates a nested machine: a Parallel branch or a Map's processor. */
  checkSubMachine(value: unknown, location: string, kind: 'branch' | 'processor'): void;
}

/** Reports the required fields missing from `object`; returns true when all are present. */
export function requireFields(
  object: Record<string, unknown>,
  fields: readonly string[],
  location: string,
  out: DiagnosticCollector,
): boolean {
  const missing = fields.filter((f) => !(f in object));
  if (missing.length === 0) return true;
  out.schema(
    `These fields are required: [${missing.join(', ')}]. Add ${missing.length === 1 ? 'it' : 'them'}.`,
    location,
  );
  return false;
}

/** Reports fields of `object` outside `allowed`. */
export function rejectUnknownFields(
  object: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
  location: string,
  out: DiagnosticCollector,
): void {
  for (const field of Object.keys(object)) {
    if (!allowed.includes(field)) {
      out.schema(
        `Field '${field}' is not supported in ${where}. Remove it, or check its spelling; allowed: ${allowed.join(', ')}.`,
        location,
      );
    }
  }
}

/** Returns `value` as an object, or reports that an object was expected. */
export function expectObject(
  value: unknown,
  field: string,
  location: string,
  out: DiagnosticCollector,
): Record<string, unknown> | undefined {
  if (isPlainObject(value)) return value;
  out.schema(`Expected value of type [OBJECT] for ${field}, got ${describe(value)}.`, location);
  return undefined;
}

/** Returns `value` as an array, or reports that an array was expected. */
export function expectArray(
  value: unknown,
  field: string,
  location: string,
  out: DiagnosticCollector,
): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  out.schema(`Expected value of type [ARRAY] for ${field}, got ${describe(value)}.`, location);
  return undefined;
}

/** Reports when both `a` and `b` are set on `object` (a value and its Path form). */
export function rejectBoth(
  object: Record<string, unknown>,
  a: string,
  b: string,
  location: string,
  out: DiagnosticCollector,
): boolean {
  if (!(a in object) || !(b in object)) return false;
  out.schema(`Only one of ${a} and ${b} may be set; remove one of them.`, location);
  return true;
}
