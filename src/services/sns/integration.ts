import { StatesError } from '../../asl/index.js';
import type { Clock, IdGenerator } from '../../core/index.js';
import { isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskHandler } from '../../engine/index.js';
import { taskApiError, withHttpMetadata } from '../common/index.js';
import { element } from './query.js';
import type { PublishInput, SnsService } from './types.js';

/**
 * Step Functions Task integrations of SNS: the optimised
 * `arn:aws:states:::sns:publish` (and `.waitForTaskToken`, the token being
 * in the message), whose Message may be JSON (serialised for you), whose
 * output is the Publish response with the SDK's HTTP metadata, and whose
 * errors are `SNS.<Exception>`; and `arn:aws:states:::aws-sdk:sns:<action>`
 * with errors `Sns.<Exception>`.
 */

/** The actions served under `aws-sdk:sns:`. */
export const SDK_ACTIONS = [
  'createTopic',
  'deleteTopic',
  'listTopics',
  'getTopicAttributes',
  'setTopicAttributes',
  'subscribe',
  'confirmSubscription',
  'unsubscribe',
  'listSubscriptions',
  'listSubscriptionsByTopic',
  'getSubscriptionAttributes',
  'setSubscriptionAttributes',
  'publish',
  'publishBatch',
] as const;

/** Wire codes → the exception class names the SDKs model. */
const EXCEPTIONS: Record<string, string> = {
  NotFound: 'NotFoundException',
  InvalidParameter: 'InvalidParameterException',
  ParameterValueInvalid: 'InvalidParameterValueException',
  AuthorizationError: 'AuthorizationErrorException',
  EndpointDisabled: 'EndpointDisabledException',
  InternalError: 'InternalErrorException',
  Throttled: 'ThrottledException',
  TopicLimitExceeded: 'TopicLimitExceededException',
  SubscriptionLimitExceeded: 'SubscriptionLimitExceededException',
  FilterPolicyLimitExceeded: 'FilterPolicyLimitExceededException',
  EmptyBatchRequest: 'EmptyBatchRequestException',
  TooManyEntriesInBatchRequest: 'TooManyEntriesInBatchRequestException',
  BatchEntryIdsNotDistinct: 'BatchEntryIdsNotDistinctException',
  InvalidBatchEntryId: 'InvalidBatchEntryIdException',
  BatchRequestTooLong: 'BatchRequestTooLongException',
  ValidationException: 'ValidationException',
};

const STATUS: Record<string, number> = {
  NotFound: 404,
  AuthorizationError: 403,
  FilterPolicyLimitExceeded: 403,
  Throttled: 429,
};

/** Options of the integrations. */
export interface SnsIntegrationOptions {
  /** Request ids in outputs and error causes. Default: random. */
  ids?: IdGenerator;
}

function statusOf(code: string, fault: 'client' | 'server'): number {
  return fault === 'server' ? 500 : (STATUS[code] ?? 400);
}

/** A failure of `sns:publish`, named and worded as Step Functions does. */
export function optimisedSnsError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', String(err));
  return taskApiError(err, requestId, {
    prefix: 'SNS',
    service: 'AmazonSNS',
    wording: 'optimised',
    name: (code) => EXCEPTIONS[code] ?? 'AmazonSNSException',
    status: statusOf,
  });
}

/** A failure of an `aws-sdk:sns:` task, named and worded as Step Functions does. */
export function sdkSnsError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', String(err));
  return taskApiError(err, requestId, {
    prefix: 'Sns',
    service: 'Sns',
    wording: 'sdk',
    name: (code) => EXCEPTIONS[code] ?? 'SnsException',
    status: statusOf,
  });
}

function publishHttpMetadata(
  output: { MessageId: string; SequenceNumber?: string },
  requestId: string,
  clock: Clock,
): Record<string, unknown> {
  const result =
    element('MessageId', output.MessageId) + element('SequenceNumber', output.SequenceNumber);
  const body = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>${result}</PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`;
  return withHttpMetadata(output, { requestId, clock, body, contentType: 'text/xml' });
}

/** The optimised integration's request: a JSON Message is serialised. */
function publishInput(parameters: unknown): PublishInput {
  if (!isPlainObject(parameters))
    throw new StatesError(
      'States.Runtime',
      'sns:publish needs Parameters (or Arguments) with TopicArn and Message, e.g. {"TopicArn": "...", "Message.$": "$"}',
    );
  const message = parameters.Message;
  return {
    ...(parameters as unknown as PublishInput),
    ...(message !== undefined && typeof message !== 'string'
      ? { Message: JSON.stringify(message) }
      : {}),
  };
}

/** Registers `sns:publish` and `aws-sdk:sns:*` on `registry`. */
export function registerSnsIntegrations(
  registry: IntegrationRegistry,
  service: SnsService,
  options: SnsIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const publish: TaskHandler = async ({ parameters, context }) => {
    const requestId = ids.uuid();
    try {
      return publishHttpMetadata(
        await service.publish(publishInput(parameters)),
        requestId,
        context.clock,
      );
    } catch (err) {
      throw optimisedSnsError(err, requestId);
    }
  };
  registry.register('sns:publish', publish, ['request-response', 'waitForTaskToken']);
  for (const action of SDK_ACTIONS) {
    const handler: TaskHandler = async ({ parameters }) => {
      try {
        const methods = service as unknown as Record<string, (input: unknown) => Promise<unknown>>;
        return await methods[action]!(parameters ?? {});
      } catch (err) {
        throw sdkSnsError(err, ids.uuid());
      }
    };
    registry.register(`aws-sdk:sns:${action}`, handler, ['request-response', 'waitForTaskToken']);
  }
}
