import { clientsFromEnv } from '../../../clients/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { ApprovedModel } from './gatekeeper-inference.js';
import { readApprovedModel } from './gatekeeper-inference.js';
import { checkDataQuality, checkImageTags, dataColumns, refuse } from './gatekeeper-checks.js';
import type { JobArgs } from './orchestration-args.js';
import { readJobArgs, runLocations } from './orchestration-args.js';
import type { MappingSpec } from './orchestration-mapping.js';
import {
  columnProblems,
  inferenceAlgorithms,
  mappingProblems,
  parseMappingJson,
} from './orchestration-mapping.js';
import { isoNow, runJob } from './orchestration-job.js';
import { META_KEY } from './orchestration-meta.js';
import { putText, readText } from './orchestration-s3.js';
import { setFlag } from './orchestration-ssm.js';
import { putRows } from './orchestration-tables.js';

/**
 * `dapm-gatekeeper` (Glue job `np-{ctx}-gatekeeper`): refuses a run whose
 * images were built from different commits, whose data failed its quality
 * rules, or whose mapping JSON is broken or does not fit the data (and, for
 * inference, that has no approved model or does not fit the training run).
 * Otherwise it resets the loop flag, writes the run's meta item and copies
 * the mapping JSON under the run's prefix.
 */

/** The data source a context reads. */
export function dataSource(job: JobArgs): 'training_data' | 'scoring_data' {
  return job.ctx === 'training' ? 'training_data' : 'scoring_data';
}

/** The mapping JSON a context reads. */
function mappingUri(job: JobArgs): string {
  const training = job.raw.mapping_json_S3_path;
  const uri =
    job.ctx === 'inferencing' ? (job.raw.mapping_json_S3_inference_path ?? training) : training;
  if (!uri) {
    refuse(
      'the job has no --mapping_json_S3_path argument: add the mapping JSON URI to the execution input',
    );
  }
  return uri;
}

/** The algorithms a run's jobs get: training's list, or the winner and the inference algorithms. */
function runAlgorithms(spec: MappingSpec, approved: ApprovedModel | undefined): string[] {
  if (!approved) return spec.training.algorithms;
  return [...new Set([approved.winner, ...inferenceAlgorithms(spec)])];
}

/** The program. */
export async function gatekeeper(ctx: ProgramContext): Promise<number> {
  return runJob(ctx, 'dapm-gatekeeper', async () => {
    const startTime = isoNow();
    const job = readJobArgs(ctx.args);
    const clients = clientsFromEnv(ctx.env);
    const images = await checkImageTags(clients, job);
    const source = dataSource(job);
    const dq = await checkDataQuality(clients, job, source, ctx.cwd, ctx.logger);
    const uri = mappingUri(job);
    const mappingText = await readText(clients, uri, 'the mapping JSON');
    const spec = parseMappingJson(mappingText, uri);
    const problems = mappingProblems(spec, uri);
    const mappingColumn =
      job.ctx === 'training' ? spec.training.mappingColumn : spec.inference.mappingColumn;
    const data = `s3://${job.analyticsBucket}/${job.useCase}/${source}/`;
    const columns = await dataColumns(clients, data, ctx.cwd);
    problems.push(
      ...columnProblems(spec, mappingColumn, columns, { needTarget: job.ctx === 'training', data }),
    );
    if (problems.length > 0) refuse(`the mapping JSON is not usable: ${problems.join('; ')}`);
    const approved =
      job.ctx === 'inferencing' ? await readApprovedModel(clients, job, spec) : undefined;
    await setFlag(clients, job.flagParam, false);
    const locations = runLocations(job.sharedBucket, job.run);
    await putText(clients, locations.mappingJson, mappingText);
    const meta = metaItem(job, { spec, mappingColumn, images, dq, data, approved });
    meta.stage_times = { gatekeeper: { start_time: startTime, end_time: isoNow() } };
    await putRows(clients.dynamodb, job.tables.meta, [meta]);
    ctx.logger.info(
      `gatekeeper passed for ${job.run.stepJobId}: commit ${images.commitId}, primary key ${spec.primaryKey}, mapping ${mappingColumn}, algorithms ${String(meta.algo_names)}`,
    );
  });
}

interface MetaFacts {
  spec: MappingSpec;
  mappingColumn: string;
  images: { commitId: string; preprocessingImage: string; jobImage: string };
  dq: Record<string, string>;
  data: string;
  approved: ApprovedModel | undefined;
}

/** The meta item of a run: every input, and what the gatekeeper established. */
function metaItem(job: JobArgs, facts: MetaFacts): Record<string, unknown> {
  const locations = runLocations(job.sharedBucket, job.run);
  const { approved } = facts;
  // Glue's own arguments name the gatekeeper's run, not the pipeline's inputs.
  const inputs = Object.fromEntries(
    Object.entries(job.raw).filter(([key]) => !/^JOB_(ID|RUN_ID|NAME)$/.test(key)),
  );
  return {
    ...inputs,
    [META_KEY.name]: META_KEY.value,
    context: job.ctx,
    execution_id: job.executionId,
    step_job_id: job.run.stepJobId,
    year: job.run.year,
    month: job.run.month,
    day: job.run.day,
    pk_column: facts.spec.primaryKey,
    mapping_column: facts.mappingColumn,
    target_column: facts.spec.target,
    feature_columns: facts.spec.features,
    algo_names: runAlgorithms(facts.spec, approved),
    commit_id: facts.images.commitId,
    repository: job.raw.repository ?? '',
    preprocessing_image: facts.images.preprocessingImage,
    job_image: facts.images.jobImage,
    input_data_path: facts.data,
    dq_status: facts.dq,
    mapping_json_run_copy: locations.mappingJson,
    preprocessing_prefix: locations.preprocessing,
    training_prefix: locations.training,
    pred_or_eval_prefix: locations.predOrEval,
    ...(job.ctx === 'inferencing' ? { inference_prefix: locations.inferenceOut } : {}),
    debug_path: locations.debug,
    preprocessing_total: 0,
    jobs_submitted: 0,
    jobs_succeeded: 0,
    jobs_failed: 0,
    models_created: 0,
    ...(approved ? approvedFields(approved) : {}),
  };
}

function approvedFields(approved: ApprovedModel): Record<string, unknown> {
  return {
    winner_algorithm: approved.winner,
    approved_model_prefix_path: approved.prefix,
    training_run: {
      year: approved.run.year,
      month: approved.run.month,
      day: approved.run.day,
      stepjobid: approved.run.stepJobId,
    },
    training_shared_bucket: approved.bucket,
    training_mapping_column: approved.trainingMapping.training.mappingColumn,
    training_commit_id: approved.meta.commit_id ?? undefined,
  };
}
