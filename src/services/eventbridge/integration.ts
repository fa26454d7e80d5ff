import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskHandler } from '../../engine/index.js';
import { taskApiError } from '../common/index.js';
import type { EventBridgeService, PutEventsRequestEntry } from './types.js';

/**
 * Step Functions Task integrations of EventBridge: the optimised
 * `arn:aws:states:::events:putEvents` (and `.waitForTaskToken`, where the
 * token travels inside the Detail), which accepts Detail as JSON, adds the
 * execution and state machine ARNs to each entry's Resources, and fails with
 * `EventBridge.FailedEntry` when any entry fails; and the AWS SDK
 * integrations `arn:aws:states:::aws-sdk:eventbridge:<action>`.
 */

/** The actions served under `aws-sdk:eventbridge:`. */
export const SDK_ACTIONS = [
  'createEventBus',
  'deleteEventBus',
  'describeEventBus',
  'listEventBuses',
  'putRule',
  'describeRule',
  'listRules',
  'enableRule',
  'disableRule',
  'deleteRule',
  'putTargets',
  'removeTargets',
  'listTargetsByRule',
  'putEvents',
  'testEventPattern',
] as const;

/** Exceptions the SDKs model for EventBridge; others reach Step Functions as the base exception. */
const MODELED = new Set([
  'AccessDeniedException',
  'ConcurrentModificationException',
  'IllegalStatusException',
  'InternalException',
  'InvalidEventPatternException',
  'InvalidStateException',
  'LimitExceededException',
  'ManagedRuleException',
  'OperationDisabledException',
  'PolicyLengthExceededException',
  'ResourceAlreadyExistsException',
  'ResourceNotFoundException',
  'ThrottlingException',
]);

/** Options of the integrations. */
export interface EventBridgeIntegrationOptions {
  /** Request ids in error causes. Default: random. */
  ids?: IdGenerator;
}

/** A failed call, named as Step Functions names it: `EventBridge.<Exception>`. */
export function eventBridgeError(err: unknown, requestId: string, base: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', String(err));
  return taskApiError(err, requestId, {
    prefix: 'EventBridge',
    service: 'EventBridge',
    wording: 'sdk',
    name: (code) => (MODELED.has(code) ? code : base),
  });
}

/** The optimised integration's entries: Detail objects serialised, the execution's ARNs added. */
function optimisedEntries(
  parameters: unknown,
  executionArn: string,
  machineArn: string,
): PutEventsRequestEntry[] {
  const entries = isPlainObject(parameters) ? parameters.Entries : undefined;
  if (!Array.isArray(entries))
    throw new StatesError(
      'States.Runtime',
      'events:putEvents needs Parameters (or Arguments) with an Entries array, e.g. {"Entries": [{"Source": "...", "DetailType": "...", "Detail": {...}}]}',
    );
  return entries.map((entry: unknown) => {
    if (!isPlainObject(entry)) return entry as PutEventsRequestEntry;
    const detail = entry.Detail;
    const resources = Array.isArray(entry.Resources) ? (entry.Resources as string[]) : [];
    return {
      ...entry,
      ...(detail !== undefined && typeof detail !== 'string'
        ? { Detail: JSON.stringify(detail) }
        : {}),
      Resources: [...resources, executionArn, machineArn],
    };
  });
}

/** Registers `events:putEvents` and `aws-sdk:eventbridge:*` on `registry`. */
export function registerEventBridgeIntegrations(
  registry: IntegrationRegistry,
  service: EventBridgeService,
  options: EventBridgeIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const putEvents: TaskHandler = async ({ parameters, context }) => {
    const entries = optimisedEntries(parameters, context.executionArn, context.stateMachineArn);
    let output;
    try {
      output = await service.putEvents({ Entries: entries });
    } catch (err) {
      throw eventBridgeError(err, ids.uuid(), 'AmazonEventBridgeException');
    }
    if (output.FailedEntryCount > 0)
      throw new StatesError('EventBridge.FailedEntry', JSON.stringify(output));
    return output;
  };
  registry.register('events:putEvents', putEvents, ['request-response', 'waitForTaskToken']);
  for (const action of SDK_ACTIONS) {
    const handler: TaskHandler = async ({ parameters }) => {
      try {
        const methods = service as unknown as Record<string, (input: unknown) => Promise<unknown>>;
        return await methods[action]!(parameters ?? {});
      } catch (err) {
        throw eventBridgeError(err, ids.uuid(), 'EventBridgeException');
      }
    };
    registry.register(`aws-sdk:eventbridge:${action}`, handler, [
      'request-response',
      'waitForTaskToken',
    ]);
  }
}
