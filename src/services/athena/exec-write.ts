import { relative, sep } from 'node:path';
import type { Column } from './catalog-types.js';
import { completePartition } from './catalog.js';
import type { TableRow } from './catalog-store.js';
import { writtenTableInput } from './ddl-create-table.js';
import type { ExecContext, PreparedQuery, StatementRun } from './exec-context.js';
import { prepareQuery, runWrapped, withRunConnection } from './exec-context.js';
import { hiveTypeOfDuckDb, quoteIdent } from './hive-types.js';
import { withSlash } from './partition-paths.js';
import { AthenaErrorType, notSupported, sqlFailure } from './query-errors.js';
import type { Statement } from './statements.js';
import { listDataFiles, locationFolder } from './table-files.js';
import { fileFormat, typedColumns } from './table-format.js';
import type { WriteFormat, WriteTarget } from './table-writer.js';
import { writeSelect } from './table-writer.js';

/**
 * CREATE TABLE AS SELECT and INSERT INTO: the query's rows written as new
 * objects under the table's location (Parquet, JSON lines or delimited text,
 * Hive partition folders for partitioned tables), then the table and its new
 * partitions registered in the catalog. Resolve to the number of rows written.
 */

type Ctas = Extract<Statement, { kind: 'createTableAs' }>;
type Insert = Extract<Statement, { kind: 'insertInto' }>;

const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;

/** Runs a CTAS statement. */
export async function executeCtas(
  ctx: ExecContext,
  run: StatementRun,
  statement: Ctas,
): Promise<number> {
  const database = statement.table.database ?? run.database;
  const name = statement.table.name;
  const at = statement.table.position;
  if (!ctx.store.database(database)) {
    throw sqlFailure(
      'SCHEMA_NOT_FOUND',
      `Schema '${database}' does not exist`,
      run.statement,
      at,
      AthenaErrorType.EntityNotFound,
    );
  }
  if (ctx.store.table(database, name)) {
    if (statement.ifNotExists) return 0;
    throw sqlFailure(
      'TABLE_ALREADY_EXISTS',
      `Table 'awsdatacatalog.${database}.${name}' already exists. Use CREATE TABLE IF NOT EXISTS, or DROP TABLE first.`,
      run.statement,
      at,
      AthenaErrorType.DdlTaskFailed,
    );
  }
  const props = statement.properties;
  if (props.format === 'ORC' || props.format === 'AVRO' || props.format === 'ION') {
    throw notSupported(
      `format '${props.format}' cannot be written by the embedded Athena: use PARQUET, JSON or TEXTFILE`,
    );
  }
  const location =
    props.externalLocation ??
    (run.outputLocation === undefined
      ? undefined
      : `${withSlash(run.outputLocation)}tables/${run.queryId}/`);
  if (location === undefined) {
    throw notSupported(
      "CTAS needs a location: add WITH (external_location = 's3://<bucket>/<prefix>/')",
    );
  }
  const dir = locationFolder(ctx.objects, location, `table ${database}.${name}`);
  if (listDataFiles(dir).length > 0) {
    throw sqlFailure(
      'HIVE_PATH_ALREADY_EXISTS',
      `Target directory for table '${database}.${name}' already exists: ${location}. Use a new external_location, or delete the objects there first.`,
      run.statement,
      at,
      AthenaErrorType.InvalidArgument,
    );
  }
  return withRunConnection(ctx, run, async (conn) => {
    const query = await prepareQuery(ctx, run, conn, statement.query);
    const columns = ctasColumns(query, run, statement);
    const format: WriteFormat =
      props.format === 'JSON' ? 'json' : props.format === 'TEXTFILE' ? 'csv' : 'parquet';
    const delimiter = props.fieldDelimiter ?? '\u0001';
    let written = { rows: 0, partitions: [] as { values: string[]; dir: string }[] };
    if (statement.withData) {
      const projection = columns.map((c, i) => `#${i + 1} AS ${quoteIdent(c.Name)}`).join(', ');
      const prefix = `COPY (SELECT ${projection} FROM (\n`;
      const target: WriteTarget = {
        dir,
        format,
        partitionBy: props.partitionedBy,
        fileBase: run.queryId,
        ...(props.writeCompression ? { compression: props.writeCompression } : {}),
        delimiter,
      };
      written = await writeSelect(
        conn,
        `SELECT ${projection} FROM (\n${query.translated.sql}\n) AS q`,
        target,
        (sql) =>
          runWrapped(run, query, prefix.length, async () =>
            Number((await conn.run(sql)).rowsChanged),
          ),
      );
    }
    const keys = props.partitionedBy;
    const input = writtenTableInput(
      name,
      location,
      format,
      delimiter,
      columns.filter((c) => !keys.includes(c.Name)),
      columns.filter((c) => keys.includes(c.Name)),
    );
    const now = ctx.clock.now();
    ctx.store.transaction(() => {
      ctx.store.insertTable(database, input, now);
      const row = ctx.store.table(database, name) as TableRow;
      for (const p of written.partitions) {
        const partitionLocation = folderUri(location, dir, p.dir);
        ctx.store.insertPartition(
          database,
          name,
          completePartition(row, {
            Values: p.values,
            StorageDescriptor: { Location: partitionLocation },
          }),
          now,
        );
      }
    });
    return written.rows;
  });
}

function ctasColumns(query: PreparedQuery, run: StatementRun, statement: Ctas): Column[] {
  const columns = query.columns.map((c, i) => {
    const name = c.name.toLowerCase();
    if (!COLUMN_NAME.test(name)) {
      throw sqlFailure(
        'COLUMN_NAME_NOT_SPECIFIED',
        `Column name not specified at position ${i + 1} ('${c.name}'): give the expression an alias (AS name) of letters, digits and underscores`,
        run.statement,
        statement.query.offset,
      );
    }
    return { Name: name, Type: hiveTypeOfDuckDb(c.type) };
  });
  const names = columns.map((c) => c.Name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw sqlFailure(
      'DUPLICATE_COLUMN_NAME',
      `Column name '${duplicate}' specified more than once: alias one of them`,
      run.statement,
      statement.query.offset,
    );
  }
  const keys = statement.properties.partitionedBy;
  const tail = names.slice(names.length - keys.length);
  if (keys.length > 0 && (keys.length >= names.length || keys.some((k, i) => tail[i] !== k))) {
    throw sqlFailure(
      'INVALID_TABLE_PROPERTY',
      `Partition keys must be the last columns in the table and in the same order as the table properties: [${keys.join(', ')}] (the query's columns are [${names.join(', ')}])`,
      run.statement,
      statement.query.offset,
      AthenaErrorType.InvalidTableProperty,
    );
  }
  return columns;
}

/** The `s3://` URI of `folder`, a folder under `tableDir` (the folder of `location`). */
function folderUri(location: string, tableDir: string, folder: string): string {
  return `${withSlash(location)}${relative(tableDir, folder).split(sep).join('/')}/`;
}

/** Runs an INSERT INTO statement. */
export async function executeInsert(
  ctx: ExecContext,
  run: StatementRun,
  statement: Insert,
): Promise<number> {
  const database = statement.table.database ?? run.database;
  const row = ctx.store.database(database)
    ? ctx.store.table(database, statement.table.name)
    : undefined;
  if (!row) {
    throw sqlFailure(
      'TABLE_NOT_FOUND',
      `Table 'awsdatacatalog.${database}.${statement.table.name}' does not exist`,
      run.statement,
      statement.table.position,
      AthenaErrorType.TableNotFound,
    );
  }
  const name = `${database}.${row.input.Name}`;
  const format = fileFormat(row.input, name);
  const data = typedColumns(row.input.StorageDescriptor?.Columns, name);
  const keys = typedColumns(row.input.PartitionKeys, name);
  const targets = [...data, ...keys];
  const listed = statement.columns ?? targets.map((c) => c.name);
  const unknown = listed.find((c) => !targets.some((t) => t.name === c));
  if (unknown !== undefined) {
    throw sqlFailure(
      'COLUMN_NOT_FOUND',
      `Insert column name does not exist in target table: ${unknown}`,
      run.statement,
      statement.table.position,
      AthenaErrorType.SchemaError,
    );
  }
  const location = row.input.StorageDescriptor?.Location ?? '';
  const dir = locationFolder(ctx.objects, location, `table ${name}`);
  return withRunConnection(ctx, run, async (conn) => {
    const query = await prepareQuery(ctx, run, conn, statement.query);
    if (query.columns.length !== listed.length) {
      throw sqlFailure(
        'TYPE_MISMATCH',
        `Insert query has ${query.columns.length} column(s) but ${listed.length} target column(s) [${listed.join(', ')}] of table ${name}: select one value per column, or list the columns (INSERT INTO t (a, b) SELECT ...)`,
        run.statement,
        statement.query.offset,
      );
    }
    const projection = targets
      .map((t) => {
        const i = listed.indexOf(t.name);
        return `CAST(${i < 0 ? 'NULL' : `#${i + 1}`} AS ${t.duck}) AS ${quoteIdent(t.name)}`;
      })
      .join(', ');
    const prefix = `COPY (SELECT ${projection} FROM (\n`;
    const serdeParams = row.input.StorageDescriptor?.SerdeInfo?.Parameters ?? {};
    const delimiter = serdeParams['field.delim'] ?? serdeParams['serialization.format'] ?? '\u0001';
    const target: WriteTarget = {
      dir,
      format: format.kind === 'parquet' ? 'parquet' : format.kind === 'json' ? 'json' : 'csv',
      partitionBy: keys.map((k) => k.name),
      fileBase: run.queryId,
      delimiter: delimiter === '1' ? '\u0001' : delimiter,
      partitionDir: (values) => {
        const existing = ctx.store.partition(database, row.input.Name, values);
        const at = existing?.input.StorageDescriptor.Location;
        return at === undefined
          ? undefined
          : locationFolder(ctx.objects, at, `a partition of ${name}`);
      },
    };
    const written = await writeSelect(
      conn,
      `SELECT ${projection} FROM (\n${query.translated.sql}\n) AS q`,
      target,
      (sql) =>
        runWrapped(run, query, prefix.length, async () =>
          Number((await conn.run(sql)).rowsChanged),
        ),
    );
    const now = ctx.clock.now();
    for (const p of written.partitions) {
      if (ctx.store.partition(database, row.input.Name, p.values)) continue;
      const partitionLocation = folderUri(location, dir, p.dir);
      ctx.store.insertPartition(
        database,
        row.input.Name,
        completePartition(row, {
          Values: p.values,
          StorageDescriptor: { Location: partitionLocation },
        }),
        now,
      );
    }
    return written.rows;
  });
}
