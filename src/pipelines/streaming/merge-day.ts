import { gunzipSync } from 'node:zlib';
import { clientsFromEnv } from '../../clients/index.js';
import { ModelmillError } from '../../core/index.js';
import type { ProgramContext } from '../../runtime/index.js';
import type { ObjectStore } from '../../services/s3/index.js';

/**
 * The seed-003 batch job: everything Firehose delivered under one day's
 * `YYYY/MM/DD/` prefix (UTC) of the raw bucket, merged into one
 * newline-delimited JSON object `YYYY/MM/DD/<output>.json` in a second
 * bucket. (The published script is mis-indented and does nothing; this is
 * what it meant.) Objects are read oldest first, `.gz` ones gunzipped; each
 * object's records are kept as delivered, with a newline added where an
 * object does not end with one, and blank lines dropped.
 */

/** What to merge. */
export interface MergeDayOptions {
  sourceBucket: string;
  targetBucket: string;
  /** The merged object's name without `.json`. */
  output: string;
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
}

/** What a merge wrote. */
export interface MergeDayReport {
  key: string;
  objects: number;
  records: number;
  bytes: number;
}

/** The S3 operations the merge uses. */
export type MergeStore = Pick<ObjectStore, 'listObjectsV2' | 'getObject' | 'putObject'>;

/** `2026-11-21` → `2026/11/21/`; InvalidDate otherwise. */
export function dayPrefix(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    throw new ModelmillError('InvalidDate', `date '${date}' is not a day: use YYYY-MM-DD (UTC)`);
  return `${match[1]}/${match[2]}/${match[3]}/`;
}

async function keysUnder(store: MergeStore, bucket: string, prefix: string): Promise<string[]> {
  const found: Array<{ key: string; at: number }> = [];
  let token: string | undefined;
  do {
    const page = await store.listObjectsV2({
      Bucket: bucket,
      Prefix: prefix,
      ...(token ? { ContinuationToken: token } : {}),
    });
    for (const object of page.Contents ?? [])
      found.push({ key: object.Key, at: new Date(object.LastModified).getTime() });
    token = page.NextContinuationToken;
  } while (token);
  // Delivery order: oldest object first (keys of one second differ only in a random suffix).
  return found.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key)).map((f) => f.key);
}

/** Merges one day's objects of the raw bucket into one NDJSON object. */
export async function mergeDay(
  store: MergeStore,
  options: MergeDayOptions,
): Promise<MergeDayReport> {
  const prefix = dayPrefix(options.date);
  const key = `${prefix}${options.output}.json`;
  const lines: string[] = [];
  const keys = await keysUnder(store, options.sourceBucket, prefix);
  for (const source of keys) {
    const { Body } = await store.getObject({ Bucket: options.sourceBucket, Key: source });
    const bytes = source.endsWith('.gz') ? gunzipSync(Body) : Buffer.from(Body);
    for (const line of bytes.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(line);
  }
  const body = lines.map((line) => `${line}\n`).join('');
  await store.putObject({
    Bucket: options.targetBucket,
    Key: key,
    Body: body,
    ContentType: 'application/x-ndjson',
  });
  return { key, objects: keys.length, records: lines.length, bytes: Buffer.byteLength(body) };
}

function setting(ctx: ProgramContext, arg: string, env: string): string | undefined {
  return ctx.args[arg] ?? ctx.env[env];
}

/**
 * The job's program: `--source-bucket` (SOURCE_BUCKET), `--target-bucket`
 * (TARGET_BUCKET), `--output` (OUTPUT_NAME, default `merged`), `--date`
 * (MERGE_DATE, default today in UTC).
 */
export async function mergeDayProgram(ctx: ProgramContext): Promise<number> {
  const sourceBucket = setting(ctx, 'source-bucket', 'SOURCE_BUCKET');
  const targetBucket = setting(ctx, 'target-bucket', 'TARGET_BUCKET');
  if (!sourceBucket || !targetBucket) {
    ctx.logger.error(
      'the merge job needs --source-bucket and --target-bucket (or SOURCE_BUCKET and TARGET_BUCKET)',
    );
    return 2;
  }
  const report = await mergeDay(clientsFromEnv(ctx.env).s3, {
    sourceBucket,
    targetBucket,
    output: setting(ctx, 'output', 'OUTPUT_NAME') ?? 'merged',
    date: setting(ctx, 'date', 'MERGE_DATE') ?? new Date().toISOString().slice(0, 10),
  });
  ctx.logger.info(
    `merged ${report.records} records from ${report.objects} objects into s3://${targetBucket}/${report.key}`,
  );
  return 0;
}
