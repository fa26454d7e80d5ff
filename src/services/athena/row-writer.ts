import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseS3Uri } from '../../core/index.js';
import type { DuckHost } from './duck-host.js';
import { duckFailure } from './duck-errors.js';
import { duckdbTypeOf, parseHiveType, quoteIdent, quoteString } from './hive-types.js';
import { withSlash } from './partition-paths.js';
import { tempBeside } from './results.js';
import { locationFolder } from './table-files.js';
import type { WriteFormat } from './table-writer.js';
import { writeSelect } from './table-writer.js';
import type { ObjectFiles } from './types.js';

/**
 * Writing rows from JavaScript as table files: what pipeline jobs use to
 * produce Parquet partitions (`year=/month=/...`) or JSON lines under an S3
 * location. Rows go to DuckDB as a temporary JSON-lines file and come out
 * through the same atomic writer CTAS uses.
 */

/** How to write. */
export interface WriteRowsOptions {
  /** `parquet` (default) or `json` (newline-delimited) or `csv`. */
  format?: WriteFormat;
  /** Hive types by column name (`{ metric_value: 'double' }`); others are inferred from the values. */
  columns?: Record<string, string>;
  /** Columns that become `k=v/` folders, in order; they are not kept inside the files (as Hive does). */
  partitionBy?: string[];
  /** File names start with this. Default: a fresh UUID. */
  fileName?: string;
  /** Parquet compression. Default SNAPPY. */
  compression?: string;
}

/** What was written. */
export interface WrittenRows {
  rows: number;
  /** `s3://` URIs of the files written. */
  files: string[];
  /** Partition values (in `partitionBy` order) and their `s3://` folders. */
  partitions: { values: string[]; location: string }[];
}

/** Writes `rows` under `location`. */
export async function writeRows(
  host: DuckHost,
  objects: ObjectFiles,
  location: string,
  rows: readonly Record<string, unknown>[],
  options: WriteRowsOptions & { fileBase: string },
): Promise<WrittenRows> {
  const dir = locationFolder(objects, location, `write location ${location}`);
  const temp = tempBeside(join(dir, 'rows.json'));
  const { bucket } = parseS3Uri(location);
  const bucketDir = objects.localPath(bucket);
  const toUri = (path: string) =>
    `s3://${bucket}/${relative(bucketDir, path).split(sep).join('/')}`;
  if (rows.length === 0) return { rows: 0, files: [], partitions: [] };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, rows.map((row) => JSON.stringify(row, jsonValue)).join('\n'));
    const reader = selectOf(temp, rows, options.columns ?? {});
    const written = await host.withConnection('default', (conn) =>
      writeSelect(conn, reader, {
        dir,
        format: options.format ?? 'parquet',
        partitionBy: options.partitionBy ?? [],
        fileBase: options.fileName ?? options.fileBase,
        ...(options.compression ? { compression: options.compression } : {}),
      }).catch((err: unknown) => {
        throw duckFailure(err, { statement: reader, database: 'default' });
      }),
    );
    return {
      rows: written.rows,
      files: written.files.map(toUri),
      partitions: written.partitions.map((p) => ({
        values: p.values,
        location: withSlash(toUri(p.dir)),
      })),
    };
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The SELECT over the temporary file: inferred types, declared ones cast, declared-but-absent ones NULL. */
function selectOf(
  file: string,
  rows: readonly Record<string, unknown>[],
  columns: Record<string, string>,
): string {
  const keys = new Set(rows.flatMap((row) => Object.keys(row)));
  const replaced: string[] = [];
  const added: string[] = [];
  for (const [name, hive] of Object.entries(columns)) {
    const type = duckdbTypeOf(parseHiveType(hive));
    if (keys.has(name))
      replaced.push(`CAST(${quoteIdent(name)} AS ${type}) AS ${quoteIdent(name)}`);
    else added.push(`CAST(NULL AS ${type}) AS ${quoteIdent(name)}`);
  }
  const star = replaced.length > 0 ? `* REPLACE (${replaced.join(', ')})` : '*';
  return `SELECT ${[star, ...added].join(', ')} FROM read_json(${quoteString(file)}, format='newline_delimited', sample_size=-1)`;
}

/** JSON for DuckDB: dates as ISO text, bigints as numbers. */
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  return value;
}
