import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../core/index.js';
import type { AlgorithmName, CsvData, Model, Task } from '../../ml/index.js';
import {
  ALGORITHM_TASKS,
  evaluatePredictions,
  fitModel,
  isAlgorithmName,
  parseCsv,
  selectRows,
  selectValues,
  serializeModel,
} from '../../ml/index.js';
import type { ProgramContext } from '../../runtime/index.js';
import { filesUnder } from './staging.js';

/**
 * The built-in algorithms as a SageMaker training container: the program the
 * built-in images run (`sagemaker-builtin`). It follows the container
 * contract through the variables the training runner sets:
 * - reads CSV from the `train` channel (`SM_CHANNEL_TRAIN`; SageMaker's
 *   convention: label in the first column, no header — a header line is
 *   recognised and skipped) and, when given, the `validation` (or `test`)
 *   channel;
 * - reads `hyperparameters.json` (`SM_INPUT_CONFIG_DIR`): `algorithm` picks
 *   any `src/ml` algorithm (default: the image's), `task` forces
 *   `regression` or `classification` (default: from XGBoost's `objective`,
 *   Linear Learner's `predictor_type`, the algorithm, or the labels — text
 *   labels, or integers with at most 10 distinct values, mean classification);
 *   SageMaker-only keys (`feature_dim`, `mini_batch_size`, `num_classes`,
 *   `_tuning_objective_metric`, ...) are ignored; every other key goes to
 *   `compileHyperparameters`, whose complaints fail the job;
 * - prints `train:<metric>: <value>` and `validation:<metric>: <value>` lines
 *   (the built-in MetricDefinitions read them);
 * - writes the model document as `model.json` in `SM_MODEL_DIR`;
 * - on error writes `failure` in `SM_OUTPUT_DIR` and exits 1.
 */

/** The program's name in the runtime's registry. */
export const BUILTIN_TRAIN_PROGRAM = 'sagemaker-builtin';

const IGNORED = new Set([
  'algorithm',
  'task',
  'predictor_type',
  'num_classes',
  'feature_dim',
  'mini_batch_size',
  'epochs',
  'kfold_splits',
]);

/** The metric names the built-in algorithms print, for both tasks, each as `train:` and `validation:`. */
export const BUILTIN_METRICS = [
  'rmse',
  'mae',
  'mape',
  'r2',
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'log_loss',
] as const;

/** The MetricDefinitions a built-in training job reports (`train:f1`, `validation:rmse`, ...). */
export function builtinMetricDefinitions(): { Name: string; Regex: string }[] {
  return ['train', 'validation'].flatMap((set) =>
    BUILTIN_METRICS.map((m) => ({ Name: `${set}:${m}`, Regex: `${set}:${m}: ([-+0-9.eE]+)` })),
  );
}

class ClientFailure extends Error {}

function readChannel(env: Record<string, string>, name: string): string | undefined {
  const dir = env[`SM_CHANNEL_${name.toUpperCase()}`];
  if (!dir || !existsSync(dir)) return undefined;
  const files = filesUnder(dir);
  if (files.length === 0) return undefined;
  return files.map((f) => readFileSync(join(dir, ...f.split('/')), 'utf8').trimEnd()).join('\n');
}

function chooseTask(algorithm: AlgorithmName, hp: Record<string, string>, data: CsvData): Task {
  const given = hp.task;
  if (given === 'regression' || given === 'classification') return given;
  if (given !== undefined) {
    throw new ClientFailure(`hyperparameter task is '${given}'; use regression or classification`);
  }
  const objective = hp.objective ?? '';
  if (objective.startsWith('reg:')) return 'regression';
  if (/^(binary|multi):/.test(objective)) return 'classification';
  const predictor = hp.predictor_type ?? '';
  if (predictor === 'regressor') return 'regression';
  if (predictor.endsWith('_classifier')) return 'classification';
  const tasks = ALGORITHM_TASKS[algorithm];
  if (tasks.length === 1) return tasks[0] as Task;
  if (data.classNames) return 'classification';
  const y = data.y ?? new Float64Array();
  const distinct = new Set(y);
  return y.every(Number.isInteger) && distinct.size <= 10 ? 'classification' : 'regression';
}

function hyperparameters(env: Record<string, string>): Record<string, string> {
  const file = join(env.SM_INPUT_CONFIG_DIR ?? '', 'hyperparameters.json');
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

function report(prefix: string, model: Model, data: CsvData, rows: number[]): void {
  if (rows.length === 0) return;
  const x = selectRows(data.x, rows);
  const yTrue = selectValues(data.y ?? new Float64Array(), rows);
  const classification = model.task === 'classification';
  const metrics = evaluatePredictions({
    task: model.task,
    yTrue,
    yPred: model.predict(x),
    ...(classification ? { proba: model.predictProba(x), classes: model.classes ?? [] } : {}),
  });
  for (const [name, value] of Object.entries(metrics)) {
    if (name !== 'top_k_overlap' && Number.isFinite(value))
      console.log(`${prefix}:${name}: ${value}`);
  }
}

function train(env: Record<string, string>): void {
  const hp = hyperparameters(env);
  const name = hp.algorithm ?? env.MODELMILL_ALGORITHM ?? '';
  if (!isAlgorithmName(name)) {
    throw new ClientFailure(
      name === ''
        ? 'this image runs any built-in algorithm: set the hyperparameter algorithm to one of lr, ridge, logistic, rf, xgb, gbt, nb'
        : `hyperparameter algorithm is '${name}'; use one of lr, ridge, logistic, rf, xgb, gbt, nb`,
    );
  }
  const trainText = readChannel(env, 'train');
  if (trainText === undefined) {
    throw new ClientFailure(
      "the built-in algorithms need a 'train' channel of CSV files (label in the first column)",
    );
  }
  const validationText = readChannel(env, 'validation') ?? readChannel(env, 'test');
  const trainRows = parseCsv(trainText).x.rows;
  // One parse of both sets, so text labels share one encoding.
  const data = parseCsv(
    validationText === undefined ? trainText : `${trainText}\n${validationText}`,
  );
  const all = Array.from({ length: data.x.rows }, (_, i) => i);
  const trainIdx = all.slice(0, trainRows);
  const task = chooseTask(name, hp, data);
  const raw = Object.fromEntries(
    Object.entries(hp).filter(
      ([k]) => !IGNORED.has(k) && !k.startsWith('_') && !k.startsWith('sagemaker_'),
    ),
  );
  const model = fitModel({
    algorithm: name,
    task,
    x: selectRows(data.x, trainIdx),
    y: selectValues(data.y ?? new Float64Array(), trainIdx),
    features: data.features,
    hyperparameters: raw,
    ...(data.classNames ? { classNames: data.classNames } : {}),
  });
  console.log(
    `modelmill built-in ${name} (${task}): ${trainRows} training rows, ${data.features.length} features`,
  );
  report('train', model, data, trainIdx);
  report('validation', model, data, all.slice(trainRows));
  const modelDir = env.SM_MODEL_DIR ?? 'model';
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(join(modelDir, 'model.json'), JSON.stringify(serializeModel(model)));
}

/** The program: trains, or writes the failure file and exits 1. */
export default function builtinTrain(ctx: ProgramContext): number {
  try {
    train(ctx.env);
    return 0;
  } catch (err) {
    const reason = `ClientError: ${errorMessage(err)}`;
    console.error(reason);
    const outputDir = ctx.env.SM_OUTPUT_DIR;
    if (outputDir) {
      mkdirSync(outputDir, { recursive: true });
      writeFileSync(join(outputDir, 'failure'), reason);
    }
    return 1;
  }
}
