import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaElement } from 'hyparquet';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ModelmillError } from '../../../core/index.js';
import type { JobObjects } from './ml-objects.js';

/**
 * A partition's Parquet for the length of one job, read and written in
 * process (hyparquet): a Batch job handles a few hundred rows, where a
 * database's per-statement cost would outweigh the work. Rows are read in
 * file order (files by name); the files a job writes copy the partition's
 * own column types for the columns they keep.
 */

/** A loaded partition. */
export interface LoadedPartition {
  columns: string[];
  /** Rows for training and scoring: 64-bit integers as numbers, DATE and TIMESTAMP as Dates. */
  rows: Record<string, unknown>[];
  /** The rows as read (64-bit integers as bigint), for writing back unchanged. */
  raw: Record<string, unknown>[];
  /** Each column's Parquet schema element (from the first file that has it). */
  schema: ReadonlyMap<string, SchemaElement>;
}

/** Loads every Parquet file under `folderUri` (any depth); throws NoData when there is none. */
export async function loadPartition(
  objects: JobObjects,
  folderUri: string,
): Promise<LoadedPartition> {
  const folder = await objects.folderOf(folderUri);
  const files = parquetFiles(folder);
  if (files.length === 0) {
    throw new ModelmillError('NoData', `no Parquet files under ${folderUri}`);
  }
  const columns: string[] = [];
  const schema = new Map<string, SchemaElement>();
  const raw: Record<string, unknown>[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(buffer);
    for (const element of topLevelColumns(metadata.schema)) {
      if (schema.has(element.name)) continue;
      schema.set(element.name, element);
      columns.push(element.name);
    }
    for (const row of await parquetReadObjects({ file: buffer, metadata })) raw.push(row);
  }
  // Rows of files without a column read it as null, as a union by name would.
  const rows = raw.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) {
      const v = row[c];
      out[c] = typeof v === 'bigint' ? Number(v) : (v ?? null);
    }
    return out;
  });
  return { columns, rows, raw, schema };
}

/** `.parquet` files under `folder` at any depth, by path; none when the folder does not exist. */
function parquetFiles(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder, { recursive: true, encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.endsWith('.parquet'))
    .sort()
    .map((e) => join(folder, e));
}

/** The schema's top-level columns (nested columns stay whole: their children follow them). */
function topLevelColumns(elements: readonly SchemaElement[]): SchemaElement[] {
  const top: SchemaElement[] = [];
  let i = 1;
  const skip = (at: number): number => {
    let next = at + 1;
    for (let c = 0; c < ((elements[at] as SchemaElement).num_children ?? 0); c++) next = skip(next);
    return next;
  };
  while (i < elements.length) {
    const element = elements[i] as SchemaElement;
    if ((element.num_children ?? 0) > 0) {
      throw new ModelmillError(
        'InvalidData',
        `column "${element.name}" is nested (a struct, list or map); DAPM partitions hold flat columns — flatten it in the use case's data`,
      );
    }
    top.push(element);
    i = skip(i);
  }
  return top;
}

/** A value list of one output column: numbers as DOUBLE, anything else as text. */
export type OutputValues =
  | { kind: 'double'; values: ArrayLike<number> }
  | { kind: 'text'; values: readonly (string | number)[] };

/** What to write: rows of the partition by position, some of its columns, and new columns. */
export interface JoinedOutput {
  partition: LoadedPartition;
  /** Positions of the rows (0-based, in load order), in output order. */
  positions: ArrayLike<number>;
  /** Partition columns to keep (`*` for all), in order; missing ones are skipped. */
  keep: readonly string[] | '*';
  /** Constant columns added when the partition lacks them (e.g. the primary key). */
  constants?: Readonly<Record<string, string>>;
  /** New columns, one value per position. */
  added: Readonly<Record<string, OutputValues>>;
}

interface OutputColumn {
  element: SchemaElement;
  data: unknown[];
}

const text = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: 'OPTIONAL',
});

/** The columns of a joined output: constants, kept partition columns, then the added ones. */
function joinedColumns(output: JoinedOutput): OutputColumn[] {
  const { partition } = output;
  // Rows come out in partition order, whatever order the positions were given in.
  const order = Array.from(output.positions, (_, i) => i).sort(
    (a, b) => (output.positions[a] as number) - (output.positions[b] as number),
  );
  const positions = order.map((i) => output.positions[i] as number);
  const count = positions.length;
  const constants = Object.entries(output.constants ?? {})
    .filter(([name]) => !partition.columns.includes(name))
    .map(([name, value]) => ({ element: text(name), data: new Array<unknown>(count).fill(value) }));
  const keep =
    output.keep === '*'
      ? partition.columns
      : output.keep.filter((c) => partition.columns.includes(c));
  const kept = keep.map((name) => ({
    element: {
      ...(partition.schema.get(name) as SchemaElement),
      repetition_type: 'OPTIONAL' as const,
    },
    data: positions.map((p) => partition.raw[p]?.[name] ?? null),
  }));
  const added = Object.entries(output.added).map(([name, values]) => {
    const given = values.values as ArrayLike<string | number>;
    if (given.length !== count) {
      throw new ModelmillError(
        'InvalidArguments',
        `output column "${name}" has ${given.length} values for ${count} rows`,
      );
    }
    const data = order.map((i) => given[i] as string | number);
    return values.kind === 'double'
      ? {
          element: { name, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const },
          data: data.map((v) => (Number.isFinite(v) ? v : null)),
        }
      : { element: text(name), data: data.map(String) };
  });
  return [...constants, ...kept, ...added];
}

/** Writes a joined output as one Parquet object. */
export async function writeJoinedParquet(
  objects: JobObjects,
  uri: string,
  output: JoinedOutput,
): Promise<void> {
  const columns = joinedColumns(output);
  const buffer = parquetWriteBuffer({
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.element)],
    columnData: columns.map((c) => ({ name: c.element.name, data: c.data })),
  });
  await objects.writeBytes(uri, new Uint8Array(buffer));
}
