import { ModelmillError } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import { exitCodeOf, hiveValue, joinUri, parseAlgorithmList, requireArgs } from './ml-args.js';
import type { ModelSpec } from './ml-mapping.js';
import { packArchive } from './ml-model-archive.js';
import type { JobObjects } from './ml-objects.js';
import { jobObjects } from './ml-objects.js';
import type { LoadedPartition, OutputValues } from './ml-partition-io.js';
import { loadPartition, writeJoinedParquet } from './ml-partition-io.js';
import { jobClients, loadModelSpec } from './ml-run-config.js';
import type { AlgorithmOutputs, AlgorithmStatus } from './ml-state.js';
import { recordAlgorithmResults } from './ml-state.js';
import type { PartitionTraining, TrainedAlgorithm } from './ml-training.js';
import { trainPartition } from './ml-training.js';

/**
 * `dapm-train`, the DAPM training container (one AWS Batch job per
 * partition; CONTRACT.md, "Batch job arguments"): reads the partition's
 * Parquet, trains every algorithm of `--algo_names` on one held-out split
 * (the last 20 % of dates), writes each algorithm's `model.tar.gz` and
 * `test_pred.parquet`, and records statuses and paths on the state item.
 * Exits 1 when any algorithm failed.
 */

const PROGRAM = 'dapm-train';

const REQUIRED = [
  's3_pk_mappingid_data_input_path',
  's3_training_prefix_output_path',
  's3_pred_or_eval_prefix_output_path',
  'train_statetable_name',
  'pk_id',
  'mapping_id',
  'algo_names',
] as const;

/** What one training job is about. */
interface TrainJob {
  args: Record<(typeof REQUIRED)[number], string>;
  /** This run's Batch job id (folder names and `runid`). */
  jobId: string;
  /** The state item's key: the first run's job id. */
  stateKey: string;
  algorithms: string[];
}

function trainJobOf(ctx: ProgramContext): TrainJob {
  const args = requireArgs(PROGRAM, ctx.args, REQUIRED);
  const jobId = ctx.env.AWS_BATCH_JOB_ID;
  if (jobId === undefined || jobId === '') {
    throw new ModelmillError(
      'InvalidArguments',
      `${PROGRAM}: AWS_BATCH_JOB_ID is not set; run it as an AWS Batch job (or set the variable)`,
    );
  }
  const prev = ctx.args.prev_batch_job_id;
  const algorithms = parseAlgorithmList(args.algo_names);
  if (algorithms.length === 0) {
    throw new ModelmillError(
      'InvalidArguments',
      `${PROGRAM}: --algo_names names no algorithm (e.g. lr,xgb,rf)`,
    );
  }
  return { args, jobId, stateKey: prev && prev !== 'NA' ? prev : jobId, algorithms };
}

/** The training container's program. */
export function dapmTrain(ctx: ProgramContext): Promise<number> {
  return exitCodeOf(PROGRAM, ctx.logger, () => train(ctx));
}

async function train(ctx: ProgramContext): Promise<number> {
  const job = trainJobOf(ctx);
  const clients = jobClients(ctx.env);
  const objects = jobObjects(clients, ctx.cwd);
  const spec = await loadModelSpec(clients, objects, {
    trainingPrefix: job.args.s3_training_prefix_output_path,
    metaTable: ctx.args.train_metatable_name,
  });
  const { statuses, outputs } = await trainAndWrite(objects, job, spec);
  await recordAlgorithmResults(
    clients.dynamodb,
    { table: job.args.train_statetable_name, batchJobId: job.stateKey, statuses, outputs },
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
  ctx.logger.info(`${where}: trained ${statuses.map((s) => s.algorithm_name).join(', ')}`);
  return 0;
}

async function trainAndWrite(
  objects: JobObjects,
  job: TrainJob,
  spec: ModelSpec,
): Promise<{ statuses: AlgorithmStatus[]; outputs: AlgorithmOutputs[] }> {
  let partition: LoadedPartition;
  try {
    partition = await loadPartition(objects, job.args.s3_pk_mappingid_data_input_path);
  } catch (err) {
    if (!(err instanceof ModelmillError) || err.code !== 'NoData') throw err;
    const reason = `too few rows: ${err.message}; training needs at least 10 rows`;
    return { statuses: job.algorithms.map((a) => failed(a, job.jobId, reason)), outputs: [] };
  }
  const training = trainPartition({ rows: partition.rows, spec, algorithms: job.algorithms });
  const statuses: AlgorithmStatus[] = [];
  const outputs: AlgorithmOutputs[] = [];
  for (const outcome of training.outcomes) {
    if (!outcome.ok) {
      statuses.push(failed(outcome.algorithm, job.jobId, outcome.reason));
      continue;
    }
    outputs.push(await writeAlgorithm(objects, job, spec, partition, training, outcome));
    statuses.push({
      algorithm_name: outcome.algorithm,
      runid: job.jobId,
      algorithm_execution_status: 'SUCCESS',
    });
  }
  return { statuses, outputs };
}

function failed(algorithm: string, runid: string, reason: string): AlgorithmStatus {
  return { algorithm_name: algorithm, runid, algorithm_execution_status: 'FAILED', reason };
}

async function writeAlgorithm(
  objects: JobObjects,
  job: TrainJob,
  spec: ModelSpec,
  partition: LoadedPartition,
  training: PartitionTraining,
  trained: TrainedAlgorithm,
): Promise<AlgorithmOutputs> {
  const folder = [
    `pk=${hiveValue(job.args.pk_id)}`,
    `mapping=${hiveValue(job.args.mapping_id)}`,
    `batchjobid=${hiveValue(job.jobId)}`,
    `algoname=${hiveValue(trained.algorithm)}`,
  ];
  const modelUri = joinUri(job.args.s3_training_prefix_output_path, ...folder, 'model.tar.gz');
  const predUri = joinUri(
    job.args.s3_pred_or_eval_prefix_output_path,
    ...folder,
    'test_pred.parquet',
  );
  const trainedAt = new Date();
  const metadata = modelMetadata(job, spec, training, trained, trainedAt);
  const archive = packArchive(
    [
      { name: 'model.json', data: JSON.stringify(trained.document) },
      { name: 'metadata.json', data: JSON.stringify(metadata) },
    ],
    trainedAt,
  );
  await objects.writeBytes(modelUri, archive);
  await writeJoinedParquet(objects, predUri, {
    partition,
    positions: trained.testRows,
    keep: [spec.primaryKey, spec.dateColumn],
    constants: { [spec.primaryKey]: job.args.pk_id },
    added: predictionColumns(trained),
  });
  return {
    algorithm_name: trained.algorithm,
    model_s3_output_path: modelUri,
    pred_or_eval_s3_output_path: predUri,
  };
}

/** `metadata.json` of a model: what it was trained on and how it scored. */
function modelMetadata(
  job: TrainJob,
  spec: ModelSpec,
  training: PartitionTraining,
  trained: TrainedAlgorithm,
  trainedAt: Date,
): Record<string, unknown> {
  return {
    algorithm: trained.algorithm,
    pk: job.args.pk_id,
    mapping: job.args.mapping_id,
    primary_key: spec.primaryKey,
    features: spec.features,
    target: spec.target,
    task: training.task,
    metric: { name: trained.metric.name, value: trained.metric.value ?? null },
    rows: trained.rows,
    split: training.split?.by,
    batch_job_id: job.jobId,
    trained_at: trainedAt.toISOString(),
  };
}

/** `actual` and `predicted` (class names when the labels were text), plus `score` for two classes. */
function predictionColumns(trained: TrainedAlgorithm): Record<string, OutputValues> {
  const names = trained.document.classNames;
  const columns: Record<string, OutputValues> =
    names === undefined
      ? {
          actual: { kind: 'double', values: trained.actual },
          predicted: { kind: 'double', values: trained.predicted },
        }
      : {
          actual: {
            kind: 'text',
            values: Array.from(trained.actual, (v) => names[v] ?? String(v)),
          },
          predicted: { kind: 'text', values: trained.predictedLabels ?? [] },
        };
  if (trained.score !== undefined) columns.score = { kind: 'double', values: trained.score };
  return columns;
}
