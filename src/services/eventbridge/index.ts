/**
 * services/eventbridge: EventBridge for modelmill — event buses, rules with
 * the full event-pattern language (compiled and indexed), targets with
 * Input / InputPath / InputTransformer, scheduled rules (rate and cron) on
 * the Clock, and a log of every event with the rules it matched and each
 * delivery's outcome. Targets are reached through `TargetPorts` (state
 * machines, functions, SNS topics, log groups) that the composition root
 * wires. Also: the AWS SDK adapter, the `events:putEvents` and
 * `aws-sdk:eventbridge:*` Task integrations, the AWSEvents JSON 1.1 API, and
 * S3 notifications as `aws.s3` events.
 */
export type * from './types.js';
export { DeliveryStatus, RuleState } from './types.js';
export type { LocalEventBridgeOptions } from './local.js';
export { createLocalEventBridge } from './local.js';
export type { AwsEventBridgeOptions } from './aws.js';
export { createAwsEventBridge } from './aws.js';
export type { EventBridgeIntegrationOptions } from './integration.js';
export { registerEventBridgeIntegrations } from './integration.js';
export { eventBridgeApi } from './api.js';
export { s3NotificationToEvent } from './s3-events.js';
export { compileEventPattern, describePatternProblem, testEventPattern } from './pattern.js';
export type { CompiledPattern, PatternOptions } from './pattern-compile.js';
export { PatternProblem } from './pattern-json.js';
export type { PatternDialect } from './pattern-operators.js';
export { compileSchedule } from './schedule-expression.js';
export type { Schedule } from './schedule-expression.js';
export { MAX_ENTRIES, MAX_REQUEST_BYTES } from './router.js';
export { RuleIndex } from './rule-index.js';
export type { Indexable } from './rule-index.js';
