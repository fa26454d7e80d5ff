import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteString } from './hive-types.js';
import { escapePathValue, unescapePathValue } from './partition-paths.js';
import { tempBeside } from './results.js';
import { listDataFiles } from './table-files.js';

/**
 * Writing query results as table files: DuckDB's `COPY ... TO` into a hidden
 * temporary file or folder inside the target, then renames into place, so a
 * reader never sees half a file and a failed write leaves nothing behind.
 * Partitioned writes produce Hive folders (`k=v/`), one file per partition.
 */

/** The file formats tables are written in. */
export const WriteFormat = { Parquet: 'parquet', Json: 'json', Csv: 'csv' } as const;
/** A write format. */
export type WriteFormat = (typeof WriteFormat)[keyof typeof WriteFormat];

/** Where and how to write. */
export interface WriteTarget {
  /** The table's (or location's) folder. */
  dir: string;
  format: WriteFormat;
  /** Partition columns (last columns of the SELECT), in folder order. */
  partitionBy: readonly string[];
  /** File names start with this (the query id), so writes never collide. */
  fileBase: string;
  /** Parquet compression (SNAPPY, GZIP, ZSTD, NONE). Default SNAPPY. */
  compression?: string;
  /** CSV field delimiter. Default `,`. */
  delimiter?: string;
  /** Folder of an existing partition, by its values (INSERT into a partition registered elsewhere). */
  partitionDir?: (values: string[]) => string | undefined;
}

/** What was written. */
export interface WriteResult {
  rows: number;
  /** The partitions written, as values in key order, with their folders. */
  partitions: { values: string[]; dir: string }[];
  /** Paths of the files written. */
  files: string[];
}

const EXTENSIONS: Readonly<Record<WriteFormat, string>> = {
  parquet: 'parquet',
  json: 'json',
  csv: 'csv',
};

function copyOptions(target: WriteTarget): string {
  switch (target.format) {
    case 'parquet': {
      const codec = (target.compression ?? 'SNAPPY').toUpperCase();
      return `FORMAT parquet, COMPRESSION ${codec === 'NONE' ? 'uncompressed' : codec.toLowerCase()}`;
    }
    case 'json':
      return 'FORMAT json';
    case 'csv':
      return `FORMAT csv, HEADER false, DELIMITER ${quoteString(target.delimiter ?? ',')}, NULLSTR ${quoteString('\\N')}`;
  }
}

/**
 * Writes the rows of `select` (a complete SELECT over DuckDB) to `target`.
 * `run` executes SQL (the caller maps its errors).
 */
export async function writeSelect(
  conn: DuckDBConnection,
  select: string,
  target: WriteTarget,
  run: (sql: string) => Promise<number> = async (sql) => Number((await conn.run(sql)).rowsChanged),
): Promise<WriteResult> {
  mkdirSync(target.dir, { recursive: true });
  const ext = EXTENSIONS[target.format];
  if (target.partitionBy.length === 0) {
    const temp = tempBeside(join(target.dir, 'x'));
    try {
      const rows = await run(`COPY (${select}) TO ${quoteString(temp)} (${copyOptions(target)})`);
      if (rows === 0) return { rows, partitions: [], files: [] };
      const file = join(target.dir, `${target.fileBase}_0.${ext}`);
      renameSync(temp, file);
      return { rows, partitions: [], files: [file] };
    } finally {
      rmSync(temp, { force: true });
    }
  }
  if (target.format === 'json') return writeJsonPartitions(conn, select, target, run);
  const tempDir = tempBeside(join(target.dir, 'x'));
  try {
    const partitionList = target.partitionBy.map(quoteIdent).join(', ');
    const rows = await run(
      `COPY (${select}) TO ${quoteString(tempDir)} (${copyOptions(target)}, PARTITION_BY (${partitionList}), FILENAME_PATTERN ${quoteString(`${target.fileBase}_{i}`)}, FILE_EXTENSION ${quoteString(ext)})`,
    );
    return { rows, ...moveIntoPlace(tempDir, target) };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

function moveIntoPlace(tempDir: string, target: WriteTarget): Omit<WriteResult, 'rows'> {
  const partitions = new Map<string, { values: string[]; dir: string }>();
  const files: string[] = [];
  for (const file of listDataFiles(tempDir)) {
    const segments = file.rel.split('/');
    const name = segments.pop() ?? '';
    const values = segments.map((s) => unescapePathValue(s.slice(s.indexOf('=') + 1)));
    const key = segments.join('/');
    let entry = partitions.get(key);
    if (!entry) {
      const dir = target.partitionDir?.(values) ?? join(target.dir, ...segments);
      entry = { values, dir };
      partitions.set(key, entry);
    }
    const destination = join(entry.dir, name);
    mkdirSync(dirname(destination), { recursive: true });
    renameSync(file.path, destination);
    files.push(destination);
  }
  return { partitions: [...partitions.values()], files };
}

/** DuckDB's JSON writer has no PARTITION_BY: stage the rows, then write one file per partition. */
async function writeJsonPartitions(
  conn: DuckDBConnection,
  select: string,
  target: WriteTarget,
  run: (sql: string) => Promise<number>,
): Promise<WriteResult> {
  const staged = `mm_write_${Math.random().toString(36).slice(2, 10)}`;
  const keys = target.partitionBy.map(quoteIdent);
  const rows = await run(`CREATE TEMP TABLE ${staged} AS ${select}`);
  try {
    const reader = await conn.runAndReadAll(
      `SELECT DISTINCT ${keys.map((k) => `CAST(${k} AS VARCHAR)`).join(', ')} FROM ${staged} ORDER BY ALL`,
    );
    const partitions: { values: string[]; dir: string }[] = [];
    const files: string[] = [];
    for (const row of reader.getRowsJson()) {
      const values = row.map((v) => (v === null ? '__HIVE_DEFAULT_PARTITION__' : `${v as string}`));
      const where = keys.map(
        (k, i) =>
          `CAST(${k} AS VARCHAR) IS NOT DISTINCT FROM ${row[i] === null ? 'NULL' : quoteString(values[i] ?? '')}`,
      );
      const dir =
        target.partitionDir?.(values) ??
        join(
          target.dir,
          ...target.partitionBy.map((k, i) => `${k}=${escapePathValue(values[i] ?? '')}`),
        );
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${target.fileBase}_0.json`);
      const temp = tempBeside(file);
      try {
        await run(
          `COPY (SELECT * EXCLUDE (${keys.join(', ')}) FROM ${staged} WHERE ${where.join(' AND ')}) TO ${quoteString(temp)} (${copyOptions(target)})`,
        );
        renameSync(temp, file);
      } finally {
        rmSync(temp, { force: true });
      }
      partitions.push({ values, dir });
      files.push(file);
    }
    return { rows, partitions, files };
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${staged}`);
  }
}
