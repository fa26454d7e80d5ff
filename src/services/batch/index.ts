/**
 * services/batch: AWS Batch for modelmill — compute environments, job queues,
 * job definitions (revisions, `Ref::` parameters, retry strategies with
 * evaluateOnExit, timeouts) and jobs (overrides, array jobs, N_TO_N and
 * SEQUENTIAL dependencies, the SUBMITTED → … → SUCCEEDED | FAILED lifecycle
 * with attempts, exit codes and Batch's reasons). The embedded adapter keeps
 * everything in SQLite and runs attempts on the job runtime under an
 * event-driven scheduler (start/stop explicitly); the AWS adapter serves the
 * same port over `@aws-sdk/client-batch`. Also: the `batch:submitJob` Task
 * integration (request-response and `.sync`) and Batch's REST API.
 */
export type * from './types.js';
export { JobStatus } from './types.js';
export type { LocalBatchOptions } from './local.js';
export { createLocalBatch } from './local.js';
export { RESOURCE_MISCONFIGURATION } from './scheduler.js';
export { CONTAINER_EXITED, FAILED_TO_START, HOST_TERMINATED, TIMED_OUT } from './runner.js';
export type { AwsBatchOptions } from './aws.js';
export { createAwsBatch } from './aws.js';
export type { BatchIntegrationOptions } from './integration.js';
export {
  MANAGED_BY_AWS,
  STOPPED_BY_STEP_FUNCTIONS,
  registerBatchIntegrations,
} from './integration.js';
export { batchApi } from './api.js';
