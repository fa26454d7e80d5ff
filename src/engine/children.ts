/** A child execution to run to completion (distributed Map items, `states:startExecution`). */
export interface ChildSpec {
  /** The child's definition as JSON text. */
  definition: string;
  /** The child's state machine ARN (the parent's, or the one startExecution names). */
  stateMachineArn: string;
  name: string;
  input: unknown;
  type: 'STANDARD' | 'EXPRESS';
  mapRunArn?: string;
  parentArn?: string;
  signal: AbortSignal;
}

/** How a child execution ended. */
export interface ChildResult {
  executionArn: string;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate: number;
}

/** Runs child executions (implemented by the engine). */
export interface ChildRunner {
  run(spec: ChildSpec): Promise<ChildResult>;
}
