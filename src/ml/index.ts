/**
 * ml: the built-in machine-learning algorithms that training jobs run —
 * linear and ridge regression, logistic regression, random forests,
 * histogram gradient-boosted trees and Gaussian naive Bayes — with their
 * SageMaker-style hyperparameters, metrics, data utilities (CSV, row
 * objects, splits) and the JSON model document (MODEL_FORMAT.md).
 * Everything here is pure computation: no I/O, seeded randomness, and no
 * global state but the SIMD kernels' scratch memory (simd/), so it runs
 * alike in-process, in worker threads and in child processes.
 */
export * from './algorithms.js';
export * from './matrix.js';
export * from './random.js';
export { compileHyperparameters, describeHyperparameters } from './hyperparameters.js';
export type {
  CompiledHyperparameters,
  HyperparameterValue,
  RawHyperparameters,
} from './hyperparameters.js';
export type { HyperparameterSpec } from './hyperparameter-spec.js';
export { fitModel, createModel, fillMissing } from './model.js';
export type { FitModelOptions, Model, ModelParts } from './model.js';
export { ModelKind, modelKindOf } from './estimators.js';
export type { Estimator } from './estimators.js';
export { serializeModel, loadModel, MODEL_FORMAT, MODEL_FORMAT_VERSION } from './model-format.js';
export type { ModelDocument } from './model-format.js';
export * from './metrics.js';
export * from './ranking-metrics.js';
export * from './evaluate.js';
export * from './fit-and-evaluate.js';
export * from './csv.js';
export * from './split.js';
export * from './rows.js';
export { fitLinearRegression, predictLinear } from './linear.js';
export type { LinearModelParams, LinearRegressionOptions } from './linear.js';
export { fitLogisticRegression, predictProbaLogistic } from './logistic.js';
export type { LogisticParams, LogisticRegressionOptions } from './logistic.js';
export { fitNaiveBayes, predictProbaNaiveBayes } from './naive-bayes.js';
export type { NaiveBayesOptions, NaiveBayesParams } from './naive-bayes.js';
export { fitRandomForest, predictRandomForest } from './random-forest.js';
export type { RandomForestOptions, RandomForestParams } from './random-forest.js';
export { fitGradientBoosting, predictRawGradientBoosting } from './gbt.js';
export type { GradientBoostingOptions, GradientBoostingParams } from './gbt.js';
export type { Forest } from './forest.js';
