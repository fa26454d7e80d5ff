import type { ApiModule, JsonHandler } from '../../server/index.js';
import type { EventBridgeService } from './types.js';

/**
 * EventBridge's wire protocol (JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`)
 * over the port, for the AWS SDK (`@aws-sdk/client-eventbridge`) and the AWS
 * CLI (`aws events ... --endpoint-url`). Bodies pass through unchanged; errors
 * are ModelmillErrors the server writes as `{__type, message}`.
 */

const OPERATIONS: Record<string, keyof EventBridgeService> = {
  CreateEventBus: 'createEventBus',
  DeleteEventBus: 'deleteEventBus',
  DescribeEventBus: 'describeEventBus',
  ListEventBuses: 'listEventBuses',
  PutRule: 'putRule',
  DescribeRule: 'describeRule',
  ListRules: 'listRules',
  EnableRule: 'enableRule',
  DisableRule: 'disableRule',
  DeleteRule: 'deleteRule',
  PutTargets: 'putTargets',
  RemoveTargets: 'removeTargets',
  ListTargetsByRule: 'listTargetsByRule',
  PutEvents: 'putEvents',
  TestEventPattern: 'testEventPattern',
};

/** The ApiModule of EventBridge for the HTTP server. */
export function eventBridgeApi(service: EventBridgeService): ApiModule {
  const operations: Record<string, JsonHandler> = {};
  for (const [operation, method] of Object.entries(OPERATIONS)) {
    operations[operation] = (input: unknown) =>
      (service[method] as (request: unknown) => Promise<unknown>).call(service, input ?? {});
  }
  return { signingName: 'events', json: { targetPrefix: 'AWSEvents', operations } };
}
