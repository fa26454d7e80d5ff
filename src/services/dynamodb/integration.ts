import { crc32 } from 'node:zlib';
import { StatesError } from '../../asl/index.js';
import type { Clock, IdGenerator } from '../../core/index.js';
import { isModelmillError, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskHandler } from '../../engine/index.js';
import { taskApiError, withHttpMetadata } from '../common/index.js';
import type { TableStore } from './types.js';

/**
 * Step Functions Task integrations of DynamoDB: the optimised ones
 * (`arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`, whose
 * output carries the SDK's HTTP metadata and whose errors are named
 * `DynamoDB.<Exception>`) and the AWS SDK ones
 * (`arn:aws:states:::aws-sdk:dynamodb:<action>`, errors `DynamoDb.<Exception>`).
 * Parameters are the API request, in PascalCase, as in AWS.
 */

/** The actions served under `aws-sdk:dynamodb:`. */
export const SDK_ACTIONS = [
  'createTable',
  'describeTable',
  'listTables',
  'deleteTable',
  'putItem',
  'getItem',
  'updateItem',
  'deleteItem',
  'query',
  'scan',
  'batchWriteItem',
  'batchGetItem',
] as const;

/** The actions of the optimised integration. */
export const OPTIMISED_ACTIONS = ['getItem', 'putItem', 'updateItem', 'deleteItem'] as const;

/**
 * Exceptions the SDKs model for DynamoDB; any other error (ValidationException
 * above all) reaches Step Functions as the SDK's base exception.
 */
const MODELED = new Set([
  'ConditionalCheckFailedException',
  'ResourceNotFoundException',
  'ResourceInUseException',
  'ProvisionedThroughputExceededException',
  'ItemCollectionSizeLimitExceededException',
  'TransactionConflictException',
  'TransactionCanceledException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerErrorException',
]);

/** Options of the integrations. */
export interface DynamoDbIntegrationOptions {
  /** Request ids in outputs and error causes. Default: random. */
  ids?: IdGenerator;
}

function requestIdOf(ids: IdGenerator): string {
  return ids.uuid().replace(/-/g, '').toUpperCase().padEnd(52, '0').slice(0, 52);
}

/** The SDK metadata the optimised integration adds to the API response. */
function dynamoDbHttpMetadata(
  output: object,
  requestId: string,
  clock: Clock,
): Record<string, unknown> {
  const body = JSON.stringify(output);
  return withHttpMetadata(output, {
    requestId,
    clock,
    body,
    contentType: 'application/x-amz-json-1.0',
    keepAlive: true,
    headers: { Server: 'Server', 'x-amz-crc32': String(crc32(body)) },
  });
}

/** A failure of an optimised `dynamodb:` task, named and worded as Step Functions does. */
export function optimisedError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', String(err));
  return taskApiError(err, requestId, {
    prefix: 'DynamoDB',
    service: 'AmazonDynamoDBv2',
    wording: 'optimised',
    name: (code) => (MODELED.has(code) ? code : 'AmazonDynamoDBException'),
  });
}

/** A failure of an `aws-sdk:dynamodb:` task, named and worded as Step Functions does. */
export function sdkError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', String(err));
  return taskApiError(err, requestId, {
    prefix: 'DynamoDb',
    service: 'DynamoDb',
    wording: 'sdk',
    name: (code) => (MODELED.has(code) ? code : 'DynamoDbException'),
  });
}

/** Registers the optimised and AWS SDK DynamoDB integrations on `registry`. */
export function registerDynamoDbIntegrations(
  registry: IntegrationRegistry,
  service: TableStore,
  options: DynamoDbIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const call = (action: string, parameters: unknown): Promise<object> =>
    (service as unknown as Record<string, (input: unknown) => Promise<object>>)[action]!(
      parameters ?? {},
    );
  for (const action of OPTIMISED_ACTIONS) {
    const handler: TaskHandler = async ({ parameters, context }) => {
      const requestId = requestIdOf(ids);
      try {
        return dynamoDbHttpMetadata(await call(action, parameters), requestId, context.clock);
      } catch (err) {
        throw optimisedError(err, requestId);
      }
    };
    registry.register(`dynamodb:${action}`, handler);
  }
  for (const action of SDK_ACTIONS) {
    const handler: TaskHandler = async ({ parameters }) => {
      try {
        return await call(action, parameters);
      } catch (err) {
        throw sdkError(err, requestIdOf(ids));
      }
    };
    registry.register(`aws-sdk:dynamodb:${action}`, handler);
  }
}
