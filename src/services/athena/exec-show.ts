import type { TableRow } from './catalog-store.js';
import type { ExecContext, StatementRun } from './exec-context.js';
import { requireDatabase, requireTable } from './exec-ddl.js';
import { partitionPath } from './partition-paths.js';
import type { Statement } from './statements.js';

/**
 * SHOW DATABASES / TABLES / PARTITIONS / COLUMNS / CREATE TABLE and DESCRIBE:
 * read the catalog and answer with lines, as Athena's `.txt` results do.
 */

type ShowStatement = Extract<
  Statement,
  {
    kind:
      | 'showDatabases'
      | 'showTables'
      | 'showPartitions'
      | 'showColumns'
      | 'showCreateTable'
      | 'describe';
  }
>;

/** The column name Athena gives each statement's single result column. */
export const SHOW_COLUMN: Readonly<Record<ShowStatement['kind'], string>> = {
  showDatabases: 'database_name',
  showTables: 'tab_name',
  showPartitions: 'partition',
  showColumns: 'field',
  showCreateTable: 'createtab_stmt',
  describe: 'col_name',
};

/** The result lines of a SHOW or DESCRIBE statement. */
export function executeShow(
  ctx: ExecContext,
  run: StatementRun,
  statement: ShowStatement,
): string[] {
  switch (statement.kind) {
    case 'showDatabases':
      return ctx.store
        .databases()
        .map((d) => d.input.Name)
        .filter(hivePattern(statement.pattern));
    case 'showTables': {
      const database = requireDatabase(
        ctx,
        { name: '', position: 0, ...(statement.database ? { database: statement.database } : {}) },
        run,
      );
      return ctx.store
        .tables(database)
        .map((t) => t.input.Name)
        .filter(hivePattern(statement.pattern));
    }
    case 'showPartitions': {
      const row = requireTable(ctx, statement.table, run);
      const keys = (row.input.PartitionKeys ?? []).map((k) => k.Name);
      return ctx.store
        .partitions(row.database, row.input.Name)
        .map((p) => partitionPath(keys, p.values));
    }
    case 'showColumns': {
      const row = requireTable(ctx, statement.table, run);
      return allColumns(row).map((c) => c.Name);
    }
    case 'describe':
      return describe(requireTable(ctx, statement.table, run));
    case 'showCreateTable':
      return createStatement(requireTable(ctx, statement.table, run));
  }
}

function allColumns(row: TableRow) {
  return [...(row.input.StorageDescriptor?.Columns ?? []), ...(row.input.PartitionKeys ?? [])];
}

function describe(row: TableRow): string[] {
  const line = (c: { Name: string; Type?: string; Comment?: string }) =>
    `${c.Name.padEnd(20)}\t${(c.Type ?? '').padEnd(20)}\t${c.Comment ?? ''}`;
  const lines = allColumns(row).map(line);
  const keys = row.input.PartitionKeys ?? [];
  if (keys.length > 0) {
    lines.push(
      '',
      '# Partition Information',
      `${'# col_name'.padEnd(20)}\t${'data_type'.padEnd(20)}\tcomment`,
      '',
    );
    lines.push(...keys.map(line));
  }
  return lines;
}

function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function createStatement(row: TableRow): string[] {
  const sd = row.input.StorageDescriptor ?? {};
  const column = (c: { Name: string; Type?: string; Comment?: string }) =>
    `  \`${c.Name}\` ${c.Type ?? 'string'}${c.Comment ? ` COMMENT ${quoted(c.Comment)}` : ''}`;
  const lines = [`CREATE EXTERNAL TABLE \`${row.database}\`.\`${row.input.Name}\`(`];
  const columns = (sd.Columns ?? []).map(column);
  lines.push(...columns.map((c, i) => (i < columns.length - 1 ? `${c},` : `${c})`)));
  const keys = (row.input.PartitionKeys ?? []).map(column);
  if (keys.length > 0) {
    lines.push('PARTITIONED BY ( ');
    lines.push(...keys.map((c, i) => (i < keys.length - 1 ? `${c},` : `${c})`)));
  }
  lines.push('ROW FORMAT SERDE ', `  ${quoted(sd.SerdeInfo?.SerializationLibrary ?? '')} `);
  const params = Object.entries(sd.SerdeInfo?.Parameters ?? {});
  if (params.length > 0) {
    lines.push('WITH SERDEPROPERTIES ( ');
    lines.push(
      ...params.map(
        ([k, v], i) => `  ${quoted(k)}=${quoted(v)}${i < params.length - 1 ? ',' : ')'} `,
      ),
    );
  }
  lines.push('STORED AS INPUTFORMAT ', `  ${quoted(sd.InputFormat ?? '')} `);
  lines.push('OUTPUTFORMAT ', `  ${quoted(sd.OutputFormat ?? '')}`);
  lines.push('LOCATION', `  ${quoted(sd.Location ?? '')}`);
  const props = Object.entries(row.input.Parameters ?? {}).filter(([k]) => k !== 'EXTERNAL');
  if (props.length > 0) {
    lines.push('TBLPROPERTIES (');
    lines.push(
      ...props.map(
        ([k, v], i) => `  ${quoted(k)}=${quoted(v)}${i < props.length - 1 ? ', ' : ')'}`,
      ),
    );
  }
  return lines;
}

/** Hive's SHOW pattern: `*` any run of characters, `|` alternatives, case-insensitive. */
function hivePattern(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const source = pattern
    .split('|')
    .map((alt) =>
      alt
        .trim()
        .split('*')
        .map((p) => p.replace(/[.+?^${}()[\]\\]/g, '\\$&'))
        .join('.*'),
    )
    .join('|');
  const regex = new RegExp(`^(?:${source})$`, 'i');
  return (name) => regex.test(name);
}
