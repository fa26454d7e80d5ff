import {
  BatchStopJobRunCommand,
  CreateJobCommand,
  DeleteJobCommand,
  GetJobCommand,
  GetJobRunCommand,
  GetJobRunsCommand,
  GetJobsCommand,
  GlueClient,
  ListJobsCommand,
  StartJobRunCommand,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import type { GlueClientConfig } from '@aws-sdk/client-glue';
import type { Clock } from '../../core/index.js';
import { systemClock } from '../../core/index.js';
import { createSdkSender } from '../common/index.js';
import type { GlueJobsService } from './types.js';
import { FINISHED_RUN_STATES } from './types.js';

/**
 * The Glue jobs port over the AWS SDK v3, for real Glue (or any endpoint that
 * speaks it). Dates become epoch seconds as on the wire; SDK errors become the
 * ModelmillErrors the embedded Glue throws; waiting for a run polls GetJobRun.
 */

/** A client to use, or the settings to build one from. */
export interface AwsGlueOptions {
  client?: GlueClient;
  config?: GlueClientConfig;
  /** Time between GetJobRun polls while waiting (ms). Default: 5000. */
  pollMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
}

/** The port over `@aws-sdk/client-glue`. */
export function createAwsGlue(options: AwsGlueOptions = {}): GlueJobsService {
  const client = options.client ?? new GlueClient(options.config ?? {});
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 5000;
  const send = createSdkSender(client);
  const service: GlueJobsService = {
    createJob: (input) => send(new CreateJobCommand(input as any)),
    getJob: (input) => send(new GetJobCommand(input)),
    getJobs: async (input = {}) => ({
      Jobs: [],
      ...(await send<object>(new GetJobsCommand(input))),
    }),
    listJobs: async (input = {}) => ({
      JobNames: [],
      ...(await send<object>(new ListJobsCommand(input))),
    }),
    updateJob: (input) => send(new UpdateJobCommand(input as any)),
    deleteJob: (input) => send(new DeleteJobCommand(input)),
    startJobRun: (input) => send(new StartJobRunCommand(input as any)),
    getJobRun: (input) => send(new GetJobRunCommand(input)),
    getJobRuns: async (input) => ({
      JobRuns: [],
      ...(await send<object>(new GetJobRunsCommand(input))),
    }),
    batchStopJobRun: async (input) => ({
      SuccessfulSubmissions: [],
      Errors: [],
      ...(await send<object>(new BatchStopJobRunCommand(input))),
    }),
    async waitForJobRun(jobName, runId, opts = {}) {
      for (;;) {
        const { JobRun: run } = await service.getJobRun({ JobName: jobName, RunId: runId });
        if (FINISHED_RUN_STATES.has(run.JobRunState)) return run;
        await clock.sleep(pollMs, opts.signal);
      }
    },
  };
  return service;
}
