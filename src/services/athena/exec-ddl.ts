import { isS3Uri } from '../../core/index.js';
import { completePartition } from './catalog.js';
import type { TableRow } from './catalog-store.js';
import type { ExecContext, StatementRun } from './exec-context.js';
import { partitionPath, withSlash } from './partition-paths.js';
import { AthenaErrorType, ddlSemanticFailure } from './query-errors.js';
import type { PartitionSpec, Statement, TableName } from './statements.js';
import { locationFolder } from './table-files.js';
import { discoverPartitions } from './table-source.js';

/**
 * The Hive DDL that changes the catalog: databases, external tables,
 * partitions (ALTER TABLE ADD/DROP PARTITION, MSCK REPAIR TABLE), table
 * location and properties. Failures read as Hive's (`FAILED: SemanticException
 * ...`) with the fix appended. Each resolves to the lines of its `.txt` result.
 */

type DdlStatement = Extract<
  Statement,
  {
    kind:
      | 'createDatabase'
      | 'dropDatabase'
      | 'createTable'
      | 'dropTable'
      | 'msckRepair'
      | 'addPartitions'
      | 'dropPartitions'
      | 'setLocation'
      | 'setProperties';
  }
>;

/** Runs one catalog DDL statement; resolves to its output lines. */
export async function executeDdl(
  ctx: ExecContext,
  run: StatementRun,
  statement: DdlStatement,
): Promise<string[]> {
  const now = ctx.clock.now();
  const store = ctx.store;
  switch (statement.kind) {
    case 'createDatabase':
      if (!store.insertDatabase(statement.input, now) && !statement.ifNotExists) {
        throw ddlSemanticFailure(
          `Database ${statement.input.Name} already exists. Use CREATE DATABASE IF NOT EXISTS, or another name.`,
        );
      }
      return [];
    case 'dropDatabase':
      return dropDatabase(ctx, run, statement);
    case 'createTable': {
      const database = requireDatabase(ctx, statement.table, run);
      const location = statement.input.StorageDescriptor?.Location;
      if (location === undefined || !isS3Uri(location)) {
        throw ddlSemanticFailure(
          `LOCATION is required for an external table and must be an s3:// URI (table ${database}.${statement.table.name}): add LOCATION 's3://<bucket>/<prefix>/'.`,
        );
      }
      if (!store.insertTable(database, statement.input, now) && !statement.ifNotExists) {
        throw ddlSemanticFailure(
          `AlreadyExistsException: Table ${database}.${statement.table.name} already exists. Use CREATE EXTERNAL TABLE IF NOT EXISTS, or DROP TABLE first.`,
        );
      }
      return [];
    }
    case 'dropTable': {
      const database = requireDatabase(ctx, statement.table, run);
      if (!store.table(database, statement.table.name)) {
        if (statement.ifExists) return [];
        throw tableNotFound(database, statement.table.name);
      }
      store.deleteTable(database, statement.table.name);
      return [];
    }
    case 'msckRepair':
      return repair(ctx, requireTable(ctx, statement.table, run), now);
    case 'addPartitions':
      return addPartitions(ctx, requireTable(ctx, statement.table, run), statement, now);
    case 'dropPartitions': {
      const row = requireTable(ctx, statement.table, run);
      for (const spec of statement.partitions) {
        const values = specValues(row, spec);
        if (!store.deletePartition(row.database, row.input.Name, values) && !statement.ifExists) {
          throw ddlSemanticFailure(
            `[Error 10006]: Partition not found (${describeSpec(spec)}) in table ${row.database}.${row.input.Name}. Use DROP IF EXISTS, or SHOW PARTITIONS to see what exists.`,
          );
        }
      }
      return [];
    }
    case 'setLocation': {
      const row = requireTable(ctx, statement.table, run);
      const sd = { ...(row.input.StorageDescriptor ?? {}), Location: statement.location };
      store.replaceTable(row.database, { ...row.input, StorageDescriptor: sd }, now);
      return [];
    }
    case 'setProperties': {
      const row = requireTable(ctx, statement.table, run);
      const Parameters = { ...(row.input.Parameters ?? {}), ...statement.properties };
      store.replaceTable(row.database, { ...row.input, Parameters }, now);
      return [];
    }
  }
}

async function dropDatabase(
  ctx: ExecContext,
  run: StatementRun,
  statement: Extract<Statement, { kind: 'dropDatabase' }>,
): Promise<string[]> {
  if (!ctx.store.database(statement.name)) {
    if (statement.ifExists) return [];
    throw ddlSemanticFailure(`[Error 10072]: Database does not exist: ${statement.name}`);
  }
  if (statement.name === 'default') {
    throw ddlSemanticFailure('Can not drop default database: drop its tables instead.');
  }
  if (!statement.cascade && ctx.store.tables(statement.name).length > 0) {
    throw ddlSemanticFailure(
      `InvalidOperationException: Database ${statement.name} is not empty. One or more tables exist. Drop them first, or use DROP DATABASE ${statement.name} CASCADE.`,
    );
  }
  ctx.store.deleteDatabase(statement.name);
  await ctx.host.exclusive(() =>
    ctx.host.withConnection(run.database === statement.name ? 'default' : run.database, (conn) =>
      ctx.views.dropSchema(conn, statement.name),
    ),
  );
  return [];
}

/** The database a name resolves in; Hive's "Database does not exist" otherwise. */
export function requireDatabase(ctx: ExecContext, table: TableName, run: StatementRun): string {
  const database = table.database ?? run.database;
  if (!ctx.store.database(database)) {
    throw ddlSemanticFailure(
      `[Error 10072]: Database does not exist: ${database}. Create it with CREATE DATABASE ${database}.`,
      AthenaErrorType.EntityNotFound,
    );
  }
  return database;
}

/** The table a name resolves to; Hive's "Table not found" otherwise. */
export function requireTable(ctx: ExecContext, table: TableName, run: StatementRun): TableRow {
  const database = requireDatabase(ctx, table, run);
  const row = ctx.store.table(database, table.name);
  if (!row) throw tableNotFound(database, table.name);
  return row;
}

function tableNotFound(database: string, name: string) {
  return ddlSemanticFailure(
    `[Error 10001]: Table not found ${database}.${name}. Check the name (SHOW TABLES IN ${database}).`,
    AthenaErrorType.TableNotFound,
  );
}

function keysOf(row: TableRow): string[] {
  return (row.input.PartitionKeys ?? []).map((k) => k.Name.toLowerCase());
}

function describeSpec(spec: PartitionSpec): string {
  return Object.entries(spec.values)
    .map(([k, v]) => `${k}='${v}'`)
    .join(', ');
}

/** The values of a full partition spec, in key order. */
function specValues(row: TableRow, spec: PartitionSpec): string[] {
  const keys = keysOf(row);
  const given = Object.keys(spec.values);
  const unknown = given.filter((k) => !keys.includes(k));
  const missing = keys.filter((k) => spec.values[k] === undefined);
  if (keys.length === 0 || unknown.length > 0 || missing.length > 0) {
    const problem =
      keys.length === 0
        ? 'the table is not partitioned'
        : unknown.length > 0
          ? `${unknown.join(', ')} ${unknown.length > 1 ? 'are not partition keys' : 'is not a partition key'}`
          : `the value of ${missing.join(', ')} is missing`;
    throw ddlSemanticFailure(
      `[Error 10098]: Partition spec (${describeSpec(spec)}) is invalid for table ${row.database}.${row.input.Name}: ${problem}. Give a value for each partition key (${keys.join(', ')}).`,
    );
  }
  return keys.map((k) => spec.values[k] ?? '');
}

function addPartitions(
  ctx: ExecContext,
  row: TableRow,
  statement: Extract<Statement, { kind: 'addPartitions' }>,
  now: number,
): string[] {
  const inputs = statement.partitions.map((spec) => {
    const values = specValues(row, spec);
    if (spec.location !== undefined && !isS3Uri(spec.location)) {
      throw ddlSemanticFailure(
        `Partition location '${spec.location}' is not an s3:// URI: write LOCATION 's3://<bucket>/<prefix>/'.`,
      );
    }
    const sd = spec.location === undefined ? undefined : { Location: spec.location };
    return completePartition(
      row,
      sd ? { Values: values, StorageDescriptor: sd } : { Values: values },
    );
  });
  ctx.store.transaction(() => {
    for (const input of inputs) {
      if (
        !ctx.store.insertPartition(row.database, row.input.Name, input, now) &&
        !statement.ifNotExists
      ) {
        throw ddlSemanticFailure(
          `AlreadyExistsException: Partition already exists (${input.Values.join(', ')}) in table ${row.database}.${row.input.Name}. Use ADD IF NOT EXISTS.`,
        );
      }
    }
  });
  return [];
}

/** MSCK REPAIR TABLE: registers every `k=v/...` folder under the location that is not registered yet. */
function repair(ctx: ExecContext, row: TableRow, now: number): string[] {
  const keys = keysOf(row);
  const location = row.input.StorageDescriptor?.Location;
  if (keys.length === 0 || location === undefined) return [];
  const dir = locationFolder(ctx.objects, location, `table ${row.database}.${row.input.Name}`);
  const missing = discoverPartitions(dir, keys).filter(
    (found) => !ctx.store.partition(row.database, row.input.Name, found.values),
  );
  if (missing.length === 0) return [];
  const name = row.input.Name;
  const paths = missing.map((m) => `${name}:${partitionPath(keys, m.values)}`);
  for (const found of missing) {
    const Location = `${withSlash(location)}${found.path}/`;
    const input = completePartition(row, { Values: found.values, StorageDescriptor: { Location } });
    ctx.store.insertPartition(row.database, name, input, now);
  }
  return [
    `Partitions not in metastore:\t${paths.join('\t')}`,
    ...paths.map((p) => `Repair: Added partition to metastore ${p}`),
  ];
}
