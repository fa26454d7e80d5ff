/**
 * services/glue: AWS Glue jobs for modelmill — job definitions (CreateJob,
 * GetJob(s), ListJobs, UpdateJob, DeleteJob) and runs (StartJobRun,
 * GetJobRun(s), BatchStopJobRun) with Glue's run states, arguments
 * (DefaultArguments merged with the run's, `--key value`), MaxConcurrentRuns,
 * Timeout and MaxRetries. Locally a job's script is a built-in program
 * (`program:NAME`), a Python script (`python3`) or a JavaScript/TypeScript
 * file, from a path or from S3; output goes to `/aws-glue/jobs/output` and
 * `/aws-glue/jobs/error`. Also: the AWS SDK adapter, the `glue:startJobRun`
 * (request-response and `.sync`) and `aws-sdk:glue` job integrations, and the
 * job half of the `AWSGlue` wire protocol (the Data Catalog is services/athena's).
 */
export type * from './types.js';
export { JobRunState, FINISHED_RUN_STATES } from './types.js';
export type { LocalGlueOptions } from './local.js';
export { createLocalGlue } from './local.js';
export type { AwsGlueOptions } from './aws.js';
export { createAwsGlue } from './aws.js';
export type { GlueIntegrationOptions } from './integration.js';
export { GLUE_JOB_SDK_ACTIONS, jobRunOutput, registerGlueIntegrations } from './integration.js';
export { glueApi, glueJobOperations } from './api.js';
export { DEFAULT_TIMEOUT_MINUTES } from './validate.js';
