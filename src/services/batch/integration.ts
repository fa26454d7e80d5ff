import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskContext, TaskInvocation } from '../../engine/index.js';
import { awaitSyncJob, taskApiError, withHttpMetadata } from '../common/index.js';
import { toCamel, toPascal } from './pascal.js';
import type { BatchService, SubmitJobInput } from './types.js';

/**
 * The Step Functions integration `arn:aws:states:::batch:submitJob` —
 * request-response (the SubmitJob answer) and `.sync` (waits for the job;
 * its output is the DescribeJobs job in PascalCase; a FAILED job fails the
 * state with `States.TaskFailed` and that description as the cause, so the
 * Retry and Catch of real definitions work unchanged). `.sync` re-attaches to
 * its job after a restart and terminates the job when the execution stops.
 */

/** Options of the integration. */
export interface BatchIntegrationOptions {
  /** Request ids in outputs and error causes. Default: random. */
  ids?: IdGenerator;
}

/** The variable Step Functions adds to every job it submits. */
export const MANAGED_BY_AWS = { name: 'MANAGED_BY_AWS', value: 'STARTED_BY_STEP_FUNCTIONS' };

/** The TerminateJob reason used when an execution stops or a state times out. */
export const STOPPED_BY_STEP_FUNCTIONS =
  'Terminated by AWS Step Functions: the execution stopped or the state timed out';

const MODELED = new Set(['ClientException', 'ServerException']);

/** A SubmitJob failure as Step Functions names and words it. */
export function submitError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err))
    return new StatesError('States.TaskFailed', err instanceof Error ? err.message : String(err));
  return taskApiError(err, requestId, {
    prefix: 'Batch',
    service: 'AWSBatch',
    wording: 'optimised',
    name: (code) => (MODELED.has(code) ? code : 'AWSBatchException'),
  });
}

/** The SubmitJob request of the state's parameters, with Step Functions' marker variable. */
export function submitRequest(parameters: unknown): SubmitJobInput {
  const request = toCamel(isPlainObject(parameters) ? parameters : {}) as SubmitJobInput;
  const overrides = request.containerOverrides ?? {};
  const environment = (overrides.environment ?? []).filter((e) => e.name !== MANAGED_BY_AWS.name);
  return {
    ...request,
    containerOverrides: { ...overrides, environment: [...environment, MANAGED_BY_AWS] },
  };
}

function attach(service: BatchService, jobId: string, context: TaskContext): Promise<unknown> {
  return awaitSyncJob(
    {
      wait: (signal) => service.waitForJob(jobId, { signal }),
      stop: () => service.terminateJob({ jobId, reason: STOPPED_BY_STEP_FUNCTIONS }),
      output: (job) => toPascal(job),
      failed: (job) => job.status === 'FAILED',
    },
    context,
  );
}

function resumedJobId(resumed: unknown): string | undefined {
  const id = isPlainObject(resumed) ? resumed.JobId : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Registers `batch:submitJob` (request-response and `.sync`) on `registry`. */
export function registerBatchIntegrations(
  registry: IntegrationRegistry,
  service: BatchService,
  options: BatchIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const handler = async ({ parameters, resource, context }: TaskInvocation): Promise<unknown> => {
    const sync = resource.pattern === 'sync' || resource.pattern === 'sync:2';
    const resumed = resumedJobId(context.resumed);
    if (sync && resumed) return attach(service, resumed, context);
    const requestId = ids.uuid();
    let out;
    try {
      out = await service.submitJob(submitRequest(parameters));
    } catch (err) {
      throw submitError(err, requestId);
    }
    const answer = { JobArn: out.jobArn, JobId: out.jobId, JobName: out.jobName };
    if (!sync) {
      return withHttpMetadata(answer, {
        requestId,
        clock: context.clock,
        contentType: 'application/json',
        keepAlive: true,
      });
    }
    await context.submitted(answer);
    return attach(service, out.jobId, context);
  };
  registry.register('batch:submitJob', handler, ['request-response', 'sync']);
}
