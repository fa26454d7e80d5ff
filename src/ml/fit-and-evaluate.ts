/**
 * The pipelines' training step in one call: rows in, a trained model, its
 * held-out predictions, the chosen metric and the model document out.
 */
import { ModelmillError } from '../core/index.js';
import type { Task } from './algorithms.js';
import type { MetricName } from './evaluate.js';
import { checkMetric, defaultMetric, evaluatePredictions } from './evaluate.js';
import type { RawHyperparameters } from './hyperparameters.js';
import { selectRows, selectValues } from './matrix.js';
import type { Model } from './model.js';
import { fitModel } from './model.js';
import type { ModelDocument } from './model-format.js';
import { serializeModel } from './model-format.js';
import { extractFeatures } from './rows.js';
import { trainTestSplit } from './split.js';

type Row = Readonly<Record<string, unknown>>;

/** Options of {@link fitAndEvaluate}. */
export interface FitAndEvaluateOptions {
  algorithm: string;
  task: Task;
  /** Training rows (`{column: value}`). */
  train: readonly Row[];
  /** Held-out rows; when absent, `testSize` of `train` is held out (stratified for classification). */
  test?: readonly Row[];
  label: string;
  features: readonly string[];
  /** SageMaker-style string map. Default: the algorithm's defaults. */
  hyperparameters?: RawHyperparameters;
  /** The metric to report. Default `rmse` (regression) or `f1` (classification). */
  metric?: MetricName;
  /** Held-out share when `test` is absent. Default 0.2. */
  testSize?: number;
  /** Seed of that split. Default 0. */
  seed?: number;
  /** K of the top-K overlap. Default 10 % of the held-out rows. */
  topK?: number;
}

/** What a training job records. */
export interface FitAndEvaluateResult {
  model: Model;
  document: ModelDocument;
  /** Held-out label values, in held-out row order (rows without a label dropped). */
  actual: Float64Array;
  /** Predictions for the same rows (label values for classification). */
  predicted: Float64Array;
  /** Classification with string labels: predictions as class names. */
  predictedLabels: (string | number)[] | undefined;
  metric: { name: MetricName; value: number };
  /** Every metric of the task (see evaluatePredictions). */
  metrics: Partial<Record<MetricName, number>>;
  rows: { train: number; test: number; droppedForMissingLabel: number };
}

/** Trains `algorithm` on rows, scores held-out rows, returns predictions and metrics. */
export function fitAndEvaluate(options: FitAndEvaluateOptions): FitAndEvaluateResult {
  const { task, features } = options;
  const metricName = checkMetric(options.metric ?? defaultMetric(task), task);
  const data = extractFeatures([...options.train, ...(options.test ?? [])], {
    features,
    label: options.label,
    task,
  });
  const y = data.y as Float64Array;
  const split = chooseSplit(options, data.keptRows, y);
  const model = fitModel({
    algorithm: options.algorithm,
    task,
    x: selectRows(data.x, split.train),
    y: selectValues(y, split.train),
    features,
    hyperparameters: options.hyperparameters ?? {},
    ...(data.classNames ? { classNames: data.classNames } : {}),
  });
  const xTest = selectRows(data.x, split.test);
  const actual = selectValues(y, split.test);
  const predicted = model.predict(xTest);
  const proba = task === 'classification' ? model.predictProba(xTest) : undefined;
  const metrics = evaluatePredictions({
    task,
    yTrue: actual,
    yPred: predicted,
    ...(proba ? { proba, classes: model.classes ?? [] } : {}),
    ...(options.topK ? { topK: options.topK } : {}),
  });
  const value = metrics[metricName];
  if (value === undefined) {
    throw new ModelmillError(
      'ValidationException',
      `Metric "${metricName}" could not be computed: the held-out labels hold only one class; use a larger or stratified held-out set.`,
    );
  }
  return {
    model,
    document: serializeModel(model),
    actual,
    predicted,
    predictedLabels: data.classNames ? Array.from(predicted, (v) => model.labelOf(v)) : undefined,
    metric: { name: metricName, value },
    metrics,
    rows: {
      train: split.train.length,
      test: split.test.length,
      droppedForMissingLabel: data.droppedRows.length,
    },
  };
}

/** The given test rows, or a (stratified for classification) share held out of the training rows. */
function chooseSplit(
  options: FitAndEvaluateOptions,
  keptRows: Uint32Array,
  y: Float64Array,
): { train: Uint32Array; test: Uint32Array } {
  const split = options.test
    ? splitAt(keptRows, options.train.length)
    : trainTestSplit(keptRows.length, {
        testSize: options.testSize ?? 0.2,
        seed: options.seed ?? 0,
        ...(options.task === 'classification' ? { stratify: y } : {}),
      });
  if (split.train.length === 0 || split.test.length === 0) {
    throw new ModelmillError(
      'ValidationException',
      `fitAndEvaluate: ${split.train.length} training and ${split.test.length} held-out rows have a label "${options.label}"; both sets need rows.`,
    );
  }
  return split;
}

/** Kept-row positions split into those from the training input (< trainCount) and the rest. */
function splitAt(kept: Uint32Array, trainCount: number): { train: Uint32Array; test: Uint32Array } {
  let cut = 0;
  while (cut < kept.length && (kept[cut] as number) < trainCount) cut++;
  return {
    train: Uint32Array.from({ length: cut }, (_, i) => i),
    test: Uint32Array.from({ length: kept.length - cut }, (_, i) => cut + i),
  };
}
