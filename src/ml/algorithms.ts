/**
 * The built-in algorithms by the estate's short names, and the tasks each
 * serves. `lr` is the estate's "linear model": linear regression (OLS) for a
 * regression target, logistic regression for a classification target.
 * `xgb` and `gbt` are the same gradient-boosted trees; `xgb` takes XGBoost's
 * defaults (depth 6, eta 0.3, lambda 1, min_child_weight 1, no leaf cap),
 * `gbt` scikit-learn HistGradientBoosting's (31 leaves, learning rate 0.1,
 * 20 rows per leaf, no L2).
 */

/** Short algorithm names, as the mapping JSON's `all_algorithms` lists them. */
export const AlgorithmName = {
  LR: 'lr',
  RIDGE: 'ridge',
  LOGISTIC: 'logistic',
  RF: 'rf',
  XGB: 'xgb',
  GBT: 'gbt',
  NB: 'nb',
} as const;
/** One of the built-in algorithm names. */
export type AlgorithmName = (typeof AlgorithmName)[keyof typeof AlgorithmName];

/** All built-in algorithm names. */
export const AlgorithmNames: readonly AlgorithmName[] = Object.values(AlgorithmName);

/** What a model predicts. */
export const Task = {
  REGRESSION: 'regression',
  CLASSIFICATION: 'classification',
} as const;
/** `regression` (a number) or `classification` (a class). */
export type Task = (typeof Task)[keyof typeof Task];

/** The tasks each algorithm supports. */
export const ALGORITHM_TASKS: Readonly<Record<AlgorithmName, readonly Task[]>> = {
  lr: ['regression', 'classification'],
  ridge: ['regression'],
  logistic: ['classification'],
  rf: ['regression', 'classification'],
  xgb: ['regression', 'classification'],
  gbt: ['regression', 'classification'],
  nb: ['classification'],
};

/** True when `name` is a built-in algorithm name. */
export function isAlgorithmName(name: string): name is AlgorithmName {
  return Object.hasOwn(ALGORITHM_TASKS, name);
}
