import type { QueryLanguage, Scope, State } from '../asl/index.js';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  evaluateJsonataTemplate,
  evaluatePayload,
  isJsonataExpression,
  evaluateJsonataString,
} from '../asl/index.js';
import type { Frame } from './run.js';

/**
 * A state's data flow in either query language. JSONPath: InputPath →
 * Parameters → (work) → ResultSelector → ResultPath → OutputPath, with Assign
 * reading the selected result. JSONata: Arguments → (work) → Output and
 * Assign, both reading `$states.input` and `$states.result`.
 */

/** The query language a state runs in. */
export function languageOf(frame: Frame, state: State): QueryLanguage {
  return state.QueryLanguage ?? frame.language;
}

/** Everything an expression in this state can see. */
export interface StateScope {
  language: QueryLanguage;
  rawInput: unknown;
  context: unknown;
  variables: Readonly<Record<string, unknown>>;
}

/** A JSONPath scope over `value`. */
export function pathScope(scope: StateScope, value: unknown): Scope {
  return new PathScope(value, scope);
}

/** A JSONPath scope whose context object is built only when an expression reads `$$`. */
class PathScope implements Scope {
  constructor(
    readonly input: unknown,
    private readonly owner: StateScope,
  ) {}

  get context(): unknown {
    return this.owner.context;
  }

  get variables(): Readonly<Record<string, unknown>> {
    return this.owner.variables;
  }
}

/** The effective input of the state's work: InputPath then `template` (Parameters / ItemSelector...), or JSONata Arguments. */
export async function effectiveInput(
  scope: StateScope,
  state: State,
  template: unknown,
  field: string,
): Promise<unknown> {
  if (scope.language === 'JSONata') {
    if (template === undefined) return scope.rawInput;
    return evaluateJsonataTemplate(template, jsonataBindings(scope), field);
  }
  return effectiveInputPath(scope, state, template, field);
}

/** effectiveInput for JSONPath states (synchronous). */
export function effectiveInputPath(
  scope: StateScope,
  state: State,
  template: unknown,
  field: string,
): unknown {
  const selected = applyInputPath(state.InputPath, pathScope(scope, scope.rawInput));
  if (template === undefined) return selected;
  return evaluatePayload(template, pathScope(scope, selected), field);
}

/** A state's output and the variables it assigns. */
export interface StateResult {
  output: unknown;
  assigned: Record<string, unknown> | undefined;
}

/** The state's output and the variables it assigns, from its result. */
export async function stateOutput(
  scope: StateScope,
  state: State,
  result: unknown,
  options: { hasResult: boolean },
): Promise<StateResult> {
  if (scope.language !== 'JSONata') return stateOutputPath(scope, state, result, options);
  const bindings = jsonataBindings(scope, options.hasResult ? { result } : {});
  const assigned =
    state.Assign === undefined
      ? undefined
      : ((await evaluateJsonataTemplate(state.Assign, bindings, 'Assign')) as Record<
          string,
          unknown
        >);
  const output =
    state.Output === undefined
      ? result
      : await evaluateJsonataTemplate(state.Output, bindings, 'Output');
  return { output, assigned };
}

/** stateOutput for JSONPath states (synchronous): ResultSelector, Assign, ResultPath, OutputPath. */
export function stateOutputPath(
  scope: StateScope,
  state: State,
  result: unknown,
  options: { hasResult: boolean },
): StateResult {
  let selected = result;
  if (options.hasResult && state.ResultSelector !== undefined) {
    selected = evaluatePayload(state.ResultSelector, pathScope(scope, result), 'ResultSelector');
  }
  const assigned =
    state.Assign === undefined
      ? undefined
      : (evaluatePayload(state.Assign, pathScope(scope, selected), 'Assign') as Record<
          string,
          unknown
        >);
  const combined = options.hasResult
    ? applyResultPath(scope.rawInput, selected, state.ResultPath)
    : selected;
  const output = applyOutputPath(state.OutputPath, combined, pathScope(scope, combined));
  return { output, assigned };
}

/** The bindings of a JSONata expression in this state. */
export function jsonataBindings(
  scope: StateScope,
  extra: { result?: unknown; errorOutput?: unknown } = {},
) {
  return {
    states: { input: scope.rawInput, context: scope.context, ...extra },
    variables: scope.variables,
  };
}

/**
 * A field that holds a number or an expression yielding one (Seconds,
 * TimeoutSeconds, MaxConcurrency, ...): literal numbers as they are, JSONata
 * strings evaluated.
 */
export async function numericField(
  scope: StateScope,
  value: unknown,
  field: string,
): Promise<unknown> {
  if (isJsonataExpression(value))
    return evaluateJsonataString(value, jsonataBindings(scope), field);
  return value;
}
