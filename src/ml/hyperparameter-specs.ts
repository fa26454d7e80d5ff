/**
 * The hyperparameter tables of the built-in algorithms: canonical
 * (scikit-learn style) names, XGBoost-style aliases, kinds, ranges and
 * defaults. `key` is the option name of the algorithm's fit function.
 * `lr` takes the logistic table; for a regression target only
 * `fit_intercept` matters and the rest is accepted and unused.
 */
import type { AlgorithmName } from './algorithms.js';
import type { HyperparameterSpec } from './hyperparameter-spec.js';
import {
  FIT_INTERCEPT,
  MAX_BINS,
  SEED,
  boolSpec,
  enumSpec,
  floatSpec,
  intSpec,
} from './hyperparameter-spec.js';

const LOGISTIC: readonly HyperparameterSpec[] = [
  floatSpec('C', 1, 'C', 'Inverse L2 penalty strength (logistic).', {
    aliases: ['c'],
    min: 0,
    minExclusive: true,
  }),
  intSpec('max_iter', 100, 'maxIter', 'L-BFGS iteration limit (logistic).', {
    min: 1,
    max: 100_000,
  }),
  floatSpec('tol', 1e-4, 'tol', 'Gradient tolerance (logistic).', { min: 0, minExclusive: true }),
  boolSpec('standardize', true, 'standardize', 'Fit on standardised features (logistic).'),
  FIT_INTERCEPT,
];

const RIDGE: readonly HyperparameterSpec[] = [
  floatSpec('alpha', 1, 'alpha', 'L2 penalty strength.', { aliases: ['lambda'], min: 0 }),
  FIT_INTERCEPT,
];

const RANDOM_FOREST: readonly HyperparameterSpec[] = [
  intSpec('n_estimators', 100, 'nEstimators', 'Trees.', {
    aliases: ['num_trees', 'ntrees'],
    min: 1,
    max: 10_000,
  }),
  intSpec('max_depth', null, 'maxDepth', 'Depth limit; None for none.', {
    min: 1,
    max: 1_000,
    nullable: true,
  }),
  intSpec('min_samples_split', 2, 'minSamplesSplit', 'Rows a node needs to split.', {
    min: 2,
    max: 1_000_000,
  }),
  intSpec('min_samples_leaf', 1, 'minSamplesLeaf', 'Rows per leaf at least.', {
    min: 1,
    max: 1_000_000,
  }),
  {
    ...floatSpec(
      'max_features',
      null,
      'maxFeatures',
      'Features per split: a count, a share in (0, 1], sqrt or log2; None for the task default.',
    ),
    kind: 'number-or-enum',
    values: ['sqrt', 'log2'],
    min: 0,
    minExclusive: true,
    nullable: true,
  },
  boolSpec('bootstrap', true, 'bootstrap', 'Sample rows with replacement per tree.'),
  floatSpec('max_samples', 1, 'maxSamples', 'Share of rows drawn per tree.', {
    min: 0,
    minExclusive: true,
    max: 1,
  }),
  MAX_BINS,
  SEED,
];

/** Boosting: `xgb` takes XGBoost's defaults, `gbt` scikit-learn HistGradientBoosting's. */
function boosting(xgb: boolean): HyperparameterSpec[] {
  return [
    intSpec('max_iter', 100, 'maxIter', 'Boosting rounds.', {
      aliases: ['num_round', 'n_estimators', 'num_boost_round'],
      min: 1,
      max: 100_000,
    }),
    floatSpec('learning_rate', xgb ? 0.3 : 0.1, 'learningRate', 'Shrinkage of each tree.', {
      aliases: ['eta'],
      min: 0,
      minExclusive: true,
      max: 1,
    }),
    intSpec('max_depth', xgb ? 6 : null, 'maxDepth', 'Depth limit; 0 or None for none.', {
      min: 0,
      max: 64,
      nullable: true,
    }),
    intSpec(
      'max_leaf_nodes',
      xgb ? null : 31,
      'maxLeafNodes',
      'Leaves per tree; 0 or None for no limit.',
      { aliases: ['max_leaves'], min: 0, max: 65_536, nullable: true },
    ),
    intSpec('min_samples_leaf', xgb ? 1 : 20, 'minSamplesLeaf', 'Rows per leaf at least.', {
      min: 1,
      max: 1_000_000,
    }),
    floatSpec(
      'min_child_weight',
      xgb ? 1 : 1e-3,
      'minChildWeight',
      'Hessian sum per leaf at least.',
      { aliases: ['min_hessian_to_split'], min: 0 },
    ),
    floatSpec('l2_regularization', xgb ? 1 : 0, 'l2Regularization', 'L2 penalty on leaf values.', {
      aliases: ['lambda', 'reg_lambda'],
      min: 0,
    }),
    floatSpec('min_split_gain', 0, 'minSplitGain', 'Least loss reduction to split.', {
      aliases: ['gamma', 'min_split_loss'],
      min: 0,
    }),
    floatSpec('subsample', 1, 'subsample', 'Share of rows drawn per round.', {
      min: 0,
      minExclusive: true,
      max: 1,
    }),
    MAX_BINS,
    SEED,
    enumSpec(
      'objective',
      ['reg:squarederror', 'reg:linear', 'binary:logistic', 'multi:softprob', 'multi:softmax'],
      undefined,
      'XGBoost objective; must agree with the task.',
    ),
    intSpec('num_class', null, undefined, 'XGBoost class count; must agree with the labels.', {
      min: 2,
      max: 100_000,
      nullable: true,
    }),
    enumSpec(
      'eval_metric',
      ['rmse', 'mae', 'mape', 'logloss', 'mlogloss', 'error', 'merror', 'auc'],
      undefined,
      'Accepted for compatibility; fitAndEvaluate chooses its own metric.',
    ),
    intSpec('verbosity', 1, undefined, 'Accepted for compatibility; ignored.', { min: 0, max: 3 }),
  ];
}

/** The hyperparameter table of every algorithm. */
export const HYPERPARAMETER_SPECS: Readonly<Record<AlgorithmName, readonly HyperparameterSpec[]>> =
  {
    lr: LOGISTIC,
    logistic: LOGISTIC,
    ridge: RIDGE,
    rf: RANDOM_FOREST,
    gbt: boosting(false),
    xgb: boosting(true),
    nb: [
      floatSpec(
        'var_smoothing',
        1e-9,
        'varSmoothing',
        'Share of the largest variance added to all.',
        { min: 0 },
      ),
    ],
  };
