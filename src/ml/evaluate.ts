/**
 * Scoring predictions with every metric that fits the task, and the
 * pipelines' one-call training step: `fitAndEvaluate` trains a named
 * algorithm on row objects, predicts the held-out rows and returns the
 * predictions, the chosen metric and the model document.
 */
import { ModelmillError } from '../core/index.js';
import type { Task } from './algorithms.js';
import type { Matrix } from './matrix.js';
import { accuracy, f1, mae, mape, precision, r2, recall, rmse } from './metrics.js';
import { logLoss, rocAucOvr, topKOverlap } from './ranking-metrics.js';

/** Metric names, as evaluation tables record them. */
export const MetricName = {
  RMSE: 'rmse',
  MAE: 'mae',
  MAPE: 'mape',
  R2: 'r2',
  TOP_K_OVERLAP: 'top_k_overlap',
  ACCURACY: 'accuracy',
  PRECISION: 'precision',
  RECALL: 'recall',
  F1: 'f1',
  ROC_AUC: 'roc_auc',
  LOG_LOSS: 'log_loss',
} as const;
/** One metric name. */
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** Whether a larger value of each metric is better (for ranking algorithms). */
export const METRIC_HIGHER_IS_BETTER: Readonly<Record<MetricName, boolean>> = {
  rmse: false,
  mae: false,
  mape: false,
  r2: true,
  top_k_overlap: true,
  accuracy: true,
  precision: true,
  recall: true,
  f1: true,
  roc_auc: true,
  log_loss: false,
};

/** The metrics computed for each task. */
export const TASK_METRICS: Readonly<Record<Task, readonly MetricName[]>> = {
  regression: ['rmse', 'mae', 'mape', 'r2', 'top_k_overlap'],
  classification: ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss'],
};

/** The default metric of a task: RMSE for regression, F1 for classification. */
export function defaultMetric(task: Task): MetricName {
  return task === 'regression' ? 'rmse' : 'f1';
}

/** Inputs of {@link evaluatePredictions}. */
export interface EvaluationInput {
  task: Task;
  yTrue: Float64Array;
  yPred: Float64Array;
  /** Classification: probabilities (`rows × classes`) for ROC AUC and log loss. */
  proba?: Matrix;
  /** Classification: the label value of each probability column. */
  classes?: readonly number[];
  /** K of the top-K overlap. Default: 10 % of the rows, at least 1. */
  topK?: number;
}

/**
 * Every metric of the task. Classification with two classes scores the
 * larger label as positive (binary precision/recall/F1); with more, the
 * macro average. ROC AUC is left out when the true labels hold one class.
 */
export function evaluatePredictions(input: EvaluationInput): Partial<Record<MetricName, number>> {
  const { yTrue, yPred } = input;
  if (input.task === 'regression') {
    const k = input.topK ?? Math.max(1, Math.round(yTrue.length * 0.1));
    return {
      rmse: rmse(yTrue, yPred),
      mae: mae(yTrue, yPred),
      mape: mape(yTrue, yPred),
      r2: r2(yTrue, yPred),
      top_k_overlap: topKOverlap(yTrue, yPred, k),
    };
  }
  const classes = input.classes ?? [...new Set([...yTrue, ...yPred])].sort((a, b) => a - b);
  const options =
    classes.length === 2
      ? { average: 'binary' as const, positiveLabel: classes[1] as number }
      : { average: 'macro' as const };
  const out: Partial<Record<MetricName, number>> = {
    accuracy: accuracy(yTrue, yPred),
    precision: precision(yTrue, yPred, options),
    recall: recall(yTrue, yPred, options),
    f1: f1(yTrue, yPred, options),
  };
  if (input.proba) {
    const present = new Set(yTrue);
    if (classes.every((c) => present.has(c))) out.roc_auc = rocAucOvr(yTrue, input.proba, classes);
    out.log_loss = logLoss(yTrue, input.proba, classes);
  }
  return out;
}

/** Throws unless `metric` is one the task computes. */
export function checkMetric(metric: string, task: Task): MetricName {
  if (!(TASK_METRICS[task] as readonly string[]).includes(metric)) {
    throw new ModelmillError(
      'ValidationException',
      `Metric "${metric}" is not available for ${task}; use one of ${TASK_METRICS[task].join(', ')}.`,
    );
  }
  return metric as MetricName;
}
