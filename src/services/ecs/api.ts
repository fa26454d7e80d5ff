import type { ApiModule, JsonHandler } from '../../server/index.js';
import { body } from '../../server/index.js';
import type { EcsService } from './types.js';

/**
 * ECS's wire protocol (JSON 1.1, `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Operation>`) over the port: the AWS SDK
 * and `aws ecs ... --endpoint-url` speak it.
 */

const OPERATIONS: Record<string, keyof EcsService> = {
  CreateCluster: 'createCluster',
  DescribeClusters: 'describeClusters',
  ListClusters: 'listClusters',
  DeleteCluster: 'deleteCluster',
  RegisterTaskDefinition: 'registerTaskDefinition',
  DeregisterTaskDefinition: 'deregisterTaskDefinition',
  DescribeTaskDefinition: 'describeTaskDefinition',
  ListTaskDefinitions: 'listTaskDefinitions',
  RunTask: 'runTask',
  DescribeTasks: 'describeTasks',
  StopTask: 'stopTask',
  ListTasks: 'listTasks',
};

/** The ApiModule of ECS for the HTTP server. */
export function ecsApi(service: EcsService): ApiModule {
  const operations: Record<string, JsonHandler> = {};
  for (const [operation, method] of Object.entries(OPERATIONS)) {
    operations[operation] = (input: unknown) =>
      (service[method] as (request: unknown) => Promise<unknown>).call(service, body(input));
  }
  return {
    signingName: 'ecs',
    json: { targetPrefix: 'AmazonEC2ContainerServiceV20141113', operations },
  };
}
