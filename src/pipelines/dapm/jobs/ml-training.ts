import type { FitAndEvaluateResult, ModelDocument, Task } from '../../../ml/index.js';
import {
  AlgorithmNames,
  extractFeatures,
  fitAndEvaluate,
  isAlgorithmName,
} from '../../../ml/index.js';
import type { ModelSpec } from './ml-mapping.js';
import { hyperparametersFor } from './ml-mapping.js';
import type { ResolvedMetric } from './ml-metrics.js';
import { resolveMetric, scoreRows } from './ml-metrics.js';
import type { HeldOutSplit } from './ml-split.js';
import { splitHeldOut } from './ml-split.js';

/**
 * The training container's computation, without I/O: one partition's rows
 * in, every algorithm trained on the same held-out split, each with its
 * model document, held-out predictions and metric, or the reason it failed.
 */

/** Fewer rows with a target than this fail every algorithm. */
export const MIN_TRAINING_ROWS = 10;

/** Default K of the top-K overlap. */
export const DEFAULT_TOP_K = 5;

type Row = Record<string, unknown>;

/** What to train. */
export interface PartitionTrainingInput {
  rows: readonly Row[];
  spec: ModelSpec;
  algorithms: readonly string[];
  /** Seed of the random split (partitions without dates). Default 0. */
  seed?: number;
}

/** A trained algorithm. */
export interface TrainedAlgorithm {
  algorithm: string;
  ok: true;
  document: ModelDocument;
  /** Positions (in the input rows) of the held-out rows, in prediction order. */
  testRows: Uint32Array;
  actual: Float64Array;
  predicted: Float64Array;
  /** Classification with string labels: the predicted class names. */
  predictedLabels: (string | number)[] | undefined;
  /** Binary classification: the probability of the larger class. */
  score: Float64Array | undefined;
  /** The evaluation metric on the held-out rows (undefined where it is not defined). */
  metric: { name: string; value: number | undefined };
  rows: { train: number; test: number };
}

/** An algorithm that could not be trained. */
export interface FailedAlgorithm {
  algorithm: string;
  ok: false;
  reason: string;
}

/** The outcome of one partition. */
export interface PartitionTraining {
  task: Task | undefined;
  split: HeldOutSplit | undefined;
  outcomes: (TrainedAlgorithm | FailedAlgorithm)[];
}

const missing = (v: unknown) =>
  v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** Trains every algorithm of `input.algorithms` on the partition. */
export function trainPartition(input: PartitionTrainingInput): PartitionTraining {
  const { rows, spec } = input;
  const failAll = (reason: string): PartitionTraining => ({
    task: undefined,
    split: undefined,
    outcomes: input.algorithms.map((algorithm) => ({ algorithm, ok: false, reason })),
  });
  const columns = rows.length > 0 ? Object.keys(rows[0] as Row) : [];
  const absent = [spec.target, ...spec.features].filter(
    (c) => rows.length > 0 && !columns.includes(c),
  );
  if (absent.length > 0) {
    return failAll(
      `the partition has no column ${absent.map((c) => `"${c}"`).join(', ')} (it has ${columns.join(', ')}); fix "target"/"features" in the mapping JSON`,
    );
  }
  const kept: number[] = [];
  rows.forEach((row, i) => {
    if (!missing(row[spec.target])) kept.push(i);
  });
  if (kept.length < MIN_TRAINING_ROWS) {
    return failAll(
      `too few rows: the partition has ${kept.length} row${kept.length === 1 ? '' : 's'} with a "${spec.target}" value; training needs at least ${MIN_TRAINING_ROWS}`,
    );
  }
  const task = spec.task ?? taskOfTarget(kept.map((i) => (rows[i] as Row)[spec.target]));
  let metric: ResolvedMetric;
  try {
    metric = resolveMetric(spec.evaluationMetric, task);
  } catch (err) {
    return failAll((err as Error).message);
  }
  const dates = columns.includes(spec.dateColumn)
    ? kept.map((i) => (rows[i] as Row)[spec.dateColumn])
    : undefined;
  const split = splitHeldOut(kept.length, dates, { seed: input.seed ?? 0 });
  const pick = (part: Uint32Array) => Array.from(part, (k) => rows[kept[k] as number] as Row);
  const context = {
    spec,
    task,
    metric,
    train: pick(split.train),
    test: pick(split.test),
    testRows: Uint32Array.from(split.test, (k) => kept[k] as number),
    topK: spec.evaluationTopK ?? DEFAULT_TOP_K,
  };
  return {
    task,
    split,
    outcomes: input.algorithms.map((algorithm) => trainOne(algorithm, context)),
  };
}

/** Numbers (or numeric text) make a regression target; anything else, classification. */
function taskOfTarget(values: readonly unknown[]): Task {
  const numeric = values.every(
    (v) =>
      typeof v === 'number' ||
      typeof v === 'bigint' ||
      (typeof v === 'string' && Number.isFinite(Number(v))),
  );
  return numeric ? 'regression' : 'classification';
}

interface TrainingContext {
  spec: ModelSpec;
  task: Task;
  metric: ResolvedMetric;
  train: Row[];
  test: Row[];
  testRows: Uint32Array;
  topK: number;
}

function trainOne(algorithm: string, ctx: TrainingContext): TrainedAlgorithm | FailedAlgorithm {
  if (!isAlgorithmName(algorithm)) {
    return {
      algorithm,
      ok: false,
      reason: `unknown algorithm '${algorithm}'; the known ones are ${AlgorithmNames.join(', ')}`,
    };
  }
  let result: FitAndEvaluateResult;
  try {
    result = fitAndEvaluate({
      algorithm,
      task: ctx.task,
      train: ctx.train,
      test: ctx.test,
      label: ctx.spec.target,
      features: ctx.spec.features,
      hyperparameters: hyperparametersFor(ctx.spec, algorithm),
    });
  } catch (err) {
    return { algorithm, ok: false, reason: `${algorithm}: ${(err as Error).message}` };
  }
  const score = binaryScore(result, ctx);
  const value = scoreRows(
    ctx.metric,
    { actual: result.actual, predicted: result.predicted, score },
    ctx.topK,
  );
  return {
    algorithm,
    ok: true,
    document: result.document,
    testRows: ctx.testRows,
    actual: result.actual,
    predicted: result.predicted,
    predictedLabels: result.predictedLabels,
    score,
    metric: { name: ctx.metric.name, value },
    rows: { train: result.rows.train, test: result.rows.test },
  };
}

function binaryScore(result: FitAndEvaluateResult, ctx: TrainingContext): Float64Array | undefined {
  if (ctx.task !== 'classification' || result.model.classes?.length !== 2) return undefined;
  const x = extractFeatures(ctx.test, { features: ctx.spec.features }).x;
  const proba = result.model.predictProba(x);
  return Float64Array.from(
    { length: proba.rows },
    (_, i) => proba.data[i * proba.cols + 1] as number,
  );
}
