/**
 * The Amazon States Language as TypeScript types. Field names keep the
 * language's own PascalCase so code reads like the specification.
 */

/** `JSONPath` (the default) or `JSONata`. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A whole state machine definition. */
export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  Version?: string;
  QueryLanguage?: QueryLanguage;
}

/** The state types. */
export const StateType = {
  Pass: 'Pass',
  Task: 'Task',
  Choice: 'Choice',
  Wait: 'Wait',
  Succeed: 'Succeed',
  Fail: 'Fail',
  Parallel: 'Parallel',
  Map: 'Map',
} as const;
/** A state type name. */
export type StateType = (typeof StateType)[keyof typeof StateType];

/** Fields every state may carry. */
export interface BaseState {
  Type: StateType;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  Next?: string;
  End?: boolean;
  // JSONPath I/O
  InputPath?: string | null;
  OutputPath?: string | null;
  Parameters?: unknown;
  ResultSelector?: unknown;
  ResultPath?: string | null;
  // JSONata I/O
  Arguments?: unknown;
  Output?: unknown;
  // Both
  Assign?: Record<string, unknown>;
}

/** A Retry rule. */
export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

/** A Catch rule. */
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: Record<string, unknown>;
  Comment?: string;
}

/** Pass. */
export interface PassState extends BaseState {
  Type: 'Pass';
  Result?: unknown;
}

/** Task. */
export interface TaskState extends BaseState {
  Type: 'Task';
  Resource: string;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Credentials?: unknown;
}

/** A Choice rule (JSONPath form) or a JSONata `Condition`. */
export interface ChoiceRule {
  Variable?: string;
  Next?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Condition?: string | boolean;
  Output?: unknown;
  Assign?: Record<string, unknown>;
  Comment?: string;
  [operator: string]: unknown;
}

/** Choice. */
export interface ChoiceState extends BaseState {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

/** Wait. */
export interface WaitState extends BaseState {
  Type: 'Wait';
  Seconds?: number | string;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
}

/** Succeed. */
export interface SucceedState extends BaseState {
  Type: 'Succeed';
}

/** Fail. */
export interface FailState extends BaseState {
  Type: 'Fail';
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

/** A nested state machine (a Parallel branch or a Map's processor). */
export interface SubMachine {
  StartAt: string;
  States: Record<string, State>;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  ProcessorConfig?: ProcessorConfig;
}

/** Parallel. */
export interface ParallelState extends BaseState {
  Type: 'Parallel';
  Branches: SubMachine[];
  Retry?: Retrier[];
  Catch?: Catcher[];
}

/** Where a Map's processor runs. */
export interface ProcessorConfig {
  Mode?: 'INLINE' | 'DISTRIBUTED';
  ExecutionType?: 'STANDARD' | 'EXPRESS';
}

/** Distributed Map: where items come from. */
export interface ItemReader {
  Resource: string;
  Parameters?: Record<string, unknown>;
  Arguments?: unknown;
  ReaderConfig?: {
    InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST' | 'PARQUET';
    CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
    CSVHeaders?: string[];
    CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
    MaxItems?: number | string;
    MaxItemsPath?: string;
  };
}

/** Distributed Map: how items are grouped into batches. */
export interface ItemBatcher {
  MaxItemsPerBatch?: number | string;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: number | string;
  MaxInputBytesPerBatchPath?: string;
  BatchInput?: unknown;
}

/** Distributed Map: where results go. */
export interface ResultWriter {
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Arguments?: unknown;
  WriterConfig?: { OutputType?: 'JSON' | 'JSONL'; Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN' };
}

/** Map. */
export interface MapState extends BaseState {
  Type: 'Map';
  ItemsPath?: string;
  Items?: unknown;
  ItemSelector?: unknown;
  ItemProcessor?: SubMachine;
  /** The older name of ItemProcessor. */
  Iterator?: SubMachine;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ItemReader?: ItemReader;
  ItemBatcher?: ItemBatcher;
  ResultWriter?: ResultWriter;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  Label?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

/** Any state. */
export type State =
  | PassState
  | TaskState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

/** The context object (`$$` in JSONPath, `$states.context` in JSONata). */
export interface ContextObject {
  Execution: {
    Id: string;
    Input: unknown;
    Name: string;
    RoleArn: string;
    StartTime: string;
    RedriveCount: number;
    RedriveTime?: string;
  };
  State: { Name: string; EnteredTime: string; RetryCount?: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token: string };
  Map?: { Item: { Index: number; Value: unknown; Key?: string; Source?: string } };
}
