import { ModelmillError } from '../../core/index.js';
import type { ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import type { AthenaTableSpec } from './athena-table-spec.js';
import {
  athenaTableSchema,
  partitionLayoutChanged,
  tableChanges,
  tableInputOf,
} from './athena-table-spec.js';
import type { ResourceReference } from './references.js';
import { cannotChange, unlessMissing } from './support.js';
import { linkTo } from './synth-links.js';

/**
 * `athenaTable`: an external table of the Glue Data Catalog over files in
 * S3 (JSON lines, Parquet or CSV, optionally Hive-partitioned), as Athena
 * queries read it. Columns, location, format and properties change in place
 * (the files are not touched); partition keys too, unless partitions are
 * registered under the old keys. Removing it drops the table, not the data.
 */

export type { AthenaTableSpec } from './athena-table-spec.js';

/** The database a table needs before it is applied. */
export function athenaTableReferences(spec: AthenaTableSpec): ResourceReference[] {
  return [{ kind: 'athenaDatabase', key: spec.database, field: 'database' }];
}

/** The `athenaTable` kind. */
export const athenaTableKind = defineKind<AthenaTableSpec>({
  kind: 'athenaTable',
  logicalIdSuffix: 'GlueTable',
  schema: athenaTableSchema,
  key: (spec) => `${spec.database}.${spec.name}`,
  plan: planTable,
  async apply(host, spec) {
    const plan = await planTable(host, spec);
    if (plan.action === 'conflict') throw cannotChange(plan.problem);
    if (plan.action === 'unchanged') return 'unchanged';
    const catalog = host.services.athena.catalog;
    const input = { DatabaseName: spec.database, TableInput: tableInputOf(spec) };
    if (plan.action === 'update') {
      await catalog.updateTable(input);
      return 'updated';
    }
    await requireDatabase(host, spec);
    await catalog.createTable(input);
    return 'created';
  },
  async remove(host, spec) {
    const gone = await unlessMissing(
      () =>
        host.services.athena.catalog.deleteTable({ DatabaseName: spec.database, Name: spec.name }),
      'EntityNotFoundException',
    );
    return gone ? 'deleted' : 'absent';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::Glue::Table',
          Properties: {
            CatalogId: { Ref: 'AWS::AccountId' },
            DatabaseName: linkTo(context, 'athenaDatabase', spec.database, (name) => name),
            TableInput: tableInputOf(spec),
          },
        },
      },
    };
  },
});

async function requireDatabase(host: ResourceHost, spec: AthenaTableSpec): Promise<void> {
  const found = await unlessMissing(
    () => host.services.athena.catalog.getDatabase({ Name: spec.database }),
    'EntityNotFoundException',
  );
  if (!found) {
    throw new ModelmillError(
      'EntityNotFoundException',
      `database: Athena table '${spec.name}' is in database '${spec.database}', which does not exist; declare it as an athenaDatabase before this table in the config (resources are applied in the order listed), or create it first`,
    );
  }
}

async function planTable(host: ResourceHost, spec: AthenaTableSpec): Promise<ResourcePlan> {
  const catalog = host.services.athena.catalog;
  const found = await unlessMissing(
    () => catalog.getTable({ DatabaseName: spec.database, Name: spec.name }),
    'EntityNotFoundException',
  );
  if (!found) return { action: 'create' };
  const changes = tableChanges(found.Table, spec);
  if (changes.length === 0) return { action: 'unchanged' };
  if (partitionLayoutChanged(found.Table, spec)) {
    const { Partitions } = await catalog.getPartitions({
      DatabaseName: spec.database,
      TableName: spec.name,
      MaxResults: 1,
    });
    if (Partitions.length > 0) {
      const now = (found.Table.PartitionKeys ?? []).map((k) => k.Name).join(', ') || 'none';
      const next = spec.partitionKeys.map((k) => k.name).join(', ') || 'none';
      return {
        action: 'conflict',
        problem: `Athena table '${spec.database}.${spec.name}' is partitioned by (${now}) with partitions registered, but the config asks for (${next}); the registered partitions would no longer match. Drop them first (ALTER TABLE ${spec.database}.${spec.name} DROP PARTITION ..., or modelmill down then up), or give the table a new name`,
      };
    }
  }
  return { action: 'update', changes };
}
