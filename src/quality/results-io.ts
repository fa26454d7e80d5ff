import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Clock, IdGenerator } from '../core/index.js';
import {
  ModelmillError,
  isModelmillError,
  isS3Uri,
  parseS3Uri,
  randomIds,
  systemClock,
} from '../core/index.js';
import { readerSql, resolveSource } from './data-source.js';
import { quoteString, withDuckSession } from './duck.js';
import type { DqResultRow } from './results-rows.js';
import { DQ_RESULTS_COLUMNS, OVERALL_STATUS_RULE, toDqResultRows } from './results-rows.js';
import type { DqEvaluation, DqObjectStore, DqOutcome } from './types.js';

/**
 * Writing dqresults files and reading them back: one Parquet file per write
 * at `<location>/year=YYYY/month=MM/day=DD/<uuid>.parquet` (stored through the
 * object store for `s3://` locations, so it is an ordinary object), and the
 * gatekeeper's question: what is each source's latest overall status?
 */

/** Options of writeDqResults. */
export interface WriteDqResultsOptions {
  /** Stores `s3://` results (the S3 service, `mm.services.s3`). Needed for s3:// locations only. */
  objects?: DqObjectStore;
  /** The `corelation_id` of the rows. Default: a fresh UUID. */
  correlationId?: string;
  /** Audit time and partition date. Default: the system clock. */
  clock?: Clock;
  /** File names. Default: random UUIDs. */
  ids?: IdGenerator;
}

/** What writeDqResults stored. */
export interface WrittenDqResults {
  /** The file, as `s3://...` or a local path. */
  file: string;
  rows: number;
  correlationId: string;
  /** Partition values (year, month, day) and the partition's folder, for Athena's registerPartition. */
  partition: { values: [string, string, string]; location: string };
}

/** Writes the rows of `evaluations` as one Parquet file under `location` (an `s3://` prefix or a local folder). */
export async function writeDqResults(
  location: string,
  evaluations: readonly Pick<DqEvaluation, 'source' | 'results'>[],
  options: WriteDqResultsOptions = {},
): Promise<WrittenDqResults> {
  const at = new Date((options.clock ?? systemClock).now());
  const ids = options.ids ?? randomIds;
  const correlationId = options.correlationId ?? ids.uuid();
  const rows = toDqResultRows(evaluations, { correlationId, auditTimestamp: at });
  const values: [string, string, string] = [
    String(at.getUTCFullYear()),
    String(at.getUTCMonth() + 1).padStart(2, '0'),
    String(at.getUTCDate()).padStart(2, '0'),
  ];
  const folder = `${location.replace(/\/+$/, '')}/year=${values[0]}/month=${values[1]}/day=${values[2]}`;
  const file = `${folder}/${ids.uuid()}.parquet`;
  const bytes = await parquetBytes(rows);
  if (isS3Uri(location)) {
    if (!options.objects) {
      throw new ModelmillError(
        'InvalidInputException',
        `${location} is an S3 location, but no object store was given; pass the S3 service (mm.services.s3) as 'objects'`,
      );
    }
    const { bucket, key } = parseS3Uri(file);
    await options.objects.putObject({
      Bucket: bucket,
      Key: key,
      Body: bytes,
      ContentType: 'application/octet-stream',
    });
  } else {
    // Readers skip dot-files, so the temporary file is never read half-written.
    const temp = join(dirname(file), `.${basename(file)}.tmp`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  }
  return { file, rows: rows.length, correlationId, partition: { values, location: `${folder}/` } };
}

/** Parquet bytes of dqresults rows (through a temporary file). */
async function parquetBytes(rows: DqResultRow[]): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-dqresults-'));
  try {
    const path = join(dir, 'rows.parquet');
    const names = DQ_RESULTS_COLUMNS.map((c) => c.Name);
    const tuples = rows.map(
      (row) => `(${DQ_RESULTS_COLUMNS.map((c) => literal(row[c.Name], c.Type)).join(', ')})`,
    );
    const select = `SELECT * FROM (VALUES ${tuples.join(',\n')}) AS t(${names.join(', ')})`;
    await withDuckSession((session) =>
      session.run(`COPY (${select}) TO ${quoteString(path)} (FORMAT PARQUET)`),
    );
    return new Uint8Array(readFileSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DUCK_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  timestamp: 'TIMESTAMP',
};

/** A typed SQL literal for a dqresults value of Hive type `type`. */
function literal(value: string | number | Date | null, type: string): string {
  const duckType = DUCK_TYPES[type] ?? 'VARCHAR';
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) {
    return `CAST(NULL AS ${duckType})`;
  }
  const text =
    value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : String(value);
  return `CAST(${quoteString(text)} AS ${duckType})`;
}

/** A dqresults row as read back, with its partition values. */
export type StoredDqResultRow = DqResultRow & { year: string; month: string; day: string };

/** Reads every dqresults row under `location`; none when nothing was written there yet. */
export async function readDqResults(
  location: string,
  options: { objects?: Pick<DqObjectStore, 'localPath'> } = {},
): Promise<StoredDqResultRow[]> {
  const reader = resultsReader(location, options.objects);
  if (reader === undefined) return [];
  return withDuckSession(async (session) => {
    const rows = await session.rows(
      `SELECT ${DQ_RESULTS_COLUMNS.map((c) => c.Name).join(', ')}, CAST(year AS VARCHAR) AS year,
         CAST(month AS VARCHAR) AS month, CAST(day AS VARCHAR) AS day
       FROM ${reader} ORDER BY audittimestamp, source, rule = '${OVERALL_STATUS_RULE}'`,
    );
    return rows.map((row) => ({
      ...(row as unknown as StoredDqResultRow),
      passcnt: Number(row.passcnt),
      failcnt: Number(row.failcnt),
      year: String(row.year).padStart(4, '0'),
      month: String(row.month).padStart(2, '0'),
      day: String(row.day).padStart(2, '0'),
    }));
  });
}

/**
 * The gatekeeper's check: each source's latest `dq_overall_status` outcome
 * (latest by audittimestamp) under `location`. Empty when nothing was written.
 */
export async function latestOverallStatus(
  location: string,
  options: { objects?: Pick<DqObjectStore, 'localPath'> } = {},
): Promise<Map<string, DqOutcome>> {
  const reader = resultsReader(location, options.objects);
  const latest = new Map<string, DqOutcome>();
  if (reader === undefined) return latest;
  const rows = await withDuckSession((session) =>
    session.rows(
      `SELECT source, outcome FROM (
         SELECT source, outcome,
           row_number() OVER (PARTITION BY source ORDER BY audittimestamp DESC, filename DESC) AS rn
         FROM ${reader} WHERE rule = '${OVERALL_STATUS_RULE}')
       WHERE rn = 1 ORDER BY source`,
    ),
  );
  for (const row of rows)
    latest.set(String(row.source), row.outcome === 'Failed' ? 'Failed' : 'Passed');
  return latest;
}

function resultsReader(
  location: string,
  objects: Pick<DqObjectStore, 'localPath'> | undefined,
): string | undefined {
  try {
    const source = resolveSource(location, { objects, format: 'parquet' });
    return readerSql({ ...source, hive: true }, { filename: true });
  } catch (err) {
    if (isModelmillError(err, 'EntityNotFoundException')) return undefined;
    throw err;
  }
}
