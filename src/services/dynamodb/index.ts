/**
 * services/dynamodb: DynamoDB for modelmill — tables with a hash and an
 * optional range key, items with DynamoDB's value types, size limits and
 * number rules, and the expression language (conditions, updates,
 * projections, key conditions, filters). The embedded adapter keeps tables in
 * the instance's SQLite database; the AWS adapter talks to real DynamoDB.
 * Also: the Step Functions integrations, the JSON 1.0 wire protocol, and
 * marshalling helpers for pipeline programs.
 */
export type * from './types.js';
export { AttributeType } from './types.js';
export type { LocalDynamoDbOptions } from './local.js';
export { createLocalDynamoDb } from './local.js';
export type { AwsDynamoDbOptions } from './aws.js';
export { createAwsDynamoDb } from './aws.js';
export type { DynamoDbIntegrationOptions } from './integration.js';
export { registerDynamoDbIntegrations } from './integration.js';
export { dynamoDbApi } from './api.js';
export type { UnmarshallOptions } from './marshall.js';
export { marshall, marshallItem, unmarshall, unmarshallItem } from './marshall.js';
export { MAX_ITEM_BYTES } from './attribute-value.js';
