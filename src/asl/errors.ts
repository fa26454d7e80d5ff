/**
 * Runtime errors of the language. `error` is the name that Retry and Catch
 * match with `ErrorEquals` (`States.Runtime`, `States.TaskFailed`, or any name
 * a task throws); `cause` is the human text AWS puts in the history.
 */

/** The predefined error names. */
export const StatesErrorName = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
} as const;

/** A failure inside an execution, named as Step Functions names it. */
export class StatesError extends Error {
  /** The error name matched by ErrorEquals. */
  readonly error: string;
  /** The cause text (may be empty). */
  readonly causeText: string | undefined;

  constructor(error: string, cause?: string) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StatesError';
    this.error = error;
    this.causeText = cause;
  }
}

/** True when `err` is a StatesError. */
export function isStatesError(err: unknown): err is StatesError {
  return err instanceof StatesError;
}
