import { ModelmillError, isPlainObject } from '../../../core/index.js';
import type { RawHyperparameters, Task } from '../../../ml/index.js';

/**
 * What the model jobs take from the mapping JSON (`mapping_json_data`):
 * the primary key, the target and feature columns, the date column that
 * orders the held-out split, the task, per-algorithm hyperparameters and the
 * evaluation metric. Fields beyond the estate's own (`target`, `features`,
 * `date_column`, `task`, `hyperparameters`, `evaluation_metric`,
 * `evaluation_top_k`) are optional except `target` and `features`.
 */

/** The model settings of a mapping JSON. */
export interface ModelSpec {
  primaryKey: string;
  target: string;
  features: string[];
  /** Orders the held-out split (the last 20 % of dates). Default `date`, used when the data has it. */
  dateColumn: string;
  /** `regression` or `classification`; undefined: decided by the target (numbers → regression). */
  task: Task | undefined;
  /** Per algorithm, overrides of {@link DEFAULT_HYPERPARAMETERS}. */
  hyperparameters: Readonly<Record<string, RawHyperparameters>>;
  /** The evaluation metric the mapping asks for (`rmse`, `mae`, `mape`, `f1`, `auc`, `topk_overlap`). */
  evaluationMetric: string | undefined;
  /** K of the top-K overlap. */
  evaluationTopK: number | undefined;
}

/**
 * Hyperparameters sized for partitions of a few hundred rows, so that
 * thousands of partitions train in minutes; the mapping JSON's
 * `hyperparameters.<algo>` entries override them key by key.
 */
export const DEFAULT_HYPERPARAMETERS: Readonly<Record<string, RawHyperparameters>> = {
  // 32 bins: a 160-row training part has at most 160 distinct values per
  // feature; coarser bins halve boosting time and, on such small data,
  // generalise at least as well.
  xgb: { max_iter: 50, max_depth: 4, max_bins: 32 },
  gbt: { max_iter: 50, max_depth: 4, max_bins: 32 },
  // Leaves of at least 3 rows and 64 bins: a third less time than single-row
  // leaves on 255 bins, with the same held-out error on such partitions.
  rf: { n_estimators: 30, max_depth: 8, min_samples_leaf: 3, max_bins: 64 },
};

/** The hyperparameters `algorithm` trains with under `spec`. */
export function hyperparametersFor(spec: ModelSpec, algorithm: string): RawHyperparameters {
  return { ...DEFAULT_HYPERPARAMETERS[algorithm], ...spec.hyperparameters[algorithm] };
}

/** Reads the model settings of a mapping JSON document (`where` names it in errors). */
export function compileModelSpec(document: unknown, where: string): ModelSpec {
  const data = isPlainObject(document) ? document.mapping_json_data : undefined;
  if (!isPlainObject(data)) {
    throw invalid(where, 'has no "mapping_json_data" object');
  }
  const text = (key: string, fallback?: string): string => {
    const value = data[key] ?? fallback;
    if (typeof value !== 'string' || value === '') {
      throw invalid(where, `needs "mapping_json_data.${key}" as a non-empty string`);
    }
    return value;
  };
  const features = data.features;
  if (
    !Array.isArray(features) ||
    features.length === 0 ||
    !features.every((f) => typeof f === 'string' && f !== '')
  ) {
    throw invalid(
      where,
      'needs "mapping_json_data.features" as a non-empty list of column names (the model inputs)',
    );
  }
  const target = text('target');
  if (features.includes(target)) {
    throw invalid(where, `lists the target "${target}" among its features; remove it there`);
  }
  return {
    primaryKey: text('primary_key'),
    target,
    features: features as string[],
    dateColumn: text('date_column', 'date'),
    task: taskOf(data.task, where),
    hyperparameters: hyperparametersOf(data.hyperparameters, where),
    evaluationMetric: optionalText(data.evaluation_metric, 'evaluation_metric', where),
    evaluationTopK: topKOf(data.evaluation_top_k, where),
  };
}

function taskOf(value: unknown, where: string): Task | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'regression' || value === 'classification') return value;
  throw invalid(where, `has "task" ${JSON.stringify(value)}; use "regression" or "classification"`);
}

function hyperparametersOf(value: unknown, where: string): Record<string, RawHyperparameters> {
  if (value === undefined || value === null) return {};
  const bad = () =>
    invalid(
      where,
      'has "hyperparameters" that is not an object of algorithm → {name: value} (e.g. {"xgb": {"max_iter": 100}})',
    );
  if (!isPlainObject(value)) throw bad();
  const out: Record<string, RawHyperparameters> = {};
  for (const [algorithm, params] of Object.entries(value)) {
    if (!isPlainObject(params)) throw bad();
    for (const v of Object.values(params)) {
      if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) throw bad();
    }
    out[algorithm] = params as RawHyperparameters;
  }
  return out;
}

function optionalText(value: unknown, key: string, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(where, `has "${key}" that is not a string`);
  return value;
}

function topKOf(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1) {
    throw invalid(where, `has "evaluation_top_k" ${JSON.stringify(value)}; use a positive integer`);
  }
  return k;
}

function invalid(where: string, what: string): ModelmillError {
  return new ModelmillError('InvalidMappingJson', `mapping JSON ${where} ${what}`);
}
