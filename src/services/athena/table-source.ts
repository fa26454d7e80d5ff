import { join } from 'node:path';
import type { CatalogStore, TableRow } from './catalog-store.js';
import { quoteIdent, quoteString } from './hive-types.js';
import { escapePathValue, valuesOfPath } from './partition-paths.js';
import { AthenaErrorType, QueryFailure } from './query-errors.js';
import type { DataFile } from './table-files.js';
import { listDataFiles, locationFolder, subFolders } from './table-files.js';
import type { FileFormat, TypedColumn } from './table-format.js';
import { fileFormat, typedColumns } from './table-format.js';
import type { ObjectFiles } from './types.js';

/**
 * The SELECT a table's DuckDB view runs: a reader over exactly the files of
 * the table (or of its registered partitions), with the catalog's column
 * names and types. Partition values come from the catalog: when every
 * partition sits at its Hive path (`<location>/k=v/...`) one reader parses
 * them from the paths (so DuckDB prunes files on partition filters);
 * otherwise each partition is read on its own with its values as constants.
 * Tables with `projection.enabled` take their partitions from the folders.
 */

/** What the source needs besides the table. */
export interface SourceContext {
  objects: ObjectFiles;
  store: CatalogStore;
  /** Lower-case names of the columns present in any of the Parquet files. */
  parquetColumns(files: readonly DataFile[]): Promise<ReadonlySet<string>>;
  /** The keys the JSON objects in the files use, as spelled there. */
  jsonKeys(files: readonly DataFile[]): Promise<ReadonlySet<string>>;
}

/** A table's view body and what it reads. */
export interface TableSource {
  sql: string;
  /** Total size of the files read. */
  bytes: number;
  files: number;
}

interface PartitionFiles {
  values: string[];
  dir: string;
  files: DataFile[];
}

/** Builds the view body of `row`. Throws QueryFailure for unreadable definitions or missing buckets. */
export async function buildTableSource(ctx: SourceContext, row: TableRow): Promise<TableSource> {
  const input = row.input;
  const name = `${row.database}.${input.Name}`;
  const format = fileFormat(input, name);
  const columns = typedColumns(input.StorageDescriptor?.Columns, name);
  const keys = typedColumns(input.PartitionKeys, name);
  const location = input.StorageDescriptor?.Location;
  if (location === undefined || location === '') {
    throw new QueryFailure(
      `HIVE_METASTORE_ERROR: Table ${name} has no LOCATION: set StorageDescriptor.Location (or LOCATION in the DDL) to s3://<bucket>/<prefix>/.`,
      AthenaErrorType.InvalidArgument,
    );
  }
  const tableDir = locationFolder(ctx.objects, location, `table ${name}`);
  if (keys.length === 0) {
    const files = listDataFiles(tableDir);
    const reader =
      files.length === 0 || columns.length === 0
        ? undefined
        : await readerOf(ctx, format, columns, files, []);
    return source(
      reader ? `SELECT ${reader.projection} FROM ${reader.from}` : empty(columns),
      files,
    );
  }
  const partitions = partitionFiles(ctx, row, keys, tableDir);
  const all = partitions.flatMap((p) => p.files);
  if (all.length === 0) return source(empty([...columns, ...keys]), []);
  if (atHivePaths(partitions, keys, tableDir)) {
    const reader = await readerOf(ctx, format, columns, all, keys);
    const parts = keys.map(
      (k) => `CAST(${quoteIdent(k.name)} AS ${k.duck}) AS ${quoteIdent(k.name)}`,
    );
    return source(`SELECT ${[reader.projection, ...parts].join(', ')} FROM ${reader.from}`, all);
  }
  const selects: string[] = [];
  for (const partition of partitions.filter((p) => p.files.length > 0)) {
    const reader = await readerOf(ctx, format, columns, partition.files, []);
    const parts = keys.map(
      (k, i) =>
        `CAST(${quoteString(partition.values[i] ?? '')} AS ${k.duck}) AS ${quoteIdent(k.name)}`,
    );
    selects.push(`SELECT ${[reader.projection, ...parts].join(', ')} FROM ${reader.from}`);
  }
  return source(selects.join('\nUNION ALL\n'), all);
}

function source(sql: string, files: DataFile[]): TableSource {
  return { sql, bytes: files.reduce((sum, f) => sum + f.size, 0), files: files.length };
}

function empty(columns: TypedColumn[]): string {
  const list = columns.map((c) => `CAST(NULL AS ${c.duck}) AS ${quoteIdent(c.name)}`);
  return `SELECT ${list.join(', ') || 'NULL AS "_"'} WHERE false`;
}

/** The partitions to read: registered ones, or (projection) the folders found. */
function partitionFiles(
  ctx: SourceContext,
  row: TableRow,
  keys: TypedColumn[],
  tableDir: string,
): PartitionFiles[] {
  const name = `${row.database}.${row.input.Name}`;
  if (row.input.Parameters?.['projection.enabled'] === 'true') {
    return discoverPartitions(
      tableDir,
      keys.map((k) => k.name),
    ).map(({ values, dir }) => ({
      values,
      dir,
      files: listDataFiles(dir),
    }));
  }
  return ctx.store.partitions(row.database, row.input.Name).map((p) => {
    const where = `partition (${p.values.join(', ')}) of table ${name}`;
    const location = p.input.StorageDescriptor.Location ?? '';
    const dir = locationFolder(ctx.objects, location, where);
    return { values: p.values, dir, files: listDataFiles(dir) };
  });
}

/** Every `k1=v1/.../kn=vn` folder under `dir`, for the keys in order. */
export function discoverPartitions(
  dir: string,
  keys: readonly string[],
): { values: string[]; dir: string; path: string }[] {
  let level: { path: string; dir: string }[] = [{ path: '', dir }];
  for (const key of keys) {
    const next: { path: string; dir: string }[] = [];
    for (const parent of level) {
      for (const folder of subFolders(parent.dir)) {
        if (folder.toLowerCase().startsWith(`${key.toLowerCase()}=`)) {
          next.push({
            path: parent.path === '' ? folder : `${parent.path}/${folder}`,
            dir: join(parent.dir, folder),
          });
        }
      }
    }
    level = next;
  }
  return level.flatMap((found) => {
    const values = valuesOfPath(found.path, keys);
    return values ? [{ values, dir: found.dir, path: found.path }] : [];
  });
}

/** True when one hive-partitioned reader yields exactly the catalog's values. */
function atHivePaths(partitions: PartitionFiles[], keys: TypedColumn[], tableDir: string): boolean {
  return partitions.every((p) => {
    if (p.values.some((v) => escapePathValue(v) !== v || v === '')) return false;
    const expected = join(tableDir, ...keys.map((k, i) => `${k.name}=${p.values[i] ?? ''}`));
    if (p.dir !== expected) return false;
    return p.files.every(
      (f) =>
        !f.rel
          .split('/')
          .slice(0, -1)
          .some((s) => s.includes('=')),
    );
  });
}

interface Reader {
  projection: string;
  from: string;
}

async function readerOf(
  ctx: SourceContext,
  format: FileFormat,
  columns: TypedColumn[],
  files: DataFile[],
  keys: TypedColumn[],
): Promise<Reader> {
  const list = `[${files.map((f) => quoteString(f.path)).join(', ')}]`;
  const hive =
    keys.length === 0
      ? 'hive_partitioning=false'
      : `hive_partitioning=true, hive_types={${keys.map((k) => `${quoteString(k.name)}: ${quoteString(k.duck)}`).join(', ')}}`;
  const cast = (expr: string, c: TypedColumn) =>
    `CAST(${expr} AS ${c.duck}) AS ${quoteIdent(c.name)}`;
  if (format.kind === 'parquet') {
    const present = await ctx.parquetColumns(files);
    const projection = columns.map((c) =>
      cast(present.has(c.name) ? quoteIdent(c.name) : 'NULL', c),
    );
    return {
      projection: projection.join(', '),
      from: `read_parquet(${list}, ${hive}, union_by_name=true)`,
    };
  }
  if (format.kind === 'json') {
    const keyOf = await jsonKeyOf(ctx, format, files);
    const declared = columns
      .map((c) => `${quoteString(keyOf(c))}: ${quoteString(c.duck)}`)
      .join(', ');
    const projection = columns.map((c) => cast(quoteIdent(keyOf(c)), c)).join(', ');
    const errors = format.ignoreErrors ? ', ignore_errors=true' : '';
    return {
      projection,
      from: `read_json(${list}, format='newline_delimited', columns={${declared}}${errors}, ${hive})`,
    };
  }
  const declared = columns.map((c) => `${quoteString(c.name)}: ${quoteString(c.duck)}`).join(', ');
  return {
    projection: columns.map((c) => quoteIdent(c.name)).join(', '),
    from: `read_csv(${list}, columns={${declared}}, ${format.options}, ${hive})`,
  };
}

/**
 * How each column's key is spelled in the files. The OpenX SerDe matches keys
 * case-insensitively by default (`case.insensitive`), DuckDB's reader does not,
 * so the declared key is looked up among the keys the files actually use.
 */
async function jsonKeyOf(
  ctx: SourceContext,
  format: Extract<FileFormat, { kind: 'json' }>,
  files: DataFile[],
): Promise<(c: TypedColumn) => string> {
  const declared = (c: TypedColumn) => format.keys[c.name] ?? c.name;
  if (!format.caseInsensitive) return declared;
  const spelled = new Map<string, string>();
  for (const key of await ctx.jsonKeys(files)) {
    if (!spelled.has(key.toLowerCase())) spelled.set(key.toLowerCase(), key);
  }
  return (c) => spelled.get(declared(c).toLowerCase()) ?? declared(c);
}
