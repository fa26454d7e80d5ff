import type { ApiModule, JsonHandler } from '../../server/index.js';
import type { TableStore } from './types.js';

/**
 * DynamoDB's wire protocol (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`)
 * over the port: the AWS SDK, the AWS CLI (`aws dynamodb ... --endpoint-url`)
 * and the document client all speak it. The body is the port's input as is;
 * errors are ModelmillErrors that the server writes as `{__type, message}`.
 */

const OPERATIONS: Record<string, keyof TableStore> = {
  CreateTable: 'createTable',
  DescribeTable: 'describeTable',
  ListTables: 'listTables',
  DeleteTable: 'deleteTable',
  PutItem: 'putItem',
  GetItem: 'getItem',
  UpdateItem: 'updateItem',
  DeleteItem: 'deleteItem',
  Query: 'query',
  Scan: 'scan',
  BatchWriteItem: 'batchWriteItem',
  BatchGetItem: 'batchGetItem',
};

/** The ApiModule of DynamoDB for the HTTP server. */
export function dynamoDbApi(service: TableStore): ApiModule {
  const operations: Record<string, JsonHandler> = {};
  for (const [operation, method] of Object.entries(OPERATIONS)) {
    operations[operation] = (input: unknown) =>
      (service[method] as (request: unknown) => Promise<unknown>)(input ?? {});
  }
  return { signingName: 'dynamodb', json: { targetPrefix: 'DynamoDB_20120810', operations } };
}
