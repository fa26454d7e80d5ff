import type { HistoryEvent } from './history.js';

/**
 * The engine's storage port: state machines, executions, their histories,
 * the checkpoints that let a running execution resume after a crash, and
 * outstanding task tokens. Two adapters: SQLite (durable) and memory.
 */

/** Execution statuses, as DescribeExecution reports them. */
export const ExecutionStatus = {
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  ABORTED: 'ABORTED',
  PENDING_REDRIVE: 'PENDING_REDRIVE',
} as const;
/** An execution status. */
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/** A state machine as stored. */
export interface StateMachineRecord {
  arn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: string;
  roleArn: string;
  creationDate: number;
  updateDate?: number;
  revisionId: string;
  description?: string;
  loggingConfiguration?: unknown;
  tracingConfiguration?: unknown;
  tags?: Record<string, string>;
}

/** An execution as stored. */
export interface ExecutionRecord {
  arn: string;
  name: string;
  stateMachineArn: string;
  /** The definition the execution runs (a snapshot: later updates do not change it). */
  definition: string;
  type: 'STANDARD' | 'EXPRESS';
  roleArn: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  redriveCount: number;
  redriveDate?: number;
  /** For a child execution of a distributed Map: the Map Run it belongs to. */
  mapRunArn?: string;
  /** For an execution started by `states:startExecution`, the parent execution. */
  parentArn?: string;
}

/** Fields of an execution that change while it runs. */
export type ExecutionPatch = Partial<
  Pick<
    ExecutionRecord,
    'status' | 'output' | 'error' | 'cause' | 'stopDate' | 'redriveCount' | 'redriveDate'
  >
>;

/** Filters of ListExecutions. */
export interface ExecutionQuery {
  stateMachineArn?: string;
  status?: ExecutionStatus;
  mapRunArn?: string;
  /** Opaque paging token from a previous page. */
  nextToken?: string;
  maxResults?: number;
}

/** A page of results. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** An outstanding `.waitForTaskToken` callback. */
export interface TaskTokenRecord {
  token: string;
  executionArn: string;
  /** The frame waiting for it. */
  framePath: string;
  stateName: string;
  createdAt: number;
  /** Set when SendTaskSuccess/Failure arrived (kept until the frame consumes it). */
  outcome?: { output: string } | { error: string; cause: string };
  lastHeartbeat?: number;
}

/** The storage port. Writes may be buffered; `flush()` makes everything so far durable. */
export interface ExecutionStore {
  /** True when what is written survives the process. */
  readonly durable: boolean;
  /** True when history events are kept (false: emitting skips building their details). */
  readonly recordsHistory: boolean;
  /** True when checkpoints are kept (needed to resume and to redrive). */
  readonly keepsCheckpoints: boolean;
  putStateMachine(record: StateMachineRecord): void;
  getStateMachine(arn: string): StateMachineRecord | undefined;
  listStateMachines(): StateMachineRecord[];
  deleteStateMachine(arn: string): void;

  insertExecution(record: ExecutionRecord): void;
  updateExecution(arn: string, patch: ExecutionPatch): void;
  getExecution(arn: string): ExecutionRecord | undefined;
  listExecutions(query: ExecutionQuery): Page<ExecutionRecord>;
  /** Executions that were RUNNING when the process stopped. */
  runningExecutions(): ExecutionRecord[];

  appendEvents(executionArn: string, events: readonly HistoryEvent[]): void;
  getHistory(executionArn: string): HistoryEvent[];
  /** Deletes events with id > `afterId` (used by redrive to continue numbering cleanly). */
  lastEventId(executionArn: string): number;

  saveCheckpoint(executionArn: string, path: string, data: unknown): void;
  deleteCheckpoints(executionArn: string, pathPrefix: string): void;
  loadCheckpoints(executionArn: string): Map<string, unknown>;

  putTaskToken(record: TaskTokenRecord): void;
  getTaskToken(token: string): TaskTokenRecord | undefined;
  deleteTaskToken(token: string): void;

  /** Makes every buffered write durable (one transaction). */
  flush(): void;
  close(): void;
}
