/**
 * The EventBridge port: buses, rules, targets and events with the API's own
 * field names (PascalCase requests and responses, timestamps as epoch
 * seconds), so the wire protocol, the Step Functions integration and the AWS
 * adapter all pass requests through unchanged.
 */

/** A key/value tag. */
export interface Tag {
  Key: string;
  Value: string;
}

/** Rule states. */
export const RuleState = {
  ENABLED: 'ENABLED',
  DISABLED: 'DISABLED',
  ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
} as const;
/** A rule state. */
export type RuleState = (typeof RuleState)[keyof typeof RuleState];

/** An event bus as ListEventBuses / DescribeEventBus show it. */
export interface EventBus {
  Name: string;
  Arn: string;
  Description?: string;
  /** Epoch seconds. */
  CreationTime?: number;
  /** Epoch seconds. */
  LastModifiedTime?: number;
}

/** A rule as ListRules shows it. */
export interface Rule {
  Name: string;
  Arn: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State: RuleState;
  Description?: string;
  RoleArn?: string;
  EventBusName: string;
  ManagedBy?: string;
}

/** DescribeRule's answer. */
export interface DescribeRuleOutput extends Rule {
  CreatedBy: string;
}

/** PutRule's request. */
export interface PutRuleInput {
  Name: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State?: RuleState;
  Description?: string;
  RoleArn?: string;
  Tags?: Tag[];
  /** Name or ARN; default `default`. */
  EventBusName?: string;
}

/** How a target's input is built from `<var>` placeholders. */
export interface InputTransformer {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

/** How long and how often delivery to a target is retried. */
export interface RetryPolicy {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
}

/** A rule target. Fields the local service does not act on are kept and listed back. */
export interface Target {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformer;
  RetryPolicy?: RetryPolicy;
  DeadLetterConfig?: { Arn?: string };
  [field: string]: unknown;
}

/** A rejected entry of PutTargets / RemoveTargets. */
export interface FailedTargetEntry {
  TargetId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

/** One event of PutEvents. */
export interface PutEventsRequestEntry {
  Source?: string;
  DetailType?: string;
  /** JSON object text. */
  Detail?: string;
  Resources?: string[];
  /** Epoch seconds (or an ISO string); default: now. */
  Time?: number | string;
  /** Name or ARN; default `default`. */
  EventBusName?: string;
  TraceHeader?: string;
}

/** One result of PutEvents: an EventId, or an error code and message. */
export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

/** PutEvents' answer. */
export interface PutEventsOutput {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

/** A paged request. */
export interface Paging {
  NextToken?: string;
  Limit?: number;
}

/** Names a rule on a bus. */
export interface RuleRef {
  Name: string;
  EventBusName?: string;
}

/** The EventBridge operations modelmill serves. */
export interface EventBridgeService {
  createEventBus(input: { Name: string; Description?: string; Tags?: Tag[] }): Promise<{
    EventBusArn: string;
  }>;
  deleteEventBus(input: { Name: string }): Promise<Record<string, never>>;
  describeEventBus(input?: { Name?: string }): Promise<EventBus>;
  listEventBuses(
    input?: { NamePrefix?: string } & Paging,
  ): Promise<{ EventBuses: EventBus[]; NextToken?: string }>;
  putRule(input: PutRuleInput): Promise<{ RuleArn: string }>;
  describeRule(input: RuleRef): Promise<DescribeRuleOutput>;
  listRules(
    input?: { NamePrefix?: string; EventBusName?: string } & Paging,
  ): Promise<{ Rules: Rule[]; NextToken?: string }>;
  enableRule(input: RuleRef): Promise<Record<string, never>>;
  disableRule(input: RuleRef): Promise<Record<string, never>>;
  deleteRule(input: RuleRef & { Force?: boolean }): Promise<Record<string, never>>;
  putTargets(input: {
    Rule: string;
    EventBusName?: string;
    Targets: Target[];
  }): Promise<{ FailedEntryCount: number; FailedEntries: FailedTargetEntry[] }>;
  removeTargets(input: {
    Rule: string;
    EventBusName?: string;
    Ids: string[];
    Force?: boolean;
  }): Promise<{ FailedEntryCount: number; FailedEntries: FailedTargetEntry[] }>;
  listTargetsByRule(
    input: { Rule: string; EventBusName?: string } & Paging,
  ): Promise<{ Targets: Target[]; NextToken?: string }>;
  putEvents(input: { Entries: PutEventsRequestEntry[] }): Promise<PutEventsOutput>;
  testEventPattern(input: { EventPattern: string; Event: string }): Promise<{ Result: boolean }>;
}

/** An event as EventBridge delivers it. */
export interface EventBridgeEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO-8601 without milliseconds, e.g. `2024-01-01T00:00:00Z`. */
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  [field: string]: unknown;
}

/**
 * What targets reach, wired by the composition root to the engine and the
 * other services. ARNs are passed as written in the target; implementations
 * resolve them by name whatever account or region they carry. A port left
 * out makes deliveries to that kind of target fail (and be recorded so).
 */
export interface TargetPorts {
  /** Starts an execution of a state machine; `input` is JSON text. */
  startExecution?(stateMachineArn: string, input: string): Promise<{ executionArn: string }>;
  /** Invokes a function (asynchronously, as EventBridge does); `payload` is the target input. */
  invokeFunction?(functionArn: string, payload: string): Promise<unknown>;
  /** Publishes to an SNS topic. */
  publish?(topicArn: string, message: string, subject?: string): Promise<{ MessageId: string }>;
  /** Appends a line to a log group (CloudWatch Logs-like). */
  log?(logGroupName: string, message: string): Promise<void>;
}

/** Delivery outcomes. */
export const DeliveryStatus = {
  PENDING: 'PENDING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
} as const;
/** A delivery outcome. */
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** One attempt-set of handing an event to one target. */
export interface DeliveryRecord {
  eventId: string;
  rule: string;
  targetId: string;
  targetArn: string;
  status: DeliveryStatus;
  attempts: number;
  /** The input the target received. */
  input?: string;
  /** What the target answered (execution ARN, message id, ...). */
  result?: string;
  error?: string;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms. */
  finishedAt?: number;
}

/** An event the local bus accepted, with where it went. */
export interface EventRecord {
  id: string;
  bus: string;
  source: string;
  detailType: string;
  /** Epoch ms when the bus received it. */
  receivedAt: number;
  event: EventBridgeEvent;
  /** Names of the rules that matched. */
  matchedRules: string[];
  deliveries: DeliveryRecord[];
}

/** Filters of the event log. */
export interface EventQuery {
  bus?: string;
  source?: string;
  /** The event with this id (on every bus it reached). */
  id?: string;
  /** Newest first; default 50. */
  limit?: number;
}

/** Runs scheduled rules while started. */
export interface Scheduler {
  /** Starts firing scheduled rules (idempotent). */
  start(): void;
  /** Stops; resolves once the loop has exited. */
  stop(): Promise<void>;
  /** Whether the scheduler is running. */
  readonly running: boolean;
}

/** An S3 object notification, as the S3 service's `onEvent` hook reports it. */
export interface S3ObjectNotification {
  /** `ObjectCreated:Put`, `ObjectCreated:Copy`, `ObjectRemoved:Delete`, ... */
  eventName: string;
  /** ISO-8601. */
  eventTime: string;
  region: string;
  bucket: string;
  key: string;
  size?: number;
  eTag?: string;
  sequencer: string;
}

/** The embedded EventBridge: the port plus what local tools need. */
export interface LocalEventBridge extends EventBridgeService {
  /** Routes an event emitted by an AWS service (source `aws.*`) to the default bus; returns its id. */
  publishServiceEvent(
    event: Omit<EventBridgeEvent, 'id' | 'account' | 'region' | 'version'> &
      Partial<EventBridgeEvent>,
  ): Promise<string>;
  /** Routes an S3 object notification as an `aws.s3` "Object Created" / "Object Deleted" event. */
  putS3Notification(notification: S3ObjectNotification): Promise<string>;
  /** The event log, newest first. */
  listEvents(query?: EventQuery): EventRecord[];
  /** Wires (or rewires) the target ports. */
  connect(ports: TargetPorts): void;
  /** Resolves when every delivery started so far has finished. */
  idle(): Promise<void>;
  /** The scheduler of scheduled rules (start it in `serve`). */
  readonly scheduler: Scheduler;
}
