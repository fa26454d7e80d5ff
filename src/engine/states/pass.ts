import type { PassState } from '../../asl/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { effectiveInput, stateOutput } from '../state-io.js';
import { transition } from './transition.js';

/** Pass: its Result (or its Parameters, or its input) becomes its result. */
export async function runPass(call: StateCall): Promise<StateOutcome> {
  const state = call.state as PassState;
  const { scope } = call;
  if (scope.language === 'JSONata') {
    const { output, assigned } = await stateOutput(scope, state, scope.rawInput, {
      hasResult: false,
    });
    return transition(state, output, assigned);
  }
  const result =
    'Result' in state
      ? state.Result
      : await effectiveInput(scope, state, state.Parameters, 'Parameters');
  const { output, assigned } = await stateOutput(scope, state, result, { hasResult: true });
  return transition(state, output, assigned);
}
