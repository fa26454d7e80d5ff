/**
 * The scikit-learn parity cases: each of our algorithms on the datasets it
 * fits, with the scikit-learn estimator configured to the same settings.
 *
 * Tolerances (absolute, on the held-out metric):
 * - lr / ridge regression, same estimator (least squares): R² within 1e-6;
 * - logistic regression, same objective (different L-BFGS stopping): accuracy
 *   within 0.02 and ROC AUC within 0.005;
 * - Gaussian naive Bayes, same model: accuracy within 1e-9;
 * - random forest and boosted trees (randomised; ours bins features): ours
 *   no worse than scikit-learn by more than 0.03 accuracy (or 2 held-out rows
 *   on the small sets, whichever is larger) and 0.05 R².
 */
import type { Task } from '../../src/ml/index.js';

/** One comparison. */
export interface ParityCase {
  id: string;
  dataset: 'iris' | 'wine' | 'breast_cancer' | 'digits' | 'diabetes';
  task: Task;
  algorithm: string;
  hyperparameters: Record<string, string>;
  sklearn: { estimator: string; params: Record<string, unknown>; scale?: boolean };
  checks: {
    metric: 'r2' | 'accuracy' | 'roc_auc';
    tolerance: number;
    twoSided: boolean;
    minRows?: number;
  }[];
}

const HGB = (task: Task) =>
  task === 'regression' ? 'HistGradientBoostingRegressor' : 'HistGradientBoostingClassifier';
const RF = (task: Task) =>
  task === 'regression' ? 'RandomForestRegressor' : 'RandomForestClassifier';

const trees = (metric: 'r2' | 'accuracy') => [
  { metric, tolerance: metric === 'r2' ? 0.05 : 0.03, twoSided: false, minRows: 2 },
];

function treeCases(dataset: ParityCase['dataset'], task: Task, rounds: number): ParityCase[] {
  const metric = task === 'regression' ? 'r2' : 'accuracy';
  return [
    {
      id: `${dataset}/rf`,
      dataset,
      task,
      algorithm: 'rf',
      hyperparameters: { n_estimators: '50', seed: '0' },
      sklearn: { estimator: RF(task), params: { n_estimators: 50, random_state: 0 } },
      checks: trees(metric),
    },
    {
      id: `${dataset}/gbt`,
      dataset,
      task,
      algorithm: 'gbt',
      hyperparameters: { max_iter: String(rounds) },
      sklearn: {
        estimator: HGB(task),
        params: { max_iter: rounds, early_stopping: false, random_state: 0 },
      },
      checks: trees(metric),
    },
    {
      id: `${dataset}/xgb`,
      dataset,
      task,
      algorithm: 'xgb',
      hyperparameters: { num_round: String(rounds), eta: '0.3', max_depth: '6' },
      sklearn: {
        estimator: HGB(task),
        params: {
          max_iter: rounds,
          learning_rate: 0.3,
          max_depth: 6,
          max_leaf_nodes: null,
          min_samples_leaf: 1,
          l2_regularization: 1,
          early_stopping: false,
          random_state: 0,
        },
      },
      checks: trees(metric),
    },
  ];
}

function classifierCases(dataset: ParityCase['dataset'], rounds: number): ParityCase[] {
  return [
    {
      id: `${dataset}/logistic`,
      dataset,
      task: 'classification',
      algorithm: 'logistic',
      hyperparameters: { C: '1' },
      sklearn: { estimator: 'LogisticRegression', params: { C: 1, max_iter: 100 }, scale: true },
      checks: [
        { metric: 'accuracy', tolerance: 0.02, twoSided: true },
        { metric: 'roc_auc', tolerance: 0.005, twoSided: true },
      ],
    },
    {
      id: `${dataset}/nb`,
      dataset,
      task: 'classification',
      algorithm: 'nb',
      hyperparameters: {},
      sklearn: { estimator: 'GaussianNB', params: {} },
      checks: [{ metric: 'accuracy', tolerance: 1e-9, twoSided: true }],
    },
    ...treeCases(dataset, 'classification', rounds),
  ];
}

/** Every parity case. Digits uses fewer boosting rounds to keep the suite fast. */
export const PARITY_CASES: readonly ParityCase[] = [
  {
    id: 'diabetes/lr',
    dataset: 'diabetes',
    task: 'regression',
    algorithm: 'lr',
    hyperparameters: {},
    sklearn: { estimator: 'LinearRegression', params: {} },
    checks: [{ metric: 'r2', tolerance: 1e-6, twoSided: true }],
  },
  {
    id: 'diabetes/ridge',
    dataset: 'diabetes',
    task: 'regression',
    algorithm: 'ridge',
    hyperparameters: { alpha: '1.0' },
    sklearn: { estimator: 'Ridge', params: { alpha: 1.0 } },
    checks: [{ metric: 'r2', tolerance: 1e-6, twoSided: true }],
  },
  ...treeCases('diabetes', 'regression', 100),
  ...classifierCases('breast_cancer', 100),
  ...classifierCases('wine', 100),
  ...classifierCases('iris', 100),
  ...classifierCases('digits', 20),
];
