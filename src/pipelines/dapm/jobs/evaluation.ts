import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { Task } from '../../../ml/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { RunKey } from './ml-args.js';
import { exitCodeOf, requireArgs, runKeyOf } from './ml-args.js';
import { ensureRunTables } from './ml-athena-tables.js';
import { openDuck } from './ml-duck.js';
import {
  readHeldOut,
  writeEvaluationSummary,
  writePartitionChampions,
} from './ml-evaluation-io.js';
import { athenaOutput, evaluationEvents, evaluationTables } from './ml-evaluation-publish.js';
import type { EvaluationScores, PredictionColumns } from './ml-evaluation-scores.js';
import { scoreEvaluation } from './ml-evaluation-scores.js';
import type { Row } from './ml-final-job.js';
import {
  putEventsOrFail,
  readRunMeta,
  runArea,
  runStateItems,
  succeededOutputs,
  updateRunMeta,
} from './ml-final-job.js';
import type { ResolvedMetric } from './ml-metrics.js';
import { resolveMetric } from './ml-metrics.js';
import { modelPackageRequest, trainingImage } from './ml-model-package.js';
import type { JobObjects } from './ml-objects.js';
import { jobObjects } from './ml-objects.js';
import type { ModelSpec } from './ml-mapping.js';
import { jobClients, loadModelSpec } from './ml-run-config.js';
import { DEFAULT_TOP_K } from './ml-training.js';

/**
 * `dapm-evaluation`, training's final Glue job: scores every algorithm over
 * the held-out predictions of all succeeded partitions with one metric
 * (`evaluation_metric`), ranks them, writes the evaluation summary and the
 * per-partition champions, registers the winner as a model package awaiting
 * approval, records the result on the meta item and dumps it, puts the
 * model-quality, data-quality and feature-store events, and keeps the
 * run's Athena tables.
 */

const PROGRAM = 'dapm-evaluation';

const REQUIRED = [
  's3_bucket_name_shared',
  'train_metatable_name',
  'train_statetable_name',
  'model_package_group_name',
  'training_event_bus_name',
  'use_case_name',
  'athenadb_name',
] as const;

interface EvaluationJob {
  args: Record<(typeof REQUIRED)[number], string>;
  raw: Readonly<Record<string, string>>;
  run: RunKey;
  clients: ServiceClients;
  objects: JobObjects;
  area: (name: string) => string;
}

/** What scoring found, with the metric it used. */
interface Scored {
  metric: ResolvedMetric;
  scores: EvaluationScores;
  winner: { name: string; value: number };
}

/** The evaluation program. */
export function dapmEvaluation(ctx: ProgramContext): Promise<number> {
  return exitCodeOf(PROGRAM, ctx.logger, () => evaluate(ctx));
}

async function evaluate(ctx: ProgramContext): Promise<number> {
  const started = new Date();
  const args = requireArgs(PROGRAM, ctx.args, REQUIRED);
  const run = runKeyOf(ctx.args, PROGRAM);
  const clients = jobClients(ctx.env);
  const job: EvaluationJob = {
    args,
    raw: ctx.args,
    run,
    clients,
    objects: jobObjects(clients, ctx.cwd),
    area: (name) => runArea(args.s3_bucket_name_shared, name, run),
  };
  const meta = await readRunMeta(clients, args.train_metatable_name, run.stepJobId);
  const scored = await scoreRun(job, meta, started);
  const packageArn = await registerWinner(job, meta, scored);
  await updateRunMeta(
    clients,
    args.train_metatable_name,
    meta,
    {
      algo_with_highest_score: scored.winner.name,
      algo_score: scored.scores.algorithms.map((a) => ({
        algo_name: a.name,
        algo_score: a.value ?? null,
      })),
      metric_name: scored.metric.name,
      model_package_arn: packageArn,
      evaluation_summary_path: `${job.area('model_eval_summary')}part-0.parquet`,
      partition_champions_path: `${job.area('partition_champions')}part-0.parquet`,
    },
    { name: 'evaluation', start_time: started.toISOString(), end_time: new Date().toISOString() },
  );
  const final = await readRunMeta(clients, args.train_metatable_name, run.stepJobId);
  await job.objects.writeBytes(
    `${job.area('meta')}meta_ddb_table.json`,
    `${JSON.stringify(final)}\n`,
  );
  await putEventsOrFail(clients, evaluationEvents(job, final, scored, packageArn));
  await ensureRunTables(clients, evaluationTables(job, final), run, athenaOutput(job));
  ctx.logger.info(
    `${run.stepJobId}: ${scored.winner.name} ranked first on ${scored.metric.name} (${scored.winner.value}) over ${scored.scores.partitions.length} partitions; model package ${packageArn}`,
  );
  return 0;
}

async function scoreRun(job: EvaluationJob, meta: Row, at: Date): Promise<Scored> {
  const { clients, objects, args, run } = job;
  const items = await runStateItems(clients, args.train_statetable_name, run.stepJobId);
  const outputs = succeededOutputs(items);
  if (outputs.length === 0) {
    throw new ModelmillError(
      'NoData',
      `no partition of run ${run.stepJobId} succeeded (${items.length} state items in ${args.train_statetable_name}); there is nothing to evaluate`,
    );
  }
  const spec = await loadModelSpec(clients, objects, {
    trainingPrefix: job.area('training'),
    metaTable: args.train_metatable_name,
  });
  const duck = await openDuck();
  try {
    const columns = await readHeldOut(duck, objects, outputs, job.area('pred_or_eval'));
    const { metric, topK } = chooseMetric(job, meta, spec, columns);
    const known = Array.isArray(meta.algo_names) ? meta.algo_names.map(String) : [];
    const scores = scoreEvaluation(columns, metric, topK, known);
    const best = scores.algorithms[0];
    if (best?.value === undefined) {
      throw new ModelmillError(
        'NoData',
        `${metric.name} is undefined for every algorithm of run ${run.stepJobId} (e.g. AUC needs both classes among the held-out rows); choose another evaluation_metric`,
      );
    }
    await writeEvaluationSummary(
      duck,
      objects,
      `${job.area('model_eval_summary')}part-0.parquet`,
      scores,
      metric.name,
      run,
      at,
    );
    await writePartitionChampions(
      duck,
      objects,
      `${job.area('partition_champions')}part-0.parquet`,
      scores,
      metric.name,
      run,
      at,
    );
    return { metric, scores, winner: { name: best.name, value: best.value } };
  } finally {
    duck.close();
  }
}

/** The metric and K: arguments first, then the meta item, then the mapping JSON, then defaults. */
function chooseMetric(
  job: EvaluationJob,
  meta: Row,
  spec: ModelSpec,
  columns: PredictionColumns,
): { metric: ResolvedMetric; topK: number } {
  const task: Task =
    spec.task ??
    (columns.actual.some((v) => typeof v === 'string') ? 'classification' : 'regression');
  const requested =
    job.raw.evaluation_metric ?? textOf(meta.evaluation_metric) ?? spec.evaluationMetric;
  const k =
    job.raw.evaluation_top_k ?? meta.evaluation_top_k ?? spec.evaluationTopK ?? DEFAULT_TOP_K;
  const topK = Number(k);
  if (!Number.isInteger(topK) || topK < 1) {
    throw new ModelmillError(
      'InvalidArguments',
      `evaluation_top_k '${String(k)}' is not a positive integer; pass e.g. --evaluation_top_k 5`,
    );
  }
  return { metric: resolveMetric(requested, task), topK };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function registerWinner(job: EvaluationJob, meta: Row, scored: Scored): Promise<string> {
  const image = await trainingImage(job.clients, meta, job.raw.ssm_training_complete_status);
  const request = modelPackageRequest({
    group: job.args.model_package_group_name,
    useCase: job.args.use_case_name,
    stepJobId: job.run.stepJobId,
    winner: scored.winner.name,
    metricName: scored.metric.name,
    metricValue: scored.winner.value,
    trainingPrefix: job.area('training'),
    image,
    commitId: textOf(meta.commit_id),
    repository: textOf(job.raw.repository) ?? textOf(meta.repository) ?? '',
  });
  try {
    return (await job.clients.sagemaker.createModelPackage(request)).ModelPackageArn;
  } catch (err) {
    throw new ModelmillError(
      'ModelPackageFailed',
      `could not create the model package in group ${job.args.model_package_group_name}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
