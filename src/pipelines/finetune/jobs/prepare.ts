import { clientsFromEnv } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { ObjectStore } from '../../../services/s3/index.js';
import { MODEL_NAMESPACE } from '../inputs.js';
import {
  GENERAL_WINDOW_DAYS,
  LOW_VOLUME_WINDOW_DAYS,
  jsonLines,
  labelCounts,
  lowVolumeLabels,
  lowVolumeSet,
  parseBatchId,
  relabel,
  stratifiedSplit,
  ticketWindow,
} from '../prep.js';
import type { TicketRow, TicketSource } from '../tickets-db.js';
import { openTicketSource } from '../tickets-db.js';

/**
 * The data-prep container (`prepare <BatchID>`, or just `<BatchID>` as the
 * task definition's command): tickets from the database → the general set
 * (and, when built, the low-volume set), each split 90/10 and written as JSON
 * lines to `s3://$TARGET_BUCKET/training/<ns>/<BatchID>/{train,test}/data.json`.
 * Environment: DB_ARN, DB_SECRET_ARN (unused locally), LOW_VOLUME_FALLBACK_LABEL,
 * TARGET_BUCKET, LOG_LEVEL.
 */

/** What one data prep wrote. */
export interface PrepReport {
  batchId: string;
  general: { train: number; test: number; labels: number };
  lowVolume?: { train: number; test: number; labels: number };
  lowVolumeLabels: number[];
}

function required(env: Record<string, string | undefined>, name: string, example: string): string {
  const value = env[name];
  if (!value) {
    throw new ModelmillError(
      'MissingEnvironment',
      `the data-prep task needs ${name} in its environment (e.g. ${example}); the fine-tune workflow's task definition sets it`,
    );
  }
  return value;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** What the data prep writes through: S3 (the ObjectStore port). */
export type PrepStore = Pick<ObjectStore, 'putObject' | 'deleteObject'>;

async function writeSet(
  store: PrepStore,
  bucket: string,
  prefix: string,
  rows: readonly TicketRow[],
): Promise<{ train: number; test: number; labels: number }> {
  const { train, test } = stratifiedSplit(rows);
  for (const [part, list] of [
    ['train', train],
    ['test', test],
  ] as const) {
    await store.putObject({
      Bucket: bucket,
      Key: `${prefix}/${part}/data.json`,
      Body: jsonLines(list),
      ContentType: 'application/jsonlines',
    });
  }
  return { train: train.length, test: test.length, labels: labelCounts(rows).size };
}

/** Runs the data prep of `batchId` against `source`, writing to `store`. */
export async function prepare(
  batchId: string | undefined,
  source: TicketSource,
  store: PrepStore,
  options: { bucket: string; fallbackLabel: number; log?: (line: string) => void },
): Promise<PrepReport> {
  const log = options.log ?? (() => undefined);
  const hour = parseBatchId(batchId);
  const id = batchId as string;
  const window = ticketWindow(hour, GENERAL_WINDOW_DAYS);
  const rows = source.closedBetween(window.start, window.end);
  log(`BatchID ${id}: ${rows.length} tickets closed ${iso(window.start)} .. ${iso(window.end)}`);
  if (rows.length === 0) {
    throw new ModelmillError(
      'NoTickets',
      `no tickets closed between ${iso(window.start)} and ${iso(window.end)} (the ${GENERAL_WINDOW_DAYS} days before BatchID ${id}): pick a BatchID whose window holds tickets, or seed the database (modelmill finetune seed-db)`,
    );
  }
  const low = lowVolumeLabels(rows);
  const year = ticketWindow(hour, LOW_VOLUME_WINDOW_DAYS);
  const lowRows = low.size > 0 ? lowVolumeSet(source.closedBetween(year.start, year.end), low) : [];
  const built = lowRows.length > 0;
  log(
    `low-volume labels (share < 3.3%): ${[...low].sort((a, b) => a - b).join(', ') || 'none'}; low-volume model ${built ? 'built' : `not built: low-volume tickets relabelled ${options.fallbackLabel}`}`,
  );
  const general = relabel(rows, low, built, options.fallbackLabel);
  const report: PrepReport = {
    batchId: id,
    general: await writeSet(
      store,
      options.bucket,
      `training/${MODEL_NAMESPACE.general}/${id}`,
      general,
    ),
    lowVolumeLabels: [...low].sort((a, b) => a - b),
  };
  const lowPrefix = `training/${MODEL_NAMESPACE.low_volume}/${id}`;
  if (built) {
    report.lowVolume = await writeSet(store, options.bucket, lowPrefix, lowRows);
  } else {
    // A re-run of the BatchID must not leave an earlier low-volume set for the workflow to find.
    for (const part of ['train', 'test']) {
      await store.deleteObject({
        Bucket: options.bucket,
        Key: `${lowPrefix}/${part}/data.json`,
      });
    }
  }
  return report;
}

/** The program: `[prepare] <BatchID>`. */
export async function prepareProgram(ctx: ProgramContext): Promise<number> {
  const words = ctx.argv[0] === 'prepare' ? ctx.argv.slice(1) : ctx.argv;
  const dbArn = required(
    ctx.env,
    'DB_ARN',
    'arn:aws:rds:us-east-1:000000000000:cluster:gata-tickets',
  );
  const bucket = required(ctx.env, 'TARGET_BUCKET', 'gata-dev-data');
  const fallbackText = required(ctx.env, 'LOW_VOLUME_FALLBACK_LABEL', '99');
  const fallbackLabel = Number(fallbackText);
  if (!Number.isInteger(fallbackLabel)) {
    throw new ModelmillError(
      'InvalidParameter',
      `LOW_VOLUME_FALLBACK_LABEL '${fallbackText}' is not an integer label: set the module input low_volume_fallback_label to one`,
    );
  }
  parseBatchId(words[0]);
  const home = required(ctx.env, 'MODELMILL_HOME', '/path/to/.modelmill');
  const source = openTicketSource(home, dbArn);
  try {
    const report = await prepare(words[0], source, clientsFromEnv(ctx.env).s3, {
      bucket,
      fallbackLabel,
      log: (line) => ctx.logger.info(line),
    });
    ctx.logger.info(`wrote ${JSON.stringify(report)}`);
    return 0;
  } finally {
    source.close();
  }
}
