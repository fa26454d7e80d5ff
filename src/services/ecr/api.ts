import type { ApiModule, JsonHandler } from '../../server/index.js';
import type { EcrService } from './types.js';

/**
 * ECR's wire protocol (JSON 1.1, `X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.<Operation>`) over the port: the AWS
 * SDK and `aws ecr ... --endpoint-url` speak it.
 */

const OPERATIONS: Record<string, keyof EcrService> = {
  CreateRepository: 'createRepository',
  DescribeRepositories: 'describeRepositories',
  DescribeImages: 'describeImages',
  ListImages: 'listImages',
  DeleteRepository: 'deleteRepository',
};

/** The ApiModule of ECR for the HTTP server. */
export function ecrApi(service: EcrService): ApiModule {
  const operations: Record<string, JsonHandler> = {};
  for (const [operation, method] of Object.entries(OPERATIONS)) {
    operations[operation] = (input: unknown) =>
      (service[method] as (request: unknown) => Promise<unknown>)(input ?? {});
  }
  return {
    signingName: 'ecr',
    json: { targetPrefix: 'AmazonEC2ContainerRegistry_V20150921', operations },
  };
}
