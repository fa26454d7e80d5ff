import type { Catcher, MapState, ParallelState, TaskState } from '../../asl/index.js';
import {
  StatesError,
  applyResultPath,
  evaluateJsonataTemplate,
  evaluatePayload,
  findCatcher,
  findRetrier,
  isStatesError,
  retryDecision,
} from '../../asl/index.js';
import { errorMessage } from '../../core/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { jsonataBindings, pathScope } from '../state-io.js';

/** States that may Retry and Catch. */
type RetriableState = TaskState | ParallelState | MapState;

/** Thrown into frames when the execution is stopped; never retried or caught. */
export class ExecutionStopped extends Error {
  constructor(readonly reason: 'aborted' | 'timed-out' | 'suspended') {
    super(`execution ${reason}`);
    this.name = 'ExecutionStopped';
  }
}

/**
 * True when `reason` (an aborted signal's) says the engine is only suspending
 * the execution, to resume it later: work a Task started (a `.sync` job) must
 * go on, where a stop or a timeout would stop it.
 */
export function isSuspension(reason: unknown): boolean {
  return reason instanceof ExecutionStopped && reason.reason === 'suspended';
}

/** Turns anything thrown into a StatesError (unknown errors become States.Runtime with their message). */
export function asStatesError(err: unknown): StatesError {
  if (isStatesError(err)) return err;
  return new StatesError('States.Runtime', errorMessage(err));
}

/**
 * Runs `attempt` under the state's Retry and Catch rules: a matching Retry
 * waits its back-off (on the engine clock, durably) and tries again; a
 * matching Catch turns the error into output for the catcher's Next.
 */
export async function withRetryAndCatch(
  call: StateCall,
  attempt: () => Promise<StateOutcome>,
  failedEvent?: 'ParallelStateFailed' | 'MapStateFailed',
): Promise<StateOutcome> {
  const state = call.state as RetriableState;
  const { frame, progress } = call;
  const clock = frame.run.deps.clock;
  for (;;) {
    if (progress.wakeAt !== undefined) {
      // Resumed (or just decided) inside a retry back-off.
      const remaining = progress.wakeAt - clock.now();
      if (remaining > 0) await clock.sleep(remaining, frame.signal);
      delete progress.wakeAt;
    }
    try {
      return await attempt();
    } catch (thrown) {
      if (thrown instanceof ExecutionStopped || frame.signal.aborted) throw thrown;
      const err = asStatesError(call.locate(thrown));
      if (err.error === '') {
        if (failedEvent) frame.run.emit(frame, failedEvent);
        throw err;
      }
      const index = findRetrier(state.Retry, err.error);
      const retrier = index >= 0 ? state.Retry?.[index] : undefined;
      if (retrier) {
        const retries = (progress.retries ??= []);
        const decision = retryDecision(retrier, retries[index] ?? 0, frame.run.deps.random);
        if (decision.retry) {
          retries[index] = (retries[index] ?? 0) + 1;
          progress.attempt = (progress.attempt ?? 0) + 1;
          progress.wakeAt = clock.now() + decision.delayMs * frame.run.deps.timeScale;
          delete progress.submitted;
          delete progress.token;
          call.save();
          continue;
        }
      }
      // AWS records the state's failure once, when no retry is left; not for runtime errors.
      if (failedEvent && err.error !== 'States.Runtime') frame.run.emit(frame, failedEvent);
      const catcher = findCatcher(state.Catch, err.error);
      if (!catcher) throw err;
      return caught(call, catcher, err);
    }
  }
}

async function caught(call: StateCall, catcher: Catcher, err: StatesError): Promise<StateOutcome> {
  const { scope } = call;
  const errorOutput: Record<string, unknown> = { Error: err.error };
  if (err.causeText !== undefined) errorOutput.Cause = err.causeText;
  if (scope.language === 'JSONata') {
    const bindings = jsonataBindings(scope, { errorOutput });
    const assigned =
      catcher.Assign === undefined
        ? undefined
        : ((await evaluateJsonataTemplate(catcher.Assign, bindings, 'Catch/Assign')) as Record<
            string,
            unknown
          >);
    const output =
      catcher.Output === undefined
        ? errorOutput
        : await evaluateJsonataTemplate(catcher.Output, bindings, 'Catch/Output');
    return { next: catcher.Next, output, assigned };
  }
  const assigned =
    catcher.Assign === undefined
      ? undefined
      : (evaluatePayload(catcher.Assign, pathScope(scope, errorOutput), 'Assign') as Record<
          string,
          unknown
        >);
  const output = applyResultPath(
    scope.rawInput,
    errorOutput,
    catcher.ResultPath === undefined ? '$' : catcher.ResultPath,
  );
  return { next: catcher.Next, output, assigned };
}
