import { ModelmillError, isPlainObject } from '../../../core/index.js';
import type { Model } from '../../../ml/index.js';
import { extractFeatures, loadModel } from '../../../ml/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import { exitCodeOf, hiveValue, joinUri, parseAlgorithmList, requireArgs } from './ml-args.js';
import { unpackArchive } from './ml-model-archive.js';
import type { JobObjects } from './ml-objects.js';
import { jobObjects } from './ml-objects.js';
import type { LoadedPartition, OutputValues } from './ml-partition-io.js';
import { loadPartition, writeJoinedParquet } from './ml-partition-io.js';
import { jobClients } from './ml-run-config.js';
import type { AlgorithmOutputs, AlgorithmStatus } from './ml-state.js';
import { recordAlgorithmResults } from './ml-state.js';

/**
 * `dapm-infer`, the DAPM inference container (one AWS Batch job per scoring
 * partition; CONTRACT.md, "Batch job arguments"): loads each model of
 * `--model_paths` from its `model.tar.gz`, predicts every row of the
 * partition, writes `prediction.parquet` (the scoring rows plus
 * `predicted`) per algorithm, and records statuses and paths on the state
 * item. Exits 1 when any algorithm failed.
 */

const PROGRAM = 'dapm-infer';

const REQUIRED = [
  's3_pk_mappingid_data_input_path',
  's3_inference_prefix_output_path',
  'inference_statetable_name',
  'pk_id',
  'mapping_id',
  'model_paths',
] as const;

interface InferJob {
  args: Record<(typeof REQUIRED)[number], string>;
  jobId: string;
  stateKey: string;
  /** Algorithm → model URI, in the order to score. */
  models: Map<string, string | undefined>;
}

/** `--model_paths` as a map, limited to `--algo_names` when given. */
export function modelPathsOf(
  text: string,
  algoNames: string | undefined,
): Map<string, string | undefined> {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (err) {
    throw new ModelmillError(
      'InvalidArguments',
      `${PROGRAM}: --model_paths is not JSON: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const valid =
    Array.isArray(list) &&
    list.every(
      (p) =>
        isPlainObject(p) &&
        typeof p.algorithm_name === 'string' &&
        typeof p.model_s3_output_path === 'string',
    );
  if (!valid) {
    throw new ModelmillError(
      'InvalidArguments',
      `${PROGRAM}: --model_paths must be a JSON list of {"algorithm_name", "model_s3_output_path"} objects`,
    );
  }
  const given = new Map(
    (list as Record<string, string>[]).map((p) => [
      p.algorithm_name as string,
      p.model_s3_output_path,
    ]),
  );
  const wanted =
    algoNames === undefined || algoNames === '' ? [...given.keys()] : parseAlgorithmList(algoNames);
  if (wanted.length === 0) {
    throw new ModelmillError(
      'InvalidArguments',
      `${PROGRAM}: --model_paths names no model and --algo_names no algorithm`,
    );
  }
  return new Map(wanted.map((a) => [a, given.get(a)]));
}

function inferJobOf(ctx: ProgramContext): InferJob {
  const args = requireArgs(PROGRAM, ctx.args, REQUIRED);
  const jobId = ctx.env.AWS_BATCH_JOB_ID;
  if (jobId === undefined || jobId === '') {
    throw new ModelmillError(
      'InvalidArguments',
      `${PROGRAM}: AWS_BATCH_JOB_ID is not set; run it as an AWS Batch job (or set the variable)`,
    );
  }
  const prev = ctx.args.prev_batch_job_id;
  return {
    args,
    jobId,
    stateKey: prev && prev !== 'NA' ? prev : jobId,
    models: modelPathsOf(args.model_paths, ctx.args.algo_names),
  };
}

/** The inference container's program. */
export function dapmInfer(ctx: ProgramContext): Promise<number> {
  return exitCodeOf(PROGRAM, ctx.logger, () => infer(ctx));
}

async function infer(ctx: ProgramContext): Promise<number> {
  const job = inferJobOf(ctx);
  const clients = jobClients(ctx.env);
  const objects = jobObjects(clients, ctx.cwd);
  const { statuses, outputs } = await scoreAll(objects, job);
  await recordAlgorithmResults(
    clients.dynamodb,
    { table: job.args.inference_statetable_name, batchJobId: job.stateKey, statuses, outputs },
    { signal: ctx.signal },
  );
  const failed = statuses.filter((s) => s.algorithm_execution_status === 'FAILED');
  const where = `pk=${job.args.pk_id} mapping=${job.args.mapping_id}`;
  if (failed.length > 0) {
    ctx.logger.error(
      `${where}: ${failed.length} of ${statuses.length} algorithms failed: ${failed.map((f) => f.reason).join('; ')}`,
    );
    return 1;
  }
  ctx.logger.info(`${where}: scored with ${statuses.map((s) => s.algorithm_name).join(', ')}`);
  return 0;
}

async function scoreAll(
  objects: JobObjects,
  job: InferJob,
): Promise<{ statuses: AlgorithmStatus[]; outputs: AlgorithmOutputs[] }> {
  const statuses: AlgorithmStatus[] = [];
  const outputs: AlgorithmOutputs[] = [];
  const fail = (algorithm: string, reason: string) =>
    statuses.push({
      algorithm_name: algorithm,
      runid: job.jobId,
      algorithm_execution_status: 'FAILED',
      reason,
    });
  let partition: LoadedPartition;
  try {
    partition = await loadPartition(objects, job.args.s3_pk_mappingid_data_input_path);
  } catch (err) {
    if (!(err instanceof ModelmillError) || err.code !== 'NoData') throw err;
    for (const algorithm of job.models.keys()) fail(algorithm, `no rows to score: ${err.message}`);
    return { statuses, outputs };
  }
  for (const [algorithm, modelUri] of job.models) {
    try {
      outputs.push(await scoreOne(objects, job, partition, algorithm, modelUri));
      statuses.push({
        algorithm_name: algorithm,
        runid: job.jobId,
        algorithm_execution_status: 'SUCCESS',
      });
    } catch (err) {
      fail(algorithm, `${algorithm}: ${(err as Error).message}`);
    }
  }
  return { statuses, outputs };
}

async function scoreOne(
  objects: JobObjects,
  job: InferJob,
  partition: LoadedPartition,
  algorithm: string,
  modelUri: string | undefined,
): Promise<AlgorithmOutputs> {
  if (modelUri === undefined) {
    throw new ModelmillError('InvalidArguments', `--model_paths has no model for '${algorithm}'`);
  }
  const model = await readModel(objects, modelUri);
  const absent = model.features.filter((f) => !partition.columns.includes(f));
  if (absent.length > 0) {
    throw new ModelmillError(
      'InvalidData',
      `the scoring partition lacks the model's feature column${absent.length > 1 ? 's' : ''} ${absent.join(', ')} (it has ${partition.columns.join(', ')})`,
    );
  }
  const x = extractFeatures(partition.rows, { features: model.features }).x;
  const predicted = model.predict(x);
  const column: OutputValues =
    model.classNames === undefined
      ? { kind: 'double', values: predicted }
      : { kind: 'text', values: Array.from(predicted, (v) => model.labelOf(v)) };
  const uri = joinUri(
    job.args.s3_inference_prefix_output_path,
    `pk=${hiveValue(job.args.pk_id)}`,
    `mapping=${hiveValue(job.args.mapping_id)}`,
    `algoname=${hiveValue(algorithm)}`,
    'prediction.parquet',
  );
  await writeJoinedParquet(objects, uri, {
    partition,
    positions: Uint32Array.from({ length: partition.rows.length }, (_, i) => i),
    keep: partition.columns.filter((c) => c !== 'predicted'),
    added: { predicted: column },
  });
  return {
    algorithm_name: algorithm,
    model_s3_output_path: modelUri,
    pred_or_eval_s3_output_path: uri,
  };
}

/** The model document inside a `model.tar.gz`. */
export async function readModel(objects: JobObjects, uri: string): Promise<Model> {
  const files = await unpackArchive(await objects.readBytes(uri), uri);
  const document = files.get('model.json');
  if (document === undefined) {
    throw new ModelmillError(
      'InvalidArchive',
      `${uri} holds no model.json (it has ${[...files.keys()].join(', ') || 'nothing'}); it must be a model written by dapm-train`,
    );
  }
  return loadModel(document.toString('utf8'));
}
