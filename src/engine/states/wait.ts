import type { WaitState } from '../../asl/index.js';
import {
  StatesError,
  parseTimestamp,
  readSecondsPath,
  readTimestampPath,
  timestampMillis,
} from '../../asl/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { numericField, pathScope, stateOutput } from '../state-io.js';
import { transition } from './transition.js';

/** Wait: sleeps (on the engine's clock) for Seconds or until Timestamp, then passes its input on. */
export async function runWait(call: StateCall): Promise<StateOutcome> {
  const state = call.state as WaitState;
  const { frame, progress } = call;
  const clock = frame.run.deps.clock;
  if (progress.wakeAt === undefined) {
    const now = clock.now();
    // timeScale < 1 shortens waits for local runs (a 30 s poll loop in a demo).
    progress.wakeAt = now + ((await wakeTime(call, state, now)) - now) * frame.run.deps.timeScale;
    call.save();
  }
  const remaining = progress.wakeAt - clock.now();
  if (remaining > 0) await clock.sleep(remaining, frame.signal);
  const { output, assigned } = await stateOutput(call.scope, state, call.scope.rawInput, {
    hasResult: false,
  });
  return transition(state, output, assigned);
}

async function wakeTime(call: StateCall, state: WaitState, now: number): Promise<number> {
  const { scope } = call;
  const jsonata = scope.language === 'JSONata';
  if (state.Seconds !== undefined) {
    const seconds = await numericField(scope, state.Seconds, 'Seconds');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError(
        jsonata ? 'States.QueryEvaluationError' : 'States.Runtime',
        `The Seconds field must be a non-negative integer, but it is ${JSON.stringify(seconds)}`,
      );
    }
    return now + seconds * 1000;
  }
  if (state.SecondsPath !== undefined)
    return now + readSecondsPath(state.SecondsPath, pathScope(scope, scope.rawInput)) * 1000;
  if (state.Timestamp !== undefined) {
    const text = await numericField(scope, state.Timestamp, 'Timestamp');
    const time = typeof text === 'string' ? parseTimestamp(text) : undefined;
    if (time === undefined) {
      throw new StatesError(
        jsonata ? 'States.QueryEvaluationError' : 'States.Runtime',
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${formatValue(text)}`,
      );
    }
    return timestampMillis(time);
  }
  return timestampMillis(
    readTimestampPath(state.TimestampPath ?? '$', pathScope(scope, scope.rawInput)),
  );
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
