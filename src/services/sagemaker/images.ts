import type { AlgorithmName } from '../../ml/index.js';
import { isAlgorithmName } from '../../ml/index.js';
import type { ImageResolver, ImageTarget } from '../../runtime/index.js';
import { parseImageUri } from '../ecr/index.js';
import { validation } from './names.js';

/**
 * What a SageMaker image runs locally, decided the same way for training,
 * processing, models and transforms:
 * - an image registered in the local registry runs what it is registered to
 *   (a program, a bring-your-own folder, a real image);
 * - an image registered to the program `sagemaker-builtin`, or not
 *   registered but named after a SageMaker built-in algorithm repository,
 *   runs modelmill's built-in algorithms (`src/ml`):
 *
 *   | repository (any account, region, tag)        | algorithm |
 *   | -------------------------------------------- | --------- |
 *   | `xgboost`, `sagemaker-xgboost`               | `xgb`     |
 *   | `linear-learner`, `linear-regression`        | `lr`      |
 *   | `random-forest`, `sagemaker-random-forest`   | `rf`      |
 *   | `lightgbm`, `gbt`                            | `gbt`     |
 *   | `naive-bayes`                                | `nb`      |
 *   | `ridge`                                      | `ridge`   |
 *   | `logistic`, `logistic-regression`            | `logistic`|
 *   | `modelmill-ml`                               | from the `algorithm` hyperparameter |
 *
 *   `AlgorithmName` takes the same names, or any `src/ml` name (`xgb`, `rf`, ...);
 *   the `algorithm` hyperparameter picks any `src/ml` algorithm whatever the image.
 */

/** The program name that marks an image as the built-in algorithms. */
export const BUILTIN_PROGRAM = 'sagemaker-builtin';

/** SageMaker built-in repositories and the `src/ml` algorithm each runs (undefined: from the hyperparameter). */
export const BUILTIN_REPOSITORIES: Readonly<Record<string, AlgorithmName | undefined>> = {
  xgboost: 'xgb',
  'sagemaker-xgboost': 'xgb',
  'linear-learner': 'lr',
  'linear-regression': 'lr',
  'random-forest': 'rf',
  'sagemaker-random-forest': 'rf',
  lightgbm: 'gbt',
  gbt: 'gbt',
  'naive-bayes': 'nb',
  ridge: 'ridge',
  logistic: 'logistic',
  'logistic-regression': 'logistic',
  'modelmill-ml': undefined,
};

/** What an image resolves to. */
export type ResolvedImage =
  | { kind: 'builtin'; image: string; algorithm: AlgorithmName | undefined }
  | { kind: 'target'; image: string; target: ImageTarget }
  | { kind: 'missing'; image: string };

function builtinRepository(uri: string): { found: boolean; algorithm: AlgorithmName | undefined } {
  let repository: string;
  try {
    repository = parseImageUri(uri).repository;
  } catch {
    return { found: false, algorithm: undefined };
  }
  const last = repository.split('/').pop() ?? repository;
  return Object.hasOwn(BUILTIN_REPOSITORIES, last)
    ? { found: true, algorithm: BUILTIN_REPOSITORIES[last] }
    : { found: false, algorithm: undefined };
}

/** Resolves an image URI. */
export function resolveImage(images: ImageResolver, uri: string): ResolvedImage {
  const target = images.resolve(uri);
  if (target?.kind === 'program' && target.program === BUILTIN_PROGRAM) {
    return { kind: 'builtin', image: uri, algorithm: builtinRepository(uri).algorithm };
  }
  if (target) return { kind: 'target', image: uri, target };
  const builtin = builtinRepository(uri);
  if (builtin.found) return { kind: 'builtin', image: uri, algorithm: builtin.algorithm };
  return { kind: 'missing', image: uri };
}

/** Resolves a training job's AlgorithmSpecification (TrainingImage or AlgorithmName). */
export function resolveAlgorithm(
  images: ImageResolver,
  spec: { TrainingImage?: string; AlgorithmName?: string },
): ResolvedImage {
  if (spec.TrainingImage) return resolveImage(images, spec.TrainingImage);
  const name = spec.AlgorithmName ?? '';
  if (isAlgorithmName(name)) return { kind: 'builtin', image: name, algorithm: name };
  if (Object.hasOwn(BUILTIN_REPOSITORIES, name)) {
    return { kind: 'builtin', image: name, algorithm: BUILTIN_REPOSITORIES[name] };
  }
  return { kind: 'missing', image: name };
}

/** The ValidationException for an image that resolves to nothing. */
export function missingImage(uri: string, field: string): Error {
  return validation(
    `${field} '${uri}' does not exist locally: it is not registered in the local image registry and is not a SageMaker built-in algorithm repository (${Object.keys(BUILTIN_REPOSITORIES).join(', ')}). Register it with \`modelmill images register ${uri} --folder DIR\` (a folder with train/serve executables) or --program NAME.`,
  );
}
