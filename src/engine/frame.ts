import type { State } from '../asl/index.js';
import { StatesError, isStatesError } from '../asl/index.js';
import { stateContext } from './context.js';
import { payloadText, stateEventType } from './history.js';
import type { Frame, FrameCheckpoint, StateProgress } from './run.js';
import type { StateScope } from './state-io.js';
import { languageOf } from './state-io.js';
import { STATE_HANDLERS } from './states/index.js';

/**
 * Runs a frame (the whole machine, a branch, or an iteration) state by state
 * until it ends, and what every state shares: StateEntered/StateExited
 * events, checkpoints, and the location prefix on evaluation errors.
 *
 * States that need no I/O (JSONPath Pass, Choice, Succeed, Fail) run
 * synchronously: a frame only yields to the event loop at Tasks, Waits,
 * Parallel/Map states and JSONata expressions.
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

/** A state type's behaviour: synchronous when it can be. */
export type StateHandler = (call: StateCall) => StateOutcome | Promise<StateOutcome>;

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
    const pending = runState(frame, name, state, value, progress);
    let outcome: StateOutcome;
    if (pending instanceof Promise) outcome = await pending;
    else {
      outcome = pending;
      // A long run of synchronous states still lets the event loop (API calls, flushes) breathe.
      if ((frame.run.syncSteps += 1) % 1024 === 0)
        await new Promise<void>((resolve) => setImmediate(resolve));
    }
    progress = undefined;
    if (outcome.assigned) frame.variables = { ...frame.variables, ...outcome.assigned };
    if ('end' in outcome) return outcome.output;
    name = outcome.next;
    value = outcome.output;
  }
}

function runState(
  frame: Frame,
  name: string,
  state: State,
  input: unknown,
  resumed: StateProgress | undefined,
): StateOutcome | Promise<StateOutcome> {
  const run = frame.run;
  const progress: StateProgress = resumed ?? { enteredAt: run.deps.clock.now() };
  let enteredEventId = frame.lastEventId;
  if (!resumed || resumed.reenter) {
    delete progress.reenter;
    enteredEventId = run.recordHistory
      ? run.emit(frame, stateEventType(state.Type, 'Entered'), () => ({
          name,
          input: payloadText(input),
          inputDetails: { truncated: false },
        }))
      : run.emit(frame, '');
  }
  const call = new StateRun(frame, name, state, input, enteredEventId, progress);
  let result: StateOutcome | Promise<StateOutcome>;
  try {
    result = STATE_HANDLERS[state.Type](call);
  } catch (err) {
    throw call.locate(err);
  }
  if (result instanceof Promise) {
    return result.then(
      (outcome) => exited(frame, name, state, outcome),
      (err: unknown) => {
        throw call.locate(err);
      },
    );
  }
  return exited(frame, name, state, result);
}

function exited(frame: Frame, name: string, state: State, outcome: StateOutcome): StateOutcome {
  const run = frame.run;
  if (state.Type === 'Fail') return outcome;
  if (run.recordHistory)
    run.emit(frame, stateEventType(state.Type, 'Exited'), () =>
      exitedDetails(name, outcome.output, outcome.assigned),
    );
  else run.emit(frame, '');
  return outcome;
}

/**
 * One state being run: the handler's view of it (StateCall) and its scope
 * (StateScope). A class, so the per-state cost is one allocation; the
 * context object is built only if an expression reads `$$`.
 */
class StateRun implements StateCall, StateScope {
  readonly scope: StateScope = this;
  readonly language: StateScope['language'];
  readonly variables: Readonly<Record<string, unknown>>;
  private checkpointData: FrameCheckpoint | undefined;
  private contextObject: unknown;

  constructor(
    readonly frame: Frame,
    readonly name: string,
    readonly state: State,
    readonly rawInput: unknown,
    readonly enteredEventId: number,
    readonly progress: StateProgress,
  ) {
    this.language = languageOf(frame, state);
    this.variables = frame.variables;
    if (frame.run.durable) {
      this.checkpointData = {
        s: name,
        i: rawInput,
        v: frame.variables,
        e: frame.lastEventId,
        x: progress,
      };
      frame.run.checkpoint(frame, this.checkpointData);
    }
  }

  get context(): unknown {
    if (this.contextObject === undefined) {
      const retriable =
        this.state.Type === 'Task' || this.state.Type === 'Parallel' || this.state.Type === 'Map';
      this.contextObject = stateContext(
        this.frame.run.context,
        this.name,
        this.progress.enteredAt,
        retriable ? { retryCount: this.progress.attempt ?? 0 } : {},
      );
    }
    return this.contextObject;
  }

  save(): void {
    if (!this.checkpointData) return;
    this.checkpointData.e = this.frame.lastEventId;
    this.frame.run.checkpoint(this.frame, this.checkpointData);
  }

  runChild(child: Frame, input: unknown): Promise<unknown> {
    return runFrame(child, input);
  }

  locate(err: unknown): unknown {
    return locate(err, this.frame, this.name, this.enteredEventId, this.language === 'JSONata');
  }
}

function exitedDetails(
  name: string,
  output: unknown,
  assigned: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const details: Record<string, unknown> = {
    name,
    output: payloadText(output),
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
  if (jsonata && err.error === 'States.QueryEvaluationError') {
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
interface LocatedError extends StatesError {
  located?: boolean;
  field?: string;
}
