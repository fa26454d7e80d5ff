import { StatesError } from '../../asl/index.js';
import type { Clock, IdGenerator } from '../../core/index.js';
import { errorMessage, isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskContext, TaskInvocation } from '../../engine/index.js';
import { awaitSyncJob, exceptionName, taskApiError, withHttpMetadata } from '../common/index.js';
import type { HttpResponseOptions, TaskErrorNaming } from '../common/index.js';
import type { SageMakerService } from './types.js';

/**
 * The Step Functions integrations of SageMaker:
 * - the optimised `arn:aws:states:::sagemaker:<action>`: createTrainingJob,
 *   createProcessingJob, createHyperParameterTuningJob and createTransformJob
 *   (request-response and `.sync`: the output is the Describe response, dates
 *   in epoch milliseconds; a job that ends Failed or Stopped fails the state
 *   with `States.TaskFailed` and that description as the cause; `.sync`
 *   re-attaches after a restart and stops its job when the execution stops),
 *   createModel, createEndpointConfig, createEndpoint and updateEndpoint.
 *   API errors are named as Step Functions names them for this integration:
 *   `SageMaker.ResourceInUseException`, `SageMaker.ResourceLimitExceededException`,
 *   `SageMaker.ResourceNotFoundException`, `SageMaker.ConflictException`, and
 *   `SageMaker.AmazonSageMakerException` for everything else (a
 *   ValidationException such as UpdateEndpoint's "Could not find endpoint").
 * - `arn:aws:states:::aws-sdk:sagemaker:<action>` for the describe, list,
 *   stop and registry calls (and `aws-sdk:sagemakerruntime:invokeEndpoint`),
 *   PascalCase in and out, dates as ISO-8601, errors `SageMaker.<Code>Exception`.
 */

/** Options of the integrations. */
export interface SageMakerIntegrationOptions {
  /** Request ids in outputs and error causes. Default: random. */
  ids?: IdGenerator;
}

const TIME_FIELDS = new Set([
  'CreationTime',
  'LastModifiedTime',
  'TrainingStartTime',
  'TrainingEndTime',
  'StartTime',
  'EndTime',
  'Timestamp',
  'ProcessingStartTime',
  'ProcessingEndTime',
  'HyperParameterTuningEndTime',
  'TransformStartTime',
  'TransformEndTime',
  'ResolutionTime',
]);

/** Port values with their epoch-second dates as `.sync` outputs (epoch ms) or SDK outputs (ISO-8601). */
export function withDates(value: unknown, style: 'millis' | 'iso', key = ''): unknown {
  if (TIME_FIELDS.has(key) && typeof value === 'number') {
    const ms = Math.round(value * 1000);
    return style === 'millis' ? ms : new Date(ms).toISOString();
  }
  if (Array.isArray(value)) return value.map((v) => withDates(v, style));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v, style, k)]));
}

const MODELED = new Set([
  'ResourceInUse',
  'ResourceLimitExceeded',
  'ResourceNotFound',
  'ConflictException',
]);

const SAGEMAKER_ERRORS: TaskErrorNaming = {
  prefix: 'SageMaker',
  service: 'AmazonSageMaker',
  wording: 'optimised',
};

/** An API failure of an optimised integration, as Step Functions names it. */
export function optimizedError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', errorMessage(err));
  return taskApiError(err, requestId, {
    ...SAGEMAKER_ERRORS,
    name: (code) => (MODELED.has(code) ? exceptionName(code) : 'AmazonSageMakerException'),
  });
}

/** An API failure of an `aws-sdk:sagemaker` integration: `SageMaker.<Code>Exception`. */
export function sdkError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', errorMessage(err));
  return taskApiError(err, requestId, SAGEMAKER_ERRORS);
}

/** The response metadata of a SageMaker API answer. */
function httpResponse(requestId: string, clock: Clock): HttpResponseOptions {
  return { requestId, clock, contentType: 'application/x-amz-json-1.1' };
}

/** How each `.sync` job is named, waited for, stopped and judged. */
interface JobKind {
  nameField: string;
  statusField: string;
  wait: (s: SageMakerService, name: string, signal: AbortSignal) => Promise<object>;
  stop: (s: SageMakerService, name: string) => Promise<unknown>;
}

const JOBS: Record<string, JobKind> = {
  createTrainingJob: {
    nameField: 'TrainingJobName',
    statusField: 'TrainingJobStatus',
    wait: (s, n, signal) => s.waitForTrainingJob(n, { signal }),
    stop: (s, n) => s.stopTrainingJob({ TrainingJobName: n }),
  },
  createProcessingJob: {
    nameField: 'ProcessingJobName',
    statusField: 'ProcessingJobStatus',
    wait: (s, n, signal) => s.waitForProcessingJob(n, { signal }),
    stop: (s, n) => s.stopProcessingJob({ ProcessingJobName: n }),
  },
  createHyperParameterTuningJob: {
    nameField: 'HyperParameterTuningJobName',
    statusField: 'HyperParameterTuningJobStatus',
    wait: (s, n, signal) => s.waitForHyperParameterTuningJob(n, { signal }),
    stop: (s, n) => s.stopHyperParameterTuningJob({ HyperParameterTuningJobName: n }),
  },
  createTransformJob: {
    nameField: 'TransformJobName',
    statusField: 'TransformJobStatus',
    wait: (s, n, signal) => s.waitForTransformJob(n, { signal }),
    stop: (s, n) => s.stopTransformJob({ TransformJobName: n }),
  },
};

/** The optimised actions that only call the API. */
const REQUEST_ONLY = [
  'createModel',
  'createEndpointConfig',
  'createEndpoint',
  'updateEndpoint',
] as const;

/** The actions served under `aws-sdk:sagemaker:`. */
export const SAGEMAKER_SDK_ACTIONS = [
  ...Object.keys(JOBS),
  ...REQUEST_ONLY,
  'describeTrainingJob',
  'listTrainingJobs',
  'stopTrainingJob',
  'describeProcessingJob',
  'listProcessingJobs',
  'stopProcessingJob',
  'describeHyperParameterTuningJob',
  'listHyperParameterTuningJobs',
  'listTrainingJobsForHyperParameterTuningJob',
  'stopHyperParameterTuningJob',
  'describeTransformJob',
  'listTransformJobs',
  'stopTransformJob',
  'describeModel',
  'listModels',
  'deleteModel',
  'describeEndpointConfig',
  'listEndpointConfigs',
  'deleteEndpointConfig',
  'describeEndpoint',
  'listEndpoints',
  'deleteEndpoint',
  'createModelPackageGroup',
  'describeModelPackageGroup',
  'listModelPackageGroups',
  'deleteModelPackageGroup',
  'createModelPackage',
  'describeModelPackage',
  'listModelPackages',
  'updateModelPackage',
  'deleteModelPackage',
] as const;

function attach(
  service: SageMakerService,
  kind: JobKind,
  name: string,
  context: TaskContext,
): Promise<unknown> {
  return awaitSyncJob(
    {
      wait: (signal) => kind.wait(service, name, signal),
      stop: () => kind.stop(service, name),
      output: (described) => withDates(described, 'millis'),
      failed: (described) =>
        (described as Record<string, unknown>)[kind.statusField] !== 'Completed',
    },
    context,
  );
}

function call(service: SageMakerService, action: string, input: unknown): Promise<unknown> {
  const method = (service as unknown as Record<string, (input: unknown) => Promise<unknown>>)[
    action
  ];
  if (typeof method !== 'function')
    throw new StatesError('States.Runtime', `SageMaker has no action ${action}`);
  return method.call(service, isPlainObject(input) ? input : {});
}

/** Registers the optimised `sagemaker:*` integrations and the `aws-sdk:sagemaker:*` actions. */
export function registerSageMakerIntegrations(
  registry: IntegrationRegistry,
  service: SageMakerService,
  options: SageMakerIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  for (const [action, kind] of Object.entries(JOBS)) {
    registry.register(
      `sagemaker:${action}`,
      async ({ parameters, resource, context }: TaskInvocation) => {
        const sync = resource.pattern === 'sync';
        const resumed = isPlainObject(context.resumed)
          ? context.resumed[kind.nameField]
          : undefined;
        if (sync && typeof resumed === 'string') return attach(service, kind, resumed, context);
        const requestId = ids.uuid();
        let answer: unknown;
        try {
          answer = await call(service, action, parameters);
        } catch (err) {
          throw optimizedError(err, requestId);
        }
        if (!sync)
          return withHttpMetadata(answer as object, httpResponse(requestId, context.clock));
        const name = String((parameters as Record<string, unknown>)[kind.nameField]);
        await context.submitted({ ...(answer as object), [kind.nameField]: name });
        return attach(service, kind, name, context);
      },
      ['request-response', 'sync'],
    );
  }
  for (const action of REQUEST_ONLY) {
    registry.register(`sagemaker:${action}`, async ({ parameters, context }) => {
      const requestId = ids.uuid();
      try {
        return withHttpMetadata(
          (await call(service, action, parameters)) as object,
          httpResponse(requestId, context.clock),
        );
      } catch (err) {
        throw optimizedError(err, requestId);
      }
    });
  }
  for (const action of SAGEMAKER_SDK_ACTIONS) {
    registry.register(`aws-sdk:sagemaker:${action}`, async ({ parameters }) => {
      try {
        return withDates(await call(service, action, parameters), 'iso');
      } catch (err) {
        throw sdkError(err, ids.uuid());
      }
    });
  }
  registry.register('aws-sdk:sagemakerruntime:invokeEndpoint', async ({ parameters }) => {
    try {
      const out = await service.invokeEndpoint(
        parameters as Parameters<SageMakerService['invokeEndpoint']>[0],
      );
      return { ...out, Body: Buffer.from(out.Body).toString('utf8') };
    } catch (err) {
      const e = sdkError(err, ids.uuid());
      throw new StatesError(e.error.replace(/^SageMaker\./, 'SageMakerRuntime.'), e.causeText);
    }
  });
}
