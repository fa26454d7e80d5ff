/**
 * Execution history in the shape of GetExecutionHistory: numbered events,
 * each linked to the event before it in its thread (`previousEventId`), with
 * the `<type>EventDetails` object AWS uses for that event type.
 */

/** One history event as stored and as returned by the API (timestamp in ms). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  /** The details object; serialised under `detailsKey(type)`. */
  details?: Record<string, unknown>;
}

/** The history event types modelmill emits. */
export const EventType = {
  ExecutionStarted: 'ExecutionStarted',
  ExecutionSucceeded: 'ExecutionSucceeded',
  ExecutionFailed: 'ExecutionFailed',
  ExecutionAborted: 'ExecutionAborted',
  ExecutionTimedOut: 'ExecutionTimedOut',
  ExecutionRedriven: 'ExecutionRedriven',
  EvaluationFailed: 'EvaluationFailed',
  TaskScheduled: 'TaskScheduled',
  TaskStarted: 'TaskStarted',
  TaskSubmitted: 'TaskSubmitted',
  TaskSucceeded: 'TaskSucceeded',
  TaskFailed: 'TaskFailed',
  TaskTimedOut: 'TaskTimedOut',
  LambdaFunctionScheduled: 'LambdaFunctionScheduled',
  LambdaFunctionStarted: 'LambdaFunctionStarted',
  LambdaFunctionSucceeded: 'LambdaFunctionSucceeded',
  LambdaFunctionFailed: 'LambdaFunctionFailed',
  LambdaFunctionTimedOut: 'LambdaFunctionTimedOut',
  MapStateStarted: 'MapStateStarted',
  MapStateSucceeded: 'MapStateSucceeded',
  MapStateFailed: 'MapStateFailed',
  MapStateAborted: 'MapStateAborted',
  MapIterationStarted: 'MapIterationStarted',
  MapIterationSucceeded: 'MapIterationSucceeded',
  MapIterationFailed: 'MapIterationFailed',
  MapIterationAborted: 'MapIterationAborted',
  MapRunStarted: 'MapRunStarted',
  MapRunSucceeded: 'MapRunSucceeded',
  MapRunFailed: 'MapRunFailed',
  MapRunAborted: 'MapRunAborted',
  ParallelStateStarted: 'ParallelStateStarted',
  ParallelStateSucceeded: 'ParallelStateSucceeded',
  ParallelStateFailed: 'ParallelStateFailed',
  ParallelStateAborted: 'ParallelStateAborted',
  WaitStateAborted: 'WaitStateAborted',
} as const;

const stateEventTypes = new Map<string, { Entered: string; Exited: string }>();

/**
 * `<StateType>StateEntered` / `<StateType>StateExited`. The same string each
 * time (built once per state type), so the stores' lookups by event type
 * hash no freshly concatenated text per event.
 */
export function stateEventType(stateType: string, phase: 'Entered' | 'Exited'): string {
  let types = stateEventTypes.get(stateType);
  if (!types) {
    types = { Entered: `${stateType}StateEntered`, Exited: `${stateType}StateExited` };
    stateEventTypes.set(stateType, types);
  }
  return types[phase];
}

/** The key AWS serialises an event's details under, e.g. `taskScheduledEventDetails`. */
export function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** An event as the API returns it: ISO timestamp... no, epoch seconds as the JSON protocol does; details under their key. */
export function toApiEvent(event: HistoryEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {
    timestamp: event.timestamp / 1000,
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  if (event.details) out[detailsKey(event.type)] = event.details;
  return out;
}

const serialised = new WeakMap<object, string>();

/**
 * A payload as history text. States often pass the same object on unchanged,
 * so objects are serialised once and remembered (values are never mutated
 * once they leave a state).
 */
export function payloadText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  let text = serialised.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialised.set(value, text);
  }
  return text;
}

const DETAIL_FLAGS: Array<[string, string]> = [
  ['input', 'inputDetails'],
  ['output', 'outputDetails'],
  ['assignedVariables', 'assignedVariablesDetails'],
];

/** A compact row for storage: `[id, previousEventId, timestamp, type, details?]`, without derivable flags. */
export function packEvent(event: HistoryEvent): unknown[] {
  if (!event.details) return [event.id, event.previousEventId, event.timestamp, event.type];
  const details = { ...event.details };
  for (const [field, flag] of DETAIL_FLAGS) {
    if (
      field in details &&
      (details[flag] as { truncated?: boolean } | undefined)?.truncated === false
    )
      delete details[flag];
  }
  return [event.id, event.previousEventId, event.timestamp, event.type, details];
}

/** The inverse of packEvent. */
export function unpackEvent(row: unknown[]): HistoryEvent {
  const [id, previousEventId, timestamp, type, details] = row as [
    number,
    number,
    number,
    string,
    Record<string, unknown> | undefined,
  ];
  const event: HistoryEvent = { id, previousEventId, timestamp, type };
  if (details) {
    for (const [field, flag] of DETAIL_FLAGS)
      if (field in details && !(flag in details)) details[flag] = { truncated: false };
    event.details = details;
  }
  return event;
}

/** The payload-details flag AWS adds beside inputs and outputs. */
export function payloadDetails(text: string): { truncated: boolean } {
  return { truncated: text.length > 262_144 };
}
