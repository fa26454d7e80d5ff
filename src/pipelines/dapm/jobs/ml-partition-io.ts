import { ModelmillError } from '../../../core/index.js';
import type { JobDuck } from './ml-duck.js';
import { sqlDoubles, sqlIdent, sqlString } from './ml-duck.js';
import type { JobObjects } from './ml-objects.js';

/**
 * A partition's Parquet in DuckDB for the length of one job: loaded into a
 * temporary table (its `rowid` is the row's position), read back as row
 * objects, and joined with predictions by position so that the files the
 * job writes keep the partition's own column types.
 */

/** A loaded partition. */
export interface LoadedPartition {
  /** The temporary table. */
  table: string;
  columns: string[];
  rows: Record<string, unknown>[];
  /** Drops the table. */
  release(): Promise<void>;
}

/** Loads every Parquet file under `folderUri` (any depth); throws NoData when there is none. */
export async function loadPartition(
  duck: JobDuck,
  objects: JobObjects,
  folderUri: string,
): Promise<LoadedPartition> {
  const folder = await objects.folderOf(folderUri);
  const table = duck.tempName('partition');
  const glob = `${folder.replace(/\/+$/, '')}/**/*.parquet`;
  try {
    await duck.run(
      `CREATE TEMP TABLE ${table} AS SELECT * FROM read_parquet(${sqlString(glob)}, hive_partitioning=false, union_by_name=true)`,
    );
  } catch (err) {
    if (/No files found/i.test((err as Error).message)) {
      throw new ModelmillError('NoData', `no Parquet files under ${folderUri}`, { cause: err });
    }
    throw err;
  }
  const { columns, rows } = await duck.table(`SELECT * FROM ${table} ORDER BY rowid`);
  return {
    table,
    columns,
    rows,
    release: () => duck.run(`DROP TABLE IF EXISTS ${table}`),
  };
}

/** A value list of one output column: numbers as DOUBLE, anything else as text. */
export type OutputValues =
  | { kind: 'double'; values: ArrayLike<number> }
  | { kind: 'text'; values: readonly (string | number)[] };

/** What to write: rows of the partition by position, some of its columns, and new columns. */
export interface JoinedOutput {
  partition: LoadedPartition;
  /** Positions (rowid) of the rows, in output order. */
  positions: ArrayLike<number>;
  /** Partition columns to keep (`*` for all), in order; missing ones are skipped. */
  keep: readonly string[] | '*';
  /** Constant columns added when the partition lacks them (e.g. the primary key). */
  constants?: Readonly<Record<string, string>>;
  /** New columns, one value per position. */
  added: Readonly<Record<string, OutputValues>>;
}

function listOf(values: OutputValues): string {
  if (values.kind === 'double') return sqlDoubles(values.values);
  return `[${values.values.map((v) => sqlString(String(v))).join(',')}]::VARCHAR[]`;
}

/** The SELECT of a joined output (usable in `COPY (...) TO`). */
export function joinedSelect(output: JoinedOutput): string {
  const { partition } = output;
  const p = (c: string) => `p.${sqlIdent(c)}`;
  const kept =
    output.keep === '*'
      ? partition.columns.map(p)
      : output.keep.filter((c) => partition.columns.includes(c)).map(p);
  const constants = Object.entries(output.constants ?? {})
    .filter(([name]) => !partition.columns.includes(name))
    .map(([name, value]) => `${sqlString(value)} AS ${sqlIdent(name)}`);
  const names = Object.keys(output.added);
  const unnested = [
    `unnest([${Array.from(output.positions).join(',')}]::BIGINT[]) AS __pos`,
    ...names.map((n) => `unnest(${listOf(output.added[n] as OutputValues)}) AS ${sqlIdent(n)}`),
  ];
  const added = names.map((n) => `u.${sqlIdent(n)}`);
  return `SELECT ${[...constants, ...kept, ...added].join(', ')} FROM (SELECT ${unnested.join(', ')}) u JOIN ${partition.table} p ON p.rowid = u.__pos ORDER BY u.__pos`;
}

/** Writes a joined output as one Parquet object. */
export async function writeJoinedParquet(
  duck: JobDuck,
  objects: JobObjects,
  uri: string,
  output: JoinedOutput,
): Promise<void> {
  const select = joinedSelect(output);
  await objects.writeWith(uri, (path) =>
    duck.run(`COPY (${select}) TO ${sqlString(path)} (FORMAT parquet)`),
  );
}
