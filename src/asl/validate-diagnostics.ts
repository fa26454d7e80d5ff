/**
 * The diagnostics that definition validation produces, in the shape of AWS
 * Step Functions' `ValidateStateMachineDefinition` response, and the collector
 * the validation passes write them into.
 */

/** How bad a diagnostic is: an ERROR blocks CreateStateMachine, a WARNING does not. */
export const DiagnosticSeverity = {
  ERROR: 'ERROR',
  WARNING: 'WARNING',
} as const;
/** A diagnostic severity. */
export type DiagnosticSeverity = (typeof DiagnosticSeverity)[keyof typeof DiagnosticSeverity];

/**
 * The diagnostic codes, named as AWS names them. The JSONata pair is what AWS
 * answers for an expression that does not parse or reads what a Step
 * Functions expression cannot see.
 */
export const DiagnosticCode = {
  INVALID_JSON_DESCRIPTION: 'INVALID_JSON_DESCRIPTION',
  MISSING_DESCRIPTION: 'MISSING_DESCRIPTION',
  SCHEMA_VALIDATION_FAILED: 'SCHEMA_VALIDATION_FAILED',
  INVALID_RESOURCE: 'INVALID_RESOURCE',
  MISSING_END_STATE: 'MISSING_END_STATE',
  DUPLICATE_STATE_NAME: 'DUPLICATE_STATE_NAME',
  INVALID_STATE_NAME: 'INVALID_STATE_NAME',
  DUPLICATE_LABEL_NAME: 'DUPLICATE_LABEL_NAME',
  INVALID_LABEL_NAME: 'INVALID_LABEL_NAME',
  MISSING_TRANSITION_TARGET: 'MISSING_TRANSITION_TARGET',
  INVALID_JSONATA_EXPRESSION: 'INVALID_JSONATA_EXPRESSION',
  UNSUPPORTED_JSONATA_EXPRESSION: 'UNSUPPORTED_JSONATA_EXPRESSION',
  NO_DOLLAR: 'NO_DOLLAR',
  NO_PATH: 'NO_PATH',
  PASS_RESULT_IS_STATIC: 'PASS_RESULT_IS_STATIC',
} as const;
/** A diagnostic code. */
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** One problem found in a definition. */
export interface ValidationDiagnostic {
  severity: DiagnosticSeverity;
  code: string;
  message: string;
  /** Where: a JSON-pointer-like path such as `/States/Foo/Retry[0]/ErrorEquals`. */
  location?: string;
}

/** Collects diagnostics; locations are built by the passes as they descend. */
export class DiagnosticCollector {
  readonly items: ValidationDiagnostic[] = [];

  /** Records an ERROR at `location` ('' is the document root). */
  error(code: DiagnosticCode, message: string, location?: string): void {
    this.add(DiagnosticSeverity.ERROR, code, message, location);
  }

  /** Records a WARNING at `location` ('' is the document root). */
  warn(code: DiagnosticCode, message: string, location?: string): void {
    this.add(DiagnosticSeverity.WARNING, code, message, location);
  }

  /** The SCHEMA_VALIDATION_FAILED error, the most common one. */
  schema(message: string, location: string): void {
    this.error(DiagnosticCode.SCHEMA_VALIDATION_FAILED, message, location);
  }

  /** True when an ERROR has been recorded. */
  hasErrors(): boolean {
    return this.items.some((d) => d.severity === DiagnosticSeverity.ERROR);
  }

  private add(
    severity: DiagnosticSeverity,
    code: DiagnosticCode,
    message: string,
    location: string | undefined,
  ): void {
    const diagnostic: ValidationDiagnostic = { severity, code, message };
    if (location !== undefined) diagnostic.location = location === '' ? '/' : location;
    this.items.push(diagnostic);
  }
}

/** The location of field `key` under `base` (`''` is the root). */
export function at(base: string, key: string): string {
  return `${base}/${key}`;
}

/** The location of element `index` of the array at `base`: `/States/X/Retry[0]`. */
export function atIndex(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** A list of names for a message: `'A', 'B' and 'C'`, cut after `max`. */
export function nameList(names: readonly string[], max = 5): string {
  const quoted = names.slice(0, max).map((n) => `'${n}'`);
  if (names.length > max) return `${quoted.join(', ')} and ${names.length - max} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
