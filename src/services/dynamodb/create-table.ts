import type { AccountScope, Clock, IdGenerator } from '../../core/index.js';
import type { ModelmillError } from '../../core/index.js';
import { formatArn, isPlainObject } from '../../core/index.js';
import type { KeyAttribute } from './keys.js';
import { enumOf, invalidRequest, limitOf, tableNameOf } from './requests.js';
import type {
  AttributeDefinition,
  KeySchemaElement,
  ScalarAttributeType,
  TableDescription,
} from './types.js';

/**
 * CreateTable requests, checked as DynamoDB checks them (key schema, attribute
 * definitions, billing mode and throughput) and compiled into the table's
 * description.
 */

function invalidSchema(message: string): ModelmillError {
  return invalidRequest(`One or more parameter values were invalid: ${message}`);
}

interface Definition {
  keySchema: KeySchemaElement[];
  definitions: AttributeDefinition[];
}

function checkDefinitions(input: Record<string, unknown>): Definition {
  const keySchema = input.KeySchema;
  const definitions = input.AttributeDefinitions;
  if (!Array.isArray(keySchema) || keySchema.length === 0) {
    throw invalidRequest(
      "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
    );
  }
  if (keySchema.length > 2) {
    throw invalidRequest(
      "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
  }
  if (!Array.isArray(definitions) || definitions.length === 0) {
    throw invalidRequest(
      "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null",
    );
  }
  definitions.forEach((d: unknown, i) => {
    if (!isPlainObject(d) || typeof d.AttributeName !== 'string' || d.AttributeName === '') {
      throw invalidRequest(`AttributeDefinitions[${i}] must have an AttributeName`);
    }
    enumOf(
      d.AttributeType,
      `attributeDefinitions.${i + 1}.member.attributeType`,
      ['B', 'N', 'S'],
      'S',
    );
    if (d.AttributeType === undefined)
      throw invalidRequest(`AttributeDefinitions[${i}] must have an AttributeType (S, N or B)`);
  });
  keySchema.forEach((k: unknown, i) => {
    if (!isPlainObject(k) || typeof k.AttributeName !== 'string') {
      throw invalidRequest(`KeySchema[${i}] must have an AttributeName`);
    }
    enumOf(k.KeyType, `keySchema.${i + 1}.member.keyType`, ['HASH', 'RANGE'], 'HASH');
  });
  return {
    keySchema: keySchema as KeySchemaElement[],
    definitions: definitions as AttributeDefinition[],
  };
}

function keyAttributesOf({ keySchema, definitions }: Definition): {
  hash: KeyAttribute;
  range?: KeyAttribute;
} {
  if (keySchema[0]?.KeyType !== 'HASH')
    throw invalidRequest('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (keySchema[1] !== undefined && keySchema[1].KeyType !== 'RANGE') {
    throw invalidRequest('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
  if (keySchema[1]?.AttributeName === keySchema[0].AttributeName) {
    throw invalidRequest(
      'Both the Hash Key and the Range Key element in the KeySchema have the same name',
    );
  }
  const typeOfKey = (name: string): ScalarAttributeType => {
    const found = definitions.find((d) => d.AttributeName === name);
    if (!found) {
      throw invalidSchema(
        `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keySchema.map((k) => k.AttributeName).join(', ')}], AttributeDefinitions: [${definitions.map((d) => d.AttributeName).join(', ')}]`,
      );
    }
    return found.AttributeType;
  };
  const hash = { name: keySchema[0].AttributeName, type: typeOfKey(keySchema[0].AttributeName) };
  const range = keySchema[1] && {
    name: keySchema[1].AttributeName,
    type: typeOfKey(keySchema[1].AttributeName),
  };
  if (definitions.length !== keySchema.length) {
    throw invalidSchema(
      'Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
  }
  return range ? { hash, range } : { hash };
}

function throughputOf(input: Record<string, unknown>): {
  mode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  read: number;
  write: number;
} {
  const mode = enumOf(
    input.BillingMode,
    'billingMode',
    ['PROVISIONED', 'PAY_PER_REQUEST'],
    'PROVISIONED',
  );
  const throughput = input.ProvisionedThroughput;
  if (mode === 'PAY_PER_REQUEST') {
    if (throughput !== undefined && throughput !== null) {
      throw invalidSchema(
        'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      );
    }
    return { mode, read: 0, write: 0 };
  }
  if (!isPlainObject(throughput)) {
    throw invalidSchema(
      'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED (or set BillingMode to PAY_PER_REQUEST)',
    );
  }
  const read = limitOf(throughput.ReadCapacityUnits, 'provisionedThroughput.readCapacityUnits');
  const write = limitOf(throughput.WriteCapacityUnits, 'provisionedThroughput.writeCapacityUnits');
  if (read === undefined || write === undefined) {
    throw invalidSchema(
      'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  }
  return { mode, read, write };
}

/** What a table description is stamped with. */
export interface TableStamp {
  scope: AccountScope;
  clock: Clock;
  ids: IdGenerator;
}

/** Checks a CreateTable request and returns the new table's description (status ACTIVE). */
export function compileCreateTable(
  input: Record<string, unknown>,
  stamp: TableStamp,
): TableDescription {
  const name = tableNameOf(input.TableName, 3);
  const definition = checkDefinitions(input);
  const keys = keyAttributesOf(definition);
  for (const field of ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes'] as const) {
    if (Array.isArray(input[field]) && (input[field] as unknown[]).length > 0) {
      throw invalidRequest(
        `${field} are not supported by modelmill's local DynamoDB: create table '${name}' without them (only the table's own key can be queried locally)`,
      );
    }
  }
  const { mode, read, write } = throughputOf(input);
  const description: TableDescription = {
    TableName: name,
    TableArn: formatArn(stamp.scope, 'dynamodb', `table/${name}`),
    TableId: stamp.ids.uuid(),
    TableStatus: 'ACTIVE',
    KeySchema: [
      { AttributeName: keys.hash.name, KeyType: 'HASH' },
      ...(keys.range ? [{ AttributeName: keys.range.name, KeyType: 'RANGE' as const }] : []),
    ],
    AttributeDefinitions: definition.definitions.map((d) => ({
      AttributeName: d.AttributeName,
      AttributeType: d.AttributeType,
    })),
    CreationDateTime: stamp.clock.now() / 1000,
    ItemCount: 0,
    TableSizeBytes: 0,
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: read,
      WriteCapacityUnits: write,
    },
    ...(mode === 'PAY_PER_REQUEST' ? { BillingModeSummary: { BillingMode: mode } } : {}),
    DeletionProtectionEnabled: false,
  };
  return description;
}
