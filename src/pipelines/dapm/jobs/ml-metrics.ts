import { ModelmillError } from '../../../core/index.js';
import type { MetricName, Task } from '../../../ml/index.js';
import {
  METRIC_HIGHER_IS_BETTER,
  TASK_METRICS,
  accuracy,
  f1,
  mae,
  mape,
  precision,
  r2,
  recall,
  rmse,
  rocAuc,
  topKOverlap,
} from '../../../ml/index.js';

/**
 * The evaluation metrics of the DAPM pipelines by the names the inputs use
 * (`evaluation_metric`), mapped onto `src/ml`'s metrics, and scoring one set
 * of held-out predictions with one of them.
 */

/** The names `evaluation_metric` takes (any other `src/ml` metric name works too). */
export const EvaluationMetric = {
  RMSE: 'rmse',
  MAE: 'mae',
  MAPE: 'mape',
  F1: 'f1',
  AUC: 'auc',
  TOPK_OVERLAP: 'topk_overlap',
} as const;
/** One of the pipeline's metric names. */
export type EvaluationMetric = (typeof EvaluationMetric)[keyof typeof EvaluationMetric];

const ALIASES: Readonly<Record<string, MetricName>> = {
  auc: 'roc_auc',
  topk_overlap: 'top_k_overlap',
};

/** A metric as evaluation uses it. */
export interface ResolvedMetric {
  /** The name recorded in tables (as the input spelled it, lower-case). */
  name: string;
  /** The `src/ml` metric behind it. */
  ml: MetricName;
  higherIsBetter: boolean;
}

/** The metric to rank by: `requested`, else RMSE for a regression target and F1 for classification. */
export function resolveMetric(requested: string | undefined, task: Task): ResolvedMetric {
  const name = (requested ?? (task === 'regression' ? 'rmse' : 'f1')).trim().toLowerCase();
  const ml = ALIASES[name] ?? name;
  if (!(TASK_METRICS[task] as readonly string[]).includes(ml)) {
    const known = TASK_METRICS[task].map(
      (m) => Object.keys(ALIASES).find((a) => ALIASES[a] === m) ?? m,
    );
    throw new ModelmillError(
      'InvalidArguments',
      `evaluation_metric '${name}' does not apply to a ${task} target; use one of ${known.join(', ')}`,
    );
  }
  return { name, ml: ml as MetricName, higherIsBetter: METRIC_HIGHER_IS_BETTER[ml as MetricName] };
}

/** Held-out values of one scoring. */
export interface ScoredRows {
  actual: ArrayLike<number>;
  predicted: ArrayLike<number>;
  /** Binary classification: the positive class's probability per row (ROC AUC ranks by it). */
  score?: ArrayLike<number> | undefined;
}

/**
 * The metric over `rows`, or undefined where it is not defined (ROC AUC with
 * one class present, no rows). Classification with two labels scores the
 * larger one as positive; with more, the macro average.
 */
export function scoreRows(
  metric: ResolvedMetric,
  rows: ScoredRows,
  topK: number,
): number | undefined {
  const { actual, predicted } = rows;
  if (actual.length === 0) return undefined;
  switch (metric.ml) {
    case 'rmse':
      return rmse(actual, predicted);
    case 'mae':
      return mae(actual, predicted);
    case 'mape':
      return mape(actual, predicted);
    case 'r2':
      return r2(actual, predicted);
    case 'top_k_overlap':
      return topKOverlap(actual, predicted, topK);
    case 'accuracy':
      return accuracy(actual, predicted);
    case 'roc_auc':
      return auc(rows);
    default:
      return classificationScore(metric.ml, actual, predicted);
  }
}

function classificationScore(
  metric: MetricName,
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): number {
  const labels = [...new Set([...Array.from(actual), ...Array.from(predicted)])].sort(
    (a, b) => a - b,
  );
  const options =
    labels.length <= 2
      ? { average: 'binary' as const, positiveLabel: labels[labels.length - 1] as number }
      : { average: 'macro' as const };
  if (metric === 'precision') return precision(actual, predicted, options);
  if (metric === 'recall') return recall(actual, predicted, options);
  if (metric === 'f1') return f1(actual, predicted, options);
  throw new ModelmillError(
    'InvalidArguments',
    `evaluation_metric '${metric}' needs class probabilities the held-out predictions do not keep; use f1, auc, accuracy, precision or recall`,
  );
}

function auc(rows: ScoredRows): number | undefined {
  const labels = [...new Set(Array.from(rows.actual))].sort((a, b) => a - b);
  if (labels.length !== 2) return undefined;
  return rocAuc(rows.actual, rows.score ?? rows.predicted, labels[1]);
}

/** Ranks scores best first (missing scores last, ties by name). */
export function rankScores<T extends { name: string; value: number | undefined }>(
  scores: readonly T[],
  higherIsBetter: boolean,
): T[] {
  return [...scores].sort((a, b) => {
    if (a.value === undefined || b.value === undefined) {
      return (
        (a.value === undefined ? 1 : 0) - (b.value === undefined ? 1 : 0) ||
        a.name.localeCompare(b.name)
      );
    }
    const d = higherIsBetter ? b.value - a.value : a.value - b.value;
    return d !== 0 ? d : a.name.localeCompare(b.name);
  });
}
