import type { FailState } from '../../asl/index.js';
import {
  StatesError,
  applyInputPath,
  applyOutputPath,
  evaluateJsonataString,
  isJsonataExpression,
  readFieldPath,
} from '../../asl/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { jsonataBindings, pathScope, stateOutput } from '../state-io.js';

/** Succeed: ends the frame with its (filtered) input. */
export function runSucceed(call: StateCall): StateOutcome | Promise<StateOutcome> {
  const { scope, state } = call;
  if (scope.language === 'JSONata') {
    return stateOutput(scope, state, scope.rawInput, { hasResult: false }).then(({ output }) => ({
      end: true,
      output,
    }));
  }
  const selected = applyInputPath(state.InputPath, pathScope(scope, scope.rawInput));
  return {
    end: true,
    output: applyOutputPath(state.OutputPath, selected, pathScope(scope, selected)),
  };
}

/** Fail: ends the frame with an error and a cause (literal, path or expression). */
export async function runFail(call: StateCall): Promise<StateOutcome> {
  const state = call.state as FailState;
  const { scope } = call;
  let error: unknown = state.Error;
  let cause: unknown = state.Cause;
  if (scope.language === 'JSONata') {
    if (isJsonataExpression(error))
      error = await evaluateJsonataString(error, jsonataBindings(scope), 'Error');
    if (isJsonataExpression(cause))
      cause = await evaluateJsonataString(cause, jsonataBindings(scope), 'Cause');
  } else {
    if (state.ErrorPath !== undefined)
      error = readFieldPath('ErrorPath', state.ErrorPath, pathScope(scope, scope.rawInput));
    if (state.CausePath !== undefined)
      cause = readFieldPath('CausePath', state.CausePath, pathScope(scope, scope.rawInput));
  }
  throw new FailStateError(asText(error), asText(cause));
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The error a Fail state raises (its error name may be absent, as AWS allows). */
export class FailStateError extends StatesError {
  readonly errorName: string | undefined;
  constructor(error: string | undefined, cause: string | undefined) {
    super(error ?? '', cause);
    this.errorName = error;
  }
}
