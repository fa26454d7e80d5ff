import type { AccountScope, Clock, IdGenerator } from '../../core/index.js';
import { ModelmillError, formatArn, isPlainObject } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { KeyAttribute, TableSchema } from './keys.js';
import { enumOf, invalidRequest, limitOf, tableNameOf } from './requests.js';
import type {
  AttributeDefinition,
  KeySchemaElement,
  ListTablesOutput,
  ScalarAttributeType,
  TableDescription,
} from './types.js';

/**
 * The tables of the local DynamoDB: their definitions in `dynamodb_tables`,
 * cached in memory and re-read when another connection has written to the
 * database (SQLite's `data_version`).
 */

/** A missing table, worded as DynamoDB words it, with the table's name. */
export function tableNotFound(name: string): ModelmillError {
  return new ModelmillError(
    'ResourceNotFoundException',
    `Requested resource not found: Table: ${name} not found (create it with CreateTable, or check the name and region)`,
  );
}

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

/** Options of the catalog. */
export interface CatalogOptions {
  db: SqliteDatabase;
  clock: Clock;
  ids: IdGenerator;
  scope: AccountScope;
}

/** The tables of the local DynamoDB. */
export class TableCatalog {
  private readonly cache = new Map<string, TableSchema>();
  private version = -1;
  private readonly versionStatement;
  private readonly selectStatement;

  constructor(private readonly options: CatalogOptions) {
    this.versionStatement = options.db.prepare('PRAGMA data_version').pluck();
    this.selectStatement = options.db.prepare(
      'SELECT id, name, description FROM dynamodb_tables WHERE name = ?',
    );
  }

  /** Creates a table from a CreateTable request. */
  create(input: Record<string, unknown>): TableDescription {
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
    if (this.find(name))
      throw new ModelmillError('ResourceInUseException', `Table already exists: ${name}`);
    const description: TableDescription = {
      TableName: name,
      TableArn: formatArn(this.options.scope, 'dynamodb', `table/${name}`),
      TableId: this.options.ids.uuid(),
      TableStatus: 'ACTIVE',
      KeySchema: [
        { AttributeName: keys.hash.name, KeyType: 'HASH' },
        ...(keys.range ? [{ AttributeName: keys.range.name, KeyType: 'RANGE' as const }] : []),
      ],
      AttributeDefinitions: definition.definitions.map((d) => ({
        AttributeName: d.AttributeName,
        AttributeType: d.AttributeType,
      })),
      CreationDateTime: this.options.clock.now() / 1000,
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
    this.options.db
      .prepare('INSERT INTO dynamodb_tables (name, description) VALUES (?, ?)')
      .run(name, JSON.stringify(description));
    return description;
  }

  /** The table named `name`, or undefined. */
  find(name: string): TableSchema | undefined {
    const version = this.versionStatement.get() as number;
    if (version !== this.version) {
      this.cache.clear();
      this.version = version;
    }
    const cached = this.cache.get(name);
    if (cached) return cached;
    const row = this.selectStatement.get(name) as
      { id: number; name: string; description: string } | undefined;
    if (!row) return undefined;
    const description = JSON.parse(row.description) as TableDescription;
    const attribute = (key: KeySchemaElement | undefined): KeyAttribute | undefined => {
      if (!key) return undefined;
      const def = description.AttributeDefinitions.find(
        (d) => d.AttributeName === key.AttributeName,
      );
      return { name: key.AttributeName, type: def?.AttributeType ?? 'S' };
    };
    const hash = attribute(description.KeySchema[0]) as KeyAttribute;
    const range = attribute(description.KeySchema[1]);
    const schema: TableSchema = {
      id: row.id,
      name: row.name,
      hash,
      range,
      keyNames: range ? [hash.name, range.name] : [hash.name],
      description,
    };
    this.cache.set(name, schema);
    return schema;
  }

  /** The table named by a request's TableName, or ResourceNotFoundException. */
  get(tableName: unknown): TableSchema {
    const name = tableNameOf(tableName);
    const schema = this.find(name);
    if (!schema) throw tableNotFound(name);
    return schema;
  }

  /** The description of a table with its current item count and size. */
  describe(schema: TableSchema): TableDescription {
    const stats = this.options.db
      .prepare(
        'SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM dynamodb_items WHERE table_id = ?',
      )
      .get(schema.id) as { n: number; bytes: number };
    return { ...schema.description, ItemCount: stats.n, TableSizeBytes: stats.bytes };
  }

  /** Deletes a table and its items; returns its last description (status DELETING). */
  delete(schema: TableSchema): TableDescription {
    const description = this.describe(schema);
    this.options.db.transaction(() => {
      this.options.db.prepare('DELETE FROM dynamodb_items WHERE table_id = ?').run(schema.id);
      this.options.db.prepare('DELETE FROM dynamodb_tables WHERE id = ?').run(schema.id);
    })();
    this.cache.delete(schema.name);
    return { ...description, TableStatus: 'DELETING' };
  }

  /** One page of table names, in name order. */
  list(input: Record<string, unknown>): ListTablesOutput {
    const limit = limitOf(input.Limit, 'limit', 100) ?? 100;
    const start =
      input.ExclusiveStartTableName === undefined
        ? ''
        : tableNameOf(input.ExclusiveStartTableName, 3, 'exclusiveStartTableName');
    const names = this.options.db
      .prepare('SELECT name FROM dynamodb_tables WHERE name > ? ORDER BY name LIMIT ?')
      .pluck()
      .all(start, limit + 1) as string[];
    const page = names.slice(0, limit);
    const last = page[page.length - 1];
    return names.length > limit && last !== undefined
      ? { TableNames: page, LastEvaluatedTableName: last }
      : { TableNames: page };
  }
}
