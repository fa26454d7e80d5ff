import { isPlainObject, ModelmillError } from '../core/index.js';
import type { StateMachineDefinition } from './types.js';
import type { ValidationContext } from './validate-context.js';
import {
  DiagnosticCode,
  DiagnosticCollector,
  DiagnosticSeverity,
  type ValidationDiagnostic,
} from './validate-diagnostics.js';
import { MAX_NESTING_DEPTH, nestsTooDeep, readDefinitionText } from './validate-json.js';
import { checkMachine } from './validate-machine.js';

export {
  DiagnosticCode,
  DiagnosticSeverity,
  type ValidationDiagnostic,
} from './validate-diagnostics.js';

/**
 * Definition validation: what AWS Step Functions' ValidateStateMachineDefinition
 * and CreateStateMachine check in an Amazon States Language document, with
 * every problem listed and located.
 */

/** Options of {@link validateDefinition}. */
export interface ValidateDefinitionOptions {
  /** The state machine type; EXPRESS machines refuse `.sync` and `.waitForTaskToken`. Default STANDARD. */
  type?: 'STANDARD' | 'EXPRESS';
  /** Minimum severity returned, as AWS's `severity`: ERROR (default) or WARNING (both). */
  severity?: DiagnosticSeverity;
  /** Most diagnostics returned, 1 to 100 (default 100, as AWS); `truncated` says when more were found. */
  maxResults?: number;
  /**
   * The definition comes from a CloudFormation / SAM template before deploy:
   * `${Name}` DefinitionSubstitutions placeholders and `Ref` / `Fn::GetAtt`
   * objects are accepted as Task resources. Default false.
   */
  cloudFormation?: boolean;
}

/** The result, in the shape of ValidateStateMachineDefinition's response. */
export interface ValidationResult {
  result: 'OK' | 'FAIL';
  diagnostics: ValidationDiagnostic[];
  truncated: boolean;
}

interface CompiledOptions {
  type: 'STANDARD' | 'EXPRESS';
  severity: DiagnosticSeverity;
  maxResults: number;
  cloudFormation: boolean;
}

/** Resolves options to their defaults. */
export function compileValidateOptions(options: ValidateDefinitionOptions = {}): CompiledOptions {
  const max = options.maxResults;
  return {
    type: options.type ?? 'STANDARD',
    severity: options.severity ?? DiagnosticSeverity.ERROR,
    maxResults: max === undefined || max <= 0 ? 100 : Math.min(100, Math.floor(max)),
    cloudFormation: options.cloudFormation ?? false,
  };
}

/**
 * Validates a definition given as JSON text (duplicate keys and syntax errors
 * are found in the text) or as an already parsed value.
 */
export function validateDefinition(
  definition: unknown,
  options?: ValidateDefinitionOptions,
): ValidationResult {
  const compiled = compileValidateOptions(options);
  const out = runChecks(definition, compiled).out;
  return summarise(out.items, compiled);
}

/**
 * Validates and returns the parsed definition, or throws ModelmillError
 * `InvalidDefinition` with AWS's CreateStateMachine message and the
 * diagnostics in `details.diagnostics`.
 */
export function assertValidDefinition(
  definition: unknown,
  options?: ValidateDefinitionOptions,
): StateMachineDefinition {
  const compiled = compileValidateOptions({ ...options, severity: DiagnosticSeverity.ERROR });
  const { out, value } = runChecks(definition, compiled);
  if (out.hasErrors()) {
    const diagnostics = out.items.filter((d) => d.severity === DiagnosticSeverity.ERROR);
    throw new ModelmillError('InvalidDefinition', formatInvalidDefinition(diagnostics), {
      details: { diagnostics },
    });
  }
  return value as StateMachineDefinition;
}

/**
 * The message CreateStateMachine answers with InvalidDefinition:
 * `Invalid State Machine Definition: 'CODE: message at /location, CODE: ...'`.
 * Only ERROR diagnostics are listed.
 */
export function formatInvalidDefinition(diagnostics: readonly ValidationDiagnostic[]): string {
  const parts = diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.ERROR)
    .map((d) => `${d.code}: ${d.message}${d.location === undefined ? '' : ` at ${d.location}`}`);
  return `Invalid State Machine Definition: '${parts.join(', ')}'`;
}

function runChecks(
  definition: unknown,
  options: CompiledOptions,
): { out: DiagnosticCollector; value: unknown } {
  const out = new DiagnosticCollector();
  let value = definition;
  if (definition === undefined || definition === null || definition === '') {
    out.error(
      DiagnosticCode.MISSING_DESCRIPTION,
      'Received a null or empty definition. Pass the state machine definition as JSON text.',
    );
    return { out, value };
  }
  if (typeof definition === 'string') {
    if (definition.trim() === '') {
      out.schema('Definition must be a valid JSON object; the text is blank.', '');
      return { out, value };
    }
    const read = readDefinitionText(definition, out);
    if (!read.ok) return { out, value };
    value = read.value;
  }
  if (!isPlainObject(value)) {
    out.schema('Definition must be a valid JSON object: {"StartAt": ..., "States": {...}}.', '');
    return { out, value };
  }
  if (typeof definition !== 'string' && nestsTooDeep(value)) {
    out.error(
      DiagnosticCode.INVALID_JSON_DESCRIPTION,
      `The definition nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep. Nest the data less deeply.`,
    );
    return { out, value };
  }
  const language = value.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const ctx: ValidationContext = {
    out,
    machineLanguage: language,
    machineType: options.type,
    cloudFormation: options.cloudFormation,
    stateNames: new Map(),
    labels: new Map(),
    checkSubMachine: (sub, location, kind) => checkMachine(sub, location, kind, ctx),
  };
  checkMachine(value, '', 'root', ctx);
  return { out, value };
}

function summarise(items: ValidationDiagnostic[], options: CompiledOptions): ValidationResult {
  const failed = items.some((d) => d.severity === DiagnosticSeverity.ERROR);
  const wanted =
    options.severity === DiagnosticSeverity.WARNING
      ? items
      : items.filter((d) => d.severity === DiagnosticSeverity.ERROR);
  // Errors first, as they decide the result; then warnings.
  const ordered = [...wanted].sort((a, b) => rank(a) - rank(b));
  return {
    result: failed ? 'FAIL' : 'OK',
    diagnostics: ordered.slice(0, options.maxResults),
    truncated: ordered.length > options.maxResults,
  };
}

function rank(d: ValidationDiagnostic): number {
  return d.severity === DiagnosticSeverity.ERROR ? 0 : 1;
}
