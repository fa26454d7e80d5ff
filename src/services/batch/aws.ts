import {
  BatchClient,
  CancelJobCommand,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  DeleteComputeEnvironmentCommand,
  DeleteJobQueueCommand,
  DeregisterJobDefinitionCommand,
  DescribeComputeEnvironmentsCommand,
  DescribeJobDefinitionsCommand,
  DescribeJobQueuesCommand,
  DescribeJobsCommand,
  ListJobsCommand,
  RegisterJobDefinitionCommand,
  SubmitJobCommand,
  TerminateJobCommand,
  UpdateComputeEnvironmentCommand,
  UpdateJobQueueCommand,
} from '@aws-sdk/client-batch';
import type { BatchClientConfig } from '@aws-sdk/client-batch';
import type { Clock } from '../../core/index.js';
import { ModelmillError, systemClock } from '../../core/index.js';
import { createSdkSender } from '../common/index.js';
import type { BatchService, JobDetail } from './types.js';

/**
 * The Batch port over the AWS SDK v3, for real AWS Batch (or any Batch
 * endpoint). SDK errors become the ModelmillErrors the embedded Batch throws;
 * `waitForJob` polls DescribeJobs (AWS has no push for job states).
 */

/** A client to use, or the settings to build one from; how often waitForJob polls. */
export interface AwsBatchOptions {
  client?: BatchClient;
  config?: BatchClientConfig;
  /** Poll interval of waitForJob (ms). Default: 5000. */
  pollMs?: number;
  clock?: Clock;
}

/** The port over `@aws-sdk/client-batch`. */
export function createAwsBatch(options: AwsBatchOptions = {}): BatchService {
  const client = options.client ?? new BatchClient(options.config ?? {});
  const clock = options.clock ?? systemClock;
  const send = createSdkSender(client);
  const service: BatchService = {
    createComputeEnvironment: (input) => send(new CreateComputeEnvironmentCommand(input as any)),
    describeComputeEnvironments: async (input = {}) => ({
      computeEnvironments: [],
      ...(await send<object>(new DescribeComputeEnvironmentsCommand(input))),
    }),
    updateComputeEnvironment: (input) => send(new UpdateComputeEnvironmentCommand(input as any)),
    deleteComputeEnvironment: (input) => send(new DeleteComputeEnvironmentCommand(input)),
    createJobQueue: (input) => send(new CreateJobQueueCommand(input)),
    describeJobQueues: async (input = {}) => ({
      jobQueues: [],
      ...(await send<object>(new DescribeJobQueuesCommand(input))),
    }),
    updateJobQueue: (input) => send(new UpdateJobQueueCommand(input)),
    deleteJobQueue: (input) => send(new DeleteJobQueueCommand(input)),
    registerJobDefinition: (input) => send(new RegisterJobDefinitionCommand(input as any)),
    describeJobDefinitions: async (input = {}) => ({
      jobDefinitions: [],
      ...(await send<object>(new DescribeJobDefinitionsCommand(input))),
    }),
    deregisterJobDefinition: (input) => send(new DeregisterJobDefinitionCommand(input)),
    submitJob: (input) => send(new SubmitJobCommand(input as any)),
    describeJobs: async (input) => ({
      jobs: [],
      ...(await send<object>(new DescribeJobsCommand(input))),
    }),
    listJobs: async (input) => ({
      jobSummaryList: [],
      ...(await send<object>(new ListJobsCommand(input))),
    }),
    terminateJob: (input) => send(new TerminateJobCommand(input)),
    cancelJob: (input) => send(new CancelJobCommand(input)),
    async waitForJob(jobId, opts = {}) {
      for (;;) {
        const { jobs } = await service.describeJobs({ jobs: [jobId] });
        const job: JobDetail | undefined = jobs[0];
        if (!job) throw new ModelmillError('ClientException', `Job ${jobId} not found`);
        if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
        await clock.sleep(options.pollMs ?? 5000, opts.signal);
      }
    },
  };
  return service;
}
