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
import { ModelmillError } from '../../core/index.js';
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

/** SDK values → port values: dates become epoch seconds; `$metadata` is dropped. */
export function fromSdk(value: unknown): any {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(fromSdk);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== '$metadata' && inner !== undefined) out[key] = fromSdk(inner);
  }
  return out;
}

/** An SDK failure as the ModelmillError the local adapter would throw. */
export function fromSdkError(err: unknown): unknown {
  if (!(err instanceof Error) || !('$metadata' in err)) return err;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return new ModelmillError(err.name, err.message, {
    cause: err,
    ...(status !== undefined && status >= 500 ? { fault: 'server' as const } : {}),
  });
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
  async function send<T>(command: any): Promise<T> {
    try {
      return fromSdk(await client.send(command)) as T;
    } catch (err) {
      throw fromSdkError(err);
    }
  }
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
