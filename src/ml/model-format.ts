/**
 * The model document: one JSON object per trained model, documented in
 * MODEL_FORMAT.md. `serializeModel` writes it; `loadModel` reads it back into
 * a Model that predicts exactly as the original (numbers survive JSON
 * unchanged: JavaScript writes the shortest round-tripping form).
 */
import { ModelmillError, isPlainObject } from '../core/index.js';
import type { AlgorithmName } from './algorithms.js';
import { ALGORITHM_TASKS, isAlgorithmName } from './algorithms.js';
import type { ModelKind } from './estimators.js';
import { loadEstimator, modelKindOf } from './estimators.js';
import type { HyperparameterValue } from './hyperparameters.js';
import type { Model } from './model.js';
import { createModel } from './model.js';
import type { Task } from './algorithms.js';

/** The `format` value of every model document. */
export const MODEL_FORMAT = 'modelmill-model';
/** The document version this code writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

/** A model document (see MODEL_FORMAT.md). */
export interface ModelDocument {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_FORMAT_VERSION;
  algorithm: AlgorithmName;
  task: Task;
  /** The model family: linear, logistic, random_forest, gradient_boosting, naive_bayes. */
  model: string;
  features: string[];
  classes?: number[];
  classNames?: string[];
  hyperparameters: Record<string, HyperparameterValue>;
  /** Per feature, the value that replaces a missing (NaN) input. */
  imputation: number[];
  trainingRows: number;
  params: Record<string, unknown>;
}

/** The JSON document of a model (`JSON.stringify` it to store). */
export function serializeModel(model: Model): ModelDocument {
  const doc: ModelDocument = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    algorithm: model.algorithm,
    task: model.task,
    model: model.kind,
    features: [...model.features],
    hyperparameters: { ...model.hyperparameters },
    imputation: Array.from(model.imputation),
    trainingRows: model.trainingRows,
    params: model.estimator.toParams(),
  };
  if (model.classes) doc.classes = [...model.classes];
  if (model.classNames) doc.classNames = [...model.classNames];
  return doc;
}

function bad(what: string): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    `Not a valid ${MODEL_FORMAT} document: ${what}.`,
  );
}

function stringArray(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw bad(`${what} must be an array of strings`);
  return value;
}

/** Reads a model document (object or JSON text); throws ValidationException saying what is wrong. */
export function loadModel(document: unknown): Model {
  const doc = parseDocument(document);
  const { algorithm, task, kind } = checkHeader(doc);
  const features = stringArray(doc.features, '"features"');
  const classes = task === 'classification' ? classList(doc.classes) : undefined;
  const classNames =
    doc.classNames === undefined ? undefined : stringArray(doc.classNames, '"classNames"');
  const imputation = doc.imputation;
  if (
    !Array.isArray(imputation) ||
    imputation.length !== features.length ||
    !imputation.every((v) => typeof v === 'number')
  ) {
    throw bad(`"imputation" must hold ${features.length} numbers, one per feature`);
  }
  const hyperparameters = isPlainObject(doc.hyperparameters)
    ? (doc.hyperparameters as Record<string, HyperparameterValue>)
    : {};
  const estimator = loadEstimator(kind, doc.params, features.length, classes?.length ?? 0);
  const trainingRows = typeof doc.trainingRows === 'number' ? doc.trainingRows : 0;
  return createModel({
    algorithm,
    task,
    features,
    classes,
    classNames,
    hyperparameters,
    imputation: Float64Array.from(imputation),
    trainingRows,
    estimator,
  });
}

function parseDocument(document: unknown): Record<string, unknown> {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (err) {
      throw new ModelmillError(
        'ValidationException',
        `Not a valid ${MODEL_FORMAT} document: the text is not JSON (${(err as Error).message}).`,
        { cause: err },
      );
    }
  }
  if (!isPlainObject(doc)) throw bad('it must be a JSON object');
  return doc;
}

/** Checks format, version, algorithm, task and family; returns the last three. */
function checkHeader(doc: Record<string, unknown>): {
  algorithm: AlgorithmName;
  task: Task;
  kind: ModelKind;
} {
  if (doc.format !== MODEL_FORMAT)
    throw bad(`"format" is ${JSON.stringify(doc.format)}, expected "${MODEL_FORMAT}"`);
  if (doc.version !== MODEL_FORMAT_VERSION) {
    throw bad(
      `"version" ${JSON.stringify(doc.version)} is not supported; this modelmill reads version ${MODEL_FORMAT_VERSION}`,
    );
  }
  const algorithm = String(doc.algorithm);
  if (!isAlgorithmName(algorithm))
    throw bad(`unknown "algorithm" ${JSON.stringify(doc.algorithm)}`);
  const task = doc.task as Task;
  if (!ALGORITHM_TASKS[algorithm].includes(task))
    throw bad(`"task" ${JSON.stringify(doc.task)} is not one ${algorithm} supports`);
  const kind = modelKindOf(algorithm, task);
  if (doc.model !== kind)
    throw bad(`"model" is ${JSON.stringify(doc.model)} but ${algorithm} for ${task} is "${kind}"`);
  return { algorithm, task, kind };
}

function classList(value: unknown): number[] {
  if (!Array.isArray(value) || value.length < 2 || !value.every((v) => typeof v === 'number'))
    throw bad('"classes" must be an array of at least 2 numbers');
  return value;
}
