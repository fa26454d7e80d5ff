import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import type { EventBridgeClientConfig } from '@aws-sdk/client-eventbridge';
import { createSdkSender } from '../common/index.js';
import type { EventBridgeService } from './types.js';

/**
 * The EventBridge port over the AWS SDK v3, for running against AWS (or any
 * EventBridge endpoint, such as `modelmill serve`). Timestamps cross the
 * boundary as epoch seconds; SDK errors become the ModelmillErrors the
 * embedded adapter throws (same code, same message).
 */

/** A client to use, or the settings to build one from (region, endpoint, credentials). */
export interface AwsEventBridgeOptions {
  client?: EventBridgeClient;
  config?: EventBridgeClientConfig;
}

/** Port values → SDK values: PutEvents' Time in epoch seconds becomes a Date. */
function putEventsInput(input: any): any {
  return {
    ...input,
    Entries: (input?.Entries ?? []).map((e: any) =>
      e && e.Time !== undefined && !(e.Time instanceof Date)
        ? { ...e, Time: typeof e.Time === 'number' ? new Date(e.Time * 1000) : new Date(e.Time) }
        : e,
    ),
  };
}

/** The port over the AWS SDK. */
export function createAwsEventBridge(options: AwsEventBridgeOptions = {}): EventBridgeService {
  const client = options.client ?? new EventBridgeClient(options.config ?? {});
  const send = createSdkSender(client);
  return {
    createEventBus: (input) => send(new CreateEventBusCommand(input)),
    deleteEventBus: (input) => send(new DeleteEventBusCommand(input)),
    describeEventBus: (input = {}) => send(new DescribeEventBusCommand(input)),
    listEventBuses: (input = {}) => send(new ListEventBusesCommand(input)),
    putRule: (input) => send(new PutRuleCommand(input)),
    describeRule: (input) => send(new DescribeRuleCommand(input)),
    listRules: (input = {}) => send(new ListRulesCommand(input)),
    enableRule: (input) => send(new EnableRuleCommand(input)),
    disableRule: (input) => send(new DisableRuleCommand(input)),
    deleteRule: (input) => send(new DeleteRuleCommand(input)),
    putTargets: (input) => send(new PutTargetsCommand(input as any)),
    removeTargets: (input) => send(new RemoveTargetsCommand(input)),
    listTargetsByRule: (input) => send(new ListTargetsByRuleCommand(input)),
    putEvents: (input) => send(new PutEventsCommand(putEventsInput(input))),
    testEventPattern: (input) => send(new TestEventPatternCommand(input)),
  };
}
