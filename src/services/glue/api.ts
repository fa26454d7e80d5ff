import type { ApiModule, JsonHandler } from '../../server/index.js';
import { body } from '../../server/index.js';
import type { GlueJobsService } from './types.js';

/**
 * Glue's wire protocol for jobs (JSON 1.1, `X-Amz-Target: AWSGlue.<Op>`).
 * The operations are a plain record so they can share the one `AWSGlue`
 * module with the Data Catalog operations of services/athena:
 * `glueApi(jobs, glueCatalogOperations(catalog))`.
 */

const OPERATIONS: Record<string, keyof GlueJobsService> = {
  CreateJob: 'createJob',
  GetJob: 'getJob',
  GetJobs: 'getJobs',
  ListJobs: 'listJobs',
  UpdateJob: 'updateJob',
  DeleteJob: 'deleteJob',
  StartJobRun: 'startJobRun',
  GetJobRun: 'getJobRun',
  GetJobRuns: 'getJobRuns',
  BatchStopJobRun: 'batchStopJobRun',
};

/** Glue's job operations (`CreateJob`, `StartJobRun`, `GetJobRun`, ...) as JSON handlers. */
export function glueJobOperations(service: GlueJobsService): Record<string, JsonHandler> {
  const operations: Record<string, JsonHandler> = {};
  for (const [operation, method] of Object.entries(OPERATIONS)) {
    operations[operation] = (input: unknown) =>
      (service[method] as (request: unknown) => Promise<unknown>).call(service, body(input));
  }
  return operations;
}

/** The `AWSGlue` ApiModule: the job operations, plus `extraOperations` (the Data Catalog's). */
export function glueApi(
  jobs: GlueJobsService,
  extraOperations: Record<string, JsonHandler> = {},
): ApiModule {
  return {
    signingName: 'glue',
    json: {
      targetPrefix: 'AWSGlue',
      operations: { ...extraOperations, ...glueJobOperations(jobs) },
    },
  };
}
