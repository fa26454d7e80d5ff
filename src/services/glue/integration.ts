import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskContext, TaskInvocation } from '../../engine/index.js';
import { awaitSyncJob, taskApiError, withHttpMetadata } from '../common/index.js';
import type { GlueJobsService, JobRun, StartJobRunInput } from './types.js';

/**
 * The Step Functions integrations of Glue jobs:
 * - `arn:aws:states:::glue:startJobRun` — request-response answers
 *   `{JobName, JobRunId}` (Step Functions adds the JobName); `.sync` waits for
 *   the run and answers its JobRun (timestamps in epoch milliseconds); a run
 *   that ends FAILED, TIMEOUT, STOPPED or ERROR fails the state with
 *   `States.TaskFailed` and the JobRun as the cause. `.sync` re-attaches to its
 *   run after a restart and stops the run when the execution stops.
 * - `arn:aws:states:::aws-sdk:glue:<action>` for the job actions, PascalCase
 *   in and out (dates as ISO-8601), errors `Glue.<Name>Exception`.
 */

/** Options of the integrations. */
export interface GlueIntegrationOptions {
  /** Request ids in outputs and error causes. Default: random. */
  ids?: IdGenerator;
}

/** The SDK actions served under `aws-sdk:glue:` (the Data Catalog ones are services/athena's). */
export const GLUE_JOB_SDK_ACTIONS = [
  'createJob',
  'getJob',
  'getJobs',
  'listJobs',
  'updateJob',
  'deleteJob',
  'startJobRun',
  'getJobRun',
  'getJobRuns',
  'batchStopJobRun',
] as const;

const TIME_FIELDS = new Set(['StartedOn', 'LastModifiedOn', 'CompletedOn', 'CreatedOn']);

/** A JobRun as the optimised integration returns it: timestamps in epoch milliseconds. */
export function jobRunOutput(run: JobRun): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(run)) {
    out[key] = TIME_FIELDS.has(key) && typeof value === 'number' ? Math.round(value * 1000) : value;
  }
  return out;
}

/** Port values as the SDK integration returns them: epoch-second dates become ISO-8601. */
export function sdkOutput(value: unknown, key = ''): unknown {
  if (TIME_FIELDS.has(key) && typeof value === 'number') {
    return new Date(Math.round(value * 1000)).toISOString().replace('.000Z', 'Z');
  }
  if (Array.isArray(value)) return value.map((v) => sdkOutput(v));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sdkOutput(v, k)]));
}

/** A Glue API failure as Step Functions names it: `Glue.<Code>` (always with the Exception suffix). */
export function glueError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) {
    return new StatesError('States.TaskFailed', err instanceof Error ? err.message : String(err));
  }
  return taskApiError(err, requestId, { prefix: 'Glue', service: 'AWSGlue', wording: 'optimised' });
}

function attach(
  service: GlueJobsService,
  jobName: string,
  runId: string,
  context: TaskContext,
): Promise<unknown> {
  return awaitSyncJob(
    {
      wait: (signal) => service.waitForJobRun(jobName, runId, { signal }),
      stop: () => service.batchStopJobRun({ JobName: jobName, JobRunIds: [runId] }),
      output: jobRunOutput,
      failed: (run) => run.JobRunState !== 'SUCCEEDED',
    },
    context,
  );
}

function resumedRun(resumed: unknown): { JobName: string; JobRunId: string } | undefined {
  if (!isPlainObject(resumed)) return undefined;
  const { JobName, JobRunId } = resumed;
  return typeof JobName === 'string' && typeof JobRunId === 'string'
    ? { JobName, JobRunId }
    : undefined;
}

/** Registers `glue:startJobRun` (request-response and `.sync`) and the `aws-sdk:glue` job actions. */
export function registerGlueIntegrations(
  registry: IntegrationRegistry,
  service: GlueJobsService,
  options: GlueIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const startJobRun = async ({ parameters, resource, context }: TaskInvocation) => {
    const sync = resource.pattern === 'sync';
    const resumed = resumedRun(context.resumed);
    if (sync && resumed) return attach(service, resumed.JobName, resumed.JobRunId, context);
    const request = (isPlainObject(parameters) ? parameters : {}) as unknown as StartJobRunInput;
    const requestId = ids.uuid();
    let started;
    try {
      started = await service.startJobRun(request);
    } catch (err) {
      throw glueError(err, requestId);
    }
    const answer = { JobName: request.JobName, JobRunId: started.JobRunId };
    if (!sync) {
      return withHttpMetadata(answer, {
        requestId,
        clock: context.clock,
        contentType: 'application/x-amz-json-1.1',
        keepAlive: true,
      });
    }
    await context.submitted(answer);
    return attach(service, request.JobName, started.JobRunId, context);
  };
  registry.register('glue:startJobRun', startJobRun, ['request-response', 'sync']);

  for (const action of GLUE_JOB_SDK_ACTIONS) {
    registry.register(`aws-sdk:glue:${action}`, async ({ parameters }) => {
      const input = isPlainObject(parameters) ? parameters : {};
      try {
        return sdkOutput(await (service as any)[action](input));
      } catch (err) {
        throw glueError(err, ids.uuid());
      }
    });
  }
}
