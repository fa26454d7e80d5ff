import type { ServiceClients } from '../../../clients/index.js';
import type { JobArgs, RunId } from './orchestration-args.js';
import { requireArg, runLocations, runPrefix } from './orchestration-args.js';
import { runFilter, runPartitionRows } from './orchestration-athena.js';
import type { MappingSpec } from './orchestration-mapping.js';
import { crossMappingProblems, parseMappingJson } from './orchestration-mapping.js';
import { readTextIfExists } from './orchestration-s3.js';
import { readParam } from './orchestration-ssm.js';
import { refuse, ssmContextFolder } from './gatekeeper-checks.js';

/**
 * What the inference gatekeeper adds: the approved model (winner and the
 * training run's prefix, written by the approval rule), the training run's
 * meta row read through Athena, and the mapping rules checked against the
 * mapping JSON that training used.
 */

/** The approved training run an inference run scores with. */
export interface ApprovedModel {
  winner: string;
  prefix: string;
  /** The training run (from the prefix). */
  run: RunId;
  /** The training run's shared bucket. */
  bucket: string;
  /** The training meta row, as Athena returned it. */
  meta: Record<string, string | null>;
  trainingMapping: MappingSpec;
}

/**
 * A parameter named in an input: as given, or — for a bare name as in the
 * seeds' inputs (`winner_algorithm`) — under the training SSM folder.
 */
async function readNamedParam(
  clients: ServiceClients,
  job: JobArgs,
  name: string,
): Promise<string | undefined> {
  const direct = await readParam(clients, name);
  if (direct !== undefined || name.startsWith('/')) return direct;
  const root = ssmContextFolder(job).replace(/\/[^/]+$/, '');
  return readParam(clients, `${root}/training/${name}`);
}

/** The training run of an approved model prefix (`.../year=/month=/day=/stepjobid=/`). */
export function parseModelPrefix(prefix: string): { bucket: string; run: RunId } | undefined {
  const match =
    /^s3:\/\/([^/]+)\/.*?year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/stepjobid=([^/]+)\/?/.exec(
      prefix,
    );
  if (!match) return undefined;
  const [, bucket, year, month, day, stepJobId] = match as unknown as string[];
  return {
    bucket: bucket ?? '',
    run: {
      year: year ?? '',
      month: month ?? '',
      day: day ?? '',
      // Folder values are Hive-escaped; the partition value is the id itself.
      stepJobId: (stepJobId ?? '').replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      ),
    },
  };
}

const NO_MODEL =
  'no approved model: approve one with `modelmill models approve <model package ARN>` (training registers each winner as PendingManualApproval; the approval writes the winner and its prefix to SSM)';

/** Reads the approval parameters and the training run behind them; refuses when there is none. */
export async function readApprovedModel(
  clients: ServiceClients,
  job: JobArgs,
  inferenceMapping: MappingSpec,
): Promise<ApprovedModel> {
  const winnerName = requireArg(job.raw, 'ssm_winning_algo_name');
  const prefixName = requireArg(job.raw, 'ssm_approved_model_prefix_path');
  const [winner, prefix] = await Promise.all([
    readNamedParam(clients, job, winnerName),
    readNamedParam(clients, job, prefixName),
  ]);
  if (!winner || !prefix || winner === 'default' || prefix === 'default') {
    refuse(
      `${NO_MODEL} (${winnerName} = ${winner ?? 'missing'}, ${prefixName} = ${prefix ?? 'missing'})`,
    );
  }
  const parsed = parseModelPrefix(prefix);
  if (!parsed) {
    refuse(
      `${prefixName} is '${prefix}', which names no training run (expected s3://<training shared bucket>/training/year=YYYY/month=MM/day=DD/stepjobid=<id>/); approve a model package of a DAPM training run`,
    );
  }
  const meta = await trainingMetaRow(clients, job, parsed.run);
  const trainingMapping = await readTrainingMapping(clients, parsed, meta);
  const problems = crossMappingProblems(trainingMapping, inferenceMapping);
  if (!trainingMapping.training.algorithms.includes(winner)) {
    problems.push(
      `the approved winner '${winner}' is not among the training algorithms (${trainingMapping.training.algorithms.join(', ')})`,
    );
  }
  if (problems.length > 0) {
    refuse(
      `the inference mapping does not fit the training run ${parsed.run.stepJobId}: ${problems.join('; ')}`,
    );
  }
  return { winner, prefix, run: parsed.run, bucket: parsed.bucket, meta, trainingMapping };
}

/** The training run's meta row through Athena: exactly one, else a refusal naming what was found. */
async function trainingMetaRow(
  clients: ServiceClients,
  job: JobArgs,
  run: RunId,
): Promise<Record<string, string | null>> {
  const database = requireArg(job.raw, 'training_athenadb_name');
  const name = requireArg(job.raw, 'training_athenadb_metadata_table_name');
  const rows = await runPartitionRows(
    clients,
    (table) => `SELECT * FROM ${table} WHERE ${runFilter(run)}`,
    { database, name },
    runLocations(job.sharedBucket, job.run).athenaResults,
  );
  if (rows.length !== 1) {
    const found = rows.length === 0 ? 'no row' : `${rows.length} rows`;
    refuse(
      `found ${found} for the approved training run in ${database}.${name} (${runPrefix(run)}); exactly one is expected — the training run's evaluation dumps it to s3://<training shared>/meta/${runPrefix(run)}/meta_ddb_table.json`,
    );
  }
  return rows[0] ?? {};
}

/** The mapping JSON the training run used: its copy under the run, else the path on its meta row. */
async function readTrainingMapping(
  clients: ServiceClients,
  training: { bucket: string; run: RunId },
  meta: Record<string, string | null>,
): Promise<MappingSpec> {
  const copy = runLocations(training.bucket, training.run).mappingJson;
  let where = copy;
  let text = await readTextIfExists(clients, copy);
  const original = meta.mapping_json_s3_path ?? meta.mapping_json_S3_path;
  if (text === undefined && original) {
    where = original;
    text = await readTextIfExists(clients, original);
  }
  if (text === undefined) {
    refuse(
      `the training run's mapping JSON is missing (looked at ${copy}${original ? ` and ${original}` : ''}); the training gatekeeper copies it there`,
    );
  }
  return parseMappingJson(text, where);
}
