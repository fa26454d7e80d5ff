/**
 * services/sagemaker: Amazon SageMaker for modelmill — training jobs (built-in
 * algorithms from `src/ml` or bring-your-own `train` executables, with the
 * `/opt/ml` layout mapped to a local folder), processing jobs, hyperparameter
 * tuning (Random, Grid, Bayesian), batch transform, models, endpoint
 * configurations and endpoints (built-in or bring-your-own `serve` model
 * servers behind SageMaker Runtime's InvokeEndpoint), and the model registry
 * (model package groups and versioned packages, approval events). The
 * embedded adapter keeps everything in SQLite and runs on the job runtime;
 * the AWS adapter serves the same port over the AWS SDK. Also: the Step
 * Functions integrations (`sagemaker:*`, `aws-sdk:sagemaker:*`) and the
 * `SageMaker` JSON and SageMaker Runtime REST protocols.
 */
export type * from './types.js';
export { EndpointStatus, ModelApprovalStatus, TrainingJobStatus } from './types.js';
export type { LocalSageMakerOptions } from './local.js';
export { SAGEMAKER_PROGRAMS, createLocalSageMaker } from './local.js';
export type { LocalModelRegistryOptions } from './registry.js';
export { createLocalModelRegistry } from './registry.js';
export { packageKey } from './registry-common.js';
export { BUILTIN_REPOSITORIES, BUILTIN_PROGRAM } from './images.js';
export { builtinMetricDefinitions } from './builtin-train.js';
export type { AwsSageMakerOptions } from './aws.js';
export { createAwsSageMaker } from './aws.js';
export { sageMakerApi, SAGEMAKER_OPERATIONS } from './api.js';
export type { SageMakerIntegrationOptions } from './integration.js';
export { registerSageMakerIntegrations, SAGEMAKER_SDK_ACTIONS } from './integration.js';
export type { ServiceEvent, ServiceEventBus } from './events.js';
export { serviceEventsPort } from './events.js';
