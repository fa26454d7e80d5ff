import type { ParallelState } from '../../asl/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { effectiveInput, stateOutput } from '../state-io.js';
import { childFrame, linkedController } from './children.js';
import { withRetryAndCatch } from './error-handling.js';
import { transition } from './transition.js';

/** Parallel: runs every branch on the same input; the output is their outputs in branch order. */
export async function runParallel(call: StateCall): Promise<StateOutcome> {
  const state = call.state as ParallelState;
  return withRetryAndCatch(call, () => attempt(call, state), 'ParallelStateFailed');
}

async function attempt(call: StateCall, state: ParallelState): Promise<StateOutcome> {
  const { frame, scope, name } = call;
  const run = frame.run;
  const jsonata = scope.language === 'JSONata';
  const input = await effectiveInput(
    scope,
    state,
    jsonata ? state.Arguments : state.Parameters,
    jsonata ? 'Arguments' : 'Parameters',
  );
  run.emit(frame, 'ParallelStateStarted');
  const prefix = `${frame.path}/${name}@${call.progress.attempt ?? 0}`;
  const controller = linkedController(frame.signal);
  const branches = state.Branches.map((branch, i) => {
    const child = childFrame(frame, branch, `${prefix}/b${i}`, controller.signal, scope.language);
    return call.runChild(child, input).then(
      (output) => {
        run.finishFrame(child, output);
        return output;
      },
      (err: unknown) => {
        // The first failing branch stops its siblings.
        if (!controller.signal.aborted) controller.abort(err);
        throw err;
      },
    );
  });
  const settled = await Promise.allSettled(branches);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw controller.signal.reason ?? failed.reason;
  const results = settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
  // AWS records no ParallelStateSucceeded on success (recorded histories go Started → branches → Exited).
  run.dropCheckpoints(prefix);
  const { output, assigned } = await stateOutput(scope, state, results, { hasResult: true });
  return transition(state, output, assigned);
}
