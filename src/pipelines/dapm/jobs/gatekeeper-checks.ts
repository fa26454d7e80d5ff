import { join } from 'node:path';
import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError, parseS3Uri } from '../../../core/index.js';
import type { Logger } from '../../../core/index.js';
import type { DqObjectStore } from '../../../quality/index.js';
import {
  DQ_RESULTS_COLUMNS,
  OVERALL_STATUS_RULE,
  evaluateRules,
  latestOverallStatus,
  readDqResults,
  writeDqResults,
} from '../../../quality/index.js';
import type { JobArgs } from './orchestration-args.js';
import { runLocations } from './orchestration-args.js';
import { athenaRows } from './orchestration-athena.js';
import { parquetReader, withDuck } from './orchestration-duck.js';
import { localFolder, readTextIfExists } from './orchestration-s3.js';
import { imageTag, readParam } from './orchestration-ssm.js';

/**
 * The gatekeeper's checks that read the world: the two image tags (the
 * commit id), the data-quality gate, and the columns of the use case's data.
 */

/** The refusal of a gatekeeper check. */
export function refuse(message: string): never {
  throw new ModelmillError('DAPM.GatekeeperRefused', message);
}

/**
 * The SSM folder of a context (`/<np>-dapf-ssm/<ctx>`): where the completion
 * flag lives, or by convention from the input table's name when the flag is
 * given as a bare name (as in the seeds' inputs).
 */
export function ssmContextFolder(job: JobArgs): string {
  // The orchestrator names the folder (`--ssm_prefix`); older definitions do not.
  const given = job.raw.ssm_prefix;
  if (given) return given.replace(/\/$/, '');
  const flag = job.flagParam;
  if (flag.startsWith('/') && flag.lastIndexOf('/') > 0)
    return flag.slice(0, flag.lastIndexOf('/'));
  const np = /^(.*)-(training|inferencing)-input-table$/.exec(job.tables.input)?.[1];
  if (!np) {
    refuse(
      `cannot tell the SSM folder of the image parameters: --ssm_${job.ctx}_complete_status '${flag}' is not a path and the input table '${job.tables.input}' does not follow <np>-${job.ctx}-input-table; pass the flag's full name (/<np>-dapf-ssm/${job.ctx}/${job.ctx}_complete_status)`,
    );
  }
  return `/${np}-dapf-ssm/${job.ctx}`;
}

/** The images of the run and their common tag (the commit id); refuses when the tags differ. */
export async function checkImageTags(
  clients: ServiceClients,
  job: JobArgs,
): Promise<{ commitId: string; preprocessingImage: string; jobImage: string }> {
  const folder = ssmContextFolder(job);
  const names = [`${folder}/ecr_preprocessing`, `${folder}/ecr_${job.ctx}`] as const;
  const [pre, main] = await Promise.all(names.map((n) => readParam(clients, n)));
  if (pre === undefined || main === undefined) {
    refuse(
      `the image parameter ${pre === undefined ? names[0] : names[1]} does not exist: put the image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<commit>) there`,
    );
  }
  const [preTag, mainTag] = [imageTag(pre), imageTag(main)];
  if (preTag !== mainTag) {
    refuse(
      `image tags differ: ${names[0]} is ${pre} (tag ${preTag}) but ${names[1]} is ${main} (tag ${mainTag}); both images must be built from the same commit, so push both and update the two parameters together`,
    );
  }
  return { commitId: preTag, preprocessingImage: pre, jobImage: main };
}

/** The object store as data quality needs it, over the job's clients. */
function dqObjects(clients: ServiceClients): DqObjectStore {
  return {
    localPath: (bucket, key) => {
      const path = clients.localPath(`s3://${bucket}/${key ?? ''}`);
      if (path === undefined) {
        throw new ModelmillError(
          'InvalidInputException',
          'data-quality results are read from local files; run the job against a modelmill instance',
        );
      }
      return path;
    },
    putObject: (input) => clients.s3.putObject(input),
  };
}

/** Where the data-quality gate reads and writes. */
export function dqLocations(job: JobArgs, source: string) {
  const table = job.raw.dq_table ?? 'dqresults';
  return {
    rules: `s3://${job.internalBucket}/dq_rules/${source}.dqdl`,
    data: `s3://${job.analyticsBucket}/${job.useCase}/${source}/`,
    results: `s3://${job.analyticsBucket}/dq/${table}/`,
  };
}

/**
 * The data-quality gate: evaluates `<source>.dqdl` over the source's data
 * (when the rules exist), writes the results, then refuses when any
 * source's latest overall status is Failed, naming the failed rules.
 */
export async function checkDataQuality(
  clients: ServiceClients,
  job: JobArgs,
  source: string,
  scratch: string,
  logger: Logger,
): Promise<Record<string, string>> {
  const where = dqLocations(job, source);
  const rules = await readTextIfExists(clients, where.rules);
  if (rules === undefined) {
    logger.warn(`no data-quality rules at ${where.rules}: the gate checks earlier results only`);
  } else {
    const data = await localFolder(clients, where.data, join(scratch, 'dq-data'));
    const evaluation = await evaluateRules(rules, data, { source, format: 'parquet' });
    const written = await writeDqResults(where.results, [evaluation], {
      objects: dqObjects(clients),
    });
    await registerDqPartition(clients, job, written.partition.values);
    logger.info(
      `data quality of ${source}: ${evaluation.overallStatus} (${evaluation.passed} passed, ${evaluation.failed} failed, ${evaluation.rowCount} rows)`,
    );
  }
  const results = await localFolder(clients, where.results, join(scratch, 'dq-results'));
  const latest = await latestOverallStatus(results);
  const failed = [...latest].filter(([, outcome]) => outcome === 'Failed').map(([s]) => s);
  if (failed.length > 0) {
    const rows = await readDqResults(results);
    const reasons = failed.map((s) => {
      const mine = rows.filter((r) => r.source === s);
      const last = mine.at(-1)?.corelation_id;
      const rules = mine
        .filter((r) => r.corelation_id === last && r.rule !== OVERALL_STATUS_RULE)
        .filter((r) => r.outcome === 'Failed')
        .map((r) => `${r.rule}${r.failurereason ? ` (${r.failurereason})` : ''}`);
      return `${s}: ${rules.join('; ') || 'see the dqresults table'}`;
    });
    refuse(
      `data quality Failed (latest dq_overall_status in ${where.results}) — ${reasons.join(' | ')}; fix the data or the rules in s3://${job.internalBucket}/dq_rules/ and run again`,
    );
  }
  return Object.fromEntries(latest);
}

/**
 * Makes the written results queryable as `<dq_athena_db>.<dq_table>`: the
 * database and table when missing, and the day's partition.
 */
async function registerDqPartition(
  clients: ServiceClients,
  job: JobArgs,
  [year, month, day]: [string, string, string],
): Promise<void> {
  const database = job.raw.dq_athena_db;
  if (!database) return;
  const where = dqLocations(job, 'training_data');
  const table = `\`${database}\`.\`${job.raw.dq_table ?? 'dqresults'}\``;
  const columns = DQ_RESULTS_COLUMNS.map((c) => `\`${c.Name}\` ${c.Type}`).join(', ');
  const output = runLocations(job.sharedBucket, job.run).athenaResults;
  for (const sql of [
    `CREATE DATABASE IF NOT EXISTS \`${database}\``,
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${table} (${columns}) PARTITIONED BY (year string, month string, day string) STORED AS PARQUET LOCATION '${where.results}'`,
    `ALTER TABLE ${table} ADD IF NOT EXISTS PARTITION (year = '${year}', month = '${month}', day = '${day}')`,
  ]) {
    await athenaRows(clients, sql, output);
  }
}

/** The columns of the Parquet data under `uri` (Hive partition columns included). */
export async function dataColumns(
  clients: ServiceClients,
  uri: string,
  scratch: string,
): Promise<string[]> {
  const folder = await localFolder(clients, uri, join(scratch, 'columns'));
  try {
    return await withDuck(async (duck) => {
      const rows = await duck.rows(`DESCRIBE SELECT * FROM ${parquetReader(folder)}`);
      return rows.map((r) => String(r.column_name));
    });
  } catch (err) {
    const { bucket } = parseS3Uri(uri);
    throw new ModelmillError(
      'DAPM.GatekeeperRefused',
      `no readable Parquet data at ${uri} (bucket ${bucket}): write the use case's data there first (${(err as Error).message.split('\n')[0]})`,
    );
  }
}
