import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { ModelmillError, isS3Uri, parseS3Uri } from '../core/index.js';
import { quoteString } from './duck.js';
import type { DataFormat, DqObjectStore } from './types.js';

/**
 * Where data is and how DuckDB reads it: an `s3://bucket/prefix` (through the
 * object store's local paths) or a local path, a single file or a folder
 * (recursively, Hive `key=value` folders becoming columns), in Parquet, CSV
 * or JSON lines. Files whose names start with `.` or `_` (`_SUCCESS`, `.crc`)
 * are not data, as in Spark and Hive.
 */

/** A resolved data source. */
export interface ResolvedSource {
  /** As given. */
  uri: string;
  /** The local file or folder. */
  path: string;
  /** Data files, sorted. */
  files: string[];
  format: DataFormat;
  /** True when folder names below `path` carry `key=value` partitions. */
  hive: boolean;
}

const EXTENSIONS: Record<string, DataFormat> = {
  '.parquet': 'parquet',
  '.csv': 'csv',
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
};

/** The local path of an `s3://` URI or of a local path. */
export function localPathOf(
  uri: string,
  objects: Pick<DqObjectStore, 'localPath'> | undefined,
): string {
  if (!isS3Uri(uri)) return resolve(uri);
  if (!objects) {
    throw new ModelmillError(
      'InvalidInputException',
      `${uri} is an S3 location, but no object store was given to read it; pass the S3 service (mm.services.s3) as 'objects'`,
    );
  }
  const { bucket, key } = parseS3Uri(uri);
  const trimmed = key.replace(/\/+$/, '');
  return trimmed === '' ? objects.localPath(bucket) : objects.localPath(bucket, trimmed);
}

/** Finds the data files of `uri` and their format. */
export function resolveSource(
  uri: string,
  options: {
    objects?: Pick<DqObjectStore, 'localPath'> | undefined;
    format?: DataFormat | undefined;
  },
): ResolvedSource {
  const path = localPathOf(uri, options.objects);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new ModelmillError(
      'EntityNotFoundException',
      `no data at ${uri} (looked for ${path}); check the path, or that the objects were written under that prefix`,
    );
  }
  const all = isDir ? listFiles(path) : [path];
  const format = options.format ?? detectFormat(uri, all);
  // With a format given, files without a known extension count too (Firehose writes none).
  const files = isDir
    ? all.filter((f) => (formatOf(f) ?? (options.format ? format : undefined)) === format)
    : all;
  if (files.length === 0) {
    throw new ModelmillError(
      'EntityNotFoundException',
      `no data files under ${uri} (looked in ${path})`,
    );
  }
  const hive =
    isDir &&
    files.some((f) =>
      relative(path, f)
        .split(sep)
        .slice(0, -1)
        .some((d) => d.includes('=')),
    );
  return { uri, path, files, format, hive };
}

/** The DuckDB table function reading the source; `filename` adds the file path as a column. */
export function readerSql(source: ResolvedSource, options: { filename?: boolean } = {}): string {
  const list = `[${source.files.map(quoteString).join(', ')}]`;
  const hive = `hive_partitioning = ${source.hive}${options.filename ? ', filename = true' : ''}`;
  switch (source.format) {
    case 'parquet':
      return `read_parquet(${list}, ${hive}, union_by_name = true)`;
    case 'csv':
      return `read_csv(${list}, header = true, ${hive}, union_by_name = true)`;
    default:
      return `read_json(${list}, format = 'newline_delimited', ${hive}, union_by_name = true)`;
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

function formatOf(file: string): DataFormat | undefined {
  const name = file.toLowerCase().replace(/\.(gz|zst|snappy)$/, '');
  return EXTENSIONS[extname(name)];
}

function detectFormat(uri: string, files: string[]): DataFormat {
  const found = new Set(files.map(formatOf).filter((f): f is DataFormat => f !== undefined));
  if (found.size === 1) return [...found][0] as DataFormat;
  if (found.size === 0) {
    throw new ModelmillError(
      'InvalidInputException',
      `cannot tell the format of the data at ${uri}: no file ends in .parquet, .csv, .json, .jsonl or .ndjson; give the format (parquet, csv or json)`,
    );
  }
  throw new ModelmillError(
    'InvalidInputException',
    `the data at ${uri} mixes formats (${[...found].sort().join(', ')}); give the format to read, or point at a folder holding one kind of file`,
  );
}
