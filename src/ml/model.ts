/**
 * Trained models: `fitModel` trains a named algorithm for a task and returns
 * a Model that predicts on raw feature matrices. Missing feature values
 * (NaN) are filled with the training mean of their column, at fit and at
 * predict time alike (the means are part of the model).
 */
import { ModelmillError } from '../core/index.js';
import type { AlgorithmName } from './algorithms.js';
import { ALGORITHM_TASKS, Task } from './algorithms.js';
import type { Estimator, ModelKind } from './estimators.js';
import { fitEstimator, modelKindOf, unsupported } from './estimators.js';
import type {
  CompiledHyperparameters,
  HyperparameterValue,
  RawHyperparameters,
} from './hyperparameters.js';
import { compileHyperparameters } from './hyperparameters.js';
import { allFinite } from './kernels.js';
import { columnSums } from './simd/index.js';
import type { Matrix } from './matrix.js';
import { assertSameLength, createMatrix } from './matrix.js';

/** What to train. */
export interface FitModelOptions {
  /** A built-in algorithm name (`lr`, `ridge`, `logistic`, `rf`, `xgb`, `gbt`, `nb`). */
  algorithm: string;
  task: Task;
  x: Matrix;
  /** Regression: target values. Classification: label values (any numbers; class names below). */
  y: Float64Array;
  /** Feature names, one per column. Default `f0`, `f1`, ... */
  features?: readonly string[];
  /** SageMaker-style map of strings, or already compiled. Default: the algorithm's defaults. */
  hyperparameters?: RawHyperparameters | CompiledHyperparameters;
  /** Classification: names of the label values (`classNames[v]` names label `v`), when the labels were strings. */
  classNames?: readonly string[];
}

/** A trained model. */
export interface Model {
  readonly algorithm: AlgorithmName;
  readonly task: Task;
  readonly kind: ModelKind;
  readonly features: readonly string[];
  /** Classification: the label values seen in training, ascending (column order of predictProba). */
  readonly classes: readonly number[] | undefined;
  readonly classNames: readonly string[] | undefined;
  readonly hyperparameters: Readonly<Record<string, HyperparameterValue>>;
  /** Per feature, the value that replaces NaN (training mean). */
  readonly imputation: Float64Array;
  readonly trainingRows: number;
  /** Predicted values (regression) or label values (classification). */
  predict(x: Matrix): Float64Array;
  /** Class probabilities, `rows × classes`; throws for regression. */
  predictProba(x: Matrix): Matrix;
  /** The class name of a label value when names are known, else the value. */
  labelOf(value: number): string | number;
  /** The fitted estimator (used by serialization). */
  readonly estimator: Estimator;
}

/** The parts a Model is made of (a fit or a loaded document). */
export interface ModelParts {
  algorithm: AlgorithmName;
  task: Task;
  features: readonly string[];
  classes: readonly number[] | undefined;
  classNames: readonly string[] | undefined;
  hyperparameters: Record<string, HyperparameterValue>;
  imputation: Float64Array;
  trainingRows: number;
  estimator: Estimator;
}

/** Trains `options.algorithm` for `options.task`; throws ValidationException for bad input. */
export function fitModel(options: FitModelOptions): Model {
  const { task, x, y } = options;
  const hp = checkedHyperparameters(options);
  const algorithm = hp.algorithm;
  assertSameLength(x, y, `Training ${algorithm}`);
  const features = options.features ?? Array.from({ length: x.cols }, (_, j) => `f${j}`);
  if (features.length !== x.cols) {
    throw new ModelmillError(
      'ValidationException',
      `Training ${algorithm}: ${features.length} feature names were given for ${x.cols} feature columns; give one name per column.`,
    );
  }
  const { means: imputation, complete } = imputationMeans(x);
  const filled = complete ? x : fillMissing(x, imputation);
  const kind = modelKindOf(algorithm, task);
  const common = {
    algorithm,
    task,
    features,
    hyperparameters: hp.values,
    imputation,
    trainingRows: x.rows,
  };
  if (task === 'regression') {
    const bad = y.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new ModelmillError(
        'ValidationException',
        `Training ${algorithm}: target of row ${bad} is ${y[bad]}; drop rows without a label.`,
      );
    }
    const estimator = fitEstimator(kind, filled, y, 0, hp.options);
    return createModel({ ...common, classes: undefined, classNames: undefined, estimator });
  }
  const { classes, indices } = encodeClasses(y, algorithm);
  const estimator = fitEstimator(kind, filled, indices, classes.length, hp.options);
  const classNames = options.classNames ? [...options.classNames] : undefined;
  return createModel({ ...common, classes, classNames, estimator });
}

/** Compiles (or takes) the hyperparameters and checks algorithm, task and XGBoost objective agree. */
function checkedHyperparameters(options: FitModelOptions): CompiledHyperparameters {
  const { task } = options;
  const given = options.hyperparameters ?? {};
  const hp =
    'values' in given
      ? (given as CompiledHyperparameters)
      : compileHyperparameters(options.algorithm, given);
  if (hp.algorithm !== options.algorithm) {
    throw new ModelmillError(
      'ValidationException',
      `Hyperparameters were compiled for "${hp.algorithm}" but the algorithm is "${options.algorithm}".`,
    );
  }
  if (!Object.values(Task).includes(task)) {
    throw new ModelmillError(
      'ValidationException',
      `Unknown task "${String(task)}"; use "regression" or "classification".`,
    );
  }
  const tasks = ALGORITHM_TASKS[hp.algorithm];
  if (!tasks.includes(task)) throw unsupported(hp.algorithm, task, tasks);
  checkObjective(hp, task, options.y);
  return hp;
}

/** XGBoost's objective and num_class, when given, must agree with the task and labels. */
function checkObjective(hp: CompiledHyperparameters, task: Task, y: Float64Array): void {
  const objective = hp.values.objective;
  if (typeof objective === 'string' && objective.startsWith('reg:') !== (task === 'regression')) {
    throw new ModelmillError(
      'ValidationException',
      `Hyperparameter "objective" is "${objective}" but the task is ${task}; use reg:squarederror for regression, binary:logistic or multi:softprob for classification.`,
    );
  }
  const numClass = hp.values.num_class;
  if (typeof numClass === 'number' && new Set(y).size > numClass) {
    throw new ModelmillError(
      'ValidationException',
      `Hyperparameter "num_class" is ${numClass} but the labels hold ${new Set(y).size} classes; set num_class to the number of classes.`,
    );
  }
}

/** Sorted distinct labels and each row's class index. */
function encodeClasses(
  y: Float64Array,
  algorithm: string,
): { classes: number[]; indices: Float64Array } {
  const classes = [...new Set(y)].sort((a, b) => a - b);
  if (classes.some((c) => !Number.isFinite(c)))
    throw new ModelmillError(
      'ValidationException',
      `Training ${algorithm}: a label is ${classes.find((c) => !Number.isFinite(c))}; drop rows without a label.`,
    );
  if (classes.length < 2)
    throw new ModelmillError(
      'ValidationException',
      `Training ${algorithm}: classification needs at least 2 classes but every label is ${classes[0]}.`,
    );
  const index = new Map(classes.map((c, k) => [c, k]));
  return { classes, indices: y.map((v) => index.get(v) as number) };
}

/**
 * Per column, the mean of its finite values (0 when it has none), and whether
 * every value is finite: the column sums are finite exactly then (barring an
 * overflow, which only costs the count of finite values below).
 */
function imputationMeans(x: Matrix): { means: Float64Array; complete: boolean } {
  const { rows, cols, data } = x;
  const sums = columnSums(x);
  if (allFinite(sums)) return { means: sums.map((s) => (rows > 0 ? s / rows : 0)), complete: true };
  const sum = new Float64Array(cols);
  const count = new Float64Array(cols);
  for (let i = 0, o = 0; i < rows; i++, o += cols) {
    for (let j = 0; j < cols; j++) {
      const v = data[o + j] as number;
      if (Number.isFinite(v)) {
        sum[j] = (sum[j] as number) + v;
        count[j] = (count[j] as number) + 1;
      }
    }
  }
  const means = sum.map((s, j) => ((count[j] as number) > 0 ? s / (count[j] as number) : 0));
  return { means, complete: count.every((c) => c === rows) };
}

/** `x` with every non-finite value replaced by its column's fill value (`x` itself when none is missing). */
export function fillMissing(x: Matrix, fill: Float64Array): Matrix {
  const { cols, data } = x;
  if (allFinite(data)) return x;
  const out = Float64Array.from(data);
  for (let k = 0; k < out.length; k++)
    if (!Number.isFinite(out[k])) out[k] = fill[k % cols] as number;
  return createMatrix(x.rows, cols, out);
}

/** A Model from its parts. */
export function createModel(parts: ModelParts): Model {
  const { task, estimator, classes, classNames, features } = parts;
  const checkCols = (x: Matrix): Matrix => {
    if (x.cols !== features.length) {
      throw new ModelmillError(
        'ValidationException',
        `The model takes ${features.length} features (${features.join(', ')}) but the input has ${x.cols} columns; pass the same feature columns as in training.`,
      );
    }
    return x;
  };
  // See Estimator.scoresShowMissing: such models impute only when a score is not finite.
  const imputed = (score: (x: Matrix) => Matrix, x: Matrix): Matrix => {
    checkCols(x);
    if (!estimator.scoresShowMissing) return score(fillMissing(x, parts.imputation));
    const asGiven = score(x);
    return allFinite(asGiven.data) ? asGiven : score(fillMissing(x, parts.imputation));
  };
  const scores = (x: Matrix): Matrix => imputed((m) => estimator.predictScores(m), x);
  const predictProba = (x: Matrix): Matrix => {
    if (task !== 'classification')
      throw new ModelmillError(
        'ValidationException',
        `predictProba needs a classification model; this ${parts.algorithm} model is a regression model, use predict.`,
      );
    return scores(x);
  };
  return {
    ...parts,
    kind: estimator.kind,
    predict: (x) => {
      if (task === 'regression') return scores(x).data;
      const decide = (m: Matrix) => (estimator.decisionScores ?? estimator.predictScores)(m);
      return argmaxLabels(imputed(decide, x), classes as readonly number[]);
    },
    predictProba,
    labelOf: (value) => classNames?.[value] ?? value,
  };
}

function argmaxLabels(proba: Matrix, classes: readonly number[]): Float64Array {
  const { rows, cols, data } = proba;
  const out = new Float64Array(rows);
  for (let i = 0, o = 0; i < rows; i++, o += cols) {
    let best = 0;
    for (let c = 1; c < cols; c++)
      if ((data[o + c] as number) > (data[o + best] as number)) best = c;
    out[i] = classes[best] as number;
  }
  return out;
}
