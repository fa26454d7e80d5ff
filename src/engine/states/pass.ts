import type { PassState } from '../../asl/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { effectiveInputPath, stateOutput, stateOutputPath } from '../state-io.js';
import { transition } from './transition.js';

/** Pass: its Result (or its Parameters, or its input) becomes its result. */
export function runPass(call: StateCall): StateOutcome | Promise<StateOutcome> {
  const state = call.state as PassState;
  const { scope } = call;
  if (scope.language === 'JSONata') {
    return stateOutput(scope, state, scope.rawInput, { hasResult: false }).then(
      ({ output, assigned }) => transition(state, output, assigned),
    );
  }
  const result =
    'Result' in state
      ? state.Result
      : effectiveInputPath(scope, state, state.Parameters, 'Parameters');
  const { output, assigned } = stateOutputPath(scope, state, result, { hasResult: true });
  return transition(state, output, assigned);
}
