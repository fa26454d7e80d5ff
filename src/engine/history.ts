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

/** `<StateType>StateEntered` / `<StateType>StateExited`. */
export function stateEventType(stateType: string, phase: 'Entered' | 'Exited'): string {
  return `${stateType}State${phase}`;
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

/** The payload-details flag AWS adds beside inputs and outputs. */
export function payloadDetails(text: string): { truncated: boolean } {
  return { truncated: text.length > 262_144 };
}
