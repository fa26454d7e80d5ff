import { z } from 'zod';
import type { TableDescription, TableStore } from '../../services/dynamodb/index.js';
import type { ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import { cannotChange, cfnTags, defined, tagsSchema, unlessMissing } from './support.js';

/**
 * `table`: a DynamoDB table with a hash key and an optional range key, billed
 * on demand. The key schema is fixed once the table exists: a changed key is
 * refused with the fix, never applied by dropping the items.
 */

const keySchema = z.strictObject({
  /** The key attribute's name. */
  name: z.string().min(1).max(255),
  /** S (string, default), N (number) or B (binary). */
  type: z.enum(['S', 'N', 'B']).default('S'),
});

const tableSchema = z
  .strictObject({
    kind: z.literal('table'),
    /** The table name: 3-255 letters, digits, `_`, `-`, `.`. */
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9_.-]{3,255}$/,
        'a table name is 3-255 letters, digits, underscores, hyphens and dots',
      ),
    /** The partition key. */
    hashKey: keySchema,
    /** The sort key, if any. */
    rangeKey: keySchema.optional(),
    /** Tags (synthesized only). */
    tags: tagsSchema.optional(),
  })
  .refine((spec) => spec.rangeKey === undefined || spec.rangeKey.name !== spec.hashKey.name, {
    path: ['rangeKey', 'name'],
    message: 'the range key must be another attribute than the hash key',
  });

/** A table spec. */
export type TableSpec = z.infer<typeof tableSchema>;

/** The `table` kind. */
export const tableKind = defineKind<TableSpec>({
  kind: 'table',
  logicalIdSuffix: 'Table',
  schema: tableSchema,
  key: (spec) => spec.name,
  plan: (host, spec) => planTable(host.services.dynamodb, spec),
  async apply(host, spec) {
    const plan = await planTable(host.services.dynamodb, spec);
    if (plan.action === 'conflict') throw cannotChange(plan.problem);
    if (plan.action !== 'create') return 'unchanged';
    await host.services.dynamodb.createTable({
      TableName: spec.name,
      ...keyDefinitions(spec),
      BillingMode: 'PAY_PER_REQUEST',
      ...(spec.tags ? { Tags: cfnTags(spec.tags) as Array<{ Key: string; Value: string }> } : {}),
    });
    return 'created';
  },
  async remove(host, spec) {
    const gone = await unlessMissing(
      () => host.services.dynamodb.deleteTable({ TableName: spec.name }),
      'ResourceNotFoundException',
    );
    return gone ? 'deleted' : 'absent';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::DynamoDB::Table',
          Properties: defined({
            TableName: spec.name,
            ...keyDefinitions(spec),
            BillingMode: 'PAY_PER_REQUEST',
            Tags: cfnTags(spec.tags),
          }),
        },
      },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of table ${spec.name}`,
          Value: { 'Fn::GetAtt': [context.logicalId, 'Arn'] },
        },
      },
    };
  },
});

/** KeySchema and AttributeDefinitions of a spec, in DynamoDB's shape. */
function keyDefinitions(spec: TableSpec) {
  const keys = [
    { key: spec.hashKey, KeyType: 'HASH' as const },
    ...(spec.rangeKey ? [{ key: spec.rangeKey, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    KeySchema: keys.map(({ key, KeyType }) => ({ AttributeName: key.name, KeyType })),
    AttributeDefinitions: keys.map(({ key }) => ({
      AttributeName: key.name,
      AttributeType: key.type,
    })),
  };
}

function describeKeys(schema: Array<{ name: string; type: string; keyType: string }>): string {
  return schema.map((k) => `${k.keyType} ${k.name} (${k.type})`).join(', ');
}

function compareKeys(table: TableDescription, spec: TableSpec): ResourcePlan {
  const types = new Map(table.AttributeDefinitions.map((a) => [a.AttributeName, a.AttributeType]));
  const current = table.KeySchema.map((k) => ({
    name: k.AttributeName,
    type: types.get(k.AttributeName) ?? '?',
    keyType: k.KeyType,
  }));
  const wanted = keyDefinitions(spec).KeySchema.map((k, i) => ({
    name: k.AttributeName,
    type: keyDefinitions(spec).AttributeDefinitions[i]?.AttributeType ?? 'S',
    keyType: k.KeyType,
  }));
  const now = describeKeys(current);
  const next = describeKeys(wanted);
  if (now === next) return { action: 'unchanged' };
  return {
    action: 'conflict',
    problem: `table '${spec.name}' has the key schema ${now}, but the config asks for ${next}; DynamoDB cannot change a table's keys in place. Give the table a new name, or delete it (modelmill down, if this stack created it; its items are lost) and run up again`,
  };
}

async function planTable(dynamodb: TableStore, spec: TableSpec): Promise<ResourcePlan> {
  const found = await unlessMissing(
    () => dynamodb.describeTable({ TableName: spec.name }),
    'ResourceNotFoundException',
  );
  return found ? compareKeys(found.Table, spec) : { action: 'create' };
}
