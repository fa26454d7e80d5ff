import type { State } from '../asl/index.js';
import { StatesError, isStatesError } from '../asl/index.js';
import { stateContext } from './context.js';
import { stateEventType } from './history.js';
import type { Frame, FrameCheckpoint, StateProgress } from './run.js';
import type { StateScope } from './state-io.js';
import { languageOf } from './state-io.js';
import { STATE_HANDLERS } from './states/index.js';

/**
 * Runs a frame (the whole machine, a branch, or an iteration) state by state
 * until it ends, and what every state shares: StateEntered/StateExited
 * events, checkpoints, and the location prefix on evaluation errors.
 */

/** How a state ended: go to `next`, or end the frame. */
export type StateOutcome =
  | { next: string; output: unknown; assigned?: Record<string, unknown> | undefined }
  | { end: true; output: unknown; assigned?: Record<string, unknown> | undefined };

/** What a state handler gets. */
export interface StateCall {
  frame: Frame;
  name: string;
  state: State;
  scope: StateScope;
  /** Event id of this state's StateEntered (for error locations). */
  enteredEventId: number;
  progress: StateProgress;
  /** Saves `progress` durably. */
  save(): void;
  /** Runs a child frame (a branch or an iteration) to its end. */
  runChild(child: Frame, input: unknown): Promise<unknown>;
  /** Gives an evaluation error this state's location (and its EvaluationFailed event) now, before the handler records a failure event. */
  locate(err: unknown): unknown;
}

/** A state type's behaviour. */
export type StateHandler = (call: StateCall) => Promise<StateOutcome>;

/** Error names whose causes get AWS's "An error occurred while executing the state ..." prefix. */
const LOCATED_ERRORS = new Set([
  'States.Runtime',
  'States.QueryEvaluationError',
  'States.IntrinsicFailure',
]);

/** Runs a frame from its start (or its checkpoint) to the end; returns its output or throws a StatesError. */
export async function runFrame(frame: Frame, input: unknown): Promise<unknown> {
  const resumed = frame.run.takeCheckpoint(frame.path);
  if (resumed?.done) return resumed.done.o;
  let name = resumed?.s ?? frame.startAt;
  let value = resumed?.i ?? input;
  let progress = resumed?.x;
  if (resumed) {
    frame.variables = resumed.v;
    frame.lastEventId = resumed.e;
  }
  for (;;) {
    if (frame.signal.aborted) throw frame.signal.reason;
    const state = frame.states[name];
    if (!state)
      throw new StatesError(
        'States.Runtime',
        `The state '${name}' does not exist in the state machine`,
      );
    const outcome = await runState(frame, name, state, value, progress);
    progress = undefined;
    if (outcome.assigned) frame.variables = { ...frame.variables, ...outcome.assigned };
    if ('end' in outcome) return outcome.output;
    name = outcome.next;
    value = outcome.output;
  }
}

async function runState(
  frame: Frame,
  name: string,
  state: State,
  input: unknown,
  resumed: StateProgress | undefined,
): Promise<StateOutcome> {
  const run = frame.run;
  const progress: StateProgress = resumed ?? { enteredAt: run.deps.clock.now() };
  let enteredEventId = frame.lastEventId;
  if (!resumed || resumed.reenter) {
    delete progress.reenter;
    enteredEventId = run.emit(frame, stateEventType(state.Type, 'Entered'), () => ({
      name,
      input: JSON.stringify(input),
      inputDetails: { truncated: false },
    }));
  }
  const checkpoint: FrameCheckpoint = {
    s: name,
    i: input,
    v: frame.variables,
    e: frame.lastEventId,
    x: progress,
  };
  const save = (): void => {
    checkpoint.e = frame.lastEventId;
    run.checkpoint(frame, checkpoint);
  };
  save();
  const retriable = state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map';
  const context = stateContext(
    run.context,
    name,
    progress.enteredAt,
    retriable ? { retryCount: progress.attempt ?? 0 } : {},
  );
  const scope: StateScope = {
    language: languageOf(frame, state),
    rawInput: input,
    context,
    variables: frame.variables,
  };
  const handler = STATE_HANDLERS[state.Type];
  let outcome: StateOutcome;
  try {
    const jsonata = scope.language === 'JSONata';
    const locateHere = (err: unknown): unknown => locate(err, frame, name, enteredEventId, jsonata);
    outcome = await handler({
      frame,
      name,
      state,
      scope,
      enteredEventId,
      progress,
      save,
      locate: locateHere,
      runChild: runFrame,
    });
  } catch (err) {
    throw locate(err, frame, name, enteredEventId, scope.language === 'JSONata');
  }
  if (state.Type !== 'Fail') {
    const assigned = outcome.assigned;
    run.emit(frame, stateEventType(state.Type, 'Exited'), () =>
      exitedDetails(name, outcome.output, assigned),
    );
  }
  return outcome;
}

function exitedDetails(
  name: string,
  output: unknown,
  assigned: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const details: Record<string, unknown> = {
    name,
    output: JSON.stringify(output),
    outputDetails: { truncated: false },
  };
  if (assigned) {
    details.assignedVariables = Object.fromEntries(
      Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v)]),
    );
    details.assignedVariablesDetails = { truncated: false };
  }
  return details;
}

/**
 * Adds AWS's location prefix to evaluation errors raised in this state (once),
 * and records an EvaluationFailed event for JSONata evaluation errors.
 */
function locate(
  err: unknown,
  frame: Frame,
  name: string,
  enteredEventId: number,
  jsonata: boolean,
): unknown {
  if (!isStatesError(err) || !LOCATED_ERRORS.has(err.error) || (err as LocatedError).located)
    return err;
  const prefix = `An error occurred while executing the state '${name}' (entered at the event id #${enteredEventId}). `;
  const located = new StatesError(err.error, `${prefix}${err.causeText ?? ''}`) as LocatedError;
  located.located = true;
  if (
    jsonata &&
    err.error === 'States.QueryEvaluationError' &&
    !(err as LocatedError).evaluationRecorded
  ) {
    frame.run.emit(frame, 'EvaluationFailed', () => ({
      error: err.error,
      cause: located.causeText,
      location: (err as LocatedError).field ?? '',
      state: name,
    }));
  }
  return located;
}

/** A StatesError that already carries its location. */
export interface LocatedError extends StatesError {
  located?: boolean;
  evaluationRecorded?: boolean;
  field?: string;
}
