import { SageMaker } from '@aws-sdk/client-sagemaker';
import type { SageMakerClientConfig } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntime } from '@aws-sdk/client-sagemaker-runtime';
import type { SageMakerRuntimeClientConfig } from '@aws-sdk/client-sagemaker-runtime';
import type { Clock } from '../../core/index.js';
import { isPlainObject, systemClock } from '../../core/index.js';
import { callSdk, fromSdkError } from '../common/index.js';
import { SAGEMAKER_OPERATIONS } from './api.js';
import type { SageMakerService } from './types.js';

/**
 * The SageMaker port over the AWS SDK v3 (`@aws-sdk/client-sagemaker` and
 * `-runtime`), for real SageMaker or any endpoint that speaks it. Dates become
 * epoch seconds as on the wire (and epoch-second filters become Dates on the
 * way in); SDK errors become the ModelmillErrors the embedded SageMaker
 * throws; the waits poll the Describe operations.
 */

/** Clients to use, or the settings to build them from. */
export interface AwsSageMakerOptions {
  client?: SageMaker;
  runtime?: SageMakerRuntime;
  /** Settings of both clients (endpoint, region, credentials). */
  config?: SageMakerClientConfig & SageMakerRuntimeClientConfig;
  /** Time between Describe polls while waiting (ms). Default: 5000. */
  pollMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
}

const TIME_INPUTS = new Set([
  'CreationTimeAfter',
  'CreationTimeBefore',
  'LastModifiedTimeAfter',
  'LastModifiedTimeBefore',
]);

function toSdk(input: unknown): Record<string, unknown> {
  if (!isPlainObject(input)) return {};
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) => [
      k,
      TIME_INPUTS.has(k) && typeof v === 'number' ? new Date(v * 1000) : v,
    ]),
  );
}

const FINISHED = new Set(['Completed', 'Failed', 'Stopped']);

/** The port over the AWS SDK. */
export function createAwsSageMaker(options: AwsSageMakerOptions = {}): SageMakerService {
  const client = options.client ?? new SageMaker(options.config ?? {});
  const runtime = options.runtime ?? new SageMakerRuntime(options.config ?? {});
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 5000;
  const sdk = client as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const send = (method: string, input: unknown): Promise<any> =>
    callSdk(() => sdk[method]!.call(client, toSdk(input)));
  const service: Record<string, unknown> = {};
  for (const operation of SAGEMAKER_OPERATIONS) {
    const method = operation.charAt(0).toLowerCase() + operation.slice(1);
    service[method] = (input: unknown) => send(method, input);
  }
  const poll = async <T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    signal?: AbortSignal,
  ): Promise<T> => {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await clock.sleep(pollMs, signal);
    }
  };
  const typed = service as unknown as SageMakerService;
  const waits: Partial<SageMakerService> = {
    waitForTrainingJob: (name, o = {}) =>
      poll(
        () => typed.describeTrainingJob({ TrainingJobName: name }),
        (d) => FINISHED.has(d.TrainingJobStatus),
        o.signal,
      ),
    waitForProcessingJob: (name, o = {}) =>
      poll(
        () => typed.describeProcessingJob({ ProcessingJobName: name }),
        (d) => FINISHED.has(d.ProcessingJobStatus),
        o.signal,
      ),
    waitForHyperParameterTuningJob: (name, o = {}) =>
      poll(
        () => typed.describeHyperParameterTuningJob({ HyperParameterTuningJobName: name }),
        (d) => FINISHED.has(d.HyperParameterTuningJobStatus),
        o.signal,
      ),
    waitForTransformJob: (name, o = {}) =>
      poll(
        () => typed.describeTransformJob({ TransformJobName: name }),
        (d) => FINISHED.has(d.TransformJobStatus),
        o.signal,
      ),
    waitForEndpoint: (name, o = {}) =>
      poll(
        () => typed.describeEndpoint({ EndpointName: name }),
        (d) =>
          !['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting'].includes(
            d.EndpointStatus,
          ),
        o.signal,
      ),
    async invokeEndpoint(input) {
      try {
        const out = await runtime.invokeEndpoint({
          EndpointName: input.EndpointName,
          Body: typeof input.Body === 'string' ? Buffer.from(input.Body) : input.Body,
          ...(input.ContentType ? { ContentType: input.ContentType } : {}),
          ...(input.Accept ? { Accept: input.Accept } : {}),
          ...(input.TargetVariant ? { TargetVariant: input.TargetVariant } : {}),
        });
        return {
          Body: out.Body ?? new Uint8Array(),
          ContentType: out.ContentType ?? 'application/octet-stream',
          InvokedProductionVariant: out.InvokedProductionVariant ?? '',
        };
      } catch (err) {
        throw fromSdkError(err);
      }
    },
  };
  return { ...typed, ...waits };
}
