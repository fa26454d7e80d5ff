import type { ApiModule, ApiRequest, JsonHandler, RawResponse } from '../../server/index.js';
import { body } from '../../server/index.js';
import type { SageMakerService } from './types.js';

/**
 * SageMaker's wire protocols: the `SageMaker.<Operation>` JSON 1.1 protocol
 * for the control plane (timestamps in epoch seconds), and SageMaker
 * Runtime's REST route `POST /endpoints/{name}/invocations` (ContentType,
 * Accept and the target variant in headers; the body in and out as is; the
 * variant that answered in `x-Amzn-Invoked-Production-Variant`).
 */

/** The operations of the JSON protocol, each the port method of the same name. */
export const SAGEMAKER_OPERATIONS = [
  'CreateTrainingJob',
  'DescribeTrainingJob',
  'ListTrainingJobs',
  'StopTrainingJob',
  'CreateProcessingJob',
  'DescribeProcessingJob',
  'ListProcessingJobs',
  'StopProcessingJob',
  'CreateHyperParameterTuningJob',
  'DescribeHyperParameterTuningJob',
  'ListHyperParameterTuningJobs',
  'ListTrainingJobsForHyperParameterTuningJob',
  'StopHyperParameterTuningJob',
  'CreateTransformJob',
  'DescribeTransformJob',
  'ListTransformJobs',
  'StopTransformJob',
  'CreateModel',
  'DescribeModel',
  'ListModels',
  'DeleteModel',
  'CreateEndpointConfig',
  'DescribeEndpointConfig',
  'ListEndpointConfigs',
  'DeleteEndpointConfig',
  'CreateEndpoint',
  'UpdateEndpoint',
  'DescribeEndpoint',
  'ListEndpoints',
  'DeleteEndpoint',
  'CreateModelPackageGroup',
  'DescribeModelPackageGroup',
  'ListModelPackageGroups',
  'DeleteModelPackageGroup',
  'CreateModelPackage',
  'DescribeModelPackage',
  'ListModelPackages',
  'UpdateModelPackage',
  'DeleteModelPackage',
] as const;

function methodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

async function invoke(service: SageMakerService, request: ApiRequest): Promise<RawResponse> {
  const header = (name: string): string | undefined => request.headers[name];
  const variant = header('x-amzn-sagemaker-target-variant');
  const out = await service.invokeEndpoint({
    EndpointName: request.params.name ?? '',
    Body: request.body,
    ...(header('content-type') ? { ContentType: header('content-type') as string } : {}),
    ...(header('accept') ? { Accept: header('accept') as string } : {}),
    ...(variant ? { TargetVariant: variant } : {}),
  });
  return {
    raw: true,
    status: 200,
    headers: {
      'content-type': out.ContentType,
      'x-amzn-invoked-production-variant': out.InvokedProductionVariant,
    },
    body: Buffer.from(out.Body),
  };
}

/** The `SageMaker` JSON operations and the SageMaker Runtime route, as one ApiModule. */
export function sageMakerApi(service: SageMakerService): ApiModule {
  const operations: Record<string, JsonHandler> = {};
  for (const operation of SAGEMAKER_OPERATIONS) {
    const method = methodName(operation);
    operations[operation] = (input: unknown) =>
      (service as unknown as Record<string, (request: unknown) => Promise<unknown>>)[method]!.call(
        service,
        body(input),
      );
  }
  return {
    signingName: 'sagemaker',
    json: { targetPrefix: 'SageMaker', operations },
    rest: [
      {
        method: 'POST',
        path: '/endpoints/{name}/invocations',
        handler: (_input: unknown, request: ApiRequest) => invoke(service, request),
      },
    ],
  };
}
